// The service scheduler's reconciliation for one REPLICA service, as a rolling update does it:
// start PRIMARY tasks up to desiredCount while the total stays within maximumPercent; stop tasks
// of old deployments (and on DRAINING instances) while the healthy count stays at or above
// minimumHealthyPercent; then declare the deployment completed and the service steady.
import {complete} from './deployments.js';
import {messages} from './events.js';
import type {Lifecycle} from './lifecycle.js';
import type {DeploymentRec, ServiceRec, TaskRec} from './model.js';
import type {Placement} from './placement.js';
import type {WorldData} from './world-data.js';

export interface ReconcileContext {
	world: WorldData;
	lifecycle: Lifecycle;
	/** Places and starts one task of the deployment; the failure reason if nothing fits. */
	launch(svc: ServiceRec, d: DeploymentRec): TaskRec | Extract<Placement, {ok: false}>;
}

const pendingFirst = (a: TaskRec, b: TaskRec) => Number(a.lastStatus === 'RUNNING') - Number(b.lastStatus === 'RUNNING') || b.seq - a.seq;
const isHealthy = (t: TaskRec) => t.lastStatus === 'RUNNING' && t.healthStatus !== 'UNHEALTHY';
const onDraining = (t: TaskRec) => t.instance?.status === 'DRAINING';

/** One pass; returns the delay (ms) after which to look again, or undefined when nothing is left to do. */
export function reconcile(ctx: ReconcileContext, svc: ServiceRec): number | undefined {
	const {world, lifecycle} = ctx;
	const now = world.now();
	const primary = svc.deployments[0];
	if (!primary) return undefined;
	const stopped: TaskRec[] = [];
	const stop = (task: TaskRec, reason: string) => {
		lifecycle.stop(task, {stopCode: 'ServiceSchedulerInitiated', reason});
		stopped.push(task);
	};

	if (svc.status !== 'ACTIVE') {
		// A deleted service (DRAINING) stops everything, then goes INACTIVE.
		for (const d of svc.deployments) for (const t of [...d.active]) stop(t, `Scaling activity initiated by (deployment ${d.id})`);
		finishStops(world, svc, stopped);
		if (svc.status === 'DRAINING' && svc.counts.running + svc.counts.pending === 0 && !svc.deployments.some(d => hasStopping(svc, d))) {
			svc.status = 'INACTIVE';
			svc.cluster.drainingServices[svc.launchType === 'FARGATE' ? 'fargate' : 'ec2']--;
			return undefined;
		}
		return svc.status === 'DRAINING' ? 2000 : undefined;
	}

	// A requested rollback is under way as soon as the scheduler acts on it.
	const sd = primary.serviceDeployment;
	if (sd.status === 'ROLLBACK_REQUESTED') {
		sd.status = 'ROLLBACK_IN_PROGRESS';
		sd.updatedAt = now;
	}

	const D = svc.desiredCount;
	primary.desiredCount = D;
	const minHealthy = Math.ceil((D * svc.minimumHealthyPercent) / 100);
	const maxTotal = Math.max(Math.floor((D * svc.maximumPercent) / 100), D, D > 0 ? minHealthy + 1 : 0);
	const reason = `Scaling activity initiated by (deployment ${primary.id})`;

	// Tasks not yet running on a DRAINING instance are stopped at once (ECS's drain rule).
	for (const d of svc.deployments) {
		for (const t of [...d.active]) if (onDraining(t) && t.lastStatus !== 'RUNNING') stop(t, reason);
	}
	const keepers = [...primary.active].filter(t => !onDraining(t) && t.healthStatus !== 'UNHEALTHY');
	// Scale-in stops surplus PRIMARY tasks right away, not-yet-running and newest first.
	if (keepers.length > D) {
		keepers.sort(pendingFirst);
		for (const t of keepers.splice(0, keepers.length - D)) stop(t, reason);
	}
	const keeping = new Set(keepers);
	const leavers: TaskRec[] = [];
	for (const d of svc.deployments) for (const t of d.active) if (!keeping.has(t)) leavers.push(t);
	let total = keepers.length + leavers.length;
	let healthy = keepers.filter(isHealthy).length + leavers.filter(isHealthy).length;

	// Start replacements first, within maximumPercent.
	let retry: number | undefined;
	// A deployment the circuit breaker failed without rollback launches nothing more (a new deployment resumes).
	const halted = primary.rolloutState === 'FAILED' && !svc.circuitBreaker?.rollback;
	const backingOff = now < svc.launchBackoffUntil;
	const canLaunch = !backingOff && !halted;
	const started: TaskRec[] = [];
	if (backingOff && !halted && keepers.length < D) retry = Math.max(1000, svc.launchBackoffUntil - now);
	while (canLaunch && keepers.length + started.length < D && total < maxTotal) {
		const result = ctx.launch(svc, primary);
		if ('reason' in result) {
			if (svc.lastPlacementEventAt === undefined || now - svc.lastPlacementEventAt >= 120_000) {
				world.addEvent(svc, messages.unableToPlace(svc, result.reason));
				svc.lastPlacementEventAt = now;
			}
			retry = 15_000;
			break;
		}
		started.push(result);
		total++;
	}
	if (started.length > 0) world.addEvent(svc, messages.started(svc, started));

	// Then stop what is leaving: not-yet-running ones freely, running ones down to minimumHealthyPercent.
	leavers.sort(pendingFirst);
	for (const t of leavers) {
		if (isHealthy(t)) {
			if (healthy - 1 < minHealthy) continue;
			healthy--;
		}
		stop(t, reason);
	}
	finishStops(world, svc, stopped);

	// Old deployments shrink as their tasks go; once empty they are dropped (INACTIVE).
	for (const d of svc.deployments.slice(1)) {
		d.desiredCount = d.active.size;
		if (d.active.size === 0 && d.counts.running === 0 && d.counts.pending === 0 && !hasStopping(svc, d)) {
			d.status = 'INACTIVE';
			d.updatedAt = now;
		}
	}
	svc.deployments = svc.deployments.filter(d => d.status !== 'INACTIVE');

	const done = svc.deployments.length === 1 && primary.counts.running === D && primary.counts.pending === 0 && keepers.length + started.length === D && started.length === 0;
	if (done && primary.rolloutState === 'IN_PROGRESS') complete(world, svc, primary);
	const steady = done && primary.rolloutState === 'COMPLETED' && svc.counts.running === D && svc.counts.pending === 0;
	if (steady && !svc.steady) {
		world.addEvent(svc, messages.steady(svc));
		svc.failureStreak = 0;
	}
	svc.steady = steady;
	return retry;
}

function hasStopping(svc: ServiceRec, d: DeploymentRec): boolean {
	// Tasks of d that are on their way out (DEACTIVATING … DEPROVISIONING) keep it listed.
	for (const t of svc.tasksStopped.values()) if (t.deployment === d && t.lastStatus !== 'STOPPED') return true;
	return false;
}

function finishStops(world: WorldData, svc: ServiceRec, stopped: TaskRec[]): void {
	if (stopped.length === 0) return;
	world.addEvent(svc, messages.stopped(svc, stopped));
	const tg = svc.loadBalancers[0]?.targetGroupArn;
	const registered = stopped.filter(t => t.everRunning).length;
	if (tg && registered > 0) {
		world.addEvent(svc, messages.drainingConnections(svc, registered));
		world.addEvent(svc, messages.deregistered(svc, registered, tg));
	}
}
