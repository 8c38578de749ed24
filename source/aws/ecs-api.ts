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
	ServiceRevision,
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
	/**
	 * The caller polls on a schedule and its next poll is the retry: a server fault or network error
	 * is not retried within the call (throttles still are, after the limiter's backoff). The poller
	 * sets it, so an outage costs no more calls than polling does.
	 */
	scheduled?: boolean;
}

/**
 * The calls that change something or open something, each audited and refused under --read-only:
 * ECS's, and Systems Manager's session calls (port forwarding), which go the same way (mutate.ts).
 */
export type Mutation = 'StopTask' | 'UpdateService' | 'UpdateContainerInstancesState' | 'StopServiceDeployment' | 'ExecuteCommand' | 'StartSession' | 'TerminateSession';

/** One request of a mutation, as it goes on the wire (each retry is a call of its own). */
export interface WireCall {
	operation: Mutation;
	/** The request's parameters as sent. */
	parameters: Record<string, unknown>;
	/** 1 for the first send; 2… only for a resend after ECS surely did not apply the last one. */
	attempt: number;
}

export type WireOutcome<T> =
	| {answer: T}
	| {
		error: unknown;
		/** 'no': ECS surely did not apply it (refused, throttled, never sent); 'unknown': the answer was lost. */
		applied: 'no' | 'unknown';
		/** The same request goes out again (as attempt + 1). */
		retrying: boolean;
	};

/**
 * Watches each request of a mutation (the action layer's write-ahead audit log). `before` is
 * awaited before the request is sent; when it rejects, nothing is sent and the mutation rejects
 * with its error. `after` is awaited once the answer (or the error) is in, and must not reject:
 * the call has gone out, so a failure there is the hook's own to report.
 */
export interface WireHook<T> {
	before(call: WireCall): Promise<void>;
	after(call: WireCall, outcome: WireOutcome<T>): Promise<void>;
}

export interface MutationOptions<T> {
	onWire?: WireHook<T>;
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
	/** ECS Exec for the tasks the service starts from now on. */
	enableExecuteCommand?: boolean;
	/** A revision to deploy (`family:revision` or its ARN): a new deployment. */
	taskDefinition?: string;
}

export interface ExecuteCommandInput {
	cluster: string;
	task: string;
	/** Needed when the task has more than one container. */
	container?: string;
	/** One string, as `aws ecs execute-command --command` takes it. */
	command: string;
	/** ECS accepts only interactive sessions. */
	interactive: true;
}

/**
 * ExecuteCommand's answer. `session` goes to session-manager-plugin as it is; its tokenValue opens
 * the session, so it is never logged, audited or shown.
 */
export interface ExecSession {
	session: {sessionId: string; streamUrl: string; tokenValue: string};
	clusterArn: string;
	taskArn: string;
	containerName: string;
	containerArn?: string;
	interactive?: boolean;
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
	/** Family names, every page, sorted by ECS; status ACTIVE unless asked (a family is ACTIVE while any revision is). */
	listTaskDefinitionFamilies(filter?: {familyPrefix?: string; status?: 'ACTIVE' | 'INACTIVE' | 'ALL'}, options?: CallOptions): Promise<string[]>;
	/** Revision ARNs, every page, of ONE status (ACTIVE unless asked); familyPrefix matches by prefix. */
	listTaskDefinitionArns(filter?: {familyPrefix?: string; status?: 'ACTIVE' | 'INACTIVE'; sort?: 'ASC' | 'DESC'}, options?: CallOptions): Promise<string[]>;
	/** Service revisions, 20 ARNs a call. */
	describeServiceRevisions(arns: readonly string[], options?: CallOptions): Promise<Described<ServiceRevision>>;
	listServiceDeployments(cluster: string, service: string, options?: CallOptions): Promise<ServiceDeploymentBrief[]>;
	describeServiceDeployments(arns: readonly string[], options?: CallOptions): Promise<Described<ServiceDeployment>>;

	// Mutations. Refused with ReadOnlyError when the client was built read-only. Resent only when
	// ECS surely did not apply them (throttled, or the connection was never made): a lost answer
	// (reset, timeout, 5xx, an unreadable body) is thrown, never resent.
	stopTask(cluster: string, task: string, reason: string, options?: MutationOptions<Task>): Promise<Task>;
	updateService(cluster: string, service: string, update: ServiceUpdate, options?: MutationOptions<Service>): Promise<Service>;
	/**
	 * Stops a service deployment that is PENDING or IN_PROGRESS; ROLLBACK deploys the service revision
	 * that ran before it again. Answers the deployment's ARN (its state is read with a describe).
	 */
	stopServiceDeployment(serviceDeploymentArn: string, stopType: 'ROLLBACK', options?: MutationOptions<{serviceDeploymentArn: string}>): Promise<{serviceDeploymentArn: string}>;
	/** One call per 10 instances; `onWire` sees each (its answer: that call's instances and failures). */
	updateContainerInstancesState(
		cluster: string,
		instances: readonly string[],
		status: 'ACTIVE' | 'DRAINING',
		options?: MutationOptions<Described<ContainerInstance>>,
	): Promise<Described<ContainerInstance>>;
	/**
	 * ExecuteCommand: opens an ECS Exec session (session-manager-plugin attaches to it). Sent once: a
	 * lost answer may have opened a session, and a resend would open a second.
	 */
	executeCommand(input: ExecuteCommandInput, options?: MutationOptions<ExecSession>): Promise<ExecSession>;
}
