// One target's CPU and memory over the last hour, 3 hours or day, for a describe view's chart.
// Each range is read whole once, when first shown, then extended every minute by what is new
// (and the last few minutes again: CloudWatch publishes a minute a few minutes late, so a minute
// read empty may have a value now); switching back to a range read before only extends it.
import {describeError, type ErrorInfo} from '../../aws/errors.js';
import type {Timers} from '../../aws/limiter.js';
import {historyRequest, type HistoryRange, type MetricsApi, type MetricsTarget} from '../../aws/metrics-api.js';
import type {UtilizationPoint, UtilizationSeries} from '../../domain.js';

export const historyRanges: readonly HistoryRange[] = ['1h', '3h', '24h'];

/** Minutes re-read at the end of each extension (CloudWatch's publishing delay). */
const overlapMs = 5 * 60_000;

export interface HistoryState {
	version: number;
	range: HistoryRange;
	series?: UtilizationSeries;
	/** Epoch ms the chart covers: [start, end). */
	start?: number;
	end?: number;
	loading: boolean;
	error?: ErrorInfo;
	/** What CloudWatch said instead of data. */
	notes: string[];
}

export interface MetricsHistoryFeed {
	getState(): HistoryState;
	subscribe(listener: () => void): () => void;
	/** Shows a range: read whole the first time, extended after. */
	setRange(range: HistoryRange): void;
	stop(): void;
}

export interface MetricsHistoryOptions {
	api: MetricsApi;
	target: MetricsTarget;
	now?: () => number;
	timers?: Timers;
	/** Between extensions (default 60 s). */
	intervalMs?: number;
}

interface Cached {
	series: UtilizationSeries;
	start: number;
	end: number;
}

const realTimers: Timers = {
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout: handle => clearTimeout(handle as NodeJS.Timeout),
};

/** Points of `older` before `from`, then `newer` (which replaces what it covers), within [start, ∞). */
function merge(older: UtilizationPoint[], newer: UtilizationPoint[], from: number, start: number): UtilizationPoint[] {
	return [...older.filter(p => p.t < from && p.t >= start), ...newer.filter(p => p.t >= start)];
}

export function createMetricsHistory(options: MetricsHistoryOptions): MetricsHistoryFeed {
	const now = options.now ?? Date.now;
	const timers = options.timers ?? realTimers;
	const intervalMs = options.intervalMs ?? 60_000;
	const cache = new Map<HistoryRange, Cached>();
	const listeners = new Set<() => void>();
	let state: HistoryState = {version: 0, range: '1h', loading: false, notes: []};
	let timer: unknown;
	let stopped = false;
	let generation = 0;

	const publish = (patch: Partial<HistoryState>) => {
		state = {...state, ...patch, version: state.version + 1};
		for (const listener of [...listeners]) listener();
	};

	const show = (range: HistoryRange) => {
		const cached = cache.get(range);
		publish(cached ? {range, series: cached.series, start: cached.start, end: cached.end} : {range, series: undefined, start: undefined, end: undefined});
	};

	async function read(range: HistoryRange): Promise<void> {
		const mine = ++generation;
		const wanted = historyRequest(range, now());
		const cached = cache.get(range);
		const from = cached ? Math.max(wanted.start, cached.end - overlapMs) : wanted.start;
		publish({loading: true});
		try {
			// aws cloudwatch get-metric-data --metric-data-queries (CPU and memory of the target) --start-time FROM --end-time END (60 s or 300 s a point)
			const result = await options.api.history(options.target, {start: from, end: wanted.end, period: wanted.period}, {priority: 'interactive'});
			if (stopped) return;
			const series: UtilizationSeries = cached
				? {period: wanted.period, cpu: merge(cached.series.cpu, result.series.cpu, from, wanted.start), memory: merge(cached.series.memory, result.series.memory, from, wanted.start)}
				: result.series;
			cache.set(range, {series, start: wanted.start, end: wanted.end});
			if (mine !== generation || state.range !== range) return;
			publish({loading: false, error: undefined, series, start: wanted.start, end: wanted.end, notes: result.messages.map(m => m.text)});
		} catch (error) {
			if (stopped || mine !== generation) return;
			publish({loading: false, error: describeError(error, 'CloudWatch')});
		}
	}

	const schedule = () => {
		timers.clearTimeout(timer);
		timer = timers.setTimeout(() => {
			if (stopped) return;
			void read(state.range).finally(schedule);
		}, intervalMs);
	};

	return {
		getState: () => state,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		setRange(range) {
			if (stopped) return;
			show(range);
			void read(range);
			schedule();
		},
		stop() {
			stopped = true;
			timers.clearTimeout(timer);
			listeners.clear();
		},
	};
}
