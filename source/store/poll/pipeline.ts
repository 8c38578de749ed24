// Describes ARNs as list pages arrive: chunks at the API limit, at most `concurrency` in flight,
// so the first rows show long before a 100-page listing ends, and a short page never costs an extra
// call. The first failure fails drain().

export class ChunkPipeline {
	#queue: string[][] = [];
	#partial: string[] = [];
	#running = 0;
	#error: unknown;
	#failed = false;
	#waiters: Array<{resolve: () => void; reject: (error: unknown) => void}> = [];

	constructor(
		private readonly size: number,
		private readonly concurrency: number,
		private readonly run: (ids: string[]) => Promise<void>,
	) {}

	/** Queues full chunks; a remainder waits for the next page (or drain()), so no call is half empty. */
	push(ids: readonly string[]): void {
		this.#partial.push(...ids);
		while (this.#partial.length >= this.size) this.#queue.push(this.#partial.splice(0, this.size));
		this.#pump();
	}

	#pump(): void {
		while (!this.#failed && this.#running < this.concurrency && this.#queue.length > 0) {
			const ids = this.#queue.shift()!;
			this.#running++;
			this.run(ids).then(
				() => {
					this.#running--;
					this.#pump();
				},
				(error: unknown) => {
					this.#running--;
					if (!this.#failed) {
						this.#failed = true;
						this.#error = error;
					}
					this.#pump();
				},
			);
		}
		this.#settle();
	}

	#settle(): void {
		if (this.#running > 0 || (this.#queue.length > 0 && !this.#failed)) return;
		const waiters = this.#waiters;
		this.#waiters = [];
		for (const w of waiters) this.#failed ? w.reject(this.#error) : w.resolve();
	}

	/** Resolves when every pushed chunk is described; rejects with the first failure. */
	drain(): Promise<void> {
		if (this.#partial.length > 0) {
			this.#queue.push(this.#partial.splice(0));
			this.#pump();
		}
		return new Promise((resolve, reject) => {
			this.#waiters.push({resolve, reject});
			this.#settle();
		});
	}
}
