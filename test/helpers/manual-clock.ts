// A stepped clock with timers: tests advance time explicitly and due timers fire in order.
export class ManualClock {
	#now: number;
	#timers = new Map<number, {at: number; fn: () => void}>();
	#id = 0;

	constructor(start = Date.UTC(2026, 0, 1)) {
		this.#now = start;
	}

	now = (): number => this.#now;

	setTimeout = (fn: () => void, ms: number): number => {
		const id = ++this.#id;
		this.#timers.set(id, {at: this.#now + Math.max(0, ms), fn});
		return id;
	};

	clearTimeout = (handle: unknown): void => {
		this.#timers.delete(handle as number);
	};

	get timers() {
		return {setTimeout: this.setTimeout, clearTimeout: this.clearTimeout};
	}

	/** Pending timer count (tests). */
	get pending(): number {
		return this.#timers.size;
	}

	/** Moves time forward, firing each due timer at its own time; awaits microtasks between timers. */
	async advance(ms: number): Promise<void> {
		const end = this.#now + ms;
		for (;;) {
			await flush();
			let next: [number, {at: number; fn: () => void}] | undefined;
			for (const entry of this.#timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
			if (!next) break;
			this.#timers.delete(next[0]);
			this.#now = Math.max(this.#now, next[1].at);
			next[1].fn();
		}
		this.#now = end;
		await flush();
	}
}

export async function flush(): Promise<void> {
	for (let i = 0; i < 5; i++) await new Promise<void>(resolve => setImmediate(resolve));
}
