// GetMetricData's queries for utilization and what their answers become, pure: which metric and
// dimensions each target reads, query ids m0, m1, … (CloudWatch's ^[a-z][a-zA-Z0-9_]*$), chunks of
// 500 (the API's limit per call), answers merged by id across NextToken pages, percents per minute.
import type {UtilizationPoint} from '../domain.js';
import {type MetricsMessage, type MetricsTarget, targetKey} from './metrics-api.js';

/** The most MetricDataQueries one GetMetricData takes. */
export const metricsQueryLimit = 500;

/** Clusters and services: AWS/ECS, free, a percent already (`CPUUtilization`, `MemoryUtilization`, stat Average). */
export const ecsMetrics = {
	namespace: 'AWS/ECS',
	cpu: 'CPUUtilization',
	memory: 'MemoryUtilization',
} as const;

/**
 * Tasks: Container Insights (with enhanced observability) publishes per-task metrics under
 * ECS/ContainerInsights with the dimensions ClusterName, TaskDefinitionFamily, TaskId. CPU is CPU
 * units used and reserved, memory MiB used and reserved; ecs-top's percent is utilized / reserved.
 *
 * NOT verified against AWS's metric table
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-enhanced-observability-metrics-ECS.html:
 * no copy of it was found). What was seen: AWS's performance-log reference
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-reference-performance-logs-ECS.html)
 * shows "Type": "Task" events carrying CpuUtilized, CpuReserved, MemoryUtilized, MemoryReserved with
 * TaskId, TaskDefinitionFamily and ClusterName, and public dashboards and alarms query
 * SCHEMA("ECS/ContainerInsights", ClusterName, TaskDefinitionFamily, TaskId) for MemoryUtilized.
 * GetMetricData matches a dimension set exactly, so a wrong set reads as "no data" (null), never
 * as a wrong number. Plain Container Insights (not enhanced) has no task-level metrics.
 */
export const containerInsightsTask = {
	namespace: 'ECS/ContainerInsights',
	cpuUtilized: 'CpuUtilized',
	cpuReserved: 'CpuReserved',
	memoryUtilized: 'MemoryUtilized',
	memoryReserved: 'MemoryReserved',
	dimensions: ['ClusterName', 'TaskDefinitionFamily', 'TaskId'],
	verified: false,
} as const;

/** One MetricDataQuery as the SDK takes it (a MetricStat; no math expressions). */
export interface MetricQuery {
	Id: string;
	MetricStat: {
		Metric: {Namespace: string; MetricName: string; Dimensions: Array<{Name: string; Value: string}>};
		Period: number;
		Stat: 'Average';
	};
	ReturnData?: boolean;
}

/** Which query ids feed a target's two percents: one id each (AWS/ECS) or used/reserved pairs (Container Insights). */
export interface QueryPlan {
	key: string;
	cpu: {value: string} | {used: string; reserved: string};
	memory: {value: string} | {used: string; reserved: string};
}

export interface BuiltQueries {
	queries: MetricQuery[];
	plans: QueryPlan[];
	/** Targets nothing was asked for (a task without its family). */
	messages: MetricsMessage[];
}

/** Queries for these targets (each key once), ids m0, m1, … in order. */
export function buildQueries(targets: readonly MetricsTarget[], period: number): BuiltQueries {
	const queries: MetricQuery[] = [];
	const plans: QueryPlan[] = [];
	const messages: MetricsMessage[] = [];
	const seen = new Set<string>();
	const add = (namespace: string, metricName: string, dimensions: Array<{Name: string; Value: string}>): string => {
		const id = `m${queries.length}`;
		queries.push({Id: id, MetricStat: {Metric: {Namespace: namespace, MetricName: metricName, Dimensions: dimensions}, Period: period, Stat: 'Average'}});
		return id;
	};
	for (const target of targets) {
		const key = targetKey(target);
		if (seen.has(key)) continue;
		seen.add(key);
		if (target.kind === 'task') {
			if (!target.family) {
				messages.push({key, code: 'NoFamily', text: `task ${target.taskId}: its task definition family is needed to read Container Insights`});
				continue;
			}
			const ci = containerInsightsTask;
			const dimensions = [{Name: 'ClusterName', Value: target.cluster}, {Name: 'TaskDefinitionFamily', Value: target.family}, {Name: 'TaskId', Value: target.taskId}];
			plans.push({
				key,
				cpu: {used: add(ci.namespace, ci.cpuUtilized, dimensions), reserved: add(ci.namespace, ci.cpuReserved, dimensions)},
				memory: {used: add(ci.namespace, ci.memoryUtilized, dimensions), reserved: add(ci.namespace, ci.memoryReserved, dimensions)},
			});
			continue;
		}
		const dimensions = [{Name: 'ClusterName', Value: target.cluster}];
		if (target.kind === 'service') dimensions.push({Name: 'ServiceName', Value: target.service});
		plans.push({key, cpu: {value: add(ecsMetrics.namespace, ecsMetrics.cpu, dimensions)}, memory: {value: add(ecsMetrics.namespace, ecsMetrics.memory, dimensions)}});
	}
	return {queries, plans, messages};
}

/** What CloudWatch bills a call for: its queries with ReturnData not false. */
export function billedMetrics(queries: readonly MetricQuery[]): number {
	return queries.filter(q => q.ReturnData !== false).length;
}

/** One query's datapoints: epoch ms → value. */
export type Datapoints = Map<number, number>;

export interface RawResult {
	Id?: string;
	Timestamps?: Array<Date | string | number>;
	Values?: number[];
	StatusCode?: string;
	Messages?: Array<{Code?: string; Value?: string}>;
}

const epochMs = (t: Date | string | number): number => (t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t));

/** Adds one page's results to what earlier pages gave (a query's datapoints may come over several). */
export function mergeResults(into: Map<string, Datapoints>, results: readonly RawResult[]): void {
	for (const result of results) {
		if (!result.Id) continue;
		let points = into.get(result.Id);
		if (!points) {
			points = new Map();
			into.set(result.Id, points);
		}
		const times = result.Timestamps ?? [];
		const values = result.Values ?? [];
		for (let i = 0; i < Math.min(times.length, values.length); i++) {
			const t = epochMs(times[i]!);
			const v = values[i]!;
			if (Number.isFinite(t) && Number.isFinite(v)) points.set(t, v);
		}
	}
}

/** A percent series, oldest first: a value as it is, or 100 × used / reserved where both have a point and reserved > 0. */
export function percentSeries(source: QueryPlan['cpu'], data: ReadonlyMap<string, Datapoints>): UtilizationPoint[] {
	const points: UtilizationPoint[] = [];
	if ('value' in source) {
		for (const [t, v] of data.get(source.value) ?? []) points.push({t, v});
	} else {
		const reserved = data.get(source.reserved);
		for (const [t, used] of data.get(source.used) ?? []) {
			const of = reserved?.get(t);
			if (of !== undefined && of > 0) points.push({t, v: (100 * used) / of});
		}
	}
	return points.sort((a, b) => a.t - b.t);
}

/** The query ids of a plan, to tie a result's messages to its target. */
export function planIds(plan: QueryPlan): string[] {
	return [plan.cpu, plan.memory].flatMap(source => ('value' in source ? [source.value] : [source.used, source.reserved]));
}

/**
 * The window `latest` reads: the ten whole minutes before the current one. CloudWatch publishes a
 * minute's datapoint a few minutes after it ends (and AWS/ECS's come once a minute), so a read of
 * the last minute alone would mostly come back empty: the newest datapoint in a wider window is the
 * latest complete minute CloudWatch has. The current minute is left out: it is still filling.
 */
export function latestWindow(now: number): {start: number; end: number} {
	const end = Math.floor(now / 60_000) * 60_000;
	return {start: end - 10 * 60_000, end};
}
