// A logs feed's Live Tail session: started on request (never by itself: it is billed per
// session-minute) over the plan's log groups by ARN (DescribeLogGroups gives them), its updates
// taken into the feed, kept to the target's streams. It replaces polling while it runs, and stops
// on request, after `idleMs` without touch(), or when CloudWatch ends or refuses it (a connection
// lost, SessionStreamingException, any other failure); the feed then polls again, told why in one
// line. CloudWatch ends every session after 3 hours (SessionTimeoutException): that is not a
// failure, and the user still wants Live Tail (they pressed a key within `idleMs`, or ran
// `logs --live`, which lasts until Ctrl-C), so a new session takes over at once; the feed reads
// what came in between (see `opened`). A session that times out within a minute of its start is
// not renewed (an endpoint that times every session out would have us start one a second): polling.
import type {Timers} from '../../aws/limiter.js';
import type {LiveTailSession, LogsApi} from '../../aws/logs-api.js';
import type {LogEvent} from '../../domain.js';
import {type LogsPlan, prefixesOf, streamNamesLimit} from './sources.js';

/** What the session needs of its feed. */
export interface LiveHost {
	logs: (region?: string) => LogsApi;
	filterPattern?: string;
	now: () => number;
	timers: Timers;
	/** Live Tail stops after this long without touch(). */
	idleMs: number;
	plan(): LogsPlan | undefined;
	/** The feed's current abort signal (a restart replaces it). */
	signal(): AbortSignal;
	/** Whether `generation` is still the feed's (not restarted or stopped since). */
	current(generation: number): boolean;
	accept(lines: readonly LogEvent[]): void;
	note(text: string): void;
	/** A session is being started: polling stops. */
	starting(): void;
	/**
	 * The session is open. It sends only what arrives from now on: what came since the last poll
	 * is for the feed to read.
	 */
	opened(): void;
	/** A session was closed, whatever the reason: polling picks up behind the newest line. */
	closed(): void;
	/** Live Tail stopped, or could not start: why, in one line; polling goes on. */
	stopped(note: string): void;
}

/** A session that timed out sooner than this after its start is not renewed. */
const minRenewedMs = 60_000;

export class LiveTail {
	/** The user asked for Live Tail (and it has not stopped by itself since). */
	wanted = false;
	readonly #host: LiveHost;
	#session?: LiveTailSession;
	#starting = false;
	#lastTouch = 0;
	#openedAt = 0;
	#idleTimer: unknown;

	constructor(host: LiveHost) {
		this.#host = host;
	}

	/** A session is open. */
	get open(): boolean {
		return this.#session !== undefined;
	}

	/** A session is open or being started: polling waits. */
	get active(): boolean {
		return this.#session !== undefined || this.#starting;
	}

	touch(): void {
		this.#lastTouch = this.#host.now();
	}

	async start(generation: number): Promise<void> {
		const host = this.#host;
		const plan = host.plan();
		if (this.#session || this.#starting || !plan) return;
		const reads = plan.reads;
		const fallBack = (note: string) => {
			this.#starting = false;
			this.wanted = false;
			if (!host.current(generation)) return;
			host.stopped(note);
		};
		if (reads.length === 0) return fallBack('Live Tail: no CloudWatch log group to tail');
		if (reads.length > 10) return fallBack('Live Tail takes at most 10 log groups; polling');
		if (new Set(reads.map(r => r.region ?? '')).size > 1) return fallBack('Live Tail takes log groups of one region; polling');
		this.#starting = true;
		host.starting();
		try {
			const api = host.logs(reads[0]!.region);
			const arns: string[] = [];
			for (const read of reads) {
				// aws logs describe-log-groups --log-group-name-prefix G (for its ARN)
				const groups = await api.describeLogGroups(read.group, {priority: 'interactive', signal: host.signal()});
				const arn = groups.find(g => g.logGroupName === read.group)?.logGroupArn;
				if (!arn) return fallBack(`Live Tail: log group ${read.group} not found; polling`);
				arns.push(arn);
			}
			if (!host.current(generation) || !this.wanted) return void (this.#starting = false);
			const one = reads.length === 1 ? reads[0]! : undefined;
			const request = {
				logGroupArns: arns,
				...(one && one.streams.length <= streamNamesLimit ? {logStreamNames: one.streams} : {}),
				...(one && one.streams.length > streamNamesLimit ? {logStreamNamePrefixes: prefixesOf(one)} : {}),
				...(host.filterPattern ? {filterPattern: host.filterPattern} : {}),
			};
			// aws logs start-live-tail --log-group-identifiers ARN… [--log-stream-names S…]
			const session = await api.startLiveTail(request, {signal: host.signal(), firstFrameTimeoutMs: 10_000});
			this.#starting = false;
			if (!host.current(generation) || !this.wanted) {
				session.close();
				return;
			}
			this.#session = session;
			this.#openedAt = host.now();
			this.#lastTouch = host.now();
			this.#armIdle(generation);
			host.opened();
			void this.#consume(session, generation);
		} catch (error) {
			if (!host.current(generation)) return void (this.#starting = false);
			fallBack(`${(error as Error)?.message ?? String(error)}; polling`);
		}
	}

	/** Closes the session (or forgets one being started); true when one was open. */
	end(): boolean {
		if (this.#idleTimer !== undefined) this.#host.timers.clearTimeout(this.#idleTimer);
		this.#idleTimer = undefined;
		const session = this.#session;
		this.#session = undefined;
		this.#starting = false;
		if (!session) return false;
		session.close();
		this.#host.closed();
		return true;
	}

	async #consume(session: LiveTailSession, generation: number): Promise<void> {
		const host = this.#host;
		const wanted = new Set((host.plan()?.reads ?? []).flatMap(r => r.streams));
		let sampledNoted = false;
		let note = 'Live Tail ended; polling';
		try {
			for await (const update of session.updates) {
				if (this.#session !== session) return;
				if (update.sampled && !sampledNoted) {
					sampledNoted = true;
					host.note('Live Tail is sampling: CloudWatch sends a sample above 500 lines a second');
				}
				// Whole groups or prefixes may bring other tasks' lines: keep the target's.
				host.accept(update.events.filter(e => wanted.has(e.logStream)));
			}
		} catch (error) {
			if (this.#session !== session || !host.current(generation)) return;
			if ((error as {code?: unknown})?.code === 'SessionTimeoutException' && host.now() - this.#openedAt >= minRenewedMs) {
				// The third hour: a new session (Live Tail stays on; polling does not start in between).
				this.end();
				void this.start(generation);
				return;
			}
			note = `${(error as Error)?.message ?? String(error)}; polling`;
		}
		if (this.#session !== session || !host.current(generation)) return;
		this.#stop(note);
	}

	#stop(note: string): void {
		this.end();
		this.wanted = false;
		this.#host.stopped(note);
	}

	#armIdle(generation: number): void {
		const host = this.#host;
		const limit = host.idleMs;
		const left = Math.max(0, this.#lastTouch + limit - host.now());
		this.#idleTimer = host.timers.setTimeout(() => {
			this.#idleTimer = undefined;
			if (!host.current(generation) || !this.#session) return;
			if (host.now() - this.#lastTouch < limit) return this.#armIdle(generation);
			this.#stop(`Live Tail stopped after ${Math.round(limit / 60_000)} minutes without a key press (it is billed per minute); polling`);
		}, left);
	}
}
