// Spreads a follow loop's calls over time: a token bucket on the injected clock, so following a
// 2,000-service cluster costs a steady trickle of DescribeServices instead of bursts that would
// eat the account's shared ECS service-read budget (100 burst, 20/s refill, shared with the
// console and CI).

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** setTimeout as a promise that ends early (resolving) when the signal aborts. */
export const defaultSleep: Sleep = (ms, signal) =>
	new Promise(resolve => {
		if (signal?.aborted) return resolve();
		const done = () => {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, Math.max(0, ms));
		signal?.addEventListener('abort', done, {once: true});
	});

export class Pacer {
	private tokens: number;
	private last: number;

	constructor(private readonly o: {rate: number; burst: number; now: () => number; sleep: Sleep}) {
		this.tokens = o.burst;
		this.last = o.now();
	}

	/** Waits until `cost` calls may be made, then spends them. */
	async take(cost: number, signal?: AbortSignal): Promise<void> {
		this.refill();
		if (this.tokens < cost && !signal?.aborted) {
			await this.o.sleep(((cost - this.tokens) / this.o.rate) * 1000, signal);
			this.refill();
			// The sleep was for exactly the missing tokens: trust it even if the clock is coarse.
			this.tokens = Math.max(this.tokens, cost);
		}
		this.tokens -= cost;
	}

	private refill(): void {
		const now = this.o.now();
		this.tokens = Math.min(this.o.burst, this.tokens + ((now - this.last) / 1000) * this.o.rate);
		this.last = now;
	}
}
