// The simulator's CloudWatch Logs: one group per awslogs-group named in a task definition (created
// when the definition is registered, as `awslogs-create-group` or a deploy script would), one
// stream `<awslogs-stream-prefix>/<container>/<task id>` per awslogs container of a task that
// reached RUNNING, and groups and streams made with CreateLogGroup/CreateLogStream. The store
// learns of tasks from the world's observers, so it never scans the world.
import type {TaskDefRec, TaskRec} from '../model.js';
import type {TaskObserver, WorldData} from '../world-data.js';
import {contentKind} from './content.js';
import {hashString, mix} from './hash.js';
import {STOPPED_STREAMS_KEPT, compareKeys, type GroupRec, type LogLine, type StreamRec} from './streams.js';

/** Planted (PutLogEvents) lines a stream keeps; older ones are dropped first. */
export const PLANTED_LINES_KEPT = 50_000;
export const DEFAULT_LOG_RATE = 0.5;

export interface LogStoreOptions {
	seed?: number;
	/** Timed lines per second per container (default 0.5; at most 1000). */
	linesPerSecond?: number;
}

interface AwslogsTarget {
	group: string;
	prefix?: string;
	container: string;
}

function awslogsTargets(def: TaskDefRec): AwslogsTarget[] {
	return def.containerDefinitions.flatMap(c => {
		const l = c.logConfiguration;
		const group = l?.options?.['awslogs-group'];
		return l?.logDriver === 'awslogs' && group ? [{group, prefix: l.options?.['awslogs-stream-prefix'], container: c.name}] : [];
	});
}

export class LogStore implements TaskObserver {
	readonly groups = new Map<string, GroupRec>();
	readonly periodMs: number;
	private readonly seed: number;
	private sorted: GroupRec[] | undefined;

	constructor(readonly world: WorldData, options: LogStoreOptions = {}) {
		const rate = options.linesPerSecond ?? DEFAULT_LOG_RATE;
		if (!(rate > 0 && rate <= 1000)) throw new RangeError('log rate must be above 0 and at most 1000 lines per second');
		this.periodMs = 1000 / rate;
		this.seed = options.seed ?? 1;
		world.observers.push(this);
		// A world built before the store: pick up what is already there.
		for (const revisions of world.families.values()) for (const def of revisions) this.taskDefIndexed(def);
		for (const cluster of world.clusters.values()) for (const task of cluster.tasks.values()) if (task.startedAt !== undefined) this.taskRunning(task);
	}

	now(): number {
		return this.world.now();
	}

	groupArn(name: string): string {
		return `arn:aws:logs:${this.world.region}:${this.world.accountId}:log-group:${name}`;
	}

	/** Groups sorted by name (DescribeLogGroups' order). */
	sortedGroups(): GroupRec[] {
		this.sorted ??= [...this.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		return this.sorted;
	}

	/** A group by name, or by ARN of this account and region (with or without the `:*` suffix). */
	findGroup(ref: string): GroupRec | undefined {
		if (!ref.startsWith('arn:')) return this.groups.get(ref);
		const prefix = `${this.groupArn('')}`;
		if (!ref.startsWith(prefix)) return undefined;
		const name = ref.slice(prefix.length).replace(/:\*$/, '');
		return this.groups.get(name);
	}

	ensureGroup(name: string, createdAt = this.now(), retentionInDays?: number): GroupRec {
		let group = this.groups.get(name);
		if (!group) {
			group = {name, arn: this.groupArn(name), createdAt, retentionInDays, streams: new Map(), stopped: []};
			this.groups.set(name, group);
			this.sorted = undefined;
		} else if (createdAt < group.createdAt) {
			group.createdAt = createdAt;
		}
		return group;
	}

	createStream(group: GroupRec, name: string, createdAt = this.now()): StreamRec {
		const stream: StreamRec = {name, group, createdAt, hash: mix(hashString(`${group.name}\n${name}`), this.seed), planted: [], arrivals: [], nextPlantedJ: 1000};
		group.streams.set(name, stream);
		return stream;
	}

	/** PutLogEvents: lines with the caller's timestamps, ingested now. */
	put(stream: StreamRec, events: Array<{timestamp: number; message: string}>): void {
		const ingestion = this.now();
		for (const e of events) {
			const line: LogLine = {ts: e.timestamp, j: stream.nextPlantedJ++, message: e.message, ingestion};
			stream.arrivals.push(line);
			stream.planted.push(line);
		}
		stream.planted.sort(compareKeys);
		if (stream.arrivals.length > PLANTED_LINES_KEPT) {
			const drop = new Set(stream.arrivals.splice(0, stream.arrivals.length - PLANTED_LINES_KEPT));
			stream.planted = stream.planted.filter(l => !drop.has(l));
		}
	}

	taskDefIndexed(def: TaskDefRec): void {
		for (const t of awslogsTargets(def)) this.ensureGroup(t.group, def.registeredAt, 30);
	}

	taskRunning(task: TaskRec): void {
		for (const t of awslogsTargets(task.taskDef)) {
			const group = this.ensureGroup(t.group, task.startedAt, 30);
			const name = streamName(t, task);
			if (group.streams.has(name)) continue;
			const def = task.taskDef.containerDefinitions.find(c => c.name === t.container)!;
			const stream = this.createStream(group, name, task.startedAt);
			const kind = contentKind(task.taskDef.family, def);
			stream.source = {
				task,
				container: t.container,
				periodMs: this.periodMs,
				seed: mix(stream.hash, 0x1234_5678),
				ctx: {family: task.taskDef.family, container: t.container, image: def.image, port: def.portMappings[0]?.containerPort, kind},
			};
		}
	}

	taskStopped(task: TaskRec): void {
		for (const t of awslogsTargets(task.taskDef)) {
			const group = this.groups.get(t.group);
			const stream = group?.streams.get(streamName(t, task));
			if (!group || !stream) continue;
			group.stopped.push(stream);
			if (group.stopped.length > STOPPED_STREAMS_KEPT) {
				const old = group.stopped.shift()!;
				if (group.streams.get(old.name) === old) group.streams.delete(old.name);
			}
		}
	}
}

/** awslogs names a stream `prefix/container/task id`; without a prefix, by the container's id (here: derived from the task's). */
function streamName(t: AwslogsTarget, task: TaskRec): string {
	return t.prefix ? `${t.prefix}/${t.container}/${task.id}` : `${task.id}${hashString(t.container).toString(16).padStart(8, '0')}`.slice(0, 64);
}
