// The simulated ECS world and its builder API (used by the demo and big worlds and by tests):
//   const c = world.addCluster('shop');
//   world.addInstance(c, {instanceType: 'm5.large'});
//   const td = world.addTaskDefinition({family: 'web', cpu: 256, memory: 512, containerPort: 80});
//   const svc = world.addService(c, {name: 'web', taskDefinition: td, desiredCount: 3});
//   world.runTask(c, {taskDefinition: td});             // a standalone task
//   world.renameService(svc, 'we\u001b[2Jb');          // names are taken as given
// Everything added with `running` tasks starts settled (RUNNING, backdated timestamps, steady);
// after that the scheduler moves it.
import type {LoadBalancer, PlacementConstraint, PlacementStrategy, Tag} from '../domain.js';
import {emptyServiceDeployments, newDeployment, pastDeployment} from './deployments.js';
import {SeqList} from './paging.js';
import {place} from './placement.js';
import {Scheduler} from './scheduler.js';
import {createTask, privateIp, subnetFor, zones} from './tasks.js';
import {WorldData} from './world-data.js';
import type {TaskDefInput} from './taskdef-input.js';
import type {Behaviour, ClusterRec, InstanceRec, ServiceRec, SimContainerDefinition, TaskDefRec, TaskRec} from './model.js';

export interface TaskDefinitionSpec {
	family: string;
	cpu?: number;
	memory?: number;
	networkMode?: 'awsvpc' | 'bridge' | 'host';
	requiresCompatibilities?: string[];
	image?: string;
	/** One container listening here (bridge: dynamic host port unless hostPort is given). */
	containerPort?: number;
	hostPort?: number;
	healthCheck?: boolean;
	/** Added after APP_ENV=production in the one default container. */
	environment?: Array<{name: string; value: string}>;
	secrets?: Array<{name: string; valueFrom: string}>;
	memoryReservation?: number;
	containers?: SimContainerDefinition[];
	tags?: Tag[];
	/** Default: a day before the world starts. */
	registeredAt?: number;
	/** Registered, then deregistered at this time (INACTIVE). */
	deregisteredAt?: number;
	behaviour?: Behaviour;
}

export interface InstanceSpec {
	instanceType?: string;
	cpu?: number;
	memory?: number;
	availabilityZone?: string;
	status?: 'ACTIVE' | 'DRAINING';
	agentConnected?: boolean;
	registeredAt?: number;
	/** The ECS agent's version (default 1.89.2; below 1.50.2 it has no ECS Exec). */
	agentVersion?: string;
}

export interface ServiceSpec {
	name: string;
	taskDefinition: TaskDefRec | string;
	desiredCount: number;
	launchType?: 'EC2' | 'FARGATE';
	/** Tasks already RUNNING when the world starts (default: as many as fit, up to desiredCount). */
	running?: number;
	minimumHealthyPercent?: number;
	maximumPercent?: number;
	circuitBreaker?: {enable: boolean; rollback: boolean};
	loadBalancers?: LoadBalancer[];
	placementStrategy?: PlacementStrategy[];
	placementConstraints?: PlacementConstraint[];
	createdAt?: number;
	tags?: Tag[];
	/** ECS Exec for the tasks the service launches (default false). */
	enableExecuteCommand?: boolean;
	/** Fargate platform version the service asks for (default LATEST, which is 1.4.0). */
	platformVersion?: string;
	/**
	 * Earlier deployments, oldest first, each finished (SUCCESSFUL) and replaced by the next: the
	 * service deployment and service revision history. The service is created with the first.
	 */
	history?: Array<{taskDefinition: TaskDefRec; at: number}>;
	/** When the current deployment started (default: the service's creation, or with history, a day after the last). */
	deployedAt?: number;
}

export interface TaskSpec {
	taskDefinition: TaskDefRec | string;
	launchType?: 'EC2' | 'FARGATE';
	instance?: InstanceRec;
	startedBy?: string;
	group?: string;
	/** 'running' (default): settled RUNNING; 'launch': starts its lifecycle now. */
	state?: 'running' | 'launch';
	startedAt?: number;
	/** RunTask's enableExecuteCommand (default false). */
	enableExecuteCommand?: boolean;
	/** Fargate platform version (default 1.4.0). */
	platformVersion?: string;
}

const instanceTypes: Record<string, {cpu: number; memory: number}> = {
	't3.medium': {cpu: 2048, memory: 3904},
	'm5.large': {cpu: 2048, memory: 7680},
	'm5.xlarge': {cpu: 4096, memory: 15_576},
	'c5.2xlarge': {cpu: 8192, memory: 15_360},
	'm5.4xlarge': {cpu: 16_384, memory: 63_200},
};

export class World extends WorldData {
	readonly scheduler: Scheduler;

	constructor(options: {region?: string; accountId?: string; seed?: number; start: number}) {
		super({...options, now: () => options.start});
		this.scheduler = new Scheduler(this, options.start);
	}

	addCluster(name: string, options: {tags?: Tag[]; capacityProviders?: string[]; containerInsights?: ClusterRec['containerInsights']} = {}): ClusterRec {
		if (this.clusters.has(name)) throw new Error(`cluster ${name} exists`);
		const cluster: ClusterRec = {
			seq: this.nextSeq(),
			name,
			arn: this.arn(`cluster/${name}`),
			status: 'ACTIVE',
			tags: options.tags ?? [],
			capacityProviders: options.capacityProviders ?? ['FARGATE', 'FARGATE_SPOT'],
			defaultCapacityProviderStrategy: [],
			services: new Map(),
			serviceList: new SeqList(),
			instances: new Map(),
			instanceList: new SeqList(),
			tasks: new Map(),
			tasksRunning: new SeqList(),
			tasksStopped: new SeqList(),
			counts: {running: 0, pending: 0},
			ec2: {running: 0, pending: 0},
			fargate: {running: 0, pending: 0},
			activeServices: {ec2: 0, fargate: 0},
			drainingServices: {ec2: 0, fargate: 0},
			containerInsights: options.containerInsights ?? 'disabled',
		};
		this.clusters.set(name, cluster);
		this.clusterList.add(cluster);
		return cluster;
	}

	addTaskDefinition(spec: TaskDefinitionSpec): TaskDefRec {
		const revision = (this.families.get(spec.family)?.length ?? 0) + 1;
		const networkMode = spec.networkMode ?? 'awsvpc';
		const cpu = spec.cpu ?? 256;
		const memory = spec.memory ?? 512;
		const containers = spec.containers ?? [
			{
				name: spec.family,
				image: spec.image ?? `${this.accountId}.dkr.ecr.${this.region}.amazonaws.com/${spec.family}:${revision}.0.${this.rng.int(10)}`,
				cpu: 0,
				memory: memory,
				memoryReservation: spec.memoryReservation,
				essential: true,
				portMappings: spec.containerPort ? [{containerPort: spec.containerPort, hostPort: networkMode === 'awsvpc' ? spec.containerPort : (spec.hostPort ?? 0), protocol: 'tcp'}] : [],
				environment: [{name: 'APP_ENV', value: 'production'}, ...(spec.environment ?? [])],
				secrets: spec.secrets,
				logConfiguration: {logDriver: 'awslogs', options: {'awslogs-group': `/ecs/${spec.family}`, 'awslogs-region': this.region, 'awslogs-stream-prefix': 'ecs'}},
				healthCheck: spec.healthCheck ? {command: ['CMD-SHELL', `curl -f http://localhost:${spec.containerPort ?? 80}/health || exit 1`], interval: 30, timeout: 5, retries: 3, startPeriod: 10} : undefined,
			},
		];
		const def = this.indexTaskDef({
			family: spec.family,
			status: 'ACTIVE',
			cpu,
			memory,
			taskLevel: {cpu: true, memory: true},
			networkMode,
			requiresCompatibilities: spec.requiresCompatibilities ?? (networkMode === 'awsvpc' ? ['FARGATE', 'EC2'] : ['EC2']),
			containerDefinitions: containers,
			taskRoleArn: `arn:aws:iam::${this.accountId}:role/${spec.family}-task`,
			executionRoleArn: `arn:aws:iam::${this.accountId}:role/ecsTaskExecutionRole`,
			tags: spec.tags ?? [],
			registeredAt: spec.registeredAt ?? this.now() - 86_400_000,
			registeredBy: `arn:aws:iam::${this.accountId}:role/deploy`,
			behaviour: spec.behaviour ?? {},
		});
		if (spec.deregisteredAt !== undefined) this.deregisterTaskDef(def, spec.deregisteredAt);
		return def;
	}

	/** RegisterTaskDefinition: the next revision of the family, ACTIVE, registered now. */
	registerTaskDefinition(input: TaskDefInput): TaskDefRec {
		return this.indexTaskDef({...input, status: 'ACTIVE', registeredAt: this.now(), registeredBy: `arn:aws:iam::${this.accountId}:role/deploy`});
	}

	addInstance(clusterRef: ClusterRec | string, spec: InstanceSpec = {}): InstanceRec {
		const cluster = this.clusterOf(clusterRef);
		const instanceType = spec.instanceType ?? 'm5.xlarge';
		const size = instanceTypes[instanceType] ?? {cpu: 4096, memory: 15_576};
		const cpu = spec.cpu ?? size.cpu;
		const memory = spec.memory ?? size.memory;
		const zone = spec.availabilityZone ?? zones(this)[cluster.instances.size % 3]!;
		const id = this.rng.hex(32);
		const instance: InstanceRec = {
			seq: this.nextSeq(),
			id,
			arn: this.arn(`container-instance/${cluster.name}/${id}`),
			cluster,
			ec2InstanceId: `i-0${this.rng.hex(16)}`,
			instanceType,
			availabilityZone: zone,
			status: spec.status ?? 'ACTIVE',
			agentConnected: spec.agentConnected ?? true,
			counts: {running: 0, pending: 0},
			cpu,
			memory,
			remainingCpu: cpu,
			remainingMemory: memory,
			ports: new Set([22, 2375, 2376, 51678, 51679]),
			nextDynamicPort: 32768,
			tasksRunning: new SeqList(),
			tasksStopped: new SeqList(),
			registeredAt: spec.registeredAt ?? this.now() - (2 + this.rng.int(30)) * 86_400_000,
			version: 1,
			agentVersion: spec.agentVersion ?? '1.89.2',
			capacityProviderName: undefined,
			tags: [],
			ip: privateIp(this, zone),
			subnet: subnetFor(this, zone),
		};
		cluster.instances.set(id, instance);
		cluster.instanceList.add(instance);
		return instance;
	}

	addService(clusterRef: ClusterRec | string, spec: ServiceSpec): ServiceRec {
		const cluster = this.clusterOf(clusterRef);
		if (cluster.services.has(spec.name)) throw new Error(`service ${spec.name} exists`);
		const taskDef = this.taskDefOf(spec.taskDefinition);
		const launchType = spec.launchType ?? (taskDef.requiresCompatibilities.includes('EC2') && cluster.instances.size > 0 ? 'EC2' : 'FARGATE');
		const history = spec.history ?? [];
		// The draw happens with or without history, so the rest of a seed's world stays the same.
		const drawn = spec.createdAt ?? this.now() - (3 + this.rng.int(60)) * 86_400_000;
		const createdAt = history.length > 0 ? Math.min(drawn, history[0]!.at) : drawn;
		const deployedAt = spec.deployedAt ?? (history.length > 0 ? history.at(-1)!.at + 86_400_000 : createdAt);
		const svc: ServiceRec = {
			seq: this.nextSeq(),
			name: spec.name,
			arn: this.arn(`service/${cluster.name}/${spec.name}`),
			cluster,
			status: 'ACTIVE',
			desiredCount: spec.desiredCount,
			launchType,
			platformVersion: launchType === 'FARGATE' ? spec.platformVersion ?? 'LATEST' : undefined,
			schedulingStrategy: 'REPLICA',
			minimumHealthyPercent: spec.minimumHealthyPercent ?? 100,
			maximumPercent: spec.maximumPercent ?? 200,
			circuitBreaker: spec.circuitBreaker,
			deployments: [],
			serviceDeployments: emptyServiceDeployments(),
			events: [],
			loadBalancers: spec.loadBalancers ?? [],
			placementStrategy: spec.placementStrategy ?? [],
			placementConstraints: spec.placementConstraints ?? [],
			networkConfiguration: taskDef.networkMode === 'awsvpc' ? {awsvpcConfiguration: {subnets: zones(this).map(z => subnetFor(this, z)), securityGroups: [`sg-0${this.rng.hex(16)}`], assignPublicIp: 'DISABLED'}} : undefined,
			healthCheckGracePeriodSeconds: spec.loadBalancers?.length ? 60 : undefined,
			enableExecuteCommand: spec.enableExecuteCommand ?? false,
			createdAt,
			createdBy: `arn:aws:iam::${this.accountId}:role/deploy`,
			tags: spec.tags ?? [],
			counts: {running: 0, pending: 0},
			tasksRunning: new SeqList(),
			tasksStopped: new SeqList(),
			perInstance: new Map(),
			steady: false,
			failureStreak: 0,
			launchBackoffUntil: 0,
		};
		cluster.services.set(svc.name, svc);
		cluster.serviceList.add(svc);
		cluster.activeServices[launchType === 'FARGATE' ? 'fargate' : 'ec2']++;
		const past = history.map(h => pastDeployment(this, svc, h.taskDefinition, h.at));
		const deployment = newDeployment(this, svc, taskDef, {at: deployedAt, completed: true});
		const previous = past.at(-1);
		if (previous) deployment.serviceDeployment.sourceRevisions = [{arn: previous.revisionArn, deployment: previous.deployment}];
		const running = Math.min(spec.running ?? spec.desiredCount, spec.desiredCount);
		let settled = 0;
		for (let i = 0; i < running; i++) {
			const placement = place(cluster, taskDef, launchType, svc, this.rng);
			if (!placement.ok) break;
			const task = createTask(this, {cluster, taskDef, launchType, service: svc, deployment, instance: placement.instance});
			this.scheduler.lifecycle.settle(task, this.now() - this.rng.int(3 * 86_400) * 1000);
			settled++;
		}
		if (settled === spec.desiredCount) {
			svc.steady = true;
			this.addEvent(svc, `(service ${svc.name}) has reached a steady state.`, this.now() - this.rng.int(3600) * 1000);
		} else {
			this.scheduler.touch(svc, 500);
		}
		return svc;
	}

	/** A standalone task (RunTask): not part of any service, untouched by drains. */
	runTask(clusterRef: ClusterRec | string, spec: TaskSpec): TaskRec {
		const cluster = this.clusterOf(clusterRef);
		const taskDef = this.taskDefOf(spec.taskDefinition);
		const launchType = spec.launchType ?? (spec.instance || (taskDef.requiresCompatibilities.includes('EC2') && cluster.instances.size > 0) ? 'EC2' : 'FARGATE');
		let instance = spec.instance;
		if (!instance && launchType === 'EC2') {
			const placement = place(cluster, taskDef, launchType, undefined, this.rng);
			if (!placement.ok) throw new Error(`cannot place task: ${placement.reason}`);
			instance = placement.instance;
		}
		const task = createTask(this, {cluster, taskDef, launchType, instance, startedBy: spec.startedBy, group: spec.group, enableExecuteCommand: spec.enableExecuteCommand, platformVersion: spec.platformVersion});
		if (spec.state === 'launch') this.scheduler.lifecycle.start(task);
		else this.scheduler.lifecycle.settle(task, spec.startedAt ?? this.now() - this.rng.int(86_400) * 1000);
		return task;
	}

	/** Renames keep ARNs in step (tests plant control characters this way). */
	renameCluster(cluster: ClusterRec, name: string): void {
		this.clusters.delete(cluster.name);
		cluster.name = name;
		cluster.arn = this.arn(`cluster/${name}`);
		this.clusters.set(name, cluster);
	}

	renameService(svc: ServiceRec, name: string): void {
		svc.cluster.services.delete(svc.name);
		svc.name = name;
		svc.arn = this.arn(`service/${svc.cluster.name}/${name}`);
		svc.cluster.services.set(name, svc);
		// ECS names a service's tasks' group after it (service:NAME): keep them in it.
		for (const task of svc.cluster.tasks.values()) if (task.service === svc) task.group = `service:${name}`;
	}

	private clusterOf(ref: ClusterRec | string): ClusterRec {
		return typeof ref === 'string' ? this.cluster(ref) : ref;
	}

	private taskDefOf(ref: TaskDefRec | string): TaskDefRec {
		if (typeof ref !== 'string') return ref;
		const def = this.findTaskDef(ref);
		if (!def) throw new Error(`no task definition ${ref}`);
		return def;
	}
}
