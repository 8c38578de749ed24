// Creating a task: identifiers, containers, network (ENI for awsvpc, host ports for bridge/host),
// and the reservation on its instance. The task starts in PROVISIONING; lifecycle.ts moves it on.
import {execAgentSupported, runtimeIdFor} from './exec.js';
import type {ClusterRec, ContainerRec, DeploymentRec, InstanceRec, ServiceRec, TaskDefRec, TaskRec} from './model.js';
import type {WorldData} from './world-data.js';

export interface NewTask {
	cluster: ClusterRec;
	taskDef: TaskDefRec;
	launchType: 'EC2' | 'FARGATE';
	service?: ServiceRec;
	deployment?: DeploymentRec;
	instance?: InstanceRec;
	startedBy?: string;
	group?: string;
	availabilityZone?: string;
	createdAt?: number;
	/** RunTask's enableExecuteCommand; a service's task takes the service's setting at launch. */
	enableExecuteCommand?: boolean;
	/** A standalone Fargate task's platform (default 1.4.0); a service's task runs its deployment's. */
	platformVersion?: string;
}

export function zones(world: WorldData): string[] {
	return ['a', 'b', 'c'].map(z => `${world.region}${z}`);
}

export function subnetFor(world: WorldData, zone: string): string {
	let h = 7;
	for (const ch of `${world.accountId}${zone}`) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
	return `subnet-0${h.toString(16).padStart(8, '0')}${zone.slice(-1).charCodeAt(0).toString(16)}abc12`;
}

export function privateIp(world: WorldData, zone: string): string {
	const z = zones(world).indexOf(zone);
	return `10.0.${Math.max(z, 0) * 64 + world.rng.int(64)}.${1 + world.rng.int(254)}`;
}

export function createTask(world: WorldData, spec: NewTask): TaskRec {
	const {cluster, taskDef, instance} = spec;
	const id = world.rng.hex(32);
	const zone = instance?.availabilityZone ?? spec.availabilityZone ?? world.rng.pick(zones(world));
	const ports: number[] = [];
	const platformVersion = spec.launchType === 'FARGATE' ? spec.deployment?.revision.platformVersion ?? spec.platformVersion ?? '1.4.0' : undefined;
	const exec = spec.enableExecuteCommand ?? spec.service?.enableExecuteCommand ?? false;
	// Without a capable platform ECS starts the task with exec on but no agent in it (exec then fails).
	const agent = exec && execAgentSupported(spec.launchType, platformVersion, instance?.agentVersion);
	const containers: ContainerRec[] = taskDef.containerDefinitions.map((def, index) => {
		const bindings: ContainerRec['networkBindings'] = [];
		if (instance && taskDef.networkMode !== 'awsvpc') {
			for (const m of def.portMappings) {
				let host = taskDef.networkMode === 'host' ? m.containerPort : m.hostPort;
				if (!host) {
					host = instance.nextDynamicPort;
					instance.nextDynamicPort = host >= 60999 ? 32768 : host + 1;
				}
				ports.push(host!);
				bindings.push({bindIP: '0.0.0.0', containerPort: m.containerPort ?? host!, hostPort: host!, protocol: m.protocol ?? 'tcp'});
			}
		}
		return {
			name: def.name,
			arn: world.arn(`container/${cluster.name}/${id}/${world.rng.uuid()}`),
			image: def.image,
			essential: def.essential !== false,
			lastStatus: 'PENDING',
			healthStatus: 'UNKNOWN',
			cpu: def.cpu ?? 0,
			memory: def.memory,
			networkBindings: bindings,
			hasHealthCheck: def.healthCheck !== undefined,
			runtimeId: runtimeIdFor(id, spec.launchType, index, def.name),
			agent: agent ? {lastStatus: 'PENDING'} : undefined,
		};
	});
	const task: TaskRec = {
		seq: world.nextSeq(),
		id,
		arn: world.arn(`task/${cluster.name}/${id}`),
		cluster,
		service: spec.service,
		deployment: spec.deployment,
		instance,
		taskDef,
		launchType: spec.launchType,
		platformVersion,
		enableExecuteCommand: exec,
		availabilityZone: zone,
		lastStatus: 'PROVISIONING',
		desiredStatus: 'RUNNING',
		healthStatus: 'UNKNOWN',
		group: spec.group ?? (spec.service ? `service:${spec.service.name}` : `family:${taskDef.family}`),
		startedBy: spec.startedBy ?? spec.deployment?.id,
		version: 1,
		createdAt: spec.createdAt ?? world.now(),
		containers,
		ports,
		reserved: false,
		tags: [],
		failed: false,
		gen: 0,
		everRunning: false,
	};
	if (taskDef.networkMode === 'awsvpc') {
		task.eni = {
			id: `eni-0${world.rng.hex(16)}`,
			attachmentId: world.rng.uuid(),
			mac: `0e:${[0, 0, 0, 0, 0].map(() => world.rng.hex(2)).join(':')}`,
			subnet: subnetFor(world, zone),
			ip: privateIp(world, zone),
		};
	}
	if (instance) {
		task.reserved = true;
		instance.remainingCpu -= taskDef.cpu;
		instance.remainingMemory -= taskDef.memory;
		for (const p of ports) instance.ports.add(p);
		instance.version++;
		if (spec.service) spec.service.perInstance.set(instance.id, (spec.service.perInstance.get(instance.id) ?? 0) + 1);
	}
	// Counted as pending from the start (PROVISIONING is a pending state).
	for (const counts of [cluster.counts, spec.launchType === 'FARGATE' ? cluster.fargate : cluster.ec2, spec.service?.counts, spec.deployment?.counts, instance?.counts]) {
		if (counts) counts.pending++;
	}
	cluster.tasks.set(id, task);
	for (const owner of [cluster, spec.service, instance]) owner?.tasksRunning.add(task);
	spec.deployment?.active.add(task);
	return task;
}
