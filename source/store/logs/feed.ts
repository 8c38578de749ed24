// The logs feed behind the logs pane and `ecs-top logs`: plans which streams hold the target's
// lines (from the tasks' task definitions, through the session's describe cache), reads from where
// the caller asks (the newest N lines, a time ago, since the task started), then follows:
//   - one stream: GetLogEvents with the last answer's forward token (only what came since);
//   - many: FilterLogEvents per log group (stream names, or `prefix/container/` prefixes past 100
//     streams) from a start time that advances behind the newest line seen, less `lagMs`: awslogs
//     ships in batches, so a line may arrive after newer ones of another stream; the overlap is
//     read again and de-duplicated by event id (the synthetic one, the same whichever call).
// Polls run every `intervalMs` (3 s, jittered) as 'poll' calls, so the shared limiter keeps them
// within a quarter of each Logs quota; a failed poll is not retried within the call, the next poll
// is the retry, later each time (exponential, full jitter, never sooner than the interval), so an
// outage costs no more calls than polling. Lines live in a ring of `capacity` (10,000), oldest
// dropped first and counted. Live Tail (setLive) replaces polling while it runs; it stops on
// request, on stop(), after 10 minutes without touch(), or when CloudWatch ends or refuses it, and
// then polling picks up behind the newest line with `liveNote` saying why.
import type {EcsApi} from '../../aws/ecs-api.js';
import {describeError, isRetryable, isThrottle} from '../../aws/errors.js';
import type {Timers} from '../../aws/limiter.js';
import type {LiveTailSession, LogsApi} from '../../aws/logs-api.js';
import type {LogEvent, Task, TaskDefinition} from '../../domain.js';
import {describeCacheFor} from '../describe-cache.js';
import {serviceTasks} from './target.js';
import {type GroupRead, type LogsPlan, planReads, prefixesOf, streamNamesLimit} from './sources.js';
import type {LogsFeed, LogsFeedState, LogsSince, LogsTarget} from './types.js';

export interface LogsFeedOptions {
	ecs: EcsApi;
	/** The CloudWatch Logs client of a region (undefined: the cluster's). */
	logs: (region?: string) => LogsApi;
	target: LogsTarget;
	/** A CloudWatch filter pattern, matched by the server (every read is then a FilterLogEvents). */
	filterPattern?: string;
	/** Follow after the first read (default true); false: read once, then 'idle'. */
	follow?: boolean;
	/** Lines kept (default 10,000). */
	capacity?: number;
	/** Between polls (default 3 s, jittered ±20 %). */
	intervalMs?: number;
	/** Longest wait between polls while CloudWatch fails (default 60 s). */
	maxBackoffMs?: number;
	/** How far behind the newest line a many-stream poll starts (default 15 s: awslogs ships every 5 s). */
	lagMs?: number;
	/** Live Tail stops after this long without touch() (default 10 minutes). */
	liveIdleMs?: number;
	/** Lines a first read by time takes at most (default 50,000; the ring keeps the newest). */
	initialLimit?: number;
	/** Every line as it is accepted (new, not seen before), oldest first within a batch: the command prints these. */
	onLines?: (lines: readonly LogEvent[]) => void;
	now?: () => number;
	timers?: Timers;
	random?: () => number;
	/** A task definition (default: the session's describe cache for `ecs`). */
	taskDefinition?: (arn: string) => Promise<TaskDefinition>;
}

/** The read-back window never goes below this, whatever the delays seen. */
const minLagMs = 2000;

const defaultTimers: Timers = {
	setTimeout: (f, ms) => setTimeout(f, ms),
	clearTimeout: h => clearTimeout(h as NodeJS.Timeout),
};

/** Newest N lines when the caller asks for none: what `ecs-top logs` prints without --since. */
export const defaultTail = 100;

/** How far back a tail read looks, window by window, until it has its N lines. */
const tailWindowsMs = [60_000, 3_600_000, 86_400_000, 604_800_000];

function order(a: LogEvent, b: LogEvent): number {
	return a.timestamp - b.timestamp || (a.ingestionTime ?? 0) - (b.ingestionTime ?? 0) || (a.logStream < b.logStream ? -1 : a.logStream > b.logStream ? 1 : 0) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

function isNotFound(error: unknown): boolean {
	return (error as {name?: unknown})?.name === 'ResourceNotFoundException';
}

export function createLogsFeed(options: LogsFeedOptions): LogsFeed & {
	/** Resolves once the first read is done (or failed): the command waits on it. */
	loaded(): Promise<void>;
} {
	return new Feed(options);
}

class Feed implements LogsFeed {
	readonly #o: LogsFeedOptions;
	readonly #now: () => number;
	readonly #timers: Timers;
	readonly #random: () => number;
	readonly #capacity: number;
	readonly #interval: number;
	/** The most a poll reads back behind the newest line (the option, 15 s by default). */
	readonly #lagMax: number;
	/**
	 * How far a poll reads back behind the newest line: the longest a line was seen taking from its
	 * timestamp to its ingestion lately, plus a margin, within [2 s, lagMax]. A line can arrive late
	 * by at most that (awslogs ships in batches), and re-reading more costs calls: at 2,000 lines a
	 * second a fixed 15 s was six times the new lines per poll, and the follow fell behind.
	 */
	#lag: number;
	/** The longest ingestion delay of each of the last polls (ms). */
	#delays: number[] = [];
	readonly #listeners = new Set<() => void>();
	#state: LogsFeedState = {lines: [], dropped: 0, state: 'idle', notes: [], sources: [], live: false, version: 0};
	#tasks: readonly (string | Task)[];
	/** Where the current read started (a restart on new tasks starts there again). */
	#since: LogsSince = {kind: 'tail', lines: defaultTail};
	#plan?: LogsPlan;
	/** Ids seen → their timestamp, pruned behind the oldest cursor (nothing older is read again). */
	#seen = new Map<string, number>();
	/** Per group read: where its next FilterLogEvents starts. */
	#cursors = new Map<string, number>();
	/** One-stream mode: the last forward token, or where to start without one. */
	#token?: string;
	#streamStart?: number;
	#newest?: number;
	#follow: boolean;
	#failures = 0;
	#pollTimer: unknown;
	#generation = 0;
	#controller = new AbortController();
	#stopped = false;
	#loadedResolve?: () => void;
	#loaded: Promise<void>;
	#groupNotes = new Set<string>();
	// Live Tail.
	#wantLive = false;
	#session?: LiveTailSession;
	#liveStarting = false;
	#lastTouch = 0;
	#idleTimer: unknown;

	constructor(options: LogsFeedOptions) {
		this.#o = options;
		this.#now = options.now ?? Date.now;
		this.#timers = options.timers ?? defaultTimers;
		this.#random = options.random ?? Math.random;
		this.#capacity = options.capacity ?? 10_000;
		this.#interval = options.intervalMs ?? 3000;
		this.#lagMax = options.lagMs ?? 15_000;
		this.#lag = this.#lagMax;
		this.#follow = options.follow ?? true;
		this.#tasks = options.target.tasks ?? options.target.taskArns;
		this.#loaded = new Promise(resolve => (this.#loadedResolve = resolve));
	}

	getState = (): LogsFeedState => this.#state;

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	loaded(): Promise<void> {
		return this.#loaded;
	}

	#set(patch: Partial<LogsFeedState>): void {
		this.#state = {...this.#state, ...patch, version: this.#state.version + 1};
		for (const listener of this.#listeners) listener();
	}

	start(since: LogsSince = {kind: 'tail', lines: defaultTail}): void {
		if (this.#stopped) return;
		this.#since = since;
		this.#reset();
		const generation = this.#generation;
		this.#set({lines: [], dropped: 0, state: 'loading', error: undefined, notes: [], sources: []});
		void this.#initial(since, generation);
	}

	setFollow(follow: boolean): void {
		if (this.#stopped || follow === this.#follow) return;
		this.#follow = follow;
		if (this.#state.state === 'loading' || this.#state.state === 'error') return;
		if (follow) {
			this.#set({state: 'following'});
			if (this.#wantLive) void this.#startLive(this.#generation);
			else this.#schedule(0);
		} else {
			this.#clearPoll();
			this.#endLive();
			this.#set({state: 'paused', live: false});
		}
	}

	setLive(live: boolean): void {
		if (this.#stopped) return;
		this.#wantLive = live;
		this.#lastTouch = this.#now();
		if (!live) {
			if (this.#session || this.#liveStarting) {
				this.#endLive();
				this.#set({live: false, liveNote: undefined});
				if (this.#follow && this.#state.state === 'following') this.#schedule(0);
			}
			return;
		}
		if (this.#state.state === 'following') void this.#startLive(this.#generation);
		else if (this.#state.state === 'paused' || this.#state.state === 'idle') this.setFollow(true);
	}

	touch(): void {
		this.#lastTouch = this.#now();
	}

	setTasks(tasks: readonly string[] | readonly Task[]): void {
		if (this.#stopped) return;
		this.#tasks = tasks;
		// Still on the first read (the pane opened a service before its tasks were listed): read again with them.
		if (this.#state.state === 'loading') return this.start(this.#since);
		if (!this.#plan) return;
		const generation = this.#generation;
		void this.#replan(generation).catch(() => {
			// Keep reading the old plan; the next change tries again.
		});
	}

	stop(): void {
		if (this.#stopped) return;
		this.#stopped = true;
		this.#reset();
		this.#loadedResolve?.();
		this.#set({state: this.#state.state === 'error' ? 'error' : 'idle', live: false});
	}

	#reset(): void {
		this.#generation++;
		this.#controller.abort();
		this.#controller = new AbortController();
		this.#clearPoll();
		this.#endLive();
		this.#seen.clear();
		this.#cursors.clear();
		this.#token = undefined;
		this.#streamStart = undefined;
		this.#newest = undefined;
		this.#failures = 0;
		this.#groupNotes.clear();
	}

	#current(generation: number): boolean {
		return generation === this.#generation && !this.#stopped;
	}

	// ---- planning

	async #describeTasks(): Promise<Task[]> {
		// A service with no tasks given (the pane knows only the services): its tasks as ECS lists
		// them now, running and recently stopped (their logs outlive them).
		if (this.#tasks.length === 0 && this.#o.target.service) this.#tasks = await serviceTasks(this.#o.ecs, this.#o.target.cluster, this.#o.target.service, this.#controller.signal);
		const given = this.#tasks.filter((t): t is Task => typeof t !== 'string');
		const arns = this.#tasks.filter((t): t is string => typeof t === 'string');
		if (arns.length === 0) return given;
		// aws ecs describe-tasks --cluster C --tasks T… (100 a call)
		const described = await this.#o.ecs.describeTasks(this.#o.target.cluster, arns, {priority: 'interactive', signal: this.#controller.signal});
		return [...given, ...described.items];
	}

	async #makePlan(): Promise<LogsPlan> {
		const tasks = await this.#describeTasks();
		const definitions = new Map<string, TaskDefinition>();
		const load = this.#o.taskDefinition ?? (async (arn: string) => {
			const cache = describeCacheFor(this.#o.ecs);
			// aws ecs describe-task-definition --task-definition ARN (once per session: they never change)
			await cache.loadTaskDefinition(arn);
			const loaded = cache.taskDefinition(arn);
			if (loaded?.state !== 'ok' || !loaded.value) throw new Error(loaded?.error ?? `task definition ${arn} could not be read`);
			return loaded.value;
		});
		for (const arn of new Set(tasks.map(t => t.taskDefinitionArn))) definitions.set(arn, await load(arn));
		const plan = planReads(tasks, definitions, this.#o.target.container);
		if (tasks.length === 0) plan.notes.unshift('no tasks to read logs of');
		else if (plan.reads.length === 0 && plan.notes.length === 0 && this.#o.target.container) plan.notes.push(`no container ${this.#o.target.container} in the task definition`);
		return plan;
	}

	async #replan(generation: number): Promise<void> {
		const plan = await this.#makePlan();
		if (!this.#current(generation)) return;
		const wasSingle = this.#single();
		this.#plan = plan;
		const from = (this.#newest ?? this.#now()) - this.#lag;
		for (const read of plan.reads) if (!this.#cursors.has(read.key)) this.#cursors.set(read.key, from);
		if (wasSingle && !this.#single()) for (const read of plan.reads) this.#cursors.set(read.key, Math.min(this.#cursors.get(read.key)!, from));
		if (!wasSingle && this.#single()) {
			this.#token = undefined;
			this.#streamStart = from;
		}
		this.#set({sources: plan.sources, notes: [...plan.notes, ...this.#groupNotes]});
		if (this.#session) {
			// The session's streams are fixed at its start: restart it with the new ones.
			this.#endLive();
			void this.#startLive(generation);
		}
	}

	/** One stream and no filter pattern: GetLogEvents, which follows by token. */
	#single(): GroupRead | undefined {
		const reads = this.#plan?.reads ?? [];
		return reads.length === 1 && reads[0]!.streams.length === 1 && !this.#o.filterPattern ? reads[0] : undefined;
	}

	// ---- reading

	/** Lines of one group read in [startTime, endTime), oldest first, only the target's tasks. */
	async #filter(read: GroupRead, startTime: number | undefined, endTime: number | undefined, priority: 'interactive' | 'poll', limit?: number): Promise<LogEvent[]> {
		const api = this.#o.logs(read.region);
		const common = {logGroup: read.group, startTime, endTime, filterPattern: this.#o.filterPattern, limit};
		const call = {priority, signal: this.#controller.signal, scheduled: priority === 'poll'};
		try {
			if (read.streams.length <= streamNamesLimit) {
				// aws logs filter-log-events --log-group-name G --log-stream-names S… --start-time T
				return await api.filterLogEvents({...common, logStreamNames: read.streams}, call);
			}
			const out: LogEvent[] = [];
			for (const prefix of prefixesOf(read)) {
				// aws logs filter-log-events --log-group-name G --log-stream-name-prefix prefix/container/ --start-time T
				const events = await api.filterLogEvents({...common, logStreamNamePrefix: prefix}, call);
				out.push(...events.filter(e => e.taskId !== undefined && read.taskIds.has(e.taskId)));
			}
			return out;
		} catch (error) {
			if (!isNotFound(error)) throw error;
			this.#note(`log group ${read.group} does not exist (yet)`);
			return [];
		}
	}

	#note(note: string): void {
		if (this.#groupNotes.has(note)) return;
		this.#groupNotes.add(note);
		this.#set({notes: [...this.#state.notes, note]});
	}

	async #initial(since: LogsSince, generation: number): Promise<void> {
		try {
			const plan = await this.#makePlan();
			if (!this.#current(generation)) return;
			this.#plan = plan;
			this.#set({sources: plan.sources, notes: plan.notes});
			const now = this.#now();
			const startTime = since.kind === 'ago' ? now - since.ms : since.kind === 'task-start' ? plan.earliestStart : undefined;
			const single = this.#single();
			let lines: LogEvent[];
			/** Lines read but not kept (a tail's older ones): seen, so the first poll's overlap skips them. */
			let unkept: LogEvent[] = [];
			if (single) lines = await this.#initialStream(single, since, startTime, generation);
			else if (since.kind === 'tail') {
				const found = await this.#initialTail(plan, since.lines, now, generation);
				lines = found.slice(-since.lines);
				unkept = found.slice(0, Math.max(0, found.length - since.lines));
			} else {
				lines = [];
				for (const read of plan.reads) lines.push(...(await this.#filter(read, startTime, undefined, 'interactive', this.#o.initialLimit ?? 50_000)));
			}
			if (!this.#current(generation)) return;
			// Polls go on from the newest line read (less the lag), not from this machine's clock: a
			// clock some minutes fast would otherwise skip every line until it caught up.
			const newest = lines.reduce((max, l) => Math.max(max, l.timestamp), -Infinity);
			const from = (Number.isFinite(newest) ? Math.min(newest, now) : now) - this.#lag;
			for (const read of plan.reads) if (!this.#cursors.has(read.key)) this.#cursors.set(read.key, from);
			this.#accept(lines);
			for (const line of unkept) this.#seen.set(line.eventId, line.timestamp);
			this.#set({state: this.#follow ? 'following' : 'idle'});
			this.#loadedResolve?.();
			if (this.#follow) {
				if (this.#wantLive) void this.#startLive(generation);
				else this.#schedule(this.#pause());
			}
		} catch (error) {
			if (!this.#current(generation)) return;
			const message = describeError(error, 'CloudWatch Logs').message;
			if (this.#follow && (isRetryable(error) || isThrottle(error))) {
				// The pane waits an outage out; the first read is tried again like a poll.
				this.#failures++;
				this.#set({error: message});
				this.#pollTimer = this.#timers.setTimeout(() => {
					this.#pollTimer = undefined;
					if (this.#current(generation)) void this.#initial(since, generation);
				}, this.#backoff());
				return;
			}
			this.#set({state: 'error', error: message});
			this.#loadedResolve?.();
		}
	}

	async #initialStream(read: GroupRead, since: LogsSince, startTime: number | undefined, generation: number): Promise<LogEvent[]> {
		const api = this.#o.logs(read.region);
		const stream = read.streams[0]!;
		const call = {priority: 'interactive' as const, signal: this.#controller.signal};
		try {
			if (since.kind === 'tail') {
				// aws logs get-log-events --log-group-name G --log-stream-name S --limit N (the newest N)
				const page = await api.getLogEvents({logGroup: read.group, logStream: stream, limit: since.lines, startFromHead: false}, call);
				this.#token = page.nextForwardToken;
				return page.events.slice(-since.lines);
			}
			const lines: LogEvent[] = [];
			const limit = this.#o.initialLimit ?? 50_000;
			let token: string | undefined;
			for (;;) {
				// aws logs get-log-events --log-group-name G --log-stream-name S --start-time T --start-from-head [--next-token T]
				const page = await api.getLogEvents({logGroup: read.group, logStream: stream, startTime, startFromHead: true, nextToken: token}, call);
				if (!this.#current(generation)) return [];
				lines.push(...page.events);
				const done = page.events.length === 0 || !page.nextForwardToken || page.nextForwardToken === token || lines.length >= limit;
				token = page.nextForwardToken ?? token;
				if (done) break;
			}
			this.#token = token;
			return lines;
		} catch (error) {
			if (!isNotFound(error)) throw error;
			this.#note(`log stream ${stream} does not exist (yet)`);
			this.#streamStart = startTime ?? this.#now() - this.#lag;
			return [];
		}
	}

	/** The newest `lines` across the plan's groups, window by window back to the earliest task start. */
	async #initialTail(plan: LogsPlan, lines: number, now: number, generation: number): Promise<LogEvent[]> {
		const found: LogEvent[] = [];
		let end = now + 60_000;
		for (const width of tailWindowsMs) {
			const start = now - width;
			for (const read of plan.reads) found.push(...(await this.#filter(read, start, end, 'interactive', this.#o.initialLimit ?? 50_000)));
			if (!this.#current(generation)) return [];
			if (found.length >= lines || (plan.earliestStart !== undefined && start <= plan.earliestStart)) break;
			end = start;
		}
		return found.sort(order);
	}

	/** New lines into the ring (de-duplicated by id, in timestamp order), and to onLines. */
	/** Learns how late lines arrive from those just read, and sets the read-back window by it. */
	#learnDelay(lines: readonly LogEvent[]): void {
		let delay = -1;
		for (const line of lines) if (line.ingestionTime !== undefined) delay = Math.max(delay, line.ingestionTime - line.timestamp);
		if (delay < 0) return;
		this.#delays.push(delay);
		if (this.#delays.length > 20) this.#delays.shift();
		this.#lag = Math.min(this.#lagMax, Math.max(minLagMs, Math.max(...this.#delays) * 1.5 + 1000));
	}

	#accept(lines: readonly LogEvent[]): void {
		this.#learnDelay(lines);
		const fresh: LogEvent[] = [];
		const batch = new Set<string>();
		for (const line of lines) {
			if (batch.has(line.eventId)) continue;
			batch.add(line.eventId);
			if (this.#seen.has(line.eventId)) continue;
			fresh.push(line);
		}
		if (fresh.length === 0) return;
		fresh.sort(order);
		for (const line of fresh) {
			this.#seen.set(line.eventId, line.timestamp);
			if (this.#newest === undefined || line.timestamp > this.#newest) this.#newest = line.timestamp;
		}
		const ring = this.#state.lines;
		const last = ring.at(-1);
		let merged = last === undefined || order(fresh[0]!, last) >= 0 ? [...ring, ...fresh] : [...ring, ...fresh].sort(order);
		let dropped = this.#state.dropped;
		if (merged.length > this.#capacity) {
			dropped += merged.length - this.#capacity;
			merged = merged.slice(-this.#capacity);
		}
		this.#prune();
		this.#set({lines: merged, dropped});
		this.#o.onLines?.(fresh);
	}

	/** Forgets ids older than anything a read may return again. */
	#prune(): void {
		if (this.#seen.size < 2 * this.#capacity) return;
		// Reads go back to the cursors (at most lagMax behind the newest line): ids older than that, with
		// a margin, cannot come again.
		const floor = Math.min(...this.#cursors.values(), this.#streamStart ?? Infinity, (this.#newest ?? 0) - this.#lagMax) - 10_000;
		for (const [id, timestamp] of this.#seen) if (timestamp < floor) this.#seen.delete(id);
	}

	// ---- following

	#pause(): number {
		return this.#interval * (0.8 + 0.4 * this.#random());
	}

	#backoff(): number {
		const ceiling = Math.min(Math.max(this.#o.maxBackoffMs ?? 60_000, this.#interval), this.#interval * 2 ** this.#failures);
		return Math.max(this.#interval, this.#random() * ceiling);
	}

	#clearPoll(): void {
		if (this.#pollTimer !== undefined) this.#timers.clearTimeout(this.#pollTimer);
		this.#pollTimer = undefined;
	}

	#schedule(ms: number): void {
		this.#clearPoll();
		const generation = this.#generation;
		this.#pollTimer = this.#timers.setTimeout(() => {
			this.#pollTimer = undefined;
			void this.#poll(generation);
		}, ms);
	}

	async #poll(generation: number): Promise<void> {
		if (!this.#current(generation) || !this.#follow || this.#session || this.#liveStarting) return;
		try {
			const lines = await this.#pollOnce(generation);
			if (!this.#current(generation)) return;
			this.#failures = 0;
			if (this.#state.error !== undefined) this.#set({error: undefined});
			this.#accept(lines);
			if (this.#follow && !this.#session) this.#schedule(this.#pause());
		} catch (error) {
			if (!this.#current(generation)) return;
			this.#failures++;
			this.#set({error: describeError(error, 'CloudWatch Logs').message});
			if (this.#follow && !this.#session) this.#schedule(this.#backoff());
		}
	}

	async #pollOnce(generation: number): Promise<LogEvent[]> {
		const single = this.#single();
		if (single) {
			const api = this.#o.logs(single.region);
			const stream = single.streams[0]!;
			const lines: LogEvent[] = [];
			// A busy stream gives 10,000 lines a page: a few pages a poll at most, the rest next time.
			for (let page = 0; page < 5; page++) {
				const start = this.#token ? undefined : (this.#streamStart ?? (this.#newest ?? this.#now()) - this.#lag);
				let answer;
				try {
					// aws logs get-log-events --log-group-name G --log-stream-name S --start-from-head --next-token T
					answer = await api.getLogEvents({logGroup: single.group, logStream: stream, startFromHead: true, nextToken: this.#token, startTime: start}, {priority: 'poll', signal: this.#controller.signal, scheduled: true});
				} catch (error) {
					if (isNotFound(error)) return lines;
					throw error;
				}
				if (!this.#current(generation)) return [];
				lines.push(...answer.events);
				const same = !answer.nextForwardToken || answer.nextForwardToken === this.#token;
				if (answer.nextForwardToken) this.#token = answer.nextForwardToken;
				this.#streamStart = undefined;
				if (same || answer.events.length === 0) break;
			}
			return lines;
		}
		const lines: LogEvent[] = [];
		for (const read of this.#plan?.reads ?? []) {
			const cursor = this.#cursors.get(read.key) ?? this.#now() - this.#lag;
			const events = await this.#filter(read, cursor, undefined, 'poll', this.#o.initialLimit ?? 50_000);
			if (!this.#current(generation)) return [];
			lines.push(...events);
			const newest = events.reduce((max, e) => Math.max(max, e.timestamp), -Infinity);
			// Behind the newest line by the lag, never backwards: a line shipped late still falls in the window.
			if (Number.isFinite(newest)) this.#cursors.set(read.key, Math.max(cursor, newest - this.#lag));
		}
		return lines;
	}

	// ---- Live Tail

	async #startLive(generation: number): Promise<void> {
		if (this.#session || this.#liveStarting || !this.#plan) return;
		const reads = this.#plan.reads;
		const fallBack = (note: string) => {
			this.#liveStarting = false;
			this.#wantLive = false;
			if (!this.#current(generation)) return;
			this.#set({live: false, liveNote: note});
			if (this.#follow) this.#schedule(0);
		};
		if (reads.length === 0) return fallBack('Live Tail: no CloudWatch log group to tail');
		if (reads.length > 10) return fallBack('Live Tail takes at most 10 log groups; polling');
		if (new Set(reads.map(r => r.region ?? '')).size > 1) return fallBack('Live Tail takes log groups of one region; polling');
		this.#liveStarting = true;
		this.#clearPoll();
		try {
			const api = this.#o.logs(reads[0]!.region);
			const arns: string[] = [];
			for (const read of reads) {
				// aws logs describe-log-groups --log-group-name-prefix G (for its ARN)
				const groups = await api.describeLogGroups(read.group, {priority: 'interactive', signal: this.#controller.signal});
				const arn = groups.find(g => g.logGroupName === read.group)?.logGroupArn;
				if (!arn) return fallBack(`Live Tail: log group ${read.group} not found; polling`);
				arns.push(arn);
			}
			if (!this.#current(generation) || !this.#wantLive) return void (this.#liveStarting = false);
			const one = reads.length === 1 ? reads[0]! : undefined;
			const request = {
				logGroupArns: arns,
				...(one && one.streams.length <= streamNamesLimit ? {logStreamNames: one.streams} : {}),
				...(one && one.streams.length > streamNamesLimit ? {logStreamNamePrefixes: prefixesOf(one)} : {}),
				...(this.#o.filterPattern ? {filterPattern: this.#o.filterPattern} : {}),
			};
			// aws logs start-live-tail --log-group-identifiers ARN… [--log-stream-names S…]
			const session = await api.startLiveTail(request, {signal: this.#controller.signal, firstFrameTimeoutMs: 10_000});
			this.#liveStarting = false;
			if (!this.#current(generation) || !this.#wantLive) {
				session.close();
				return;
			}
			this.#session = session;
			this.#lastTouch = this.#now();
			this.#armIdle(generation);
			this.#set({live: true, liveNote: undefined, error: undefined});
			void this.#consume(session, generation);
		} catch (error) {
			if (!this.#current(generation)) return void (this.#liveStarting = false);
			fallBack(`${(error as Error)?.message ?? String(error)}; polling`);
		}
	}

	async #consume(session: LiveTailSession, generation: number): Promise<void> {
		const wanted = new Set((this.#plan?.reads ?? []).flatMap(r => r.streams));
		let sampledNoted = false;
		let note = 'Live Tail ended; polling';
		try {
			for await (const update of session.updates) {
				if (this.#session !== session) return;
				if (update.sampled && !sampledNoted) {
					sampledNoted = true;
					this.#note('Live Tail is sampling: CloudWatch sends a sample above 500 lines a second');
				}
				// Whole groups or prefixes may bring other tasks' lines: keep the target's.
				this.#accept(update.events.filter(e => wanted.has(e.logStream)));
			}
		} catch (error) {
			note = `${(error as Error)?.message ?? String(error)}; polling`;
		}
		if (this.#session !== session || !this.#current(generation)) return;
		this.#endLive();
		this.#wantLive = false;
		this.#set({live: false, liveNote: note});
		if (this.#follow) this.#resumePolling();
	}

	#armIdle(generation: number): void {
		const limit = this.#o.liveIdleMs ?? 600_000;
		const left = Math.max(0, this.#lastTouch + limit - this.#now());
		this.#idleTimer = this.#timers.setTimeout(() => {
			this.#idleTimer = undefined;
			if (!this.#current(generation) || !this.#session) return;
			if (this.#now() - this.#lastTouch < limit) return this.#armIdle(generation);
			this.#endLive();
			this.#wantLive = false;
			this.#set({live: false, liveNote: `Live Tail stopped after ${Math.round(limit / 60_000)} minutes without a key press (it is billed per minute); polling`});
			if (this.#follow) this.#resumePolling();
		}, left);
	}

	/** Polling again after Live Tail: from behind the newest line, de-duplicated by id. */
	#resumePolling(): void {
		const from = (this.#newest ?? this.#now()) - this.#lag;
		this.#token = undefined;
		this.#streamStart = from;
		for (const key of this.#cursors.keys()) this.#cursors.set(key, Math.max(this.#cursors.get(key)!, from));
		this.#schedule(0);
	}

	#endLive(): void {
		if (this.#idleTimer !== undefined) this.#timers.clearTimeout(this.#idleTimer);
		this.#idleTimer = undefined;
		const session = this.#session;
		this.#session = undefined;
		this.#liveStarting = false;
		if (session) {
			session.close();
			// Whatever came while live is seen: polling picks up behind the newest line.
			const from = (this.#newest ?? this.#now()) - this.#lag;
			this.#token = undefined;
			this.#streamStart = from;
			for (const key of this.#cursors.keys()) this.#cursors.set(key, Math.max(this.#cursors.get(key)!, from));
		}
	}
}

