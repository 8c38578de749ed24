// The real MetricsApi: CloudWatch GetMetricData through @aws-sdk/client-cloudwatch, every call drawn
// from the shared rate limiter in its CloudWatch category and retried as the other clients do
// (limitedRead; the SDK is built with maxAttempts 1). Queries are chunked at 500 per call, each
// chunk paged to the end of its NextToken, results merged by query id; what CloudWatch says instead
// of data (Messages, a Forbidden or InternalError status, PartialData with no token left) comes
// back as messages, never as an exception. Each answered call's metrics go to the spend ledger.
import {chunk, mapLimit} from './chunks.js';
import type {CallOptions} from './ecs-api.js';
import type {Send, RetryOptions} from './ecs-client.js';
import {limitedRead, readTiming} from './limited-read.js';
import type {RateLimiter} from './limiter.js';
import type {HistoryRequest, HistoryResult, LatestResult, MetricsApi, MetricsMessage, MetricsReading, MetricsTarget} from './metrics-api.js';
import {billedMetrics, buildQueries, type Datapoints, latestWindow, mergeResults, metricsQueryLimit, type MetricQuery, percentSeries, planIds, type QueryPlan, type RawResult} from './metrics-queries.js';

export interface MetricsClientOptions {
	send: Send;
	/** The region this client reads ('' : the one resolved from flags, env and profile). */
	region: string;
	limiter: RateLimiter;
	retry?: RetryOptions;
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
	now?: () => number;
	/** Chunks of 500 queries in flight at once (default 2). */
	concurrency?: number;
}

/** The most points one series of `history` may have (what the chart draws; GetMetricStatistics' own cap). */
export const historyPointLimit = 1440;

interface Page {
	MetricDataResults?: RawResult[];
	NextToken?: string;
	Messages?: Array<{Code?: string; Value?: string}>;
}

interface Fetched {
	data: Map<string, Datapoints>;
	/** Per query id, and for the call as a whole (id ''). */
	messages: Array<{id: string; code: string; text: string}>;
}

export class MetricsClient implements MetricsApi {
	readonly region: string;
	readonly #o: MetricsClientOptions & ReturnType<typeof readTiming> & {now: () => number; concurrency: number};

	constructor(options: MetricsClientOptions) {
		this.region = options.region;
		this.#o = {...options, ...readTiming(options), now: options.now ?? Date.now, concurrency: options.concurrency ?? 2};
	}

	async latest(targets: readonly MetricsTarget[], options?: CallOptions): Promise<LatestResult> {
		const {start, end} = latestWindow(this.#o.now());
		const built = buildQueries(targets, 60);
		const fetched = await this.#fetch(built.queries, start, end, options);
		const readings = new Map<string, MetricsReading>();
		for (const plan of built.plans) {
			const cpu = percentSeries(plan.cpu, fetched.data);
			const memory = percentSeries(plan.memory, fetched.data);
			const newestCpu = cpu.at(-1);
			const newestMemory = memory.at(-1);
			const newest = Math.max(newestCpu?.t ?? -Infinity, newestMemory?.t ?? -Infinity);
			const periodEnd = Number.isFinite(newest) ? newest + 60_000 : end;
			readings.set(plan.key, {utilization: {cpu: newestCpu?.v ?? null, memory: newestMemory?.v ?? null, periodEnd: new Date(periodEnd).toISOString()}, memory});
		}
		// A task asked without its family still gets a reading: no data, and a message saying why.
		for (const message of built.messages) {
			if (message.key) readings.set(message.key, {utilization: {cpu: null, memory: null, periodEnd: new Date(end).toISOString()}, memory: []});
		}
		return {readings, messages: [...built.messages, ...attribute(fetched, built.plans)]};
	}

	async history(target: MetricsTarget, request: HistoryRequest, options?: CallOptions): Promise<HistoryResult> {
		const periodMs = request.period * 1000;
		if (!Number.isInteger(request.period) || request.period < 60 || request.period % 60 !== 0) {
			throw new RangeError(`history period must be a whole number of minutes (got ${request.period} s)`);
		}
		const start = Math.floor(request.start / periodMs) * periodMs;
		const end = Math.floor(request.end / periodMs) * periodMs;
		const points = (end - start) / periodMs;
		if (points <= 0 || points > historyPointLimit) {
			throw new RangeError(`history of ${points} points a series (at most ${historyPointLimit}): widen the period or shorten the range`);
		}
		const built = buildQueries([target], request.period);
		const fetched = await this.#fetch(built.queries, start, end, options);
		const plan = built.plans[0];
		const series = {
			cpu: plan ? percentSeries(plan.cpu, fetched.data) : [],
			memory: plan ? percentSeries(plan.memory, fetched.data) : [],
			period: request.period,
		};
		return {series, messages: [...built.messages, ...attribute(fetched, built.plans)]};
	}

	/** Every query answered: chunks of 500, each paged to its end. */
	async #fetch(queries: readonly MetricQuery[], start: number, end: number, options?: CallOptions): Promise<Fetched> {
		const fetched: Fetched = {data: new Map(), messages: []};
		// The SDK's module on the first call only (see client.ts).
		const {GetMetricDataCommand} = await import('./sdk-cloudwatch.js');
		await mapLimit(chunk(queries, metricsQueryLimit), this.#o.concurrency, async batch => {
			let nextToken: string | undefined;
			const partial = new Set<string>();
			do {
				// aws cloudwatch get-metric-data --metric-data-queries (≤ 500) --start-time S --end-time E [--next-token T]
				const page = await limitedRead<Page>(
					this.#o,
					'cloudwatchGetMetricData',
					new GetMetricDataCommand({MetricDataQueries: batch, StartTime: new Date(start), EndTime: new Date(end), NextToken: nextToken}),
					options,
				);
				// Billed per metric requested, counted per answered call (continuation pages included: the
				// estimate errs high rather than low).
				this.#o.limiter.spend.metricsRequested(billedMetrics(batch));
				const results = page.MetricDataResults ?? [];
				mergeResults(fetched.data, results);
				for (const result of results) {
					const id = result.Id ?? '';
					for (const m of result.Messages ?? []) fetched.messages.push({id, code: m.Code ?? 'Message', text: m.Value ?? m.Code ?? ''});
					if (result.StatusCode === 'PartialData') partial.add(id);
					else if (result.StatusCode === 'Complete') partial.delete(id);
					else if (result.StatusCode) fetched.messages.push({id, code: result.StatusCode, text: statusText(result.StatusCode)});
				}
				for (const m of page.Messages ?? []) fetched.messages.push({id: '', code: m.Code ?? 'Message', text: m.Value ?? m.Code ?? ''});
				// The same token twice would loop forever on an endpoint that repeats itself.
				nextToken = page.NextToken && page.NextToken !== nextToken ? page.NextToken : undefined;
				if (!nextToken) {
					for (const id of partial) fetched.messages.push({id, code: 'PartialData', text: 'CloudWatch returned part of the data and no token for the rest'});
				}
			} while (nextToken);
		});
		return fetched;
	}
}

function statusText(status: string): string {
	if (status === 'Forbidden') return 'not allowed to read this metric (cloudwatch:GetMetricData)';
	if (status === 'InternalError') return 'CloudWatch failed to read this metric';
	return `status ${status}`;
}

/** Per-query messages → per-target ones (by the plan that asked), the call's own as they are; each text once per target. */
function attribute(fetched: Fetched, plans: readonly QueryPlan[]): MetricsMessage[] {
	const owner = new Map<string, string>();
	for (const plan of plans) for (const id of planIds(plan)) owner.set(id, plan.key);
	const out: MetricsMessage[] = [];
	const seen = new Set<string>();
	for (const m of fetched.messages) {
		const key = owner.get(m.id);
		const mark = `${key ?? ''}\0${m.code}\0${m.text}`;
		if (seen.has(mark)) continue;
		seen.add(mark);
		out.push(key === undefined ? {code: m.code, text: m.text} : {key, code: m.code, text: m.text});
	}
	return out;
}
