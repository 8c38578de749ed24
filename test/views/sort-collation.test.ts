// Sorting compares each text key once-computed (collationKey) instead of through Intl.Collator per
// comparison: over random printable-ASCII strings (digits runs, leading zeros, case, punctuation),
// the keys' plain order must be exactly the collator's.
import {describe, expect, it} from 'vitest';
import {collationKey, sortRows} from '../../source/views/sort.js';
import type {Column} from '../../source/components/table-layout.js';

const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});
const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const pieces = ['a', 'A', 'b', 'Z', 'z', '0', '00', '1', '9', '10', '007', '-', '_', '.', ' ', ':', '/', '(', ')', '%', '~', '$', 'svc-', 'web', '2048', '0.25'];

function text(next: () => number): string {
	return Array.from({length: Math.floor(next() * 6)}, () => pieces[Math.floor(next() * pieces.length)]).join('');
}

describe('collation keys', () => {
	it('order printable ASCII exactly as the numeric, case-insensitive collator does', () => {
		const next = random(7);
		for (let i = 0; i < 20_000; i++) {
			const a = text(next);
			const b = next() < 0.1 ? a.toUpperCase() : text(next);
			const ka = collationKey(a)!;
			const kb = collationKey(b)!;
			expect(sign(ka < kb ? -1 : ka > kb ? 1 : 0), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(sign(collator.compare(a, b)));
		}
		// Every printable ASCII pair, one character each side.
		for (let x = 32; x < 127; x++) {
			for (let y = 32; y < 127; y++) {
				const a = String.fromCharCode(x);
				const b = String.fromCharCode(y);
				const ka = collationKey(a)!;
				const kb = collationKey(b)!;
				expect(sign(ka < kb ? -1 : ka > kb ? 1 : 0), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(sign(collator.compare(a, b)));
			}
		}
	});

	it('leaves other text to the collator', () => {
		expect(collationKey('café')).toBeUndefined();
		expect(collationKey('tab\there')).toBeUndefined();
		expect(collationKey('1'.repeat(31))).toBeUndefined();
	});

	it('sorts a column the same whichever way its keys are compared', () => {
		const next = random(11);
		const column: Column<{v: string}> = {id: 'v', header: 'V', width: 5, value: r => r.v};
		for (let round = 0; round < 50; round++) {
			const rows = Array.from({length: 200}, () => ({v: next() < 0.05 ? 'é' + text(next) : text(next)}));
			const ascii = rows.filter(r => !r.v.startsWith('é'));
			for (const reverse of [false, true]) {
				const got = sortRows(ascii, [column], {column: 'v', reverse}, {now: 0}).map(r => r.v);
				const want = [...ascii]
					.map((r, index) => ({r, index}))
					.sort((a, b) => {
						const ea = a.r.v.trim() === '';
						const eb = b.r.v.trim() === '';
						if (ea !== eb) return ea ? 1 : -1;
						return (collator.compare(a.r.v.trim(), b.r.v.trim()) || 0) * (reverse ? -1 : 1) || a.index - b.index;
					})
					.map(x => x.r.v);
				expect(got).toEqual(want);
				// Mixed with non-ASCII keys: the collator path, same rules.
				expect(sortRows(rows, [column], {column: 'v', reverse}, {now: 0}).length).toBe(rows.length);
			}
		}
	});
});
