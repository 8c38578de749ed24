// When each task ran: the metrics' memory of the world. ECS forgets a stopped task after an hour,
// CloudWatch keeps its datapoints for weeks, so the runs are recorded as tasks start and stop
// (the world's observers, like the log store: no scan of the world) and kept per cluster, by
// service and by task id. A run holds its task only while it runs; at the stop it keeps the few
// fields the metrics need. Ended runs are kept for CloudWatch's 15 days of 1-minute data, and at
// most MAX_ENDED_RUNS per cluster (a busy simulated cluster would otherwise grow without bound).
import type {TaskRec} from '../model.js';
import type {TaskObserver, WorldData} from '../world-data.js';
import {loadModel, type LoadModel} from './load.js';

export const RETENTION_MS = 15 * 86_400_000;
export const MAX_ENDED_RUNS = 50_000;

export interface TaskRun {
	id: string;
	cluster: string;
	service?: string;
	family: string;
	/** The reservation: task-level size, else the sum over the containers (TaskDefRec.cpu/memory). */
	cpu: number;
	memory: number;
	ec2: boolean;
	instanceId?: string;
	start: number;
	/** When it stopped running (desired status STOPPED); undefined while it runs. */
	end?: number;
	/** The task, while it runs (its stop time is read from it until then). */
	task?: TaskRec;
	load: LoadModel;
}

export interface ClusterRuns {
	all: TaskRun[];
	byService: Map<string, TaskRun[]>;
	byTask: Map<string, TaskRun>;
	ended: number;
}

/** When a run stopped running, or Infinity while it runs (a stopping task's stop time counts from the request). */
export function runEnd(run: TaskRun): number {
	return run.end ?? run.task?.stoppingAt ?? Number.POSITIVE_INFINITY;
}

export class TaskRuns implements TaskObserver {
	readonly clusters = new Map<string, ClusterRuns>();

	constructor(private readonly world: WorldData, private readonly seed: number) {
		world.observers.push(this);
		// A world built before the metrics: pick up what already runs.
		for (const cluster of world.clusters.values()) for (const task of cluster.tasks.values()) if (task.lastStatus === 'RUNNING') this.taskRunning(task);
	}

	cluster(name: string): ClusterRuns | undefined {
		return this.clusters.get(name);
	}

	taskRunning(task: TaskRec): void {
		let runs = this.clusters.get(task.cluster.name);
		if (!runs) this.clusters.set(task.cluster.name, (runs = {all: [], byService: new Map(), byTask: new Map(), ended: 0}));
		if (runs.byTask.has(task.id)) return;
		const run: TaskRun = {
			id: task.id,
			cluster: task.cluster.name,
			service: task.service?.name,
			family: task.taskDef.family,
			cpu: task.taskDef.cpu,
			memory: task.taskDef.memory,
			ec2: task.launchType === 'EC2',
			instanceId: task.instance?.id,
			start: task.startedAt ?? this.world.now(),
			task,
			load: loadModel(this.seed, task.id, task.taskDef.behaviour, task.leak),
		};
		runs.all.push(run);
		runs.byTask.set(run.id, run);
		if (run.service !== undefined) {
			const list = runs.byService.get(run.service);
			if (list) list.push(run);
			else runs.byService.set(run.service, [run]);
		}
	}

	taskStopped(task: TaskRec): void {
		const runs = this.clusters.get(task.cluster.name);
		const run = runs?.byTask.get(task.id);
		if (!runs || !run || run.task !== task) return;
		run.end = task.stoppingAt ?? task.stoppedAt ?? this.world.now();
		run.task = undefined;
		runs.ended++;
		if (runs.ended > MAX_ENDED_RUNS * 1.25) this.prune(runs);
	}

	/** Drops ended runs past the retention, then the oldest ended ones beyond the cap. */
	private prune(runs: ClusterRuns): void {
		const horizon = this.world.now() - RETENTION_MS;
		const ended = runs.all.filter(r => r.end !== undefined && r.end >= horizon).sort((a, b) => b.end! - a.end!);
		const keep = new Set([...runs.all.filter(r => r.end === undefined), ...ended.slice(0, MAX_ENDED_RUNS)]);
		runs.all = runs.all.filter(r => keep.has(r));
		runs.ended = runs.all.length - runs.all.filter(r => r.end === undefined).length;
		runs.byTask = new Map(runs.all.map(r => [r.id, r]));
		runs.byService = new Map();
		for (const r of runs.all) {
			if (r.service === undefined) continue;
			const list = runs.byService.get(r.service);
			if (list) list.push(r);
			else runs.byService.set(r.service, [r]);
		}
	}
}
