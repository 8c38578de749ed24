// A small seeded PRNG (mulberry32): the same --seed always builds the same world and the same
// sequence of simulated events, so tests and benchmarks are reproducible.
export class Rng {
	private state: number;

	constructor(seed: number) {
		this.state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
	}

	/** A float in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [0, n). */
	int(n: number): number {
		return Math.floor(this.next() * n);
	}

	/** An integer in [min, max]. */
	between(min: number, max: number): number {
		return min + this.int(max - min + 1);
	}

	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)]!;
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	hex(length: number): string {
		let out = '';
		for (let i = 0; i < length; i++) out += '0123456789abcdef'[this.int(16)];
		return out;
	}

	digits(length: number): string {
		let out = String(1 + this.int(9));
		for (let i = 1; i < length; i++) out += String(this.int(10));
		return out;
	}

	alnum(length: number): string {
		const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
		let out = '';
		for (let i = 0; i < length; i++) out += chars[this.int(chars.length)];
		return out;
	}

	uuid(): string {
		const h = this.hex(32);
		const variant = '89ab'[this.int(4)];
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
	}
}
