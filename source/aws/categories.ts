// ECS's throttle categories ("Request throttling for the Amazon ECS API"): all actions of a
// category share one token bucket per account and Region.
export type Category =
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

export const ecsRates: Record<Category, Rate> = {
	clusterRead: {burst: 50, rate: 20},
	clusterResourceRead: {burst: 100, rate: 20},
	clusterResourceModify: {burst: 100, rate: 40},
	serviceRead: {burst: 100, rate: 20},
	serviceModify: {burst: 50, rate: 5},
	taskDefinitionRead: {burst: 50, rate: 20},
	serviceDeploymentRead: {burst: 50, rate: 20},
	serviceRevisionRead: {burst: 50, rate: 20},
};

export const categoryLabel: Record<Category, string> = {
	clusterRead: 'cluster read',
	clusterResourceRead: 'cluster resource read',
	clusterResourceModify: 'cluster resource modify',
	serviceRead: 'service read',
	serviceModify: 'service modify',
	taskDefinitionRead: 'task definition read',
	serviceDeploymentRead: 'service deployment read',
	serviceRevisionRead: 'service revision read',
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
};
