// The task lifecycle as ECS documents it: PROVISIONING → PENDING → ACTIVATING → RUNNING, and
// DEACTIVATING → STOPPING → DEPROVISIONING → STOPPED, with the timestamps ECS sets on the way.
// Durations are drawn from the seeded PRNG within realistic ranges (Fargate provisions an ENI,
// images take seconds to pull, a load balancer adds activation and deregistration time).
import {agentDelayMs} from './exec.js';
import type {TaskRec} from './model.js';
import type {WorldData} from './world-data.js';

export interface StopCause {
	stopCode: string;
	reason: string;
	/** The task failed (counts toward the circuit breaker and the crash backoff). */
	failed?: boolean;
	/** Exit code of the essential container (crash); others exit 0. */
	exitCode?: number;
	/** Container reason (e.g. CannotPullContainerError). */
	containerReason?: string;
	/** The exiting essential container's reason (OutOfMemoryError…); the other containers get none. */
	exitReason?: string;
}

export interface LifecycleHooks {
	/** Calls back step(task) at `at` (epoch ms), unless the task moves on before. */
	schedule(task: TaskRec, at: number): void;
	onRunning(task: TaskRec): void;
	onStopped(task: TaskRec): void;
	/** The desired status just became STOPPED (a service may start a replacement now). */
	onStopping(task: TaskRec): void;
	onUnhealthy(task: TaskRec): void;
}

interface Timeline {
	/** When the exec agents (ExecuteCommandAgent) of the task's containers report RUNNING. */
	agentAt?: number;
	healthyAt?: number;
	crashAt?: number;
	unhealthyAt?: number;
	oomAt?: number;
}

/** How ECS reports a container the kernel killed for exceeding its memory limit. */
export const OOM_CAUSE: StopCause = {
	stopCode: 'EssentialContainerExited',
	reason: 'Essential container in task exited',
	failed: true,
	exitCode: 137,
	exitReason: 'OutOfMemoryError: Container killed due to memory usage',
};

const timelines = new WeakMap<TaskRec, Timeline>();

export class Lifecycle {
	constructor(
		private readonly world: WorldData,
		private readonly hooks: LifecycleHooks,
	) {}

	private seconds(min: number, max: number): number {
		return (min + this.world.rng.next() * (max - min)) * 1000;
	}

	private after(task: TaskRec, ms: number): void {
		this.hooks.schedule(task, this.world.now() + ms);
	}

	/** Starts a freshly created (PROVISIONING) task on its way to RUNNING. */
	start(task: TaskRec): void {
		const fargate = task.launchType === 'FARGATE' || task.taskDef.networkMode === 'awsvpc';
		this.after(task, fargate ? this.seconds(4, 12) : this.seconds(0.3, 1));
	}

	/** The timer for a task fired: take its next step. */
	step(task: TaskRec): void {
		const now = this.world.now();
		const w = this.world;
		switch (task.lastStatus) {
			case 'PROVISIONING':
				if (task.desiredStatus === 'STOPPED') return this.stopping(task);
				w.setStatus(task, 'PENDING');
				task.connectivity = 'CONNECTED';
				task.connectivityAt = now;
				task.pullStartedAt = now;
				this.after(task, (task.taskDef.behaviour.pullSeconds ?? 0) * 1000 || this.seconds(3, 12));
				return;
			case 'PENDING': {
				if (task.desiredStatus === 'STOPPED') return this.stopping(task);
				task.pullStoppedAt = now;
				const failure = task.taskDef.behaviour.failToStart;
				if (failure) {
					this.stop(task, {stopCode: 'TaskFailedToStart', reason: failure, failed: true, containerReason: failure});
					return;
				}
				w.setStatus(task, 'ACTIVATING');
				this.after(task, task.service?.loadBalancers.length ? this.seconds(2, 5) : this.seconds(0.5, 1.5));
				return;
			}
			case 'ACTIVATING':
				if (task.desiredStatus === 'STOPPED') return this.deactivate(task);
				return this.running(task);
			case 'RUNNING':
				return this.runningTimer(task);
			case 'DEACTIVATING':
				return this.stopping(task);
			case 'STOPPING':
				task.executionStoppedAt = now;
				for (const c of task.containers) if (c.lastStatus !== 'STOPPED') this.stopContainer(task, c, 0);
				if (task.eni || task.launchType === 'FARGATE') {
					w.setStatus(task, 'DEPROVISIONING');
					this.after(task, this.seconds(2, 6));
					return;
				}
				return this.stopped(task);
			case 'DEPROVISIONING':
				return this.stopped(task);
		}
	}

	private running(task: TaskRec, now = this.world.now(), quiet = false): void {
		task.startedAt = now;
		for (const c of task.containers) c.lastStatus = 'RUNNING';
		const b = task.taskDef.behaviour;
		// Failures are scripted from the present, so a task settled in the past does not fail at once.
		const from = Math.max(now, this.world.now());
		if (b.memoryLeakSeconds !== undefined) task.leak = this.leak(b.memoryLeakSeconds, now, from);
		// After the leak is known: observers (the metrics) read it when the task starts running.
		this.world.setStatus(task, 'RUNNING');
		task.everRunning = true;
		const t: Timeline = {};
		// The exec agent starts a few seconds after its container; a task settled in the past has it running.
		if (task.containers.some(c => c.agent)) {
			const agentAt = now + agentDelayMs(task.id);
			if (agentAt <= this.world.now()) this.agentsRunning(task, agentAt);
			else t.agentAt = agentAt;
		}
		if (task.containers.some(c => c.hasHealthCheck)) t.healthyAt = now + this.seconds(5, 15);
		if (b.crashAfterSeconds !== undefined) t.crashAt = from + b.crashAfterSeconds * 1000 * (0.8 + 0.4 * this.world.rng.next());
		if (b.unhealthyAfterSeconds !== undefined) t.unhealthyAt = from + b.unhealthyAfterSeconds * 1000;
		if (task.leak) t.oomAt = task.leak.oomAt;
		timelines.set(task, t);
		this.scheduleTimeline(task, t);
		if (!quiet) this.hooks.onRunning(task);
	}

	/**
	 * A leak of about `seconds` (±15%). A task settled in the past is caught partway (up to 60%
	 * through), so the tasks of a settled service run out of memory one after another.
	 */
	private leak(seconds: number, startedAt: number, from: number): {from: number; oomAt: number} {
		const ms = Math.round(seconds * 1000 * (0.85 + 0.3 * this.world.rng.next()));
		const begin = from > startedAt ? Math.round(from - 0.6 * this.world.rng.next() * ms) : startedAt;
		return {from: begin, oomAt: begin + ms};
	}

	private agentsRunning(task: TaskRec, at: number): void {
		for (const c of task.containers) {
			if (c.agent && c.lastStatus === 'RUNNING') c.agent = {lastStatus: 'RUNNING', lastStartedAt: at};
		}
		task.version++;
	}

	private scheduleTimeline(task: TaskRec, t: Timeline): void {
		const next = Math.min(t.agentAt ?? Infinity, t.healthyAt ?? Infinity, t.crashAt ?? Infinity, t.unhealthyAt ?? Infinity, t.oomAt ?? Infinity);
		if (next !== Infinity) this.hooks.schedule(task, next);
	}

	private runningTimer(task: TaskRec): void {
		if (task.desiredStatus === 'STOPPED') return this.deactivate(task);
		const t = timelines.get(task);
		if (!t) return;
		const now = this.world.now();
		if (t.agentAt !== undefined && t.agentAt <= now) {
			t.agentAt = undefined;
			this.agentsRunning(task, now);
		}
		if (t.healthyAt !== undefined && t.healthyAt <= now) {
			t.healthyAt = undefined;
			this.setHealth(task, 'HEALTHY');
		}
		if (t.oomAt !== undefined && t.oomAt <= now) {
			t.oomAt = undefined;
			this.stop(task, OOM_CAUSE);
			return;
		}
		if (t.crashAt !== undefined && t.crashAt <= now) {
			t.crashAt = undefined;
			const code = task.taskDef.behaviour.exitCode ?? 1;
			this.stop(task, {stopCode: 'EssentialContainerExited', reason: 'Essential container in task exited', failed: true, exitCode: code});
			return;
		}
		if (t.unhealthyAt !== undefined && t.unhealthyAt <= now) {
			t.unhealthyAt = undefined;
			this.setHealth(task, 'UNHEALTHY');
			this.hooks.onUnhealthy(task);
			return;
		}
		task.gen++;
		this.scheduleTimeline(task, t);
	}

	private setHealth(task: TaskRec, health: string): void {
		for (const c of task.containers) if (c.hasHealthCheck) c.healthStatus = health;
		task.healthStatus = health;
		task.version++;
	}

	/** Asks a task to stop (StopTask, the scheduler, a crash): sets the desired status and starts the stop path. */
	stop(task: TaskRec, cause: StopCause): void {
		if (task.desiredStatus === 'STOPPED' || task.lastStatus === 'STOPPED') return;
		this.world.markStopping(task);
		task.stopCode = cause.stopCode;
		task.stoppedReason = cause.reason;
		task.failed = cause.failed === true;
		task.stoppingAt = this.world.now();
		if (cause.exitCode !== undefined) {
			const essential = task.containers.find(c => c.essential) ?? task.containers[0];
			if (essential) this.stopContainer(task, essential, cause.exitCode);
			if (essential && cause.exitReason) essential.reason = cause.exitReason;
		}
		if (cause.containerReason) {
			for (const c of task.containers) {
				c.lastStatus = 'STOPPED';
				c.reason = cause.containerReason;
				if (c.agent) c.agent.lastStatus = 'STOPPED';
			}
		}
		// The agent acts on the new desired status within a second or so; the current step's timer is void.
		task.gen++;
		task.version++;
		this.after(task, cause.containerReason ? 0 : this.seconds(0.3, 1.5));
		this.hooks.onStopping(task);
	}

	private deactivate(task: TaskRec): void {
		this.world.setStatus(task, 'DEACTIVATING');
		this.after(task, task.service?.loadBalancers.length ? this.seconds(3, 8) : this.seconds(0.5, 1.5));
	}

	private stopping(task: TaskRec): void {
		this.world.setStatus(task, 'STOPPING');
		const crashed = task.containers.some(c => c.lastStatus === 'STOPPED');
		this.after(task, crashed ? this.seconds(0.5, 2) : this.seconds(2, 10));
	}

	private stopContainer(task: TaskRec, c: TaskRec['containers'][number], exitCode: number): void {
		c.lastStatus = 'STOPPED';
		// The agent runs inside the container and ends with it.
		if (c.agent) c.agent.lastStatus = 'STOPPED';
		if (task.everRunning) c.exitCode = exitCode;
		task.version++;
	}

	private stopped(task: TaskRec): void {
		const now = this.world.now();
		task.stoppedAt = now;
		task.executionStoppedAt ??= now;
		task.connectivity = undefined;
		for (const c of task.containers) {
			c.lastStatus = 'STOPPED';
			if (c.agent) c.agent.lastStatus = 'STOPPED';
		}
		this.world.setStatus(task, 'STOPPED');
		timelines.delete(task);
		this.hooks.onStopped(task);
	}

	/** Puts a task straight into RUNNING with backdated timestamps (world building). */
	settle(task: TaskRec, startedAt: number): void {
		task.createdAt = startedAt - this.seconds(15, 40);
		task.connectivity = 'CONNECTED';
		task.connectivityAt = task.createdAt + this.seconds(1, 8);
		task.pullStartedAt = task.connectivityAt;
		task.pullStoppedAt = task.pullStartedAt + this.seconds(3, 10);
		this.running(task, startedAt, true);
		const t = timelines.get(task);
		// A settled task with a health check has long passed it.
		if (t?.healthyAt !== undefined) {
			t.healthyAt = undefined;
			this.setHealth(task, 'HEALTHY');
		}
	}
}
