// A client-side model of ECS's request throttling: one token bucket per throttle category
// (ECS throttles per account and Region, and all actions of a category share a bucket), shared by
// the whole process. Each priority also has its own smaller bucket, so a cold load cannot spend more
// than 80% of the burst and half the sustained rate, steady polling no more than a quarter, and the
// last 20% of the burst is a reserve only user actions may spend: the console and CI share the
// account's buckets with us. After a ThrottlingException a category backs off (exponential, full
// jitter) and refills at a lowered rate until calls succeed again. Reads the user waits for
// ('interactive') go first and may dip into half the reserve. It also keeps what the header needs to
// tell the truth: the latest outcome per category (a server fault or a dropped connection after a
// throttle ends the throttle mark) and when the oldest call still on the wire was sent. Every call
// it puts on the wire is counted in its spend ledger (spend.ts), the shared limiter's being sharedSpend().
import type {Priority} from './ecs-api.js';
import {type Category, type Rate, rates, categoryLabel} from './categories.js';
import {SpendLedger, sharedSpend} from './spend.js';

export {type Category, type CloudWatchCategory, type EcsCategory, type LogsCategory, type SsmCategory, type Rate, cloudwatchRates, ecsRates, logsRates, ssmRates, rates, operationCategory, categoryLabel} from './categories.js';

export interface Share {
	/** Fraction of the category's burst this priority's bucket holds. */
	burst: number;
	/** Fraction of the category's sustained rate it refills at. */
	rate: number;
}

export interface Timers {
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export interface LimiterOptions {
	rates?: Partial<Record<Category, Rate>>;
	shares?: Partial<Record<Exclude<Priority, 'action'>, Share>>;
	/** Fraction of each burst only 'action' calls may spend. */
	reserve?: number;
	backoff?: {baseMs?: number; maxMs?: number};
	now?: () => number;
	timers?: Timers;
	random?: () => number;
	/** Where every call sent is counted (default: a ledger of this limiter's own; the shared limiter's is sharedSpend()). */
	spend?: SpendLedger;
}

export interface LimiterStatus {
	state: 'ok' | 'throttled';
	backoffUntil?: number;
	message?: string;
	/** Epoch ms the oldest call still waiting for ECS's answer was sent (absent: none on the wire). */
	outstandingSince?: number;
}

export interface CategoryStats {
	granted: Record<Priority, number>;
	throttles: number;
}

const defaultShares: Record<Exclude<Priority, 'action'>, Share> = {
	interactive: {burst: 0.8, rate: 0.5},
	cold: {burst: 0.8, rate: 0.5},
	poll: {burst: 0.25, rate: 0.25},
};
const order: Priority[] = ['action', 'interactive', 'cold', 'poll'];
const epsilon = 1e-9;

interface Bucket {
	level: number;
	capacity: number;
	rate: number;
}

interface Waiter {
	category: Category;
	priority: Priority;
	resolve: () => void;
	reject: (error: unknown) => void;
	cleanup?: () => void;
}

class CategoryState {
	main: Bucket;
	classes: Record<Exclude<Priority, 'action'>, Bucket>;
	factor = 1;
	backoffUntil = 0;
	consecutive = 0;
	/** Server faults and network errors in a row (no success, no throttle since). */
	errors = 0;
	throttledSince?: number;
	/** What the latest failed call of this category met: the header shows the latest truth. */
	lastFault?: 'throttle' | 'error';
	lastRefill: number;
	stats: CategoryStats = {granted: {action: 0, interactive: 0, cold: 0, poll: 0}, throttles: 0};

	constructor(rate: Rate, shares: Record<Exclude<Priority, 'action'>, Share>, now: number) {
		this.lastRefill = now;
		this.main = {level: rate.burst, capacity: rate.burst, rate: rate.rate};
		const bucket = (s: Share): Bucket => ({level: s.burst * rate.burst, capacity: s.burst * rate.burst, rate: s.rate * rate.rate});
		this.classes = {interactive: bucket(shares.interactive), cold: bucket(shares.cold), poll: bucket(shares.poll)};
	}

	refill(now: number): void {
		const seconds = Math.max(0, now - this.lastRefill) / 1000;
		this.lastRefill = now;
		for (const b of [this.main, ...Object.values(this.classes)]) {
			b.level = Math.min(b.capacity, b.level + seconds * b.rate * this.factor);
		}
	}
}

export class RateLimiter {
	readonly #rates: Record<Category, Rate>;
	readonly #shares: Record<Exclude<Priority, 'action'>, Share>;
	readonly #reserve: number;
	readonly #baseMs: number;
	readonly #maxMs: number;
	readonly #now: () => number;
	readonly #timers: Timers;
	readonly #random: () => number;
	/** Every call that goes on the wire is counted here (see sending). */
	readonly spend: SpendLedger;
	readonly #states = new Map<Category, CategoryState>();
	#queue: Waiter[] = [];
	/** Calls on the wire: id → when sent. */
	readonly #outstanding = new Map<number, number>();
	#sendId = 0;
	#timer: unknown;
	#timerAt = Infinity;

	constructor(options: LimiterOptions = {}) {
		this.#rates = {...rates, ...options.rates};
		this.#shares = {...defaultShares, ...options.shares};
		this.#reserve = options.reserve ?? 0.2;
		this.#baseMs = options.backoff?.baseMs ?? 1000;
		this.#maxMs = Math.max(options.backoff?.maxMs ?? 32_000, this.#baseMs);
		this.#now = options.now ?? Date.now;
		// Not unref'd: a call waiting for a token must keep a one-shot command (`get`, `events`) alive.
		this.#timers = options.timers ?? {setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: h => clearTimeout(h as NodeJS.Timeout)};
		this.#random = options.random ?? Math.random;
		this.spend = options.spend ?? new SpendLedger({now: this.#now});
	}

	#state(category: Category): CategoryState {
		let state = this.#states.get(category);
		if (!state) {
			state = new CategoryState(this.#rates[category], this.#shares, this.#now());
			this.#states.set(category, state);
		}
		state.refill(this.#now());
		return state;
	}

	/** Resolves when a call of this category and priority may be sent. */
	acquire(category: Category, priority: Priority = 'poll', signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) return Promise.reject(signal.reason);
		return new Promise<void>((resolve, reject) => {
			const waiter: Waiter = {category, priority, resolve, reject};
			if (signal) {
				const onAbort = () => {
					this.#queue = this.#queue.filter(w => w !== waiter);
					reject(signal.reason);
				};
				signal.addEventListener('abort', onAbort, {once: true});
				waiter.cleanup = () => signal.removeEventListener('abort', onAbort);
			}
			// Priority order, first come first served within a priority.
			const at = this.#queue.findIndex(w => order.indexOf(w.priority) > order.indexOf(priority));
			if (at < 0) this.#queue.push(waiter);
			else this.#queue.splice(at, 0, waiter);
			this.#pump();
		});
	}

	/** A ThrottlingException arrived: back off this category and lower its rate. Returns the backoff end. */
	throttled(category: Category): number {
		const state = this.#state(category);
		const now = this.#now();
		state.stats.throttles++;
		state.consecutive++;
		state.errors = 0;
		state.lastFault = 'throttle';
		state.throttledSince ??= now;
		state.factor = Math.max(0.1, state.factor / 2);
		// ECS's bucket is empty: refill before sending again rather than bursting into it (the reserve stays for actions).
		state.main.level = Math.min(state.main.level, this.#reserve * state.main.capacity);
		for (const b of Object.values(state.classes)) b.level = Math.min(b.level, 0);
		const ceiling = Math.min(this.#maxMs, this.#baseMs * 2 ** (state.consecutive - 1));
		state.backoffUntil = Math.max(state.backoffUntil, now + this.#random() * ceiling);
		this.#pump();
		return state.backoffUntil;
	}

	/**
	 * A call of this category met a server fault (5xx, an unreadable answer) or a network error
	 * (reset, timeout, refused). Its throttle mark ends: ECS is failing now, not throttling, and the
	 * header must say so (a backoff already running still holds the calls back). Returns how many
	 * such failures came in a row. The waiting between polls is the poller's (see poller.ts).
	 */
	failed(category: Category): number {
		const state = this.#state(category);
		state.errors++;
		state.lastFault = 'error';
		state.throttledSince = undefined;
		return state.errors;
	}

	/** A call of this category succeeded: the rate recovers step by step. */
	succeeded(category: Category): void {
		const state = this.#state(category);
		state.consecutive = 0;
		state.errors = 0;
		state.lastFault = undefined;
		state.throttledSince = undefined;
		state.factor = Math.min(1, state.factor + 0.05);
	}

	/**
	 * A request of this category goes on the wire now; call the returned function once it is
	 * answered, failed or aborted. Every call ecs-top sends passes here (reads through limitedRead,
	 * ECS mutations, Live Tail's start), so this is where the spend ledger counts them: each retry
	 * is a call of its own, and a mutation refused before sending (read-only, an audit line that
	 * could not be written) is none.
	 */
	sending(category: Category): () => void {
		this.spend.call(category);
		const id = ++this.#sendId;
		this.#outstanding.set(id, this.#now());
		return () => {
			this.#outstanding.delete(id);
		};
	}

	status(): LimiterStatus {
		const now = this.#now();
		let until = 0;
		const throttled: string[] = [];
		for (const [category, state] of this.#states) {
			// A fault after the throttle is the latest truth for this category, whatever backoff is left.
			if (state.lastFault === 'error') continue;
			if (state.throttledSince === undefined && state.backoffUntil <= now) continue;
			throttled.push(categoryLabel[category]);
			until = Math.max(until, state.backoffUntil);
		}
		// Insertion order: the first entry is the oldest call still on the wire.
		const oldest = this.#outstanding.values().next();
		const outstanding = oldest.done ? {} : {outstandingSince: oldest.value};
		if (throttled.length === 0) return {state: 'ok', ...outstanding};
		return {state: 'throttled', backoffUntil: until > now ? until : undefined, message: `throttled: ${throttled.join(', ')}`, ...outstanding};
	}

	stats(): Partial<Record<Category, CategoryStats>> {
		return Object.fromEntries([...this.#states].map(([c, s]) => [c, structuredClone(s.stats)]));
	}

	/** Waiting calls (tests, the benchmark). */
	get pending(): number {
		return this.#queue.length;
	}

	#pump(): void {
		const now = this.#now();
		let wake = Infinity;
		const blocked = new Set<string>();
		for (const waiter of [...this.#queue]) {
			const key = `${waiter.category}|${waiter.priority}`;
			if (blocked.has(key)) continue;
			const wait = this.#waitFor(waiter, now);
			if (wait > 0) {
				blocked.add(key);
				wake = Math.min(wake, now + wait);
				continue;
			}
			const state = this.#state(waiter.category);
			state.main.level -= 1;
			if (waiter.priority !== 'action') state.classes[waiter.priority].level -= 1;
			state.stats.granted[waiter.priority]++;
			this.#queue = this.#queue.filter(w => w !== waiter);
			waiter.cleanup?.();
			waiter.resolve();
		}
		this.#schedule(wake);
	}

	/** Milliseconds until this waiter could be granted (0: now). */
	#waitFor(waiter: Waiter, now: number): number {
		const state = this.#state(waiter.category);
		const action = waiter.priority === 'action';
		let wait = action ? 0 : Math.max(0, state.backoffUntil - now);
		// Actions may empty the bucket; a read the user waits for may use half the reserve; polls none of it.
		const floor = (action ? 0 : waiter.priority === 'interactive' ? this.#reserve / 2 : this.#reserve) * state.main.capacity;
		const need = (bucket: Bucket, level: number) =>
			bucket.level + epsilon >= level ? 0 : ((level - bucket.level) / (bucket.rate * state.factor)) * 1000;
		wait = Math.max(wait, need(state.main, floor + 1));
		if (!action) wait = Math.max(wait, need(state.classes[waiter.priority as Exclude<Priority, 'action'>], 1));
		return wait > 0 ? Math.max(1, Math.ceil(wait)) : 0;
	}

	#schedule(at: number): void {
		if (at === this.#timerAt) return;
		if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#timerAt = at;
		if (at === Infinity) return;
		this.#timer = this.#timers.setTimeout(() => {
			this.#timer = undefined;
			this.#timerAt = Infinity;
			this.#pump();
		}, Math.max(0, at - this.#now()));
	}
}

let shared: RateLimiter | undefined;

/** The process-wide limiter every client uses unless given its own; it counts into sharedSpend(). */
export function sharedLimiter(): RateLimiter {
	shared ??= new RateLimiter({spend: sharedSpend()});
	return shared;
}

const byAccountRegion = new Map<string, RateLimiter>();

/** The key of ECS's throttling unit: the account and the Region (two profiles of one account share it). */
export const accountRegionKey = (account: string, region: string) => `${account}/${region}`;

/**
 * The limiter of one account and Region, for commands that read several contexts at once: ECS
 * throttles per account and Region, so two profiles of one account in one Region must draw on one
 * set of buckets, and two Regions (or accounts) must not slow each other down. Made on first use;
 * every one counts into sharedSpend(). The single-context path keeps sharedLimiter().
 */
export function limiterFor(key: string): RateLimiter {
	let limiter = byAccountRegion.get(key);
	if (!limiter) {
		limiter = new RateLimiter({spend: sharedSpend()});
		byAccountRegion.set(key, limiter);
	}
	return limiter;
}
