// Deployments: creating one (UpdateService with a new task definition or forceNewDeployment),
// its service-deployment record, and the circuit breaker. The rolling reconciliation that moves
// tasks between deployments is in reconcile.ts.
import {messages} from './events.js';
import {SeqList} from './paging.js';
import type {DeploymentRec, ServiceDeploymentRec, ServiceRec, ServiceRevisionRec, TaskDefRec} from './model.js';
import type {WorldData} from './world-data.js';

export const MAX_SERVICE_DEPLOYMENTS = 100;

/** ECS's default circuit-breaker threshold: half the desired count, at least 3, at most 200. */
export function failureThreshold(desired: number): number {
	return Math.min(200, Math.max(3, Math.ceil(desired * 0.5)));
}

export function emptyServiceDeployments(): SeqList<ServiceDeploymentRec> {
	return new SeqList<ServiceDeploymentRec>();
}

/** The configuration a deployment sets out to run, as DescribeServiceRevisions shows it later. */
function captureRevision(world: WorldData, svc: ServiceRec, taskDef: TaskDefRec, arn: string, at: number): ServiceRevisionRec {
	const revision: ServiceRevisionRec = {
		arn,
		service: svc,
		taskDef,
		launchType: svc.launchType,
		// A revision records the platform version it resolved (the service may say LATEST).
		platformVersion: svc.launchType === 'FARGATE' ? (svc.platformVersion === 'LATEST' || !svc.platformVersion ? '1.4.0' : svc.platformVersion) : undefined,
		loadBalancers: svc.loadBalancers.map(lb => ({...lb})),
		networkConfiguration: svc.networkConfiguration,
		createdAt: at,
	};
	world.serviceRevisions.set(arn, revision);
	return revision;
}

/** Adds a service deployment to the history, dropping the oldest finished one past the bound (and its revision, unless a deployment still runs it). */
function record(world: WorldData, svc: ServiceRec, sd: ServiceDeploymentRec): void {
	svc.serviceDeployments.add(sd);
	if (svc.serviceDeployments.size <= MAX_SERVICE_DEPLOYMENTS) return;
	const oldest = svc.serviceDeployments.values()[0]!;
	if (oldest.finishedAt === undefined && oldest.stoppedAt === undefined) return;
	svc.serviceDeployments.remove(oldest);
	if (!svc.deployments.some(d => d.revision.arn === oldest.revisionArn)) world.serviceRevisions.delete(oldest.revisionArn);
}

/**
 * A deployment that ran before the world starts, finished a few minutes after `at` and since
 * replaced: only its service deployment and service revision remain. Identifiers come from the
 * history stream, so a world with history keeps every other identifier of its seed.
 */
export function pastDeployment(world: WorldData, svc: ServiceRec, taskDef: TaskDefRec, at: number): ServiceDeploymentRec {
	const rng = world.historyRng;
	const id = `ecs-svc/${rng.digits(19)}`;
	const revisionArn = world.arn(`service-revision/${svc.cluster.name}/${svc.name}/${rng.digits(19)}`);
	const finishedAt = at + (3 + rng.int(7)) * 60_000 + rng.int(60_000);
	const previous = svc.serviceDeployments.values().at(-1);
	const revision = captureRevision(world, svc, taskDef, revisionArn, at);
	const deployment: DeploymentRec = {
		id,
		status: 'INACTIVE',
		taskDef,
		revision,
		desiredCount: svc.desiredCount,
		counts: {running: 0, pending: 0},
		active: new Set(),
		failedTasks: 0,
		rolloutState: 'COMPLETED',
		rolloutStateReason: `ECS deployment ${id} completed.`,
		createdAt: at,
		updatedAt: finishedAt,
		serviceDeployment: undefined as unknown as ServiceDeploymentRec,
	};
	const sd: ServiceDeploymentRec = {
		seq: world.nextSeq(),
		arn: world.arn(`service-deployment/${svc.cluster.name}/${svc.name}/${rng.alnum(22)}`),
		revisionArn,
		service: svc,
		deployment,
		sourceRevisions: previous ? [{arn: previous.revisionArn, deployment: previous.deployment}] : [],
		status: 'SUCCESSFUL',
		createdAt: at,
		startedAt: at,
		updatedAt: finishedAt,
		finishedAt,
	};
	deployment.serviceDeployment = sd;
	record(world, svc, sd);
	return sd;
}

/** Starts a new PRIMARY deployment; the previous ones become ACTIVE (still holding tasks). */
export function newDeployment(world: WorldData, svc: ServiceRec, taskDef: TaskDefRec, options: {at?: number; completed?: boolean; rollbackOf?: DeploymentRec; rollbackTo?: ServiceRevisionRec} = {}): DeploymentRec {
	const at = options.at ?? world.now();
	const previous = svc.deployments;
	const deployment: DeploymentRec = {
		id: `ecs-svc/${world.rng.digits(19)}`,
		status: 'PRIMARY',
		taskDef,
		// Set below: a rollback's is the revision it returns to, otherwise a new one.
		revision: undefined as unknown as ServiceRevisionRec,
		desiredCount: svc.desiredCount,
		counts: {running: 0, pending: 0},
		active: new Set(),
		failedTasks: 0,
		rolloutState: options.completed ? 'COMPLETED' : 'IN_PROGRESS',
		rolloutStateReason: options.completed ? 'ECS deployment ecs-svc completed.' : 'ECS deployment ecs-svc in progress.',
		createdAt: at,
		updatedAt: at,
		serviceDeployment: undefined as unknown as ServiceDeploymentRec,
	};
	deployment.rolloutStateReason = options.completed ? `ECS deployment ${deployment.id} completed.` : `ECS deployment ${deployment.id} in progress.`;
	for (const old of previous) {
		old.status = 'ACTIVE';
		old.updatedAt = at;
		// A deployment that was still rolling out is superseded.
		const sd = old.serviceDeployment;
		if (sd.status === 'IN_PROGRESS' && !options.rollbackOf) {
			sd.status = 'STOPPED';
			sd.statusReason = 'Service deployment stopped because a new service deployment started.';
			sd.stoppedAt = at;
			sd.updatedAt = at;
		}
	}
	svc.deployments = [deployment, ...previous];
	if (options.rollbackOf) {
		// A rollback belongs to the failed service deployment (ROLLBACK_IN_PROGRESS → ROLLBACK_SUCCESSFUL)
		// and runs the revision it rolls back to again.
		deployment.serviceDeployment = options.rollbackOf.serviceDeployment;
		deployment.revision = options.rollbackTo ?? captureRevision(world, svc, taskDef, world.arn(`service-revision/${svc.cluster.name}/${svc.name}/${world.rng.digits(19)}`), at);
		return deployment;
	}
	const suffix = world.rng.digits(19);
	const sdArn = world.arn(`service-deployment/${svc.cluster.name}/${svc.name}/${world.rng.alnum(22)}`);
	const revisionArn = world.arn(`service-revision/${svc.cluster.name}/${svc.name}/${suffix}`);
	deployment.revision = captureRevision(world, svc, taskDef, revisionArn, at);
	const sd: ServiceDeploymentRec = {
		seq: world.nextSeq(),
		arn: sdArn,
		revisionArn,
		service: svc,
		deployment,
		sourceRevisions: previous.map(d => ({arn: d.revision.arn, deployment: d})),
		status: options.completed ? 'SUCCESSFUL' : 'IN_PROGRESS',
		createdAt: at,
		startedAt: at,
		updatedAt: at,
		finishedAt: options.completed ? at : undefined,
	};
	deployment.serviceDeployment = sd;
	// Keep the history bounded on long runs (the oldest finished ones go first).
	record(world, svc, sd);
	return deployment;
}

/** A task of `d` failed while it was rolling out: count it and maybe trip the circuit breaker. */
export function recordFailure(world: WorldData, svc: ServiceRec, d: DeploymentRec): void {
	if (d.rolloutState !== 'IN_PROGRESS') return;
	d.failedTasks++;
	d.updatedAt = world.now();
	const breaker = svc.circuitBreaker;
	if (!breaker?.enable || d.status !== 'PRIMARY' || d.failedTasks < failureThreshold(d.desiredCount)) return;
	d.rolloutState = 'FAILED';
	d.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.';
	world.addEvent(svc, messages.deploymentFailed(svc, d));
	const sd = d.serviceDeployment;
	sd.updatedAt = world.now();
	const previous = svc.deployments.find(o => o !== d && o.rolloutState === 'COMPLETED') ?? svc.deployments[1];
	if (breaker.rollback && previous) {
		const rollback = newDeployment(world, svc, previous.taskDef, {rollbackOf: d, rollbackTo: previous.revision});
		rollback.rolloutStateReason = `ECS deployment circuit breaker: rolling back to deploymentId ${previous.id}.`;
		sd.status = 'ROLLBACK_IN_PROGRESS';
		sd.statusReason = 'ECS deployment circuit breaker: tasks failed to start.';
		sd.rollback = {reason: 'ECS deployment circuit breaker: tasks failed to start.', startedAt: world.now(), serviceRevisionArn: previous.revision.arn};
		world.addEvent(svc, messages.rollingBack(svc, d, previous));
		// The rollback starts at once, not after the failed deployment's launch backoff.
		svc.failureStreak = 0;
		svc.launchBackoffUntil = 0;
	} else {
		sd.status = 'STOPPED';
		sd.statusReason = 'ECS deployment circuit breaker: tasks failed to start.';
		sd.stoppedAt = world.now();
	}
}

/** The states StopServiceDeployment acts on (a new rollback), and those it lets carry on (nothing new starts). */
export const stoppable = new Set(['PENDING', 'IN_PROGRESS']);
export const stopping = new Set(['STOP_REQUESTED', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS']);

/**
 * The revision a rollback returns to: the source that had completed its rollout (the one the
 * service ran before this deployment), else the first source. Undefined for a first deployment.
 */
export function rollbackSource(sd: ServiceDeploymentRec): {arn: string; deployment: DeploymentRec} | undefined {
	return sd.sourceRevisions.find(s => s.deployment.rolloutState === 'COMPLETED') ?? sd.sourceRevisions[0];
}

/**
 * StopServiceDeployment with ROLLBACK on a PENDING or IN_PROGRESS deployment: it goes
 * ROLLBACK_REQUESTED (then ROLLBACK_IN_PROGRESS once the scheduler acts, ROLLBACK_SUCCESSFUL when
 * the old revision runs again), and the revision it replaced is deployed again, as the circuit
 * breaker's rollback does. The caller checked the state and that a source exists.
 */
export function rollBack(world: WorldData, sd: ServiceDeploymentRec): void {
	const svc = sd.service;
	const d = sd.deployment;
	const source = rollbackSource(sd)!;
	const previous = source.deployment;
	const now = world.now();
	if (d.rolloutState === 'IN_PROGRESS') {
		d.rolloutState = 'FAILED';
		d.rolloutStateReason = 'ECS deployment stopped: a rollback was requested (StopServiceDeployment).';
		d.updatedAt = now;
	}
	const rollback = newDeployment(world, svc, previous.taskDef, {rollbackOf: d, rollbackTo: previous.revision});
	rollback.rolloutStateReason = `ECS deployment rolling back to deploymentId ${previous.id}.`;
	sd.status = 'ROLLBACK_REQUESTED';
	sd.statusReason = 'Service deployment rollback requested.';
	sd.rollback = {reason: 'Service deployment rolled back: StopServiceDeployment with stopType ROLLBACK.', startedAt: now, serviceRevisionArn: previous.revision.arn};
	sd.updatedAt = now;
	world.addEvent(svc, messages.rollingBack(svc, d, previous));
	// The rollback starts at once, not after the failed deployment's launch backoff.
	svc.failureStreak = 0;
	svc.launchBackoffUntil = 0;
}

/** The PRIMARY deployment reached its target and the old ones are gone. */
export function complete(world: WorldData, svc: ServiceRec, d: DeploymentRec): void {
	const now = world.now();
	d.rolloutState = 'COMPLETED';
	d.rolloutStateReason = `ECS deployment ${d.id} completed.`;
	d.updatedAt = now;
	const sd = d.serviceDeployment;
	sd.status = sd.status === 'ROLLBACK_IN_PROGRESS' || sd.status === 'ROLLBACK_REQUESTED' ? 'ROLLBACK_SUCCESSFUL' : 'SUCCESSFUL';
	sd.finishedAt = now;
	sd.updatedAt = now;
	world.addEvent(svc, messages.deploymentCompleted(svc, d));
}
