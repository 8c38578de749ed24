// Reads CPU and memory utilization for what the views want (the rows on screen, every row of a
// pane sorted by utilization, an open description) and publishes it in the store's snapshot.
// CloudWatch's data has a minute's resolution, so the wanted targets are read together once a
// minute: a screenful is one GetMetricData call (two queries a target, 500 a call). Rows that come
// into view without a reading are read on their own shortly after (scrolling settles first), at
// most once every few seconds. A failure keeps the last readings (marked by the state's error) and
// backs off with full jitter, never sooner than the minute: an outage costs fewer calls than normal.
import {describeError} from '../../aws/errors.js';
import type {Timers} from '../../aws/limiter.js';
import {memorySustained, targetKey, type MetricsApi, type MetricsTarget} from '../../aws/metrics-api.js';
import type {MetricsState, UtilizationEntry} from '../types.js';

export interface MetricsSink {
	setMetrics(metrics: MetricsState): void;
	commit(): void;
}

export interface MetricsPollerOptions {
	/** Undefined: metrics are off (--no-metrics); nothing is ever sent. */
	api: MetricsApi | undefined;
	store: MetricsSink;
	now?: () => number;
	timers?: Timers;
	random?: () => number;
	/** Between full reads (default 60 s: CloudWatch's resolution). */
	intervalMs?: number;
	/** After new targets come into view, before they are read (default 1 s). */
	fillDelayMs?: number;
	/** The least time between two reads of new targets (default 5 s). */
	minFillGapMs?: number;
	/** The longest wait after failures (default 10 minutes). */
	maxBackoffMs?: number;
	/** Readings nobody wants are dropped after this long (default 10 minutes). */
	keepMs?: number;
}

/** What the views ask of the metrics poller. */
export interface MetricsControl {
	readonly enabled: boolean;
	/** The targets `owner` (a view) wants read now; replaces what it wanted before. */
	want(owner: string, targets: readonly MetricsTarget[]): void;
	release(owner: string): void;
	/** Resolves when no read is in flight (tests). */
	settled(): Promise<void>;
	stop(): void;
}

const realTimers: Timers = {
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout: handle => clearTimeout(handle as NodeJS.Timeout),
};

export class MetricsPoller implements MetricsControl {
	readonly enabled: boolean;
	readonly #o: Required<Omit<MetricsPollerOptions, 'api'>> & {api: MetricsApi | undefined};
	readonly #wants = new Map<string, Map<string, MetricsTarget>>();
	#readings = new Map<string, UtilizationEntry>();
	#state: MetricsState;
	#cycleTimer: unknown;
	#fillTimer: unknown;
	#lastFill = -Infinity;
	#failures = 0;
	#inFlight: Promise<void> | undefined;
	#stopped = false;

	constructor(options: MetricsPollerOptions) {
		// Each default where the option is absent or undefined: the data layer passes its own options
		// through as they are (random: undefined), and a spread would put undefined over a default.
		this.#o = {
			api: options.api,
			store: options.store,
			now: options.now ?? Date.now,
			timers: options.timers ?? realTimers,
			random: options.random ?? Math.random,
			intervalMs: options.intervalMs ?? 60_000,
			fillDelayMs: options.fillDelayMs ?? 1000,
			minFillGapMs: options.minFillGapMs ?? 5000,
			maxBackoffMs: options.maxBackoffMs ?? 600_000,
			keepMs: options.keepMs ?? 600_000,
		};
		this.enabled = options.api !== undefined;
		this.#state = {enabled: this.enabled, readings: this.#readings};
		// Staged, not committed: the data layer's first commit (a scope starting to load) publishes it,
		// and a commit here would hold that one back by the store's notification gap.
		options.store.setMetrics(this.#state);
	}

	want(owner: string, targets: readonly MetricsTarget[]): void {
		if (!this.enabled || this.#stopped) return;
		const before = this.#wants.get(owner);
		const next = new Map(targets.map(t => [targetKey(t), t]));
		if (before && before.size === next.size && [...next.keys()].every(k => before.has(k))) return;
		this.#wants.set(owner, next);
		// The first wish starts the minute's cycle; later ones only fill what has no reading.
		if (this.#cycleTimer === undefined && this.#inFlight === undefined) return this.#schedule(0);
		if ([...next.keys()].some(k => !this.#readings.has(k))) this.#scheduleFill();
	}

	release(owner: string): void {
		this.#wants.delete(owner);
	}

	async settled(): Promise<void> {
		while (this.#inFlight) await this.#inFlight;
	}

	stop(): void {
		this.#stopped = true;
		this.#o.timers.clearTimeout(this.#cycleTimer);
		this.#o.timers.clearTimeout(this.#fillTimer);
		this.#cycleTimer = this.#fillTimer = undefined;
	}

	#wanted(): Map<string, MetricsTarget> {
		const all = new Map<string, MetricsTarget>();
		for (const targets of this.#wants.values()) for (const [key, target] of targets) all.set(key, target);
		return all;
	}

	#schedule(ms: number): void {
		this.#o.timers.clearTimeout(this.#cycleTimer);
		this.#cycleTimer = this.#o.timers.setTimeout(() => {
			this.#cycleTimer = undefined;
			void this.#run('cycle');
		}, ms);
	}

	#scheduleFill(): void {
		// While CloudWatch fails, new rows wait for the next (backed-off) cycle like the rest.
		if (this.#fillTimer !== undefined || this.#failures > 0) return;
		const wait = Math.max(this.#o.fillDelayMs, this.#lastFill + this.#o.minFillGapMs - this.#o.now());
		this.#fillTimer = this.#o.timers.setTimeout(() => {
			this.#fillTimer = undefined;
			void this.#run('fill');
		}, wait);
	}

	async #run(kind: 'cycle' | 'fill'): Promise<void> {
		if (this.#stopped) return;
		if (this.#inFlight) {
			await this.#inFlight;
			if (kind === 'fill') return this.#scheduleFill();
		}
		const wanted = this.#wanted();
		const targets = kind === 'cycle' ? [...wanted.values()] : [...wanted].filter(([key]) => !this.#readings.has(key)).map(([, t]) => t);
		if (kind === 'fill') this.#lastFill = this.#o.now();
		if (targets.length === 0) {
			if (kind === 'cycle') this.#schedule(this.#o.intervalMs);
			return;
		}
		const read = this.#read(targets, kind);
		this.#inFlight = read;
		try {
			await read;
		} finally {
			this.#inFlight = undefined;
		}
	}

	async #read(targets: MetricsTarget[], kind: 'cycle' | 'fill'): Promise<void> {
		const api = this.#o.api!;
		try {
			// aws cloudwatch get-metric-data --metric-data-queries (2 a target, 500 a call) --start-time (10 min ago) --end-time (this minute)
			const result = await api.latest(targets, {priority: 'poll'});
			if (this.#stopped) return;
			const notes = new Map<string, string>();
			for (const m of result.messages) if (m.key) notes.set(m.key, m.text);
			const at = this.#o.now();
			const readings = new Map(this.#readings);
			for (const [key, reading] of result.readings) {
				const entry: UtilizationEntry = {utilization: reading.utilization, memorySustained: memorySustained(reading.memory), readAt: at};
				const note = notes.get(key);
				if (note) entry.note = note;
				readings.set(key, entry);
			}
			if (kind === 'cycle') this.#prune(readings, at);
			this.#readings = readings;
			this.#failures = 0;
			this.#publish({enabled: true, readings, updatedAt: at});
			if (kind === 'cycle') this.#schedule(this.#o.intervalMs);
		} catch (error) {
			if (this.#stopped) return;
			this.#failures++;
			this.#publish({enabled: true, readings: this.#readings, updatedAt: this.#state.updatedAt, error: describeError(error, 'CloudWatch')});
			// Full jitter above the interval, never below it: a fill that failed waits for the cycle too.
			const ceiling = Math.min(this.#o.maxBackoffMs, this.#o.intervalMs * 2 ** (this.#failures - 1));
			this.#schedule(Math.max(this.#o.intervalMs, this.#o.random() * ceiling));
		}
	}

	/** Readings nobody has wanted for a while go; what is still wanted stays, however old. */
	#prune(readings: Map<string, UtilizationEntry>, at: number): void {
		const wanted = this.#wanted();
		for (const [key, entry] of readings) if (!wanted.has(key) && at - entry.readAt > this.#o.keepMs) readings.delete(key);
	}

	#publish(state: MetricsState): void {
		this.#state = state;
		this.#o.store.setMetrics(state);
		this.#o.store.commit();
	}
}
