// Tasks, container instances and task definitions in ECS's wire shapes (dates as epoch seconds).
import {seconds} from './protocol.js';
import type {InstanceRec, TaskDefRec, TaskRec} from './model.js';

type Json = Record<string, unknown>;

function attachmentStatus(task: TaskRec): string {
	if (task.lastStatus === 'PROVISIONING') return 'PRECREATED';
	if (task.lastStatus === 'DEPROVISIONING') return 'DELETED';
	if (task.lastStatus === 'STOPPED') return 'DELETED';
	return 'ATTACHED';
}

export function taskWire(t: TaskRec, include: string[]): Json {
	const eni = t.eni;
	const fargate = t.launchType === 'FARGATE';
	return {
		attachments: eni
			? [{
				id: eni.attachmentId,
				type: 'ElasticNetworkInterface',
				status: attachmentStatus(t),
				details: [
					{name: 'subnetId', value: eni.subnet},
					{name: 'networkInterfaceId', value: eni.id},
					{name: 'macAddress', value: eni.mac},
					{name: 'privateDnsName', value: `ip-${eni.ip.replaceAll('.', '-')}.ec2.internal`},
					{name: 'privateIPv4Address', value: eni.ip},
				],
			}]
			: [],
		attributes: [{name: 'ecs.cpu-architecture', value: 'x86_64'}],
		availabilityZone: t.availabilityZone,
		capacityProviderName: fargate ? 'FARGATE' : undefined,
		clusterArn: t.cluster.arn,
		connectivity: t.connectivity,
		connectivityAt: seconds(t.connectivityAt),
		containerInstanceArn: t.instance?.arn,
		containers: t.containers.map(c => ({
			containerArn: c.arn,
			taskArn: t.arn,
			name: c.name,
			image: c.image,
			// Once the container was started, as ECS shows it (the AWS CLI builds the exec target from it).
			runtimeId: t.everRunning ? c.runtimeId : undefined,
			lastStatus: c.lastStatus,
			exitCode: c.exitCode,
			reason: c.reason,
			networkBindings: c.networkBindings,
			networkInterfaces: eni ? [{attachmentId: eni.attachmentId, privateIpv4Address: eni.ip}] : [],
			healthStatus: c.healthStatus,
			cpu: String(c.cpu),
			memory: c.memory === undefined ? undefined : String(c.memory),
			managedAgents: c.agent ? [{name: 'ExecuteCommandAgent', lastStatus: c.agent.lastStatus, lastStartedAt: seconds(c.agent.lastStartedAt)}] : undefined,
		})),
		cpu: String(t.taskDef.cpu),
		createdAt: seconds(t.createdAt),
		desiredStatus: t.desiredStatus,
		enableExecuteCommand: t.enableExecuteCommand,
		ephemeralStorage: fargate ? {sizeInGiB: 20} : undefined,
		executionStoppedAt: seconds(t.executionStoppedAt),
		group: t.group,
		healthStatus: t.healthStatus,
		lastStatus: t.lastStatus,
		launchType: t.launchType,
		memory: String(t.taskDef.memory),
		overrides: {containerOverrides: t.containers.map(c => ({name: c.name})), inferenceAcceleratorOverrides: []},
		platformVersion: t.platformVersion,
		platformFamily: fargate ? 'Linux' : undefined,
		pullStartedAt: seconds(t.pullStartedAt),
		pullStoppedAt: seconds(t.pullStoppedAt),
		startedAt: seconds(t.startedAt),
		startedBy: t.startedBy,
		stopCode: t.stopCode,
		stoppedAt: seconds(t.stoppedAt),
		stoppedReason: t.stoppedReason,
		stoppingAt: seconds(t.stoppingAt),
		tags: include.includes('TAGS') ? t.tags : [],
		taskArn: t.arn,
		taskDefinitionArn: t.taskDef.arn,
		version: t.version,
	};
}

export function instanceWire(i: InstanceRec, include: string[]): Json {
	const ports = [...i.ports].sort((a, b) => a - b).map(String);
	const resources = (cpu: number, memory: number, portList: string[]) => [
		{name: 'CPU', type: 'INTEGER', doubleValue: 0, longValue: 0, integerValue: cpu},
		{name: 'MEMORY', type: 'INTEGER', doubleValue: 0, longValue: 0, integerValue: memory},
		{name: 'PORTS', type: 'STRINGSET', doubleValue: 0, longValue: 0, integerValue: 0, stringSetValue: portList},
		{name: 'PORTS_UDP', type: 'STRINGSET', doubleValue: 0, longValue: 0, integerValue: 0, stringSetValue: []},
	];
	return {
		containerInstanceArn: i.arn,
		ec2InstanceId: i.ec2InstanceId,
		capacityProviderName: i.capacityProviderName,
		version: i.version,
		versionInfo: {agentVersion: i.agentVersion, agentHash: 'a8e3b1e5', dockerVersion: 'DockerVersion: 25.0.8'},
		remainingResources: resources(i.remainingCpu, i.remainingMemory, ports),
		registeredResources: resources(i.cpu, i.memory, ['22', '2375', '2376', '51678', '51679']),
		status: i.status,
		statusReason: i.statusReason,
		agentConnected: i.agentConnected,
		runningTasksCount: i.counts.running,
		pendingTasksCount: i.counts.pending,
		attributes: [
			{name: 'ecs.availability-zone', value: i.availabilityZone},
			{name: 'ecs.instance-type', value: i.instanceType},
			{name: 'ecs.os-type', value: 'linux'},
			{name: 'ecs.cpu-architecture', value: 'x86_64'},
			{name: 'ecs.ami-id', value: 'ami-0c1a7f89451184c8b'},
			{name: 'ecs.subnet-id', value: i.subnet},
		],
		registeredAt: seconds(i.registeredAt),
		attachments: [],
		tags: include.includes('TAGS') ? i.tags : [],
		healthStatus: include.includes('CONTAINER_INSTANCE_HEALTH')
			? {overallStatus: i.agentConnected ? 'OK' : 'IMPAIRED', details: [{type: 'CONTAINER_RUNTIME', status: i.agentConnected ? 'OK' : 'IMPAIRED', lastUpdated: seconds(i.registeredAt), lastStatusChange: seconds(i.registeredAt)}]}
			: undefined,
	};
}

export function taskDefWire(d: TaskDefRec): Json {
	return {
		taskDefinitionArn: d.arn,
		containerDefinitions: d.containerDefinitions.map(c => ({
			...c,
			environment: c.environment ?? [],
			mountPoints: [],
			volumesFrom: [],
			systemControls: [],
		})),
		family: d.family,
		taskRoleArn: d.taskRoleArn,
		executionRoleArn: d.executionRoleArn,
		networkMode: d.networkMode,
		revision: d.revision,
		volumes: [],
		status: d.status,
		requiresAttributes: requiresAttributes(d),
		placementConstraints: [],
		compatibilities: d.networkMode === 'awsvpc' ? ['EC2', 'FARGATE'] : ['EC2'],
		requiresCompatibilities: d.requiresCompatibilities,
		cpu: d.taskLevel.cpu ? String(d.cpu) : undefined,
		memory: d.taskLevel.memory ? String(d.memory) : undefined,
		registeredAt: seconds(d.registeredAt),
		deregisteredAt: seconds(d.deregisteredAt),
		registeredBy: d.registeredBy,
	};
}

/** The capabilities ECS derives from a definition (what an instance must offer to run it). */
function requiresAttributes(d: TaskDefRec): Array<{name: string}> {
	const names = new Set<string>();
	for (const c of d.containerDefinitions) {
		if (c.logConfiguration?.logDriver === 'awslogs') names.add('com.amazonaws.ecs.capability.logging-driver.awslogs');
		if (c.logConfiguration?.logDriver === 'awslogs' && d.executionRoleArn) names.add('ecs.capability.execution-role-awslogs');
		if (c.healthCheck) names.add('ecs.capability.container-health-check');
		if (c.secrets?.some(s => s.valueFrom.startsWith('arn:aws:secretsmanager:'))) names.add('ecs.capability.secrets.asm.environment-variables');
		if (c.secrets?.some(s => s.valueFrom.startsWith('arn:aws:ssm:') || !s.valueFrom.startsWith('arn:'))) names.add('ecs.capability.secrets.ssm.environment-variables');
		if (c.image.includes('.dkr.ecr.') && d.executionRoleArn) names.add('ecs.capability.execution-role-ecr-pull');
		if (c.image.includes('.dkr.ecr.')) names.add('com.amazonaws.ecs.capability.ecr-auth');
	}
	if (d.taskRoleArn) names.add('com.amazonaws.ecs.capability.task-iam-role');
	if (d.networkMode === 'awsvpc') names.add('ecs.capability.task-eni');
	return [...names].sort().map(name => ({name}));
}
