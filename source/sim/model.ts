// The simulator's internal records. Dates are epoch milliseconds on the simulated clock; the
// serializers (wire.ts) turn them into ECS's wire shapes. Indexes and counters live on the records
// so that every request and every scheduler step touches only what it needs.
import type {
	CapacityProviderStrategyItem,
	ContainerDefinition,
	LoadBalancer,
	NetworkConfiguration,
	PlacementConstraint,
	PlacementStrategy,
	Tag,
} from '../domain.js';
import type {SeqList} from './paging.js';

/** Counts kept in step with every task status change (checked by World.audit()). */
export interface Counts {
	running: number;
	pending: number;
}

export interface ClusterRec {
	seq: number;
	name: string;
	arn: string;
	status: 'ACTIVE' | 'INACTIVE';
	tags: Tag[];
	capacityProviders: string[];
	defaultCapacityProviderStrategy: CapacityProviderStrategyItem[];
	services: Map<string, ServiceRec>;
	serviceList: SeqList<ServiceRec>;
	instances: Map<string, InstanceRec>;
	instanceList: SeqList<InstanceRec>;
	tasks: Map<string, TaskRec>;
	/** Tasks by desired status, the two lists ListTasks pages through. */
	tasksRunning: SeqList<TaskRec>;
	tasksStopped: SeqList<TaskRec>;
	counts: Counts;
	/** Per launch type, for `include: STATISTICS`. */
	ec2: Counts;
	fargate: Counts;
	activeServices: {ec2: number; fargate: number};
	drainingServices: {ec2: number; fargate: number};
	/** The cluster refuses Fargate placements (demo: "capacity is unavailable"). */
	fargateUnavailable?: boolean;
	/** The `containerInsights` cluster setting: which ECS/ContainerInsights metrics the cluster has. */
	containerInsights: 'disabled' | 'enabled' | 'enhanced';
	/**
	 * `configuration.executeCommandConfiguration.kmsKeyId`: sessions into its tasks ask the client
	 * for KMS encryption in the data channel's handshake. Set by tests; not on the wire yet.
	 */
	execKmsKeyId?: string;
	/**
	 * The SSM agent version its tasks' sessions advertise in the handshake (default the data-channel
	 * server's SIM_AGENT_VERSION). Set by tests: an agent before 3.0.196.0 makes the plugin forward
	 * one connection at a time.
	 */
	ssmAgentVersion?: string;
}

/** What a task definition does when run: the simulator's script for it, never on the wire. */
export interface Behaviour {
	/** Seconds after RUNNING when the essential container exits (crash loop). */
	crashAfterSeconds?: number;
	exitCode?: number;
	/** The image can't be pulled: the task stops while PENDING (TaskFailedToStart). */
	failToStart?: string;
	/** Seconds after RUNNING when the health check starts failing. */
	unhealthyAfterSeconds?: number;
	/** Seconds to pull the image (default 3–12 s). */
	pullSeconds?: number;
	/**
	 * Seconds over which the essential container's memory climbs from 40% of the task's memory to
	 * 100%, when it is killed (OutOfMemoryError, exit code 137) and the task stops.
	 */
	memoryLeakSeconds?: number;
	/** A constant load instead of the seeded one (CloudWatch metrics): fractions of the reservation. */
	load?: {cpu: number; memory: number};
}

/** A container definition as registered; secrets are names and where ECS reads them, never values. */
export interface SimContainerDefinition extends ContainerDefinition {
	secrets?: Array<{name: string; valueFrom: string}>;
	command?: string[];
	entryPoint?: string[];
	workingDir?: string;
	dockerLabels?: Record<string, string>;
	/** A FireLens log router (Fluent Bit or Fluentd) for the task's other containers. */
	firelensConfiguration?: {type: 'fluentbit' | 'fluentd'; options?: Record<string, string>};
}

export interface TaskDefRec {
	arn: string;
	family: string;
	revision: number;
	status: 'ACTIVE' | 'INACTIVE';
	/** What a task reserves on its instance: the task-level size, else the sum over its containers. */
	cpu: number;
	memory: number;
	/** Whether cpu/memory were given at task level (ECS echoes them only then). */
	taskLevel: {cpu: boolean; memory: boolean};
	networkMode: string;
	requiresCompatibilities: string[];
	containerDefinitions: SimContainerDefinition[];
	taskRoleArn?: string;
	executionRoleArn?: string;
	tags: Tag[];
	registeredAt: number;
	registeredBy: string;
	deregisteredAt?: number;
	behaviour: Behaviour;
}

/**
 * A service revision (DescribeServiceRevisions): the configuration one deployment set out to run,
 * captured when the deployment started. A rollback runs an earlier revision again, so several
 * deployments may share one.
 */
export interface ServiceRevisionRec {
	arn: string;
	service: ServiceRec;
	taskDef: TaskDefRec;
	launchType: 'EC2' | 'FARGATE';
	platformVersion?: string;
	loadBalancers: LoadBalancer[];
	networkConfiguration?: NetworkConfiguration;
	createdAt: number;
}

export interface DeploymentRec {
	id: string;
	status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
	taskDef: TaskDefRec;
	/** The service revision this deployment runs (a rollback's is the revision it returns to). */
	revision: ServiceRevisionRec;
	desiredCount: number;
	counts: Counts;
	/** Tasks of this deployment whose desired status is RUNNING. */
	active: Set<TaskRec>;
	failedTasks: number;
	rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
	rolloutStateReason: string;
	createdAt: number;
	updatedAt: number;
	serviceDeployment: ServiceDeploymentRec;
}

export interface ServiceDeploymentRec {
	seq: number;
	arn: string;
	/** The target service revision: what this service deployment set out to deploy. */
	revisionArn: string;
	service: ServiceRec;
	deployment: DeploymentRec;
	sourceRevisions: Array<{arn: string; deployment: DeploymentRec}>;
	status: string;
	statusReason?: string;
	createdAt: number;
	startedAt: number;
	updatedAt: number;
	finishedAt?: number;
	stoppedAt?: number;
	rollback?: {reason: string; startedAt: number; serviceRevisionArn: string};
}

export interface EventRec {
	id: string;
	createdAt: number;
	message: string;
}

export interface ServiceRec {
	seq: number;
	name: string;
	arn: string;
	cluster: ClusterRec;
	status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
	desiredCount: number;
	launchType: 'EC2' | 'FARGATE';
	platformVersion?: string;
	schedulingStrategy: 'REPLICA';
	minimumHealthyPercent: number;
	maximumPercent: number;
	circuitBreaker?: {enable: boolean; rollback: boolean};
	deployments: DeploymentRec[];
	serviceDeployments: SeqList<ServiceDeploymentRec>;
	/** Newest first, at most 100. */
	events: EventRec[];
	loadBalancers: LoadBalancer[];
	placementStrategy: PlacementStrategy[];
	placementConstraints: PlacementConstraint[];
	networkConfiguration?: NetworkConfiguration;
	healthCheckGracePeriodSeconds?: number;
	enableExecuteCommand: boolean;
	createdAt: number;
	createdBy: string;
	tags: Tag[];
	counts: Counts;
	tasksRunning: SeqList<TaskRec>;
	tasksStopped: SeqList<TaskRec>;
	/** Active (desired RUNNING) tasks of this service per container instance id, for spread placement. */
	perInstance: Map<string, number>;
	// Scheduler state.
	steady: boolean;
	reconcileAt?: number;
	lastPlacementEventAt?: number;
	/** Consecutive task failures outside a deployment: launches back off. */
	failureStreak: number;
	launchBackoffUntil: number;
	lastUnstableEventAt?: number;
}

export interface ContainerRec {
	name: string;
	arn: string;
	image: string;
	essential: boolean;
	lastStatus: string;
	exitCode?: number;
	reason?: string;
	healthStatus: string;
	cpu: number;
	memory?: number;
	networkBindings: Array<{bindIP: string; containerPort: number; hostPort: number; protocol: string}>;
	hasHealthCheck: boolean;
	/** What ECS reports as the container's runtime ID once it started (the SSM target names it). */
	runtimeId: string;
	/**
	 * The ECS Exec agent ECS injects into the container (DescribeTasks `managedAgents`): only when the
	 * task was started with exec enabled on a platform (Fargate 1.4.0+, ECS agent 1.50.2+) that has one.
	 */
	agent?: {lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED'; lastStartedAt?: number};
}

export interface TaskRec {
	seq: number;
	id: string;
	arn: string;
	cluster: ClusterRec;
	service?: ServiceRec;
	deployment?: DeploymentRec;
	instance?: InstanceRec;
	taskDef: TaskDefRec;
	launchType: 'EC2' | 'FARGATE';
	platformVersion?: string;
	/** ECS Exec for this task: fixed at launch (the service's setting then, or RunTask's flag). */
	enableExecuteCommand: boolean;
	availabilityZone: string;
	lastStatus: string;
	desiredStatus: 'RUNNING' | 'STOPPED';
	healthStatus: string;
	group: string;
	startedBy?: string;
	stopCode?: string;
	stoppedReason?: string;
	connectivity?: string;
	connectivityAt?: number;
	version: number;
	createdAt: number;
	pullStartedAt?: number;
	pullStoppedAt?: number;
	startedAt?: number;
	stoppingAt?: number;
	executionStoppedAt?: number;
	stoppedAt?: number;
	containers: ContainerRec[];
	eni?: {id: string; attachmentId: string; mac: string; subnet: string; ip: string};
	/** Host ports reserved on the instance. */
	ports: number[];
	/** Resources reserved on the instance until STOPPED. */
	reserved: boolean;
	tags: Tag[];
	/** Why the task is stopping, recorded when the stop starts (for events and the circuit breaker). */
	failed: boolean;
	/** Bumped on every transition, so stale timers can be recognised. */
	gen: number;
	/** Whether the service already counted this task's start in an event. */
	everRunning: boolean;
	/** A leaking task's memory timeline (behaviour.memoryLeakSeconds): the climb starts at `from`, the kill comes at `oomAt`. */
	leak?: {from: number; oomAt: number};
}

export interface InstanceRec {
	seq: number;
	id: string;
	arn: string;
	cluster: ClusterRec;
	ec2InstanceId: string;
	instanceType: string;
	availabilityZone: string;
	status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
	statusReason?: string;
	agentConnected: boolean;
	counts: Counts;
	cpu: number;
	memory: number;
	remainingCpu: number;
	remainingMemory: number;
	/** Ports the agent and tasks hold (ECS lists reserved ports as the PORTS resource). */
	ports: Set<number>;
	nextDynamicPort: number;
	tasksRunning: SeqList<TaskRec>;
	tasksStopped: SeqList<TaskRec>;
	registeredAt: number;
	version: number;
	agentVersion: string;
	capacityProviderName?: string;
	tags: Tag[];
	ip: string;
	subnet: string;
}
