// Rolling timing samples (the last N), for the figures GET /_sim/stats reports: scheduler steps
// and per-operation handler time, measured inside the simulator (no network, no injected latency).
export class Samples {
	private readonly values: number[] = [];
	private next = 0;
	count = 0;
	max = 0;

	constructor(private readonly size = 500) {}

	add(ms: number): void {
		this.count++;
		if (ms > this.max) this.max = ms;
		if (this.values.length < this.size) this.values.push(ms);
		else this.values[this.next] = ms;
		this.next = (this.next + 1) % this.size;
	}

	summary(): {count: number; medianMs: number; p95Ms: number; maxMs: number} {
		const sorted = [...this.values].sort((a, b) => a - b);
		const at = (q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
		const round = (n: number) => Math.round(n * 1000) / 1000;
		return {count: this.count, medianMs: round(at(0.5)), p95Ms: round(at(0.95)), maxMs: round(this.max)};
	}
}
