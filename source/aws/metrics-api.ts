// The seam between ecs-top and CloudWatch metrics, in domain types, like logs-api.ts for Logs. The
// real implementation (metrics-client.ts) builds GetMetricData queries, chunks them at the API's
// 500, follows NextToken, draws from the shared rate limiter and keeps to one region. Above `aws/`
// only this interface and its plain results are seen.
import type {Utilization, UtilizationPoint, UtilizationSeries} from '../domain.js';
import type {CallOptions} from './ecs-api.js';

/** What utilization is read for: a cluster or a service (AWS/ECS), a task (Container Insights). */
export type MetricsTarget =
	| {kind: 'cluster'; cluster: string}
	| {kind: 'service'; cluster: string; service: string}
	/** Container Insights' task metrics carry the task definition family as a dimension: without it nothing is asked. */
	| {kind: 'task'; cluster: string; taskId: string; family?: string};

/** The key a target's reading has in `latest`'s answer. */
export function targetKey(target: MetricsTarget): string {
	switch (target.kind) {
		case 'cluster':
			return `cluster:${target.cluster}`;
		case 'service':
			return `service:${target.cluster}/${target.service}`;
		case 'task':
			return `task:${target.cluster}/${target.taskId}`;
	}
}

/** Something CloudWatch said instead of (or beside) data: a result's Messages, a non-Complete status, a target not asked. */
export interface MetricsMessage {
	/** The target it concerns (absent: the whole call). */
	key?: string;
	code: string;
	text: string;
}

export interface MetricsReading {
	utilization: Utilization;
	/** Memory percent per complete minute of the window, oldest first (for memorySustained). */
	memory: UtilizationPoint[];
}

export interface LatestResult {
	/** One reading per target key asked, whether or not CloudWatch had data (then cpu and memory are null). */
	readings: Map<string, MetricsReading>;
	messages: MetricsMessage[];
}

export interface HistoryRequest {
	/** Epoch ms, inclusive; aligned down to the period. */
	start: number;
	/** Epoch ms, exclusive; aligned down to the period. */
	end: number;
	/** Seconds per point: 60 or 300 (at most 1,440 points a series). */
	period: number;
}

export interface HistoryResult {
	series: UtilizationSeries;
	messages: MetricsMessage[];
}

export interface MetricsApi {
	readonly region: string;
	// aws cloudwatch get-metric-data --metric-data-queries … --start-time (10 min ago) --end-time (this minute)
	latest(targets: readonly MetricsTarget[], options?: CallOptions): Promise<LatestResult>;
	// aws cloudwatch get-metric-data --metric-data-queries … --start-time S --end-time E (period 60 or 300)
	history(target: MetricsTarget, request: HistoryRequest, options?: CallOptions): Promise<HistoryResult>;
}

/**
 * Whether memory stayed at or above `threshold` percent in each of the last `minutes` complete
 * minutes CloudWatch has (the `minutes` consecutive periods ending with the newest datapoint). A
 * missing minute answers false: a gap is not evidence of pressure. Anchored on the newest datapoint
 * rather than the clock, because CloudWatch publishes a minute a few minutes late; `latest`'s
 * 10-minute window leaves room for 5 minutes plus that delay.
 */
export function memorySustained(points: readonly UtilizationPoint[], options: {threshold?: number; minutes?: number; periodMs?: number} = {}): boolean {
	const threshold = options.threshold ?? 95;
	const minutes = options.minutes ?? 5;
	const periodMs = options.periodMs ?? 60_000;
	if (points.length === 0 || minutes <= 0) return false;
	const byTime = new Map(points.map(p => [p.t, p.v]));
	const newest = Math.max(...points.map(p => p.t));
	for (let i = 0; i < minutes; i++) {
		const value = byTime.get(newest - i * periodMs);
		if (value === undefined || value < threshold) return false;
	}
	return true;
}

/** The describe chart's ranges: 1 h and 3 h at a minute a point, 24 h at five (60, 180 and 288 points). */
export type HistoryRange = '1h' | '3h' | '24h';

export function historyRequest(range: HistoryRange, now: number): HistoryRequest {
	const hours = range === '1h' ? 1 : range === '3h' ? 3 : 24;
	const period = range === '24h' ? 300 : 60;
	const end = Math.floor(now / (period * 1000)) * period * 1000;
	return {start: end - hours * 3_600_000, end, period};
}
