// A logs feed's reads by polling, and where each picks up:
//   - one stream (and no filter pattern): GetLogEvents with the last answer's forward token (only
//     what came since);
//   - many: FilterLogEvents per log group (stream names, or `prefix/container/` prefixes past 100
//     streams) from a cursor that advances behind the newest line seen, less the read-back window:
//     awslogs ships in batches, so a line may arrive after newer ones of another stream; the
//     overlap is read again and de-duplicated (dedupe.ts).
// The first read goes from where the caller asks (the newest N lines, a time ago, since the task
// started); after a gap polling did not read (Live Tail's session) it picks up behind the newest line.
import type {LogEvent} from '../../domain.js';
import type {LogsApi} from '../../aws/logs-api.js';
import {order, type SeenIds} from './dedupe.js';
import type {ReadBack} from './lag.js';
import {type GroupRead, type LogsPlan, prefixesOf, streamNamesLimit} from './sources.js';
import type {LogsSince} from './types.js';

/** How far back a tail read looks, window by window, until it has its N lines. */
const tailWindowsMs = [60_000, 3_600_000, 86_400_000, 604_800_000];

export function isNotFound(error: unknown): boolean {
	return (error as {name?: unknown})?.name === 'ResourceNotFoundException';
}

export interface ReaderOptions {
	logs: (region?: string) => LogsApi;
	filterPattern?: string;
	/** Lines a read by time takes at most. */
	initialLimit: number;
	now: () => number;
	lag: ReadBack;
	seen: SeenIds;
	/** The feed's current abort signal (a restart replaces it). */
	signal: () => AbortSignal;
	/** One line for the user (a group or stream that does not exist yet). */
	note: (text: string) => void;
}

export class Reader {
	plan?: LogsPlan;
	readonly #o: ReaderOptions;
	/** Per group read: where its next FilterLogEvents starts. */
	readonly #cursors = new Map<string, number>();
	/** One-stream mode: the last forward token, or where to start without one. */
	#token?: string;
	#streamStart?: number;

	constructor(options: ReaderOptions) {
		this.#o = options;
	}

	reset(): void {
		this.#cursors.clear();
		this.#token = undefined;
		this.#streamStart = undefined;
	}

	/** Behind the newest line seen by the read-back window (the clock's now before any line). */
	#behind(): number {
		return (this.#o.seen.newest ?? this.#o.now()) - this.#o.lag.value;
	}

	/** One stream and no filter pattern: GetLogEvents, which follows by token. */
	single(): GroupRead | undefined {
		const reads = this.plan?.reads ?? [];
		return reads.length === 1 && reads[0]!.streams.length === 1 && !this.#o.filterPattern ? reads[0] : undefined;
	}

	/** The oldest timestamp any read may return again, with a margin: older seen ids can go. */
	floor(): number {
		return Math.min(...this.#cursors.values(), this.#streamStart ?? Infinity, (this.#o.seen.newest ?? 0) - this.#o.lag.max) - 10_000;
	}

	/** Lines of one group read in [startTime, endTime), oldest first, only the target's tasks. */
	async filter(read: GroupRead, startTime: number | undefined, endTime: number | undefined, priority: 'interactive' | 'poll', limit?: number): Promise<LogEvent[]> {
		const api = this.#o.logs(read.region);
		const common = {logGroup: read.group, startTime, endTime, filterPattern: this.#o.filterPattern, limit};
		const call = {priority, signal: this.#o.signal(), scheduled: priority === 'poll'};
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
			this.#o.note(`log group ${read.group} does not exist (yet)`);
			return [];
		}
	}

	/**
	 * The first read of `this.plan` from `since`: the lines to show, and those read but not kept (a
	 * tail's older ones), to be marked seen so the first poll's overlap skips them.
	 */
	async initial(since: LogsSince, now: number, current: () => boolean): Promise<{lines: LogEvent[]; unkept: LogEvent[]}> {
		const plan = this.plan!;
		const startTime = since.kind === 'ago' ? now - since.ms : since.kind === 'task-start' ? plan.earliestStart : undefined;
		const single = this.single();
		if (single) return {lines: await this.#initialStream(single, since, startTime, current), unkept: []};
		if (since.kind === 'tail') {
			const found = await this.#initialTail(plan, since.lines, now, current);
			return {lines: found.slice(-since.lines), unkept: found.slice(0, Math.max(0, found.length - since.lines))};
		}
		const lines: LogEvent[] = [];
		for (const read of plan.reads) lines.push(...(await this.filter(read, startTime, undefined, 'interactive', this.#o.initialLimit)));
		return {lines, unkept: []};
	}

	/**
	 * Polls go on from the newest line first read (less the window), not from this machine's clock:
	 * a clock some minutes fast would otherwise skip every line until it caught up.
	 */
	startAfter(lines: readonly LogEvent[], now: number): void {
		const newest = lines.reduce((max, l) => Math.max(max, l.timestamp), -Infinity);
		const from = (Number.isFinite(newest) ? Math.min(newest, now) : now) - this.#o.lag.value;
		for (const read of this.plan?.reads ?? []) if (!this.#cursors.has(read.key)) this.#cursors.set(read.key, from);
	}

	/** A new plan (the target's tasks changed): new reads start behind the newest line, the rest go on. */
	adopt(plan: LogsPlan): void {
		const wasSingle = this.single();
		this.plan = plan;
		const from = this.#behind();
		for (const read of plan.reads) if (!this.#cursors.has(read.key)) this.#cursors.set(read.key, from);
		if (wasSingle && !this.single()) for (const read of plan.reads) this.#cursors.set(read.key, Math.min(this.#cursors.get(read.key)!, from));
		if (!wasSingle && this.single()) {
			this.#token = undefined;
			this.#streamStart = from;
		}
	}

	/** After a gap polling did not read (Live Tail's session): whatever came is seen, pick up behind the newest line. */
	resume(): void {
		const from = this.#behind();
		this.#token = undefined;
		this.#streamStart = from;
		for (const key of this.#cursors.keys()) this.#cursors.set(key, Math.max(this.#cursors.get(key)!, from));
	}

	async #initialStream(read: GroupRead, since: LogsSince, startTime: number | undefined, current: () => boolean): Promise<LogEvent[]> {
		const api = this.#o.logs(read.region);
		const stream = read.streams[0]!;
		const call = {priority: 'interactive' as const, signal: this.#o.signal()};
		try {
			if (since.kind === 'tail') {
				// aws logs get-log-events --log-group-name G --log-stream-name S --limit N (the newest N)
				const page = await api.getLogEvents({logGroup: read.group, logStream: stream, limit: since.lines, startFromHead: false}, call);
				this.#token = page.nextForwardToken;
				return page.events.slice(-since.lines);
			}
			const lines: LogEvent[] = [];
			const limit = this.#o.initialLimit;
			let token: string | undefined;
			for (;;) {
				// aws logs get-log-events --log-group-name G --log-stream-name S --start-time T --start-from-head [--next-token T]
				const page = await api.getLogEvents({logGroup: read.group, logStream: stream, startTime, startFromHead: true, nextToken: token}, call);
				if (!current()) return [];
				lines.push(...page.events);
				const done = page.events.length === 0 || !page.nextForwardToken || page.nextForwardToken === token || lines.length >= limit;
				token = page.nextForwardToken ?? token;
				if (done) break;
			}
			this.#token = token;
			return lines;
		} catch (error) {
			if (!isNotFound(error)) throw error;
			this.#o.note(`log stream ${stream} does not exist (yet)`);
			this.#streamStart = startTime ?? this.#o.now() - this.#o.lag.value;
			return [];
		}
	}

	/** The newest `lines` across the plan's groups, window by window back to the earliest task start. */
	async #initialTail(plan: LogsPlan, lines: number, now: number, current: () => boolean): Promise<LogEvent[]> {
		const found: LogEvent[] = [];
		let end = now + 60_000;
		for (const width of tailWindowsMs) {
			const start = now - width;
			for (const read of plan.reads) found.push(...(await this.filter(read, start, end, 'interactive', this.#o.initialLimit)));
			if (!current()) return [];
			if (found.length >= lines || (plan.earliestStart !== undefined && start <= plan.earliestStart)) break;
			end = start;
		}
		return found.sort(order);
	}

	/**
	 * One poll: what came since the last (and the read-back window again, for many streams).
	 * 'interactive' for a read the user asked for (Live Tail's bridge), which the client also retries.
	 */
	async poll(current: () => boolean, priority: 'poll' | 'interactive' = 'poll'): Promise<LogEvent[]> {
		const single = this.single();
		if (single) {
			const api = this.#o.logs(single.region);
			const stream = single.streams[0]!;
			const lines: LogEvent[] = [];
			// A busy stream gives 10,000 lines a page: a few pages a poll at most, the rest next time.
			for (let page = 0; page < 5; page++) {
				const start = this.#token ? undefined : (this.#streamStart ?? this.#behind());
				let answer;
				try {
					// aws logs get-log-events --log-group-name G --log-stream-name S --start-from-head --next-token T
					answer = await api.getLogEvents({logGroup: single.group, logStream: stream, startFromHead: true, nextToken: this.#token, startTime: start}, {priority, signal: this.#o.signal(), scheduled: priority === 'poll'});
				} catch (error) {
					if (isNotFound(error)) return lines;
					throw error;
				}
				if (!current()) return [];
				lines.push(...answer.events);
				const same = !answer.nextForwardToken || answer.nextForwardToken === this.#token;
				if (answer.nextForwardToken) this.#token = answer.nextForwardToken;
				this.#streamStart = undefined;
				if (same || answer.events.length === 0) break;
			}
			return lines;
		}
		const lines: LogEvent[] = [];
		for (const read of this.plan?.reads ?? []) {
			const cursor = this.#cursors.get(read.key) ?? this.#o.now() - this.#o.lag.value;
			const events = await this.filter(read, cursor, undefined, priority, this.#o.initialLimit);
			if (!current()) return [];
			lines.push(...events);
			const newest = events.reduce((max, e) => Math.max(max, e.timestamp), -Infinity);
			// Behind the newest line by the window, never backwards: a line shipped late still falls in it.
			if (Number.isFinite(newest)) this.#cursors.set(read.key, Math.max(cursor, newest - this.#o.lag.value));
		}
		return lines;
	}
}
