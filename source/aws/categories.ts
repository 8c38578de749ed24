// ECS's throttle categories ("Request throttling for the Amazon ECS API"): all actions of a
// category share one token bucket per account and Region. CloudWatch Logs throttles each action on
// its own (a per-account, per-Region TPS quota per API): one category per action we call.
export type Category = EcsCategory | LogsCategory;

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

/** Every category's rate, ECS's and CloudWatch Logs'. */
export const rates: Record<Category, Rate> = {...ecsRates, ...logsRates};

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
};

export const operationCategory: Record<string, Category> = {
	ListClusters: 'clusterRead',
	DescribeClusters: 'clusterRead',
	ListTasks: 'clusterResourceRead',
	DescribeTasks: 'clusterResourceRead',
	ListContainerInstances: 'clusterResourceRead',
	DescribeContainerInstances: 'clusterResourceRead',
	StopTask: 'clusterResourceModify',
	UpdateContainerInstancesState: 'clusterResourceModify',
	ListServices: 'serviceRead',
	DescribeServices: 'serviceRead',
	UpdateService: 'serviceModify',
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
};
