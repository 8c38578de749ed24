// Plain domain types shared by every layer (and by the simulator). Field names are ECS's own;
// dates are ISO-8601 strings; optional fields are undefined when absent (never null). No SDK types here.
// Enums are kept open (`string`) because ECS adds values over time and we must never crash on one.

export type Iso = string;

export interface Tag {
	key: string;
	value: string;
}

export interface Failure {
	arn?: string;
	reason?: string;
	detail?: string;
}

export interface CapacityProviderStrategyItem {
	capacityProvider: string;
	weight?: number;
	base?: number;
}

export interface KeyValue {
	name: string;
	value: number | string;
}

export interface Cluster {
	clusterArn: string;
	clusterName: string;
	status: string;
	runningTasksCount: number;
	pendingTasksCount: number;
	activeServicesCount: number;
	registeredContainerInstancesCount: number;
	capacityProviders: string[];
	defaultCapacityProviderStrategy?: CapacityProviderStrategyItem[];
	statistics?: KeyValue[];
	/** The cluster's `containerInsights` setting (disabled, enabled, enhanced): task utilization needs enhanced. */
	containerInsights?: string;
	tags?: Tag[];
}

export interface ServiceEvent {
	id: string;
	createdAt: Iso;
	message: string;
}

export interface Deployment {
	id: string;
	status: string; // PRIMARY | ACTIVE | INACTIVE
	taskDefinition: string;
	desiredCount: number;
	runningCount: number;
	pendingCount: number;
	failedTasks?: number;
	rolloutState?: string; // COMPLETED | FAILED | IN_PROGRESS
	rolloutStateReason?: string;
	createdAt?: Iso;
	updatedAt?: Iso;
	launchType?: string;
	capacityProviderStrategy?: CapacityProviderStrategyItem[];
	platformVersion?: string;
}

export interface LoadBalancer {
	targetGroupArn?: string;
	loadBalancerName?: string;
	containerName?: string;
	containerPort?: number;
}

export interface PlacementStrategy {
	type: string;
	field?: string;
}

export interface PlacementConstraint {
	type: string;
	expression?: string;
}

export interface NetworkConfiguration {
	awsvpcConfiguration?: {
		subnets: string[];
		securityGroups?: string[];
		assignPublicIp?: string;
	};
}

export interface DeploymentConfiguration {
	minimumHealthyPercent?: number;
	maximumPercent?: number;
	deploymentCircuitBreaker?: {enable: boolean; rollback: boolean};
	/** ROLLING or BLUE_GREEN (ECS's own deployment controller). */
	strategy?: string;
}

export interface Service {
	serviceArn: string;
	serviceName: string;
	clusterArn: string;
	status: string; // ACTIVE | DRAINING | INACTIVE
	desiredCount: number;
	runningCount: number;
	pendingCount: number;
	taskDefinition: string;
	launchType?: string;
	capacityProviderStrategy?: CapacityProviderStrategyItem[];
	platformVersion?: string;
	schedulingStrategy?: string; // REPLICA | DAEMON
	deploymentController?: {type: string}; // ECS | CODE_DEPLOY | EXTERNAL
	deploymentConfiguration?: DeploymentConfiguration;
	deployments: Deployment[];
	/** The service deployment (ARN) ECS runs now: the PRIMARY deployment's (ListServiceDeployments lists it). */
	currentServiceDeployment?: string;
	events: ServiceEvent[];
	loadBalancers: LoadBalancer[];
	placementStrategy: PlacementStrategy[];
	placementConstraints: PlacementConstraint[];
	networkConfiguration?: NetworkConfiguration;
	healthCheckGracePeriodSeconds?: number;
	enableExecuteCommand?: boolean;
	createdAt?: Iso;
	createdBy?: string;
	tags?: Tag[];
}

export interface NetworkBinding {
	bindIP?: string;
	containerPort?: number;
	hostPort?: number;
	protocol?: string;
}

/** An agent ECS runs beside a container; ECS Exec's is `ExecuteCommandAgent`. */
export interface ManagedAgent {
	name: string;
	lastStatus?: string; // PENDING | RUNNING | STOPPED
	reason?: string;
	lastStartedAt?: Iso;
}

export interface Container {
	containerArn?: string;
	name: string;
	/** The container runtime's (Docker's) ID: part of an ECS Exec session's SSM target. */
	runtimeId?: string;
	image?: string;
	lastStatus?: string;
	exitCode?: number;
	reason?: string;
	healthStatus?: string;
	cpu?: string;
	memory?: string;
	networkBindings?: NetworkBinding[];
	networkInterfaces?: Array<{attachmentId?: string; privateIpv4Address?: string; ipv6Address?: string}>;
	/** ECS Exec's readiness: its ExecuteCommandAgent's lastStatus. */
	managedAgents?: ManagedAgent[];
}

export interface Attachment {
	id?: string;
	type?: string;
	status?: string;
	details: Array<{name: string; value: string}>;
}

export interface Task {
	taskArn: string;
	clusterArn: string;
	taskDefinitionArn: string;
	containerInstanceArn?: string;
	lastStatus: string;
	desiredStatus: string;
	healthStatus?: string;
	launchType?: string;
	capacityProviderName?: string;
	platformVersion?: string;
	/** Fargate's OS family (`Linux`, `WINDOWS_SERVER_2022_CORE`…): platform versions are numbered per family. */
	platformFamily?: string;
	availabilityZone?: string;
	cpu?: string;
	memory?: string;
	group?: string;
	startedBy?: string;
	stopCode?: string;
	stoppedReason?: string;
	connectivity?: string;
	version?: number;
	createdAt?: Iso;
	pullStartedAt?: Iso;
	pullStoppedAt?: Iso;
	startedAt?: Iso;
	stoppingAt?: Iso;
	stoppedAt?: Iso;
	executionStoppedAt?: Iso;
	connectivityAt?: Iso;
	/** Whether the task was started with ECS Exec on (fixed for the task's life: a service's change needs new tasks). */
	enableExecuteCommand?: boolean;
	containers: Container[];
	attachments: Attachment[];
	tags?: Tag[];
}

export interface Resource {
	name: string; // CPU | MEMORY | PORTS | PORTS_UDP | custom
	type?: string;
	integerValue?: number;
	doubleValue?: number;
	longValue?: number;
	stringSetValue?: string[];
}

export interface ContainerInstance {
	containerInstanceArn: string;
	ec2InstanceId?: string;
	status: string; // ACTIVE | DRAINING | INACTIVE | REGISTERING | ...
	statusReason?: string;
	agentConnected: boolean;
	runningTasksCount: number;
	pendingTasksCount: number;
	registeredResources: Resource[];
	remainingResources: Resource[];
	versionInfo?: {agentVersion?: string; agentHash?: string; dockerVersion?: string};
	attributes?: Array<{name: string; value?: string}>;
	capacityProviderName?: string;
	agentUpdateStatus?: string;
	registeredAt?: Iso;
	healthStatus?: {overallStatus?: string};
	tags?: Tag[];
}

export interface PortMapping {
	containerPort?: number;
	hostPort?: number;
	protocol?: string;
}

export interface ContainerDefinition {
	name: string;
	image: string;
	cpu?: number;
	memory?: number;
	memoryReservation?: number;
	essential?: boolean;
	portMappings: PortMapping[];
	environment: Array<{name: string; value?: string}>;
	logConfiguration?: {logDriver: string; options?: Record<string, string>};
	healthCheck?: {command: string[]; interval?: number; timeout?: number; retries?: number; startPeriod?: number};
	/** Secrets by name and where they come from (never their values: ECS does not return them). */
	secrets?: Array<{name: string; valueFrom?: string}>;
}

export interface TaskDefinition {
	taskDefinitionArn: string;
	family: string;
	revision: number;
	status?: string;
	cpu?: string;
	memory?: string;
	networkMode?: string;
	requiresCompatibilities?: string[];
	containerDefinitions: ContainerDefinition[];
	taskRoleArn?: string;
	executionRoleArn?: string;
	registeredAt?: Iso;
	deregisteredAt?: Iso;
}

/** A service revision (DescribeServiceRevisions): what one deployment runs. */
export interface ServiceRevision {
	serviceRevisionArn: string;
	serviceArn?: string;
	clusterArn?: string;
	taskDefinition?: string;
	launchType?: string;
	platformVersion?: string;
	createdAt?: Iso;
}

/** A service revision as a deployment names it. */
export interface ServiceRevisionSummary {
	arn: string;
	requestedTaskCount?: number;
	runningTaskCount?: number;
	pendingTaskCount?: number;
	/**
	 * The revision's task definition ARN: not in DescribeServiceDeployments' answer, resolved with
	 * DescribeServiceRevisions where the reader does that (the describe view's history).
	 */
	taskDefinition?: string;
}

export interface ServiceDeploymentBrief {
	serviceDeploymentArn: string;
	serviceArn?: string;
	clusterArn?: string;
	status?: string;
	statusReason?: string;
	targetServiceRevisionArn?: string;
	startedAt?: Iso;
	createdAt?: Iso;
	finishedAt?: Iso;
}

export interface ServiceDeployment extends ServiceDeploymentBrief {
	updatedAt?: Iso;
	stoppedAt?: Iso;
	sourceServiceRevisions?: ServiceRevisionSummary[];
	targetServiceRevision?: ServiceRevisionSummary;
	deploymentCircuitBreaker?: {status?: string; failureCount?: number; threshold?: number};
	rollback?: {reason?: string; startedAt?: Iso; serviceRevisionArn?: string};
	/** The configuration the deployment runs with (min/max percent, circuit breaker), as ECS recorded it. */
	deploymentConfiguration?: DeploymentConfiguration;
	/** CloudWatch alarms watching the deployment: MONITORING, TRIGGERED, DISABLED… */
	alarms?: {status?: string; alarmNames?: string[]; triggeredAlarmNames?: string[]};
	/** Where a rolling or blue/green deployment is (RECONCILE_SERVICE, SCALE_UP, BAKE_TIME, CLEAN_UP…). */
	lifecycleStage?: string;
}

/** ARN helpers every layer needs: `arn:aws:ecs:region:account:type/cluster/id`. */
export function arnAccount(arn: string): string | undefined {
	const parts = arn.split(':');
	return parts[0] === 'arn' ? parts[4] : undefined;
}

export function arnRegion(arn: string): string | undefined {
	const parts = arn.split(':');
	return parts[0] === 'arn' ? parts[3] : undefined;
}

/** The last path segment: a task ID, instance ID, service or cluster name. */
export function shortId(arnOrName: string): string {
	const slash = arnOrName.lastIndexOf('/');
	if (slash >= 0) return arnOrName.slice(slash + 1);
	const colon = arnOrName.lastIndexOf(':');
	return colon >= 0 && arnOrName.startsWith('arn:') ? arnOrName.slice(colon + 1) : arnOrName;
}

/**
 * A task's or container instance's ID as the tables show it: its first 12 characters, like a short
 * Git hash. Enough to tell the tasks of a cluster apart, and to find one with the `/` filter.
 */
export function briefId(arn: string): string {
	return shortId(arn).slice(0, 12);
}

/** `family:revision` from a task definition ARN. */
export function taskDefinitionName(arn: string): string {
	const i = arn.indexOf('task-definition/');
	return i >= 0 ? arn.slice(i + 'task-definition/'.length) : arn;
}

/** The deployment ECS is rolling out or has rolled out: the one whose status is PRIMARY. */
export function primaryDeployment(service: Pick<Service, 'deployments'>): Deployment | undefined {
	return service.deployments.find(d => d.status === 'PRIMARY');
}

/** The group ECS gives a service's tasks: `service:NAME` (the service's name, not its ARN). */
export function serviceGroup(serviceArnOrName: string): string {
	return `service:${shortId(serviceArnOrName)}`;
}

/** The service a task belongs to (`service:web` → web), or undefined for a standalone task. */
export function serviceOfTask(task: Pick<Task, 'group'>): string | undefined {
	return task.group?.startsWith('service:') ? task.group.slice('service:'.length) : undefined;
}

/**
 * How an ECS status reads, for every colour in the app (row tones and cell colours alike):
 * `failed` red, `between` yellow (on its way somewhere: pending, draining, a rollout in progress),
 * `gone` dim (stopped, inactive, deleted). ECS adds states over time, and UNKNOWN (a container
 * without a health check) says nothing is wrong, so anything else is left uncoloured.
 */
export type StatusClass = 'failed' | 'between' | 'gone';

const statusClasses: ReadonlyMap<string, StatusClass> = new Map([
	...['FAILED', 'REGISTRATION_FAILED', 'UNHEALTHY', 'IMPAIRED', 'UPDATE_FAILED', 'ROLLBACK_FAILED'].map(s => [s, 'failed'] as const),
	...['PROVISIONING', 'PENDING', 'ACTIVATING', 'DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'DRAINING', 'REGISTERING', 'DEREGISTERING', 'IN_PROGRESS', 'UPDATE_IN_PROGRESS', 'DELETE_IN_PROGRESS'].map(s => [s, 'between'] as const),
	// A service deployment on its way back or out (ListServiceDeployments' statuses).
	...['STOP_REQUESTED', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'].map(s => [s, 'between'] as const),
	...['STOPPED', 'INACTIVE', 'DELETED', 'DEPROVISIONED'].map(s => [s, 'gone'] as const),
]);

export function statusClass(status: string | undefined): StatusClass | undefined {
	return status === undefined ? undefined : statusClasses.get(status);
}

/**
 * One line of a container's log as ecs-top shows it (CloudWatch Logs, awslogs driver). `eventId`
 * is always ecs-top's synthetic id (aws/logs-client.ts `syntheticEventId`: a hash of group, stream,
 * timestamp, ingestion time and message), whichever call delivered the line: GetLogEvents and Live
 * Tail return no id, and FilterLogEvents' own cannot be derived from theirs, so only a synthetic id
 * makes a line the same across calls. FilterLogEvents' id is kept as `cloudwatchEventId`.
 */
export interface LogEvent {
	eventId: string;
	/** CloudWatch's eventId, where the call returned one (FilterLogEvents). */
	cloudwatchEventId?: string;
	/** Epoch ms the line was logged. */
	timestamp: number;
	/** Epoch ms CloudWatch received it. */
	ingestionTime?: number;
	message: string;
	logGroup: string;
	logStream: string;
	/** From the awslogs stream name `prefix/container/taskId`, when it has that shape. */
	taskId?: string;
	container?: string;
}

/** Where a container's logs go, read from its task definition's logConfiguration. */
export type LogSource =
	| {kind: 'awslogs'; container: string; group: string; region?: string; streamPrefix: string}
	/** awslogs without a stream prefix (no task id in the stream name), FireLens, splunk, none…: where they go, in words. */
	| {kind: 'elsewhere'; container: string; driver?: string; explanation: string};

/**
 * CPU and memory in use as a percent of what is reserved (a service's or task's task-definition
 * sizes; a cluster's registered capacity), for the latest complete minute CloudWatch has: the
 * `utilization` of `get --json`. A value is null when CloudWatch had no datapoint for it.
 */
export interface Utilization {
	cpu: number | null;
	memory: number | null;
	/** The end of the minute the newer of the two values covers (the window's end when neither has one). */
	periodEnd: Iso;
}

/** One datapoint of a utilization history: `t` is the epoch ms its period starts, `v` a percent. */
export interface UtilizationPoint {
	t: number;
	v: number;
}

/** CPU and memory percent over time, oldest first (the describe view's chart). */
export interface UtilizationSeries {
	cpu: UtilizationPoint[];
	memory: UtilizationPoint[];
	/** Seconds each point covers. */
	period: number;
}
