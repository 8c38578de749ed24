// The seam between ecs-top and ECS. Everything above `aws/` talks to ECS only through this
// interface, in domain types. The real implementation (ecs-client.ts) paginates every List to the
// end, chunks every Describe at its API limit, draws from the shared rate limiter and maps SDK
// shapes to domain types. Tests above `aws/` use the real implementation against the simulator.
import type {
	Cluster,
	ContainerInstance,
	Failure,
	Service,
	ServiceDeployment,
	ServiceDeploymentBrief,
	Task,
	TaskDefinition,
} from '../domain.js';

/** Who is asking: decides which share of the rate budget a call may draw from. */
export type Priority =
	| 'action' // a user's mutation: draws from a reserve polling cannot spend
	| 'interactive' // a read the user is waiting for (drill-in, describe view, `get`)
	| 'cold' // first load of a scope
	| 'poll'; // steady-state refresh

export interface CallOptions {
	priority?: Priority;
	signal?: AbortSignal;
	/** Called as chunks of a Describe arrive, for `loaded n of m` and rows appearing early. */
	onProgress?: (loaded: number, total: number) => void;
	/** List calls: called with each page's ARNs as it arrives, so describes can start before the list ends. */
	onPage?: (arns: readonly string[]) => void;
}

export interface Described<T> {
	items: T[];
	failures: Failure[];
}

export interface TaskFilter {
	serviceName?: string;
	containerInstance?: string;
	desiredStatus?: 'RUNNING' | 'STOPPED';
	family?: string;
	startedBy?: string;
	launchType?: string;
}

export interface ServiceUpdate {
	desiredCount?: number;
	forceNewDeployment?: boolean;
}

export interface EcsApi {
	listClusterArns(options?: CallOptions): Promise<string[]>;
	describeClusters(clusters: readonly string[], options?: CallOptions): Promise<Described<Cluster>>;
	listServiceArns(cluster: string, options?: CallOptions): Promise<string[]>;
	describeServices(cluster: string, services: readonly string[], options?: CallOptions): Promise<Described<Service>>;
	listTaskArns(cluster: string, filter?: TaskFilter, options?: CallOptions): Promise<string[]>;
	describeTasks(cluster: string, tasks: readonly string[], options?: CallOptions): Promise<Described<Task>>;
	listContainerInstanceArns(cluster: string, filter?: {status?: string}, options?: CallOptions): Promise<string[]>;
	describeContainerInstances(
		cluster: string,
		instances: readonly string[],
		options?: CallOptions,
	): Promise<Described<ContainerInstance>>;
	describeTaskDefinition(taskDefinition: string, options?: CallOptions): Promise<TaskDefinition>;
	listServiceDeployments(cluster: string, service: string, options?: CallOptions): Promise<ServiceDeploymentBrief[]>;
	describeServiceDeployments(arns: readonly string[], options?: CallOptions): Promise<Described<ServiceDeployment>>;

	// Mutations. Refused with ReadOnlyError when the client was built read-only.
	stopTask(cluster: string, task: string, reason: string): Promise<Task>;
	updateService(cluster: string, service: string, update: ServiceUpdate): Promise<Service>;
	updateContainerInstancesState(
		cluster: string,
		instances: readonly string[],
		status: 'ACTIVE' | 'DRAINING',
	): Promise<Described<ContainerInstance>>;
}
