// One read sent through the shared rate limiter, as every AWS client of ecs-top sends its reads:
// a token of the operation's category first, then the call; throttles wait out the limiter's
// backoff on the next acquire, other faults sleep here with full jitter, unless the caller's next
// poll is the retry (`scheduled`: four tries per poll made an outage cost four times the calls).
import type {CallOptions} from './ecs-api.js';
import {isRetryable, isThrottle} from './errors.js';
import type {Category, RateLimiter} from './limiter.js';

export interface RetryTiming {
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export interface ReadDeps {
	limiter: RateLimiter;
	send(command: unknown, options: {abortSignal?: AbortSignal}): Promise<unknown>;
	retry: RetryTiming;
	sleep(ms: number): Promise<void>;
	random(): number;
}

/** How a client's reads wait and retry, as given (tests pass zero delays and a fixed random). */
export interface ReadTimingOptions {
	retry?: Partial<RetryTiming>;
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
}

/** The defaults every client uses: 4 tries, 200 ms to 5 s of full jitter, real sleeps. */
export function readTiming(options: ReadTimingOptions): Pick<ReadDeps, 'retry' | 'sleep' | 'random'> {
	return {
		sleep: options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms))),
		random: options.random ?? Math.random,
		retry: {maxAttempts: options.retry?.maxAttempts ?? 4, baseDelayMs: options.retry?.baseDelayMs ?? 200, maxDelayMs: options.retry?.maxDelayMs ?? 5000},
	};
}

/** Full-jitter exponential backoff before attempt + 1. */
export function backoffMs(deps: Pick<ReadDeps, 'retry' | 'random'>, attempt: number): number {
	const r = deps.retry;
	return deps.random() * Math.min(r.maxDelayMs, r.baseDelayMs * 2 ** (attempt - 1));
}

export async function limitedRead<T>(deps: ReadDeps, category: Category, command: unknown, options: CallOptions = {}): Promise<T> {
	const {limiter, retry: r} = deps;
	for (let attempt = 1; ; attempt++) {
		await limiter.acquire(category, options.priority ?? 'poll', options.signal);
		const answered = limiter.sending(category);
		try {
			const output = (await deps.send(command, {abortSignal: options.signal})) as T;
			limiter.succeeded(category);
			return output;
		} catch (error) {
			const throttle = isThrottle(error);
			if (throttle) limiter.throttled(category);
			else if (isRetryable(error)) limiter.failed(category);
			if (!isRetryable(error) || attempt >= r.maxAttempts || options.signal?.aborted) throw error;
			if (!throttle && options.scheduled) throw error;
			if (!throttle) await deps.sleep(backoffMs(deps, attempt));
		} finally {
			answered();
		}
	}
}
