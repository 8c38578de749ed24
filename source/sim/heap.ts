// A binary min-heap keyed by time: the scheduler's agenda. Entries that went stale (the task moved
// on before its timer fired) are skipped by the consumer, which is cheaper than deleting them.
export interface Timer {
	at: number;
	/** Tie-breaker so equal times fire in scheduling order (deterministic runs). */
	order: number;
}

export class MinHeap<T extends Timer> {
	private items: T[] = [];

	get size(): number {
		return this.items.length;
	}

	peek(): T | undefined {
		return this.items[0];
	}

	push(item: T): void {
		const a = this.items;
		a.push(item);
		let i = a.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!less(a[i]!, a[parent]!)) break;
			[a[i], a[parent]] = [a[parent]!, a[i]!];
			i = parent;
		}
	}

	pop(): T | undefined {
		const a = this.items;
		const top = a[0];
		const last = a.pop();
		if (a.length > 0 && last) {
			a[0] = last;
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let m = i;
				if (l < a.length && less(a[l]!, a[m]!)) m = l;
				if (r < a.length && less(a[r]!, a[m]!)) m = r;
				if (m === i) break;
				[a[i], a[m]] = [a[m]!, a[i]!];
				i = m;
			}
		}
		return top;
	}
}

function less(a: Timer, b: Timer): boolean {
	return a.at < b.at || (a.at === b.at && a.order < b.order);
}
