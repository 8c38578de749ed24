// SDK shapes → domain types: dates become ISO strings, missing arrays become []. Each type is
// built by one object literal, so every task shares one compact V8 shape: a field ECS left out is
// an undefined-valued key (JSON output drops it). Deleting those keys instead turned each of
// 10,000 tasks into a dictionary-mode object, 1.5 KB more apiece, a fifth of the heap.
import type * as Sdk from '@aws-sdk/client-ecs';
import type * as D from '../domain.js';
import type {ExecSession} from './ecs-api.js';

const iso = (date: Date | undefined): string | undefined => (date ? date.toISOString() : undefined);
const tags = (list: Sdk.Tag[] | undefined): D.Tag[] | undefined =>
	list?.length ? list.map(t => ({key: t.key ?? '', value: t.value ?? ''})) : undefined;
const strategy = (list: Sdk.CapacityProviderStrategyItem[] | undefined): D.CapacityProviderStrategyItem[] | undefined =>
	list?.length ? list.map(s => ({capacityProvider: s.capacityProvider ?? '', weight: s.weight, base: s.base})) : undefined;

export function toFailure(f: Sdk.Failure): D.Failure {
	return ({arn: f.arn, reason: f.reason, detail: f.detail});
}

export function toCluster(c: Sdk.Cluster): D.Cluster {
	return ({
		clusterArn: c.clusterArn ?? '',
		clusterName: c.clusterName ?? '',
		status: c.status ?? '',
		runningTasksCount: c.runningTasksCount ?? 0,
		pendingTasksCount: c.pendingTasksCount ?? 0,
		activeServicesCount: c.activeServicesCount ?? 0,
		registeredContainerInstancesCount: c.registeredContainerInstancesCount ?? 0,
		capacityProviders: c.capacityProviders ?? [],
		defaultCapacityProviderStrategy: strategy(c.defaultCapacityProviderStrategy),
		statistics: c.statistics?.length ? c.statistics.map(s => ({name: s.name ?? '', value: numeric(s.value)})) : undefined,
		containerInsights: c.settings?.find(s => s.name === 'containerInsights')?.value,
		tags: tags(c.tags),
	});
}

function numeric(value: string | undefined): number | string {
	const n = Number(value);
	return value !== undefined && value.trim() !== '' && Number.isFinite(n) ? n : (value ?? '');
}

function toDeployment(d: Sdk.Deployment): D.Deployment {
	return ({
		id: d.id ?? '',
		status: d.status ?? '',
		taskDefinition: d.taskDefinition ?? '',
		desiredCount: d.desiredCount ?? 0,
		runningCount: d.runningCount ?? 0,
		pendingCount: d.pendingCount ?? 0,
		failedTasks: d.failedTasks,
		rolloutState: d.rolloutState,
		rolloutStateReason: d.rolloutStateReason,
		createdAt: iso(d.createdAt),
		updatedAt: iso(d.updatedAt),
		launchType: d.launchType,
		capacityProviderStrategy: strategy(d.capacityProviderStrategy),
		platformVersion: d.platformVersion,
	});
}

function toDeploymentConfiguration(config: Sdk.DeploymentConfiguration | undefined): D.DeploymentConfiguration | undefined {
	if (!config) return undefined;
	const breaker = config.deploymentCircuitBreaker;
	return {
		minimumHealthyPercent: config.minimumHealthyPercent,
		maximumPercent: config.maximumPercent,
		deploymentCircuitBreaker: breaker ? {enable: breaker.enable ?? false, rollback: breaker.rollback ?? false} : undefined,
		strategy: config.strategy,
	};
}

export function toService(s: Sdk.Service): D.Service {
	const network = s.networkConfiguration?.awsvpcConfiguration;
	return ({
		serviceArn: s.serviceArn ?? '',
		serviceName: s.serviceName ?? '',
		clusterArn: s.clusterArn ?? '',
		status: s.status ?? '',
		desiredCount: s.desiredCount ?? 0,
		runningCount: s.runningCount ?? 0,
		pendingCount: s.pendingCount ?? 0,
		taskDefinition: s.taskDefinition ?? '',
		launchType: s.launchType,
		capacityProviderStrategy: strategy(s.capacityProviderStrategy),
		platformVersion: s.platformVersion,
		schedulingStrategy: s.schedulingStrategy,
		deploymentController: s.deploymentController?.type ? {type: s.deploymentController.type} : undefined,
		deploymentConfiguration: toDeploymentConfiguration(s.deploymentConfiguration),
		deployments: (s.deployments ?? []).map(toDeployment),
		currentServiceDeployment: s.currentServiceDeployment,
		events: (s.events ?? []).map(e => ({id: e.id ?? '', createdAt: iso(e.createdAt) ?? '', message: e.message ?? ''})),
		loadBalancers: (s.loadBalancers ?? []).map(lb =>
			({targetGroupArn: lb.targetGroupArn, loadBalancerName: lb.loadBalancerName, containerName: lb.containerName, containerPort: lb.containerPort}),
		),
		placementStrategy: (s.placementStrategy ?? []).map(p => ({type: p.type ?? '', field: p.field})),
		placementConstraints: (s.placementConstraints ?? []).map(p => ({type: p.type ?? '', expression: p.expression})),
		networkConfiguration: network
			? {awsvpcConfiguration: ({subnets: network.subnets ?? [], securityGroups: network.securityGroups, assignPublicIp: network.assignPublicIp})}
			: undefined,
		healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds,
		enableExecuteCommand: s.enableExecuteCommand,
		createdAt: iso(s.createdAt),
		createdBy: s.createdBy,
		tags: tags(s.tags),
	});
}

function toContainer(c: Sdk.Container): D.Container {
	return ({
		containerArn: c.containerArn,
		name: c.name ?? '',
		runtimeId: c.runtimeId,
		image: c.image,
		lastStatus: c.lastStatus,
		exitCode: c.exitCode,
		reason: c.reason,
		healthStatus: c.healthStatus,
		cpu: c.cpu,
		memory: c.memory,
		networkBindings: c.networkBindings?.map(b =>
			({bindIP: b.bindIP, containerPort: b.containerPort, hostPort: b.hostPort, protocol: b.protocol}),
		),
		networkInterfaces: c.networkInterfaces?.map(n =>
			({attachmentId: n.attachmentId, privateIpv4Address: n.privateIpv4Address, ipv6Address: n.ipv6Address}),
		),
		managedAgents: c.managedAgents?.map(a =>
			({name: a.name ?? '', lastStatus: a.lastStatus, reason: a.reason, lastStartedAt: iso(a.lastStartedAt)}),
		),
	});
}

export function toTask(t: Sdk.Task): D.Task {
	return ({
		taskArn: t.taskArn ?? '',
		clusterArn: t.clusterArn ?? '',
		taskDefinitionArn: t.taskDefinitionArn ?? '',
		containerInstanceArn: t.containerInstanceArn,
		lastStatus: t.lastStatus ?? '',
		desiredStatus: t.desiredStatus ?? '',
		healthStatus: t.healthStatus,
		launchType: t.launchType,
		capacityProviderName: t.capacityProviderName,
		platformVersion: t.platformVersion,
		platformFamily: t.platformFamily,
		availabilityZone: t.availabilityZone,
		cpu: t.cpu,
		memory: t.memory,
		group: t.group,
		startedBy: t.startedBy,
		stopCode: t.stopCode,
		stoppedReason: t.stoppedReason,
		connectivity: t.connectivity,
		version: t.version,
		createdAt: iso(t.createdAt),
		pullStartedAt: iso(t.pullStartedAt),
		pullStoppedAt: iso(t.pullStoppedAt),
		startedAt: iso(t.startedAt),
		stoppingAt: iso(t.stoppingAt),
		stoppedAt: iso(t.stoppedAt),
		executionStoppedAt: iso(t.executionStoppedAt),
		connectivityAt: iso(t.connectivityAt),
		enableExecuteCommand: t.enableExecuteCommand,
		containers: (t.containers ?? []).map(toContainer),
		attachments: (t.attachments ?? []).map(a =>
			({id: a.id, type: a.type, status: a.status, details: (a.details ?? []).map(d => ({name: d.name ?? '', value: d.value ?? ''}))}),
		),
		tags: tags(t.tags),
	});
}

const toResource = (r: Sdk.Resource): D.Resource =>
	({
		name: r.name ?? '',
		type: r.type,
		integerValue: r.integerValue,
		doubleValue: r.doubleValue,
		longValue: r.longValue,
		stringSetValue: r.stringSetValue,
	});

export function toContainerInstance(c: Sdk.ContainerInstance): D.ContainerInstance {
	const v = c.versionInfo;
	return ({
		containerInstanceArn: c.containerInstanceArn ?? '',
		ec2InstanceId: c.ec2InstanceId,
		status: c.status ?? '',
		statusReason: c.statusReason,
		agentConnected: c.agentConnected ?? false,
		runningTasksCount: c.runningTasksCount ?? 0,
		pendingTasksCount: c.pendingTasksCount ?? 0,
		registeredResources: (c.registeredResources ?? []).map(toResource),
		remainingResources: (c.remainingResources ?? []).map(toResource),
		versionInfo: v ? ({agentVersion: v.agentVersion, agentHash: v.agentHash, dockerVersion: v.dockerVersion}) : undefined,
		attributes: c.attributes?.map(a => ({name: a.name ?? '', value: a.value})),
		capacityProviderName: c.capacityProviderName,
		agentUpdateStatus: c.agentUpdateStatus,
		registeredAt: iso(c.registeredAt),
		healthStatus: c.healthStatus ? ({overallStatus: c.healthStatus.overallStatus}) : undefined,
		tags: tags(c.tags),
	});
}

export function toTaskDefinition(t: Sdk.TaskDefinition): D.TaskDefinition {
	return ({
		taskDefinitionArn: t.taskDefinitionArn ?? '',
		family: t.family ?? '',
		revision: t.revision ?? 0,
		status: t.status,
		cpu: t.cpu,
		memory: t.memory,
		networkMode: t.networkMode,
		requiresCompatibilities: t.requiresCompatibilities,
		containerDefinitions: (t.containerDefinitions ?? []).map(c =>
			({
				name: c.name ?? '',
				image: c.image ?? '',
				cpu: c.cpu,
				memory: c.memory,
				memoryReservation: c.memoryReservation,
				essential: c.essential,
				portMappings: (c.portMappings ?? []).map(p => ({containerPort: p.containerPort, hostPort: p.hostPort, protocol: p.protocol})),
				environment: (c.environment ?? []).map(e => ({name: e.name ?? '', value: e.value})),
				logConfiguration: c.logConfiguration ? ({logDriver: c.logConfiguration.logDriver ?? '', options: c.logConfiguration.options}) : undefined,
				healthCheck: c.healthCheck
					? ({
							command: c.healthCheck.command ?? [],
							interval: c.healthCheck.interval,
							timeout: c.healthCheck.timeout,
							retries: c.healthCheck.retries,
							startPeriod: c.healthCheck.startPeriod,
						})
					: undefined,
				secrets: c.secrets?.map(x => ({name: x.name ?? '', valueFrom: x.valueFrom})),
			}),
		),
		taskRoleArn: t.taskRoleArn,
		executionRoleArn: t.executionRoleArn,
		registeredAt: iso(t.registeredAt),
		deregisteredAt: iso(t.deregisteredAt),
	});
}

export function toServiceRevision(r: Sdk.ServiceRevision): D.ServiceRevision {
	return {
		serviceRevisionArn: r.serviceRevisionArn ?? '',
		serviceArn: r.serviceArn,
		clusterArn: r.clusterArn,
		taskDefinition: r.taskDefinition,
		launchType: r.launchType,
		platformVersion: r.platformVersion,
		createdAt: iso(r.createdAt),
	};
}

export function toDeploymentBrief(b: Sdk.ServiceDeploymentBrief): D.ServiceDeploymentBrief {
	return ({
		serviceDeploymentArn: b.serviceDeploymentArn ?? '',
		serviceArn: b.serviceArn,
		clusterArn: b.clusterArn,
		status: b.status,
		statusReason: b.statusReason,
		targetServiceRevisionArn: b.targetServiceRevisionArn,
		startedAt: iso(b.startedAt),
		createdAt: iso(b.createdAt),
		finishedAt: iso(b.finishedAt),
	});
}

const revision = (r: Sdk.ServiceRevisionSummary) =>
	({arn: r.arn ?? '', requestedTaskCount: r.requestedTaskCount, runningTaskCount: r.runningTaskCount, pendingTaskCount: r.pendingTaskCount});

export function toServiceDeployment(d: Sdk.ServiceDeployment): D.ServiceDeployment {
	const breaker = d.deploymentCircuitBreaker;
	return ({
		serviceDeploymentArn: d.serviceDeploymentArn ?? '',
		serviceArn: d.serviceArn,
		clusterArn: d.clusterArn,
		status: d.status,
		statusReason: d.statusReason,
		targetServiceRevisionArn: d.targetServiceRevision?.arn,
		startedAt: iso(d.startedAt),
		createdAt: iso(d.createdAt),
		finishedAt: iso(d.finishedAt),
		updatedAt: iso(d.updatedAt),
		stoppedAt: iso(d.stoppedAt),
		sourceServiceRevisions: d.sourceServiceRevisions?.map(revision),
		targetServiceRevision: d.targetServiceRevision ? revision(d.targetServiceRevision) : undefined,
		deploymentCircuitBreaker: breaker ? ({status: breaker.status, failureCount: breaker.failureCount, threshold: breaker.threshold}) : undefined,
		rollback: d.rollback ? ({reason: d.rollback.reason, startedAt: iso(d.rollback.startedAt), serviceRevisionArn: d.rollback.serviceRevisionArn}) : undefined,
		deploymentConfiguration: toDeploymentConfiguration(d.deploymentConfiguration),
		alarms: d.alarms ? {status: d.alarms.status, alarmNames: d.alarms.alarmNames, triggeredAlarmNames: d.alarms.triggeredAlarmNames} : undefined,
		lifecycleStage: d.lifecycleStage,
	});
}

/** ExecuteCommand's answer (its session is handed to session-manager-plugin, key for key). */
export function toExecSession(out: Sdk.ExecuteCommandResponse): ExecSession {
	const s = out.session;
	return {
		session: {sessionId: s?.sessionId ?? '', streamUrl: s?.streamUrl ?? '', tokenValue: s?.tokenValue ?? ''},
		clusterArn: out.clusterArn ?? '',
		taskArn: out.taskArn ?? '',
		containerName: out.containerName ?? '',
		containerArn: out.containerArn,
		interactive: out.interactive,
	};
}
