// The simulator's control plane: one agenda (a min-heap of timers) drives task lifecycles,
// service reconciliation and the expiry of stopped tasks, so a step costs only what is due,
// never a scan of the whole world. The mutations (StopTask, UpdateService, drain) land here.
import {newDeployment, recordFailure, rollBack} from './deployments.js';
import {messages} from './events.js';
import {MinHeap, type Timer} from './heap.js';
import {Lifecycle} from './lifecycle.js';
import {place} from './placement.js';
import {reconcile} from './reconcile.js';
import {createTask} from './tasks.js';
import {Samples} from './timing.js';
import type {ClusterRec, DeploymentRec, InstanceRec, ServiceDeploymentRec, ServiceRec, TaskDefRec, TaskRec} from './model.js';
import type {WorldData} from './world-data.js';

/** Stopped tasks stay listable this long (ECS: "at least one hour"). */
export const STOPPED_TASK_RETENTION_MS = 3600_000;

interface Entry extends Timer {
	kind: 'task' | 'reconcile' | 'expire' | 'call';
	task?: TaskRec;
	svc?: ServiceRec;
	call?: () => void;
	gen: number;
}

export class Scheduler {
	readonly lifecycle: Lifecycle;
	private readonly heap = new MinHeap<Entry>();
	private order = 0;
	current: number;
	/** Duration of each step that had work to do (a step = catching up with the clock once). */
	readonly steps = new Samples();

	constructor(readonly world: WorldData, start: number) {
		this.current = start;
		world.now = () => this.current;
		this.lifecycle = new Lifecycle(world, {
			schedule: (task, at) => this.push({kind: 'task', task, at, gen: task.gen}),
			onRunning: task => this.onRunning(task),
			onStopped: task => this.onStopped(task),
			onStopping: task => {
				if (task.service) this.touch(task.service, 500);
			},
			onUnhealthy: task => this.onUnhealthy(task),
		});
	}

	get pendingTimers(): number {
		return this.heap.size;
	}

	private push(entry: Omit<Entry, 'order'>): void {
		this.heap.push({...entry, order: ++this.order});
	}

	/** Processes everything due up to `target` (epoch ms), in time order. */
	runUntil(target: number): void {
		let top = this.heap.peek();
		if (top && top.at <= target) {
			const started = performance.now();
			for (; top && top.at <= target; top = this.heap.peek()) {
				this.heap.pop();
				if (top.at > this.current) this.current = top.at;
				this.fire(top);
			}
			this.steps.add(performance.now() - started);
		}
		if (target > this.current) this.current = target;
	}

	stepStats() {
		return {...this.steps.summary(), timers: this.heap.size};
	}

	private fire(e: Entry): void {
		const task = e.task;
		if (e.kind === 'task' && task) {
			if (task.gen === e.gen && task.cluster.status === 'ACTIVE' && task.cluster.tasks.get(task.id) === task) this.lifecycle.step(task);
		} else if (e.kind === 'call' && e.call) {
			e.call();
		} else if (e.kind === 'expire' && task) {
			this.world.forget(task);
		} else if (e.kind === 'reconcile' && e.svc) {
			const svc = e.svc;
			if (svc.reconcileAt !== e.at || svc.cluster.status !== 'ACTIVE') return;
			svc.reconcileAt = undefined;
			const again = reconcile(this, svc);
			if (again !== undefined) this.touch(svc, again);
		}
	}

	/** Runs fn every `intervalMs` of simulated time, first after `firstMs` (background activity of a world). */
	every(intervalMs: number, fn: () => void, firstMs = intervalMs): void {
		const run = () => {
			fn();
			this.push({kind: 'call', call: run, at: this.current + intervalMs, gen: 0});
		};
		this.push({kind: 'call', call: run, at: this.current + firstMs, gen: 0});
	}

	/** Asks for a reconciliation of the service after `delayMs` (keeps the earliest request). */
	touch(svc: ServiceRec, delayMs = 1000): void {
		const at = this.current + delayMs;
		if (svc.reconcileAt !== undefined && svc.reconcileAt <= at) return;
		svc.reconcileAt = at;
		this.push({kind: 'reconcile', svc, at, gen: 0});
	}

	launch(svc: ServiceRec, d: DeploymentRec) {
		const placement = place(svc.cluster, d.taskDef, svc.launchType, svc, this.world.rng);
		if (!placement.ok) return placement;
		const task = createTask(this.world, {cluster: svc.cluster, taskDef: d.taskDef, launchType: svc.launchType, service: svc, deployment: d, instance: placement.instance});
		this.lifecycle.start(task);
		return task;
	}

	private onRunning(task: TaskRec): void {
		const svc = task.service;
		if (!svc) return;
		const tg = svc.loadBalancers[0]?.targetGroupArn;
		if (tg) this.world.addEvent(svc, messages.registered(svc, 1, tg));
		this.touch(svc, 500);
	}

	private onStopped(task: TaskRec): void {
		this.push({kind: 'expire', task, at: (task.stoppedAt ?? this.current) + STOPPED_TASK_RETENTION_MS, gen: 0});
		const svc = task.service;
		if (!svc) return;
		if (task.failed) {
			if (task.deployment) recordFailure(this.world, svc, task.deployment);
			svc.failureStreak++;
			if (svc.failureStreak >= 3) {
				// ECS throttles relaunches of a service whose tasks keep failing.
				svc.launchBackoffUntil = this.current + Math.min(60_000, 5000 * 2 ** (svc.failureStreak - 3));
				if (svc.lastUnstableEventAt === undefined || this.current - svc.lastUnstableEventAt >= 600_000) {
					this.world.addEvent(svc, messages.unstable(svc));
					svc.lastUnstableEventAt = this.current;
				}
			}
		}
		this.touch(svc, 500);
	}

	private onUnhealthy(task: TaskRec): void {
		const svc = task.service;
		if (svc) this.world.addEvent(svc, messages.unhealthy(svc, task));
		this.lifecycle.stop(task, {stopCode: 'ServiceSchedulerInitiated', reason: 'Task failed container health checks', failed: true});
		if (svc) this.touch(svc, 500);
	}

	// ---- mutations ----

	/** StopTask: the task goes through the stop path; a service replaces it. */
	stopTask(task: TaskRec, reason: string | undefined): void {
		this.lifecycle.stop(task, {stopCode: 'UserInitiated', reason: reason || 'Task stopped by user'});
		if (task.service) this.touch(task.service, 1000);
	}

	updateService(svc: ServiceRec, update: {desiredCount?: number; taskDef?: TaskDefRec; force?: boolean; minimumHealthyPercent?: number; maximumPercent?: number; circuitBreaker?: {enable: boolean; rollback: boolean}; enableExecuteCommand?: boolean}): void {
		if (update.minimumHealthyPercent !== undefined) svc.minimumHealthyPercent = update.minimumHealthyPercent;
		// Running tasks keep what they were launched with; tasks launched from now on take the new setting
		// (so turning exec on for running tasks takes forceNewDeployment, as in ECS).
		if (update.enableExecuteCommand !== undefined) svc.enableExecuteCommand = update.enableExecuteCommand;
		if (update.maximumPercent !== undefined) svc.maximumPercent = update.maximumPercent;
		if (update.circuitBreaker) svc.circuitBreaker = update.circuitBreaker;
		if (update.desiredCount !== undefined) svc.desiredCount = update.desiredCount;
		const primary = svc.deployments[0];
		if (update.force || (update.taskDef && update.taskDef !== primary?.taskDef)) {
			newDeployment(this.world, svc, update.taskDef ?? primary!.taskDef);
			svc.launchBackoffUntil = 0;
			svc.failureStreak = 0;
		}
		if (svc.deployments[0]) svc.deployments[0].desiredCount = svc.desiredCount;
		svc.steady = false;
		this.touch(svc, 1000);
	}

	/** StopServiceDeployment ROLLBACK (the op checked the state): the revision before it is deployed again. */
	rollBack(sd: ServiceDeploymentRec): void {
		rollBack(this.world, sd);
		sd.service.steady = false;
		this.touch(sd.service, 1000);
	}

	setInstanceStatus(instance: InstanceRec, status: 'ACTIVE' | 'DRAINING'): void {
		if (instance.status === status) return;
		instance.status = status;
		instance.version++;
		if (status === 'DRAINING') {
			for (const t of instance.tasksRunning.values()) if (t.service) this.touch(t.service, 1000);
		} else {
			// Capacity came back: services that were short try again.
			for (const svc of instance.cluster.services.values()) if (!svc.steady && svc.status === 'ACTIVE') this.touch(svc, 1000);
		}
	}

	/** DeleteService with force: DRAINING, every task stops, then INACTIVE. */
	deleteService(svc: ServiceRec): void {
		if (svc.status !== 'ACTIVE') return;
		const kind = svc.launchType === 'FARGATE' ? 'fargate' : 'ec2';
		svc.status = 'DRAINING';
		svc.desiredCount = 0;
		svc.cluster.activeServices[kind]--;
		svc.cluster.drainingServices[kind]++;
		svc.cluster.serviceList.remove(svc);
		this.touch(svc, 0);
	}

	/** The cluster disappears under its clients: INACTIVE and empty. */
	deleteCluster(cluster: ClusterRec): void {
		cluster.status = 'INACTIVE';
		this.world.clusters.delete(cluster.name);
		this.world.clusterList.remove(cluster);
		this.world.deletedClusters.set(cluster.name, cluster);
		cluster.counts = {running: 0, pending: 0};
		cluster.activeServices = {ec2: 0, fargate: 0};
		cluster.drainingServices = {ec2: 0, fargate: 0};
		cluster.ec2 = {running: 0, pending: 0};
		cluster.fargate = {running: 0, pending: 0};
		cluster.instances.clear();
		cluster.services.clear();
		cluster.tasks.clear();
	}
}
