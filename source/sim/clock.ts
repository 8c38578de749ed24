// The simulator's clock. 'real' follows the wall clock scaled by --speed (a demo at --speed 10
// runs ten simulated seconds per real second); 'manual' only moves when a test steps it.
export interface ClockOptions {
	mode: 'real' | 'manual';
	speed?: number;
	/** Simulated epoch milliseconds at start (default: the wall clock, whole seconds). */
	start?: number;
	/** Wall clock source, injectable for tests. */
	wallNow?: () => number;
}

export class SimClock {
	readonly mode: 'real' | 'manual';
	readonly speed: number;
	private readonly wallNow: () => number;
	private readonly wallStart: number;
	private readonly simStart: number;
	private offset = 0;

	constructor(options: ClockOptions) {
		this.mode = options.mode;
		this.speed = options.speed ?? 1;
		this.wallNow = options.wallNow ?? (() => performance.timeOrigin + performance.now());
		this.wallStart = this.wallNow();
		this.simStart = options.start ?? Math.floor(Date.now() / 1000) * 1000;
	}

	/** Simulated epoch milliseconds. */
	now(): number {
		if (this.mode === 'manual') return this.simStart + this.offset;
		return this.simStart + this.offset + (this.wallNow() - this.wallStart) * this.speed;
	}

	/** Jumps forward (both modes: a real clock keeps running from the new time). */
	advance(seconds: number): void {
		if (!(seconds >= 0)) throw new RangeError('advanceSeconds must be a non-negative number');
		this.offset += seconds * 1000;
	}
}
