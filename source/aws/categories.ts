// ECS's throttle categories ("Request throttling for the Amazon ECS API"): all actions of a
// category share one token bucket per account and Region. CloudWatch Logs throttles each action on
// its own (a per-account, per-Region TPS quota per API): one category per action we call. So does
// CloudWatch (metrics): GetMetricData has a TPS quota of its own; and so does Systems Manager
// (Session Manager's StartSession and TerminateSession, for port forwarding).
export type Category = EcsCategory | LogsCategory | CloudWatchCategory | SsmCategory;

export type EcsCategory =
	| 'clusterRead'
	| 'clusterResourceRead'
	| 'clusterResourceModify'
	| 'serviceRead'
	| 'serviceModify'
	| 'taskDefinitionRead'
	| 'serviceDeploymentRead'
	| 'serviceRevisionRead';

export interface Rate {
	/** Bucket size. */
	burst: number;
	/** Refill per second. */
	rate: number;
}

export type LogsCategory = 'logsGetLogEvents' | 'logsFilterLogEvents' | 'logsDescribeLogGroups' | 'logsDescribeLogStreams' | 'logsStartLiveTail';

export const ecsRates: Record<EcsCategory, Rate> = {
	clusterRead: {burst: 50, rate: 20},
	clusterResourceRead: {burst: 100, rate: 20},
	clusterResourceModify: {burst: 100, rate: 40},
	serviceRead: {burst: 100, rate: 20},
	serviceModify: {burst: 50, rate: 5},
	taskDefinitionRead: {burst: 50, rate: 20},
	serviceDeploymentRead: {burst: 50, rate: 20},
	serviceRevisionRead: {burst: 50, rate: 20},
};

// CloudWatch Logs' default quotas per account and Region ("CloudWatch Logs quotas" in the user
// guide; verify against the Service Quotas console, several are adjustable): GetLogEvents 25 TPS,
// FilterLogEvents 5, DescribeLogGroups 5, DescribeLogStreams 5, StartLiveTail 10 (new sessions per
// second; at most 15 concurrent sessions). Logs gives no separate burst: a second's worth is the
// bucket. Polling keeps to the limiter's 'poll' share, a quarter of each rate.
export const logsRates: Record<LogsCategory, Rate> = {
	logsGetLogEvents: {burst: 25, rate: 25},
	logsFilterLogEvents: {burst: 5, rate: 5},
	logsDescribeLogGroups: {burst: 5, rate: 5},
	logsDescribeLogStreams: {burst: 5, rate: 5},
	logsStartLiveTail: {burst: 10, rate: 10},
};

export type CloudWatchCategory = 'cloudwatchGetMetricData';

// CloudWatch's default quota for GetMetricData per account and Region: 50 transactions per second,
// adjustable in Service Quotas (AWS's knowledge-center article "GetMetricData or
// GetMetricStatistics?", https://repost.aws/knowledge-center/cloudwatch-getmetricdata-api, which
// also gives 180,000 datapoints per second for a StartTime within 3 hours, 396,000 beyond; the
// quotas page, https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html,
// is where Service Quotas' figure is listed, not seen in full here). Like Logs, no separate burst: a
// second's worth is the bucket. The datapoint quota is far off: one call of 500 queries over 10
// minutes asks 5,000 datapoints.
export const cloudwatchRates: Record<CloudWatchCategory, Rate> = {
	cloudwatchGetMetricData: {burst: 50, rate: 50},
};

export type SsmCategory = 'ssmStartSession' | 'ssmTerminateSession';

// Systems Manager throttles each API action on its own, per account and Region. UNVERIFIED: the
// quotas page ("AWS Systems Manager endpoints and quotas", https://docs.aws.amazon.com/general/latest/gr/ssm.html)
// was looked for and not found in any stored copy, so StartSession's and TerminateSession's own
// TPS figures are not known here. 3 per second, no separate burst, is a guess on the low side:
// both are sent only when the user starts or ends a session (never by polling), so a low bucket
// costs nothing, and a real ThrottlingException still backs the category off as any other.
export const ssmRates: Record<SsmCategory, Rate> = {
	ssmStartSession: {burst: 3, rate: 3},
	ssmTerminateSession: {burst: 3, rate: 3},
};

/** Every category's rate: ECS's, CloudWatch Logs', CloudWatch's and Systems Manager's. */
export const rates: Record<Category, Rate> = {...ecsRates, ...logsRates, ...cloudwatchRates, ...ssmRates};

export const categoryLabel: Record<Category, string> = {
	clusterRead: 'cluster read',
	clusterResourceRead: 'cluster resource read',
	clusterResourceModify: 'cluster resource modify',
	serviceRead: 'service read',
	serviceModify: 'service modify',
	taskDefinitionRead: 'task definition read',
	serviceDeploymentRead: 'service deployment read',
	serviceRevisionRead: 'service revision read',
	logsGetLogEvents: 'logs GetLogEvents',
	logsFilterLogEvents: 'logs FilterLogEvents',
	logsDescribeLogGroups: 'logs DescribeLogGroups',
	logsDescribeLogStreams: 'logs DescribeLogStreams',
	logsStartLiveTail: 'logs StartLiveTail',
	cloudwatchGetMetricData: 'CloudWatch GetMetricData',
	ssmStartSession: 'SSM StartSession',
	ssmTerminateSession: 'SSM TerminateSession',
};

export const operationCategory: Record<string, Category> = {
	ListClusters: 'clusterRead',
	DescribeClusters: 'clusterRead',
	ListTasks: 'clusterResourceRead',
	DescribeTasks: 'clusterResourceRead',
	ListContainerInstances: 'clusterResourceRead',
	DescribeContainerInstances: 'clusterResourceRead',
	StopTask: 'clusterResourceModify',
	// "Cluster resource modify" in ECS's throttling table (anchors.md (d)): the bucket StopTask draws from.
	ExecuteCommand: 'clusterResourceModify',
	UpdateContainerInstancesState: 'clusterResourceModify',
	ListServices: 'serviceRead',
	DescribeServices: 'serviceRead',
	UpdateService: 'serviceModify',
	// Not in ECS's published table of categories: counted as a service modify, the smallest bucket
	// of the service calls, so it never spends more than ECS might allow.
	StopServiceDeployment: 'serviceModify',
	DescribeTaskDefinition: 'taskDefinitionRead',
	ListTaskDefinitions: 'taskDefinitionRead',
	ListTaskDefinitionFamilies: 'taskDefinitionRead',
	DescribeServiceRevisions: 'serviceRevisionRead',
	ListServiceDeployments: 'serviceDeploymentRead',
	DescribeServiceDeployments: 'serviceDeploymentRead',
	GetLogEvents: 'logsGetLogEvents',
	FilterLogEvents: 'logsFilterLogEvents',
	DescribeLogGroups: 'logsDescribeLogGroups',
	DescribeLogStreams: 'logsDescribeLogStreams',
	StartLiveTail: 'logsStartLiveTail',
	GetMetricData: 'cloudwatchGetMetricData',
	StartSession: 'ssmStartSession',
	TerminateSession: 'ssmTerminateSession',
};
