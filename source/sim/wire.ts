// Records → ECS wire shapes (what DescribeX returns), with dates as epoch seconds: clusters,
// services and service deployments here; tasks, instances and task definitions in wire-tasks.ts.
import {seconds} from './protocol.js';
import {createHash} from 'node:crypto';
import type {ClusterRec, DeploymentRec, ServiceDeploymentRec, ServiceRec, ServiceRevisionRec} from './model.js';

export {instanceWire, taskDefWire, taskWire} from './wire-tasks.js';

type Json = Record<string, unknown>;

export function clusterWire(c: ClusterRec, include: string[]): Json {
	let registered = 0;
	for (const i of c.instances.values()) if (i.status === 'ACTIVE' || i.status === 'DRAINING') registered++;
	const out: Json = {
		clusterArn: c.arn,
		clusterName: c.name,
		status: c.status,
		registeredContainerInstancesCount: registered,
		runningTasksCount: c.counts.running,
		pendingTasksCount: c.counts.pending,
		activeServicesCount: c.activeServices.ec2 + c.activeServices.fargate,
		statistics: [],
		tags: [],
		// Always, as moto answers; ECS's reference says `include: SETTINGS` adds them, and ecs-top
		// asks for SETTINGS either way.
		settings: [{name: 'containerInsights', value: c.containerInsights}],
		capacityProviders: c.capacityProviders,
		defaultCapacityProviderStrategy: c.defaultCapacityProviderStrategy,
	};
	if (include.includes('STATISTICS')) {
		// Names as ECS sends them, including the odd capital R.
		const stats: Array<[string, number]> = [
			['runningEC2TasksCount', c.ec2.running],
			['RunningFargateTasksCount', c.fargate.running],
			['pendingEC2TasksCount', c.ec2.pending],
			['pendingFargateTasksCount', c.fargate.pending],
			['activeEC2ServiceCount', c.activeServices.ec2],
			['activeFargateServiceCount', c.activeServices.fargate],
			['drainingEC2ServiceCount', c.drainingServices.ec2],
			['drainingFargateServiceCount', c.drainingServices.fargate],
		];
		out.statistics = stats.map(([name, value]) => ({name, value: String(value)}));
	}
	if (include.includes('TAGS')) out.tags = c.tags;
	return out;
}

function deploymentWire(svc: ServiceRec, d: DeploymentRec): Json {
	return {
		id: d.id,
		status: d.status,
		taskDefinition: d.taskDef.arn,
		desiredCount: d.desiredCount,
		pendingCount: d.counts.pending,
		runningCount: d.counts.running,
		failedTasks: d.failedTasks,
		createdAt: seconds(d.createdAt),
		updatedAt: seconds(d.updatedAt),
		launchType: svc.launchType,
		platformVersion: svc.platformVersion,
		platformFamily: svc.launchType === 'FARGATE' ? 'Linux' : undefined,
		networkConfiguration: svc.networkConfiguration,
		rolloutState: d.rolloutState,
		rolloutStateReason: d.rolloutStateReason,
	};
}

export function serviceWire(svc: ServiceRec, include: string[]): Json {
	const primary = svc.deployments[0];
	return {
		serviceArn: svc.arn,
		serviceName: svc.name,
		clusterArn: svc.cluster.arn,
		loadBalancers: svc.loadBalancers,
		serviceRegistries: [],
		status: svc.status,
		desiredCount: svc.desiredCount,
		runningCount: svc.counts.running,
		pendingCount: svc.counts.pending,
		launchType: svc.launchType,
		platformVersion: svc.platformVersion,
		platformFamily: svc.launchType === 'FARGATE' ? 'Linux' : undefined,
		taskDefinition: primary?.taskDef.arn,
		deploymentConfiguration: {
			deploymentCircuitBreaker: svc.circuitBreaker ?? {enable: false, rollback: false},
			maximumPercent: svc.maximumPercent,
			minimumHealthyPercent: svc.minimumHealthyPercent,
			strategy: 'ROLLING',
		},
		deployments: svc.deployments.map(d => deploymentWire(svc, d)),
		events: svc.events.map(e => ({id: e.id, createdAt: seconds(e.createdAt), message: e.message})),
		createdAt: seconds(svc.createdAt),
		currentServiceDeployment: primary?.serviceDeployment.arn,
		currentServiceRevisions: svc.deployments.map(d => ({
			arn: d.revision.arn,
			requestedTaskCount: d.desiredCount,
			runningTaskCount: d.counts.running,
			pendingTaskCount: d.counts.pending,
		})),
		placementConstraints: svc.placementConstraints,
		placementStrategy: svc.placementStrategy,
		networkConfiguration: svc.networkConfiguration,
		healthCheckGracePeriodSeconds: svc.healthCheckGracePeriodSeconds,
		schedulingStrategy: svc.schedulingStrategy,
		deploymentController: {type: 'ECS'},
		createdBy: svc.createdBy,
		enableECSManagedTags: true,
		propagateTags: 'NONE',
		enableExecuteCommand: svc.enableExecuteCommand,
		availabilityZoneRebalancing: 'ENABLED',
		resourceManagementType: 'CUSTOMER',
		tags: include.includes('TAGS') ? svc.tags : undefined,
	};
}

export function serviceDeploymentBrief(sd: ServiceDeploymentRec): Json {
	return {
		serviceDeploymentArn: sd.arn,
		serviceArn: sd.service.arn,
		clusterArn: sd.service.cluster.arn,
		startedAt: seconds(sd.startedAt),
		createdAt: seconds(sd.createdAt),
		finishedAt: seconds(sd.finishedAt),
		targetServiceRevisionArn: sd.revisionArn,
		status: sd.status,
		statusReason: sd.statusReason,
	};
}

export function serviceDeploymentWire(sd: ServiceDeploymentRec): Json {
	const svc = sd.service;
	const d = sd.deployment;
	const revision = (arn: string, x: DeploymentRec) => ({arn, requestedTaskCount: x.desiredCount, runningTaskCount: x.counts.running, pendingTaskCount: x.counts.pending});
	const breaker = svc.circuitBreaker?.enable;
	const threshold = Math.min(200, Math.max(3, Math.ceil(d.desiredCount * 0.5)));
	// The brief's targetServiceRevisionArn is ListServiceDeployments' field only; here it is targetServiceRevision.arn.
	const {targetServiceRevisionArn: _, ...brief} = serviceDeploymentBrief(sd);
	return {
		...brief,
		updatedAt: seconds(sd.updatedAt),
		stoppedAt: seconds(sd.stoppedAt),
		sourceServiceRevisions: sd.sourceRevisions.map(s => revision(s.arn, s.deployment)),
		targetServiceRevision: revision(sd.revisionArn, d),
		deploymentConfiguration: {
			deploymentCircuitBreaker: svc.circuitBreaker ?? {enable: false, rollback: false},
			maximumPercent: svc.maximumPercent,
			minimumHealthyPercent: svc.minimumHealthyPercent,
			strategy: 'ROLLING',
		},
		rollback: sd.rollback ? {reason: sd.rollback.reason, startedAt: seconds(sd.rollback.startedAt), serviceRevisionArn: sd.rollback.serviceRevisionArn} : undefined,
		deploymentCircuitBreaker: {
			// FAILED without reaching the threshold: stopped by a rollback request, not by the breaker.
			status: !breaker ? 'DISABLED' : d.rolloutState === 'FAILED' ? (d.failedTasks >= threshold ? 'TRIGGERED' : 'MONITORING_COMPLETE') : d.rolloutState === 'COMPLETED' ? 'MONITORING_COMPLETE' : 'MONITORING',
			failureCount: d.failedTasks,
			threshold,
		},
		alarms: {status: 'DISABLED'},
	};
}

/** A stable stand-in for the digest ECS resolves an image tag to when a deployment starts. */
function imageDigest(image: string): string {
	return `sha256:${createHash('sha256').update(image).digest('hex')}`;
}

export function serviceRevisionWire(r: ServiceRevisionRec): Json {
	const svc = r.service;
	return {
		serviceRevisionArn: r.arn,
		serviceArn: svc.arn,
		clusterArn: svc.cluster.arn,
		taskDefinition: r.taskDef.arn,
		launchType: r.launchType,
		platformVersion: r.platformVersion,
		platformFamily: r.launchType === 'FARGATE' ? 'Linux' : undefined,
		loadBalancers: r.loadBalancers.length > 0 ? r.loadBalancers : undefined,
		networkConfiguration: r.networkConfiguration,
		containerImages: r.taskDef.containerDefinitions.map(c => ({containerName: c.name, imageDigest: imageDigest(c.image), image: c.image})),
		guardDutyEnabled: false,
		serviceConnectConfiguration: {enabled: false},
		createdAt: seconds(r.createdAt),
	};
}
