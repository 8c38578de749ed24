// Stateless hashing for log lines: a line is a pure function of (seed, stream, slot), so any slice
// of any stream can be produced on demand, in any order, without remembering what was produced.

/** FNV-1a over a string, 32 bits. */
export function hashString(text: string, seed = 0x81_1C_9D_C5): number {
	let h = seed >>> 0;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01_00_01_93);
	}

	return h >>> 0;
}

/** Mixes two 32-bit values into a well-spread 32-bit value (murmur3's finaliser). */
export function mix(a: number, b: number): number {
	let h = (a ^ Math.imul(b >>> 0, 0x9E_37_79_B1) ^ Math.floor(b / 4_294_967_296)) >>> 0;
	h ^= h >>> 16;
	h = Math.imul(h, 0x85_EB_CA_6B);
	h ^= h >>> 13;
	h = Math.imul(h, 0xC2_B2_AE_35);
	h ^= h >>> 16;
	return h >>> 0;
}

/** A small deterministic draw sequence from one hash (for the several choices one line makes). */
export class Draws {
	private h: number;

	constructor(seed: number) {
		this.h = seed >>> 0;
	}

	/** An integer in [0, n). */
	int(n: number): number {
		this.h = mix(this.h, 0x6D_2B_79_F5);
		return Math.floor((this.h / 4_294_967_296) * n);
	}

	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)]!;
	}

	hex(length: number): string {
		let out = '';
		for (let i = 0; i < length; i++) out += '0123456789abcdef'[this.int(16)];
		return out;
	}
}
