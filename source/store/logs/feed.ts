// The logs feed behind the logs pane and `ecs-top logs`: plans which streams hold the target's
// lines (plan.ts), reads from where the caller asks (the newest N lines, a time ago, since the task
// started), then follows by polling (poll.ts) or, on request, by Live Tail (live.ts), each line
// shown once (dedupe.ts).
// Polls run every `intervalMs` (3 s, jittered) as 'poll' calls, so the shared limiter keeps them
// within a quarter of each Logs quota; a failed poll is not retried within the call, the next poll
// is the retry, later each time (exponential, full jitter, never sooner than the interval), so an
// outage costs no more calls than polling. Lines live in a ring of `capacity` (10,000), oldest
// dropped first and counted. Live Tail (setLive) replaces polling while it runs; it stops on
// request, on stop(), after 10 minutes without touch(), or when CloudWatch ends or refuses it, and
// then polling picks up behind the newest line with `liveNote` saying why (a session CloudWatch
// ends after 3 hours is renewed instead: live.ts). A session sends only what arrives after its
// start, so when one opens the feed reads once more, like a poll, what came since the last poll
// (the bridge); until that read is done, polling after the session picks up where it left off
// rather than behind the newest line, so a session that breaks at once loses nothing either.
import type {EcsApi} from '../../aws/ecs-api.js';
import {describeError, isRetryable, isThrottle} from '../../aws/errors.js';
import type {Timers} from '../../aws/limiter.js';
import type {LogsApi} from '../../aws/logs-api.js';
import type {LogEvent, Task, TaskDefinition} from '../../domain.js';
import {intoRing, SeenIds} from './dedupe.js';
import {ReadBack} from './lag.js';
import {LiveTail} from './live.js';
import {makePlan} from './plan.js';
import {Reader} from './poll.js';
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

const defaultTimers: Timers = {
	setTimeout: (f, ms) => setTimeout(f, ms),
	clearTimeout: h => clearTimeout(h as NodeJS.Timeout),
};

/** Newest N lines when the caller asks for none: what `ecs-top logs` prints without --since. */
export const defaultTail = 100;

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
	readonly #lag: ReadBack;
	readonly #seen = new SeenIds();
	readonly #reader: Reader;
	readonly #live: LiveTail;
	readonly #listeners = new Set<() => void>();
	#state: LogsFeedState = {lines: [], dropped: 0, state: 'idle', notes: [], sources: [], live: false, version: 0};
	#tasks: readonly (string | Task)[];
	/** Where the current read started (a restart on new tasks starts there again). */
	#since: LogsSince = {kind: 'tail', lines: defaultTail};
	#follow: boolean;
	#failures = 0;
	#pollTimer: unknown;
	#generation = 0;
	#controller = new AbortController();
	#stopped = false;
	#loadedResolve?: () => void;
	#loaded: Promise<void>;
	#groupNotes = new Set<string>();
	/** Bumped per session opened and closed: a bridge read of a session gone stops retrying. */
	#bridgeId = 0;
	/** What came between the last poll and the open session's start has been read. */
	#bridged = false;

	constructor(options: LogsFeedOptions) {
		this.#o = options;
		this.#now = options.now ?? Date.now;
		this.#timers = options.timers ?? defaultTimers;
		this.#random = options.random ?? Math.random;
		this.#capacity = options.capacity ?? 10_000;
		this.#interval = options.intervalMs ?? 3000;
		this.#lag = new ReadBack(options.lagMs ?? 15_000);
		this.#follow = options.follow ?? true;
		this.#tasks = options.target.tasks ?? options.target.taskArns;
		this.#loaded = new Promise(resolve => (this.#loadedResolve = resolve));
		const signal = () => this.#controller.signal;
		const note = (text: string) => this.#note(text);
		this.#reader = new Reader({logs: options.logs, filterPattern: options.filterPattern, initialLimit: options.initialLimit ?? 50_000, now: this.#now, lag: this.#lag, seen: this.#seen, signal, note});
		this.#live = new LiveTail({
			logs: options.logs,
			filterPattern: options.filterPattern,
			now: this.#now,
			timers: this.#timers,
			idleMs: options.liveIdleMs ?? 600_000,
			plan: () => this.#reader.plan,
			signal,
			current: generation => this.#current(generation),
			accept: lines => this.#accept(lines),
			note,
			starting: () => this.#clearPoll(),
			opened: () => {
				this.#set({live: true, liveNote: undefined, error: undefined});
				this.#bridged = false;
				void this.#bridge(this.#generation, ++this.#bridgeId);
			},
			closed: () => {
				this.#bridgeId++;
				// Whatever came while live is seen: polling picks up behind the newest line. Not before the
				// bridge is read: then it goes on from where it was (the session's lines come again, de-duplicated).
				if (this.#bridged) this.#reader.resume();
			},
			stopped: liveNote => {
				this.#set({live: false, liveNote});
				if (this.#follow) this.#schedule(0);
			},
		});
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
			if (this.#live.wanted) void this.#live.start(this.#generation);
			else this.#schedule(0);
		} else {
			this.#clearPoll();
			this.#live.end();
			this.#set({state: 'paused', live: false});
		}
	}

	setLive(live: boolean): void {
		if (this.#stopped) return;
		this.#live.wanted = live;
		this.#live.touch();
		if (!live) {
			if (this.#live.active) {
				this.#live.end();
				this.#set({live: false, liveNote: undefined});
				if (this.#follow && this.#state.state === 'following') this.#schedule(0);
			}
			return;
		}
		if (this.#state.state === 'following') void this.#live.start(this.#generation);
		else if (this.#state.state === 'paused' || this.#state.state === 'idle') this.setFollow(true);
	}

	touch(): void {
		this.#live.touch();
	}

	setTasks(tasks: readonly string[] | readonly Task[]): void {
		if (this.#stopped) return;
		this.#tasks = tasks;
		// Still on the first read (the pane opened a service before its tasks were listed): read again with them.
		if (this.#state.state === 'loading') return this.start(this.#since);
		if (!this.#reader.plan) return;
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
		this.#live.end();
		this.#seen.clear();
		this.#reader.reset();
		this.#failures = 0;
		this.#groupNotes.clear();
	}

	#current(generation: number): boolean {
		return generation === this.#generation && !this.#stopped;
	}

	#makePlan() {
		return makePlan({
			ecs: this.#o.ecs,
			target: this.#o.target,
			tasks: this.#tasks,
			listed: tasks => (this.#tasks = tasks),
			taskDefinition: this.#o.taskDefinition,
			signal: this.#controller.signal,
		});
	}

	async #replan(generation: number): Promise<void> {
		const plan = await this.#makePlan();
		if (!this.#current(generation)) return;
		this.#reader.adopt(plan);
		this.#set({sources: plan.sources, notes: [...plan.notes, ...this.#groupNotes]});
		if (this.#live.open) {
			// The session's streams are fixed at its start: restart it with the new ones.
			this.#live.end();
			void this.#live.start(generation);
		}
	}

	#note(note: string): void {
		if (this.#groupNotes.has(note)) return;
		this.#groupNotes.add(note);
		this.#set({notes: [...this.#state.notes, note]});
	}

	async #initial(since: LogsSince, generation: number): Promise<void> {
		const current = () => this.#current(generation);
		try {
			const plan = await this.#makePlan();
			if (!current()) return;
			this.#reader.plan = plan;
			this.#set({sources: plan.sources, notes: plan.notes});
			const now = this.#now();
			const {lines, unkept} = await this.#reader.initial(since, now, current);
			if (!current()) return;
			this.#reader.startAfter(lines, now);
			this.#accept(lines);
			this.#seen.mark(unkept);
			this.#set({state: this.#follow ? 'following' : 'idle'});
			this.#loadedResolve?.();
			if (this.#follow) {
				if (this.#live.wanted) void this.#live.start(generation);
				else this.#schedule(this.#pause());
			}
		} catch (error) {
			if (!current()) return;
			const message = describeError(error, 'CloudWatch Logs').message;
			if (this.#follow && (isRetryable(error) || isThrottle(error))) {
				// The pane waits an outage out; the first read is tried again like a poll.
				this.#failures++;
				this.#set({error: message});
				this.#pollTimer = this.#timers.setTimeout(() => {
					this.#pollTimer = undefined;
					if (current()) void this.#initial(since, generation);
				}, this.#backoff());
				return;
			}
			this.#set({state: 'error', error: message});
			this.#loadedResolve?.();
		}
	}

	/** New lines into the ring (de-duplicated by id, in timestamp order), and to onLines. */
	#accept(lines: readonly LogEvent[]): void {
		this.#lag.learn(lines);
		const fresh = this.#seen.fresh(lines);
		if (fresh.length === 0) return;
		const ring = intoRing(this.#state.lines, fresh, this.#capacity);
		this.#seen.prune(2 * this.#capacity, () => this.#reader.floor());
		this.#set({lines: ring.lines, dropped: this.#state.dropped + ring.dropped});
		this.#o.onLines?.(fresh);
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

	/**
	 * The read of what came between the last poll and the session's start (Live Tail sends only
	 * what arrives after it), retried like a poll while the session lasts.
	 */
	async #bridge(generation: number, id: number): Promise<void> {
		const current = () => this.#current(generation);
		try {
			// Read to the end even if the session goes meanwhile: the cursors move with what is read.
			// Interactive: the user's L asked for it, as for the DescribeLogGroups before the session.
			const lines = await this.#reader.poll(current, 'interactive');
			if (!current()) return;
			if (id === this.#bridgeId) this.#bridged = true;
			this.#failures = 0;
			if (this.#state.error !== undefined) this.#set({error: undefined});
			this.#accept(lines);
		} catch (error) {
			if (!current() || id !== this.#bridgeId) return;
			this.#failures++;
			this.#set({error: describeError(error, 'CloudWatch Logs').message});
			this.#clearPoll();
			this.#pollTimer = this.#timers.setTimeout(() => {
				this.#pollTimer = undefined;
				if (id === this.#bridgeId) void this.#bridge(generation, id);
			}, this.#backoff());
		}
	}

	async #poll(generation: number): Promise<void> {
		const current = () => this.#current(generation);
		if (!current() || !this.#follow || this.#live.active) return;
		try {
			const lines = await this.#reader.poll(current);
			if (!current()) return;
			this.#failures = 0;
			if (this.#state.error !== undefined) this.#set({error: undefined});
			this.#accept(lines);
			if (this.#follow && !this.#live.open) this.#schedule(this.#pause());
		} catch (error) {
			if (!current()) return;
			this.#failures++;
			this.#set({error: describeError(error, 'CloudWatch Logs').message});
			if (this.#follow && !this.#live.open) this.#schedule(this.#backoff());
		}
	}
}
