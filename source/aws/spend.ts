// What ecs-top spends: every AWS call it sends, per throttle category, since start and in the last
// 60 seconds, and the units AWS bills on top of the calls themselves (ECS and Logs reads are free;
// GetMetricData is billed per metric requested, Live Tail per session-minute). Pure: a clock is
// injected, nothing is sent. The limiter records each call as it goes on the wire (limiter.ts
// `sending`), the metrics client the metrics each answered GetMetricData asked for, the Logs client
// each Live Tail session's start and end.
import type {Category} from './categories.js';

/**
 * CloudWatch's prices for what ecs-top can be billed for, US East (N. Virginia), in USD, read on
 * 2026-12-06 (ecs-top's own reads: ECS's and Logs' API calls are not billed per request).
 * UNVERIFIED: AWS's pricing page (https://aws.amazon.com/cloudwatch/pricing/) was looked up, but
 * its stored copy shows only the free tier (GetMetricData is never free; 1,800 Live Tail minutes a
 * month are), not the paid tier. GetMetricData at $0.01 per 1,000 metrics requested is from a
 * third-party copy (Site24x7's knowledge base, "CloudWatch metrics cost calculation"); Live Tail at
 * $0.01 per session-minute was not found in any copy. Every estimate carries `pricesStatus:
 * 'unverified'` until someone checks the page. Prices vary by Region, and the free tier is not
 * subtracted: an estimate is an upper bound for us-east-1.
 */
export const cloudwatchPrices: PriceTable = {
	readAt: '2026-12-06',
	region: 'us-east-1',
	source: 'https://aws.amazon.com/cloudwatch/pricing/ (paid tier not seen; GetMetricData from Site24x7\'s knowledge base, Live Tail not found)',
	status: 'unverified',
	getMetricDataPer1000Metrics: 0.01,
	liveTailPerSessionMinute: 0.01,
};

export interface PriceTable {
	/** The date the prices were read (YYYY-MM-DD). */
	readAt: string;
	region: string;
	source: string;
	status: 'verified' | 'unverified';
	/** USD per 1,000 metrics requested by GetMetricData. */
	getMetricDataPer1000Metrics: number;
	/** USD per Live Tail session-minute. */
	liveTailPerSessionMinute: number;
}

export interface BilledUnits {
	/** GetMetricData queries with ReturnData not false, summed over every answered call. */
	metricsRequested: number;
	/** Live Tail session-minutes, fractional (AWS's rounding of a partial minute is not modelled). */
	liveTailMinutes: number;
}

export interface SpendEstimate {
	usd: number;
	getMetricDataUsd: number;
	liveTailUsd: number;
	pricesReadAt: string;
	pricesStatus: PriceTable['status'];
}

/** USD for these units at these prices. */
export function estimateUsd(units: BilledUnits, prices: PriceTable = cloudwatchPrices): SpendEstimate {
	const getMetricDataUsd = (units.metricsRequested / 1000) * prices.getMetricDataPer1000Metrics;
	const liveTailUsd = units.liveTailMinutes * prices.liveTailPerSessionMinute;
	return {usd: getMetricDataUsd + liveTailUsd, getMetricDataUsd, liveTailUsd, pricesReadAt: prices.readAt, pricesStatus: prices.status};
}

/**
 * A count over the last `seconds` seconds at one-second resolution, in a fixed ring of buckets: the
 * memory stays the same however many calls are counted. A bucket is reused once its second has
 * left the window.
 */
export class SlidingCount {
	readonly #counts: Float64Array;
	readonly #seconds: Float64Array;

	constructor(readonly windowSeconds = 60) {
		this.#counts = new Float64Array(windowSeconds);
		this.#seconds = new Float64Array(windowSeconds).fill(-Infinity);
	}

	add(now: number, n = 1): void {
		const second = Math.floor(now / 1000);
		const at = ((second % this.windowSeconds) + this.windowSeconds) % this.windowSeconds;
		if (this.#seconds[at] !== second) {
			this.#seconds[at] = second;
			this.#counts[at] = 0;
		}
		this.#counts[at]! += n;
	}

	/** What was added in this second and the windowSeconds - 1 before it. */
	sum(now: number): number {
		const second = Math.floor(now / 1000);
		let total = 0;
		for (let i = 0; i < this.windowSeconds; i++) {
			const at = this.#seconds[i]!;
			if (at <= second && at > second - this.windowSeconds) total += this.#counts[i]!;
		}
		return total;
	}
}

export interface Tally {
	total: number;
	lastMinute: number;
}

export interface SpendSnapshot {
	/** Epoch ms the ledger started counting. */
	since: number;
	/** Epoch ms of this snapshot, on the ledger's clock (how long it has counted: at - since). */
	at: number;
	/** Every call sent (each retry is a call), ECS, Logs and CloudWatch, reads and mutations. */
	calls: Tally;
	byCategory: Partial<Record<Category, Tally>>;
	metricsRequested: Tally;
	liveTail: {sessions: number; open: number; minutes: number};
	estimate: SpendEstimate;
	/** The table the estimate was priced from (what a reader needs to judge it: region, date, status). */
	prices: PriceTable;
}

export interface SpendLedgerOptions {
	now?: () => number;
	prices?: PriceTable;
}

class Counter {
	total = 0;
	readonly window = new SlidingCount(60);

	add(now: number, n: number): void {
		this.total += n;
		this.window.add(now, n);
	}

	tally(now: number): Tally {
		return {total: this.total, lastMinute: this.window.sum(now)};
	}
}

export class SpendLedger {
	readonly #now: () => number;
	readonly #prices: PriceTable;
	readonly #since: number;
	readonly #calls = new Counter();
	readonly #byCategory = new Map<Category, Counter>();
	readonly #metrics = new Counter();
	/** Open Live Tail sessions: id → epoch ms started. */
	readonly #open = new Map<number, number>();
	#sessionId = 0;
	#sessions = 0;
	/** Milliseconds of Live Tail sessions already ended. */
	#closedMs = 0;

	constructor(options: SpendLedgerOptions = {}) {
		this.#now = options.now ?? Date.now;
		this.#prices = options.prices ?? cloudwatchPrices;
		this.#since = this.#now();
	}

	/** One call of this category went on the wire. */
	call(category: Category): void {
		const now = this.#now();
		this.#calls.add(now, 1);
		let counter = this.#byCategory.get(category);
		if (!counter) {
			counter = new Counter();
			this.#byCategory.set(category, counter);
		}
		counter.add(now, 1);
	}

	/** An answered GetMetricData asked for this many metrics (its queries with ReturnData not false). */
	metricsRequested(count: number): void {
		if (count > 0) this.#metrics.add(this.#now(), count);
	}

	/** A Live Tail session started; call the returned function when it ends (once is enough; more are ignored). */
	liveTailStarted(): () => void {
		const id = ++this.#sessionId;
		this.#sessions++;
		this.#open.set(id, this.#now());
		return () => {
			const started = this.#open.get(id);
			if (started === undefined) return;
			this.#open.delete(id);
			this.#closedMs += Math.max(0, this.#now() - started);
		};
	}

	snapshot(): SpendSnapshot {
		const now = this.#now();
		let openMs = 0;
		for (const started of this.#open.values()) openMs += Math.max(0, now - started);
		const minutes = (this.#closedMs + openMs) / 60_000;
		const metricsRequested = this.#metrics.tally(now);
		return {
			since: this.#since,
			at: now,
			calls: this.#calls.tally(now),
			byCategory: Object.fromEntries([...this.#byCategory].map(([category, counter]) => [category, counter.tally(now)])),
			metricsRequested,
			liveTail: {sessions: this.#sessions, open: this.#open.size, minutes},
			estimate: estimateUsd({metricsRequested: metricsRequested.total, liveTailMinutes: minutes}, this.#prices),
			prices: this.#prices,
		};
	}
}

let shared: SpendLedger | undefined;

/** The process-wide ledger the shared limiter records into (what the app shows). */
export function sharedSpend(): SpendLedger {
	shared ??= new SpendLedger();
	return shared;
}
