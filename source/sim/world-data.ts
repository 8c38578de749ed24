// The world's registries, identifier resolution and counters. Every task status change goes
// through setStatus()/markStopping() so the cluster, service, deployment and instance counters
// and the remaining resources can never drift apart (audit() recomputes them for tests).
import {clusterNotFound} from './protocol.js';
import {SeqList, SortedStrings} from './paging.js';
import {Rng} from './random.js';
import {audit} from './audit.js';
import {SessionStore} from './sessions.js';
import {category, type Category} from './status.js';
import type {ClusterRec, Counts, EventRec, InstanceRec, ServiceRec, ServiceRevisionRec, TaskDefRec, TaskRec} from './model.js';

export const MAX_EVENTS = 100;

function bump(counts: Counts | undefined, cat: Category, by: number): void {
	if (counts && cat) counts[cat] += by;
}

/** Who wants to know when tasks start and stop running (the log store: streams begin and end with their task). */
export interface TaskObserver {
	taskRunning?(task: TaskRec): void;
	taskStopped?(task: TaskRec): void;
	taskDefIndexed?(def: TaskDefRec): void;
}

export interface WorldOptions {
	region?: string;
	accountId?: string;
	seed?: number;
	now: () => number;
}

export class WorldData {
	readonly region: string;
	readonly accountId: string;
	readonly rng: Rng;
	/** Simulated epoch milliseconds; the scheduler moves it. */
	now: () => number;
	readonly clusters = new Map<string, ClusterRec>();
	readonly clusterList = new SeqList<ClusterRec>();
	/** Deleted clusters stay describable as INACTIVE. */
	readonly deletedClusters = new Map<string, ClusterRec>();
	/** Task definitions by `family:revision`. */
	readonly taskDefs = new Map<string, TaskDefRec>();
	/** Each family's revisions, oldest first (revision n at index n - 1). */
	readonly families = new Map<string, TaskDefRec[]>();
	/** Family names in ECS's sort order, for ListTaskDefinitionFamilies and ListTaskDefinitions. */
	readonly familyNames = new SortedStrings();
	/** ACTIVE revisions per family: a family is ACTIVE while it has one (ListTaskDefinitionFamilies status). */
	readonly activeRevisions = new Map<string, number>();
	/** Service revisions by ARN (kept after their service or cluster is deleted, bounded with the service deployments). */
	readonly serviceRevisions = new Map<string, ServiceRevisionRec>();
	/**
	 * A second seeded stream for the backdated history a world is built with (old revisions and
	 * service deployments), so that adding history leaves every other identifier of a seed unchanged.
	 */
	readonly historyRng: Rng;
	/** Told of task and task definition changes: the session store, and the log store when there is one. */
	readonly observers: TaskObserver[] = [];
	/** ECS Exec and SSM sessions (ExecuteCommand, StartSession), open and ended. */
	readonly sessions: SessionStore;
	private seqCounter = 0;

	constructor(options: WorldOptions) {
		this.region = options.region ?? 'us-east-1';
		this.accountId = options.accountId ?? '123456789012';
		this.rng = new Rng(options.seed ?? 1);
		this.historyRng = new Rng(((options.seed ?? 1) * 31 + 17) ^ 0x5eed);
		this.now = options.now;
		this.sessions = new SessionStore(options.seed ?? 1);
		this.observers.push(this.sessions);
	}

	nextSeq(): number {
		return ++this.seqCounter;
	}

	arn(resource: string): string {
		return `arn:aws:ecs:${this.region}:${this.accountId}:${resource}`;
	}

	/** `name`, or a cluster ARN of this account and region. Missing → ClusterNotFoundException. */
	cluster(ref: string | undefined): ClusterRec {
		const found = this.findCluster(ref);
		if (!found) throw clusterNotFound();
		return found;
	}

	findCluster(ref: string | undefined): ClusterRec | undefined {
		const name = this.refName(ref ?? 'default', 'cluster', 0);
		return name === undefined ? undefined : this.clusters.get(name);
	}

	/** A name or ARN of a service: long ARNs must name this cluster. */
	findService(cluster: ClusterRec, ref: string): ServiceRec | undefined {
		return this.findChild(cluster, ref, 'service', cluster.services);
	}

	findTask(cluster: ClusterRec, ref: string): TaskRec | undefined {
		return this.findChild(cluster, ref, 'task', cluster.tasks);
	}

	findInstance(cluster: ClusterRec, ref: string): InstanceRec | undefined {
		return this.findChild(cluster, ref, 'container-instance', cluster.instances);
	}

	/** `family`, `family:revision` or a task definition ARN. */
	findTaskDef(ref: string): TaskDefRec | undefined {
		const name = this.refName(ref, 'task-definition', 0);
		if (name === undefined) return undefined;
		if (name.includes(':')) return this.taskDefs.get(name);
		const revisions = this.families.get(name) ?? [];
		return revisions.findLast(t => t.status === 'ACTIVE');
	}

	/** Adds a complete definition as the next revision of its family (revision and ARN are set here). */
	indexTaskDef(def: Omit<TaskDefRec, 'arn' | 'revision'>): TaskDefRec {
		const revisions = this.families.get(def.family) ?? [];
		const revision = revisions.length + 1;
		const rec: TaskDefRec = {...def, revision, arn: this.arn(`task-definition/${def.family}:${revision}`)};
		revisions.push(rec);
		this.families.set(def.family, revisions);
		this.familyNames.add(def.family);
		this.taskDefs.set(`${def.family}:${revision}`, rec);
		if (rec.status === 'ACTIVE') this.activeRevisions.set(def.family, (this.activeRevisions.get(def.family) ?? 0) + 1);
		for (const o of this.observers) o.taskDefIndexed?.(rec);
		return rec;
	}

	/** DeregisterTaskDefinition: INACTIVE from now on; tasks and services using it keep running. */
	deregisterTaskDef(def: TaskDefRec, at = this.now()): void {
		if (def.status === 'INACTIVE') return;
		def.status = 'INACTIVE';
		def.deregisteredAt = at;
		const left = (this.activeRevisions.get(def.family) ?? 1) - 1;
		if (left > 0) this.activeRevisions.set(def.family, left);
		else this.activeRevisions.delete(def.family);
	}

	private findChild<T>(cluster: ClusterRec, ref: string, type: string, map: Map<string, T>): T | undefined {
		if (!ref.startsWith('arn:')) return map.get(ref);
		const parts = this.arnPath(ref, type);
		if (!parts) return undefined;
		// Long format `type/cluster/id`, or the old short format `type/id`.
		if (parts.length === 2 && parts[0] !== cluster.name) return undefined;
		return map.get(parts[parts.length - 1]!);
	}

	private refName(ref: string, type: string, index: number): string | undefined {
		if (!ref.startsWith('arn:')) return ref;
		return this.arnPath(ref, type)?.[index];
	}

	/** The path after `type/` of an ARN of this partition, region and account. */
	private arnPath(arn: string, type: string): string[] | undefined {
		const parts = arn.split(':');
		if (parts.length < 6 || parts[2] !== 'ecs' || parts[3] !== this.region || parts[4] !== this.accountId) return undefined;
		const resource = parts.slice(5).join(':');
		if (!resource.startsWith(`${type}/`)) return undefined;
		const path = resource.slice(type.length + 1).split('/');
		return path.length >= 1 && path.length <= 2 && path.every(p => p !== '') ? path : undefined;
	}

	// ---- counters ----

	/** Moves a task to a new lastStatus, keeping every counter and reservation in step. */
	setStatus(task: TaskRec, status: string): void {
		const before = category(task.lastStatus);
		const after = category(status);
		if (before !== after) {
			for (const [counts, by] of [[before, -1], [after, 1]] as const) {
				bump(task.cluster.counts, counts, by);
				bump(task.launchType === 'FARGATE' ? task.cluster.fargate : task.cluster.ec2, counts, by);
				bump(task.service?.counts, counts, by);
				bump(task.deployment?.counts, counts, by);
				bump(task.instance?.counts, counts, by);
			}
		}
		task.lastStatus = status;
		task.version++;
		task.gen++;
		if (status === 'STOPPED') this.release(task);
		if (status === 'RUNNING') for (const o of this.observers) o.taskRunning?.(task);
		else if (status === 'STOPPED') for (const o of this.observers) o.taskStopped?.(task);
	}

	/** Desired status RUNNING → STOPPED: the task leaves the RUNNING lists and its deployment's active set. */
	markStopping(task: TaskRec): void {
		if (task.desiredStatus === 'STOPPED') return;
		task.desiredStatus = 'STOPPED';
		task.version++;
		for (const owner of [task.cluster, task.service, task.instance]) {
			if (!owner) continue;
			owner.tasksRunning.remove(task);
			owner.tasksStopped.add(task);
		}
		task.deployment?.active.delete(task);
		if (task.service && task.instance) {
			const n = (task.service.perInstance.get(task.instance.id) ?? 1) - 1;
			if (n > 0) task.service.perInstance.set(task.instance.id, n);
			else task.service.perInstance.delete(task.instance.id);
		}
	}

	/** Frees the instance's CPU, memory and ports (at STOPPED). */
	release(task: TaskRec): void {
		if (!task.reserved || !task.instance) return;
		task.reserved = false;
		const instance = task.instance;
		instance.remainingCpu += task.taskDef.cpu;
		instance.remainingMemory += task.taskDef.memory;
		for (const port of task.ports) instance.ports.delete(port);
		instance.version++;
	}

	/** Forgets a stopped task (ECS keeps them listable for about an hour). */
	forget(task: TaskRec): void {
		if (task.lastStatus !== 'STOPPED') return;
		task.cluster.tasks.delete(task.id);
		for (const owner of [task.cluster, task.service, task.instance]) owner?.tasksStopped.remove(task);
	}

	addEvent(service: ServiceRec, message: string, at = this.now()): EventRec {
		const event = {id: this.rng.uuid(), createdAt: at, message};
		service.events.unshift(event);
		if (service.events.length > MAX_EVENTS) service.events.length = MAX_EVENTS;
		return event;
	}

	/** Recomputes every counter from the tasks themselves; returns the disagreements (empty = consistent). */
	audit(): string[] {
		return audit(this);
	}
}
