// The metric and dimension names the simulator generates, in one place so a wrong name is one edit.
//
// AWS/ECS (CPUUtilization, MemoryUtilization by {ClusterName} and {ClusterName, ServiceName}):
// verified against "Amazon ECS CloudWatch metrics"
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html).
//
// ECS/ContainerInsights by {ClusterName} and {ClusterName, ServiceName} (CpuUtilized, CpuReserved,
// MemoryUtilized, MemoryReserved, RunningTaskCount): names from CloudWatch's Container Insights
// metric list (https://docs.amazonaws.cn/en_us/AmazonCloudWatch/latest/monitoring/appinsights-metrics-ecs.html)
// and the performance log events' fields (Container-Insights-reference-performance-logs-ECS).
//
// Task level (enhanced observability): {ClusterName, TaskDefinitionFamily, TaskId} NOT verified
// against AWS's table (Container-Insights-enhanced-observability-metrics-ECS was not readable
// here). The set is the one public CloudWatch dashboards and alarms query, e.g.
// `SELECT MAX(MemoryUtilized) FROM SCHEMA("ECS/ContainerInsights", ClusterName, TaskDefinitionFamily, TaskId)`
// and `... MAX(TaskCpuUtilization) ...` with the same schema; correct TASK_DIMENSIONS here if AWS's
// table says otherwise.

export const ECS_NAMESPACE = 'AWS/ECS';
export const INSIGHTS_NAMESPACE = 'ECS/ContainerInsights';

export const CLUSTER = 'ClusterName';
export const SERVICE = 'ServiceName';
export const FAMILY = 'TaskDefinitionFamily';
export const TASK = 'TaskId';

/** Dimension sets, names sorted (how the simulator compares them). */
export const CLUSTER_DIMENSIONS = [CLUSTER];
export const SERVICE_DIMENSIONS = [CLUSTER, SERVICE];
export const TASK_DIMENSIONS = [CLUSTER, FAMILY, TASK].sort();

/** AWS/ECS utilization metrics: percent of the reservation (service) or of the registered capacity (cluster). */
export const ecsMetrics = {CPUUtilization: 'cpu', MemoryUtilization: 'memory'} as const;

/** Container Insights sums for a cluster or a service (and, with enhanced observability, a task). */
export const insightsMetrics = {
	CpuUtilized: {unit: 'None'},
	CpuReserved: {unit: 'None'},
	MemoryUtilized: {unit: 'Megabytes'},
	MemoryReserved: {unit: 'Megabytes'},
	RunningTaskCount: {unit: 'Count'},
} as const;

/** Enhanced observability's task-level percentages (as the public dashboards chart them). */
export const taskPercentMetrics = {TaskCpuUtilization: 'cpu', TaskMemoryUtilization: 'memory'} as const;

export type InsightsMetric = keyof typeof insightsMetrics;
