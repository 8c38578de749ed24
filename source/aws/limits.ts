// ECS's per-call limits, written once for the client and the poller: how many IDs one Describe
// (or UpdateContainerInstancesState) takes, and the largest page a List returns. The simulator
// keeps its own copy on purpose, so a wrong number here fails against it instead of agreeing.

/** The most IDs one call takes; more are split into batches of this size. */
export const batchLimit = {
	DescribeClusters: 100,
	DescribeServices: 10,
	DescribeTasks: 100,
	DescribeContainerInstances: 100,
	DescribeServiceRevisions: 20,
	DescribeServiceDeployments: 20,
	UpdateContainerInstancesState: 10,
} as const;

/** maxResults of every List call: the largest page ECS returns. */
export const listPageSize = 100;
