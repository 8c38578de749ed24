// The fast sort (sort-order.ts, compareCollated in collation.ts) must put rows exactly where the comparator it
// replaced did: by Intl.Collator('en', numeric, base) on every comparison, one object per row.
// Random keys (texts of letters in both cases, digits with leading zeros, punctuation, spaces,
// non-ASCII; numbers; empties; many ties), random attention flags, both directions.
import {describe, expect, it} from 'vitest';
import {collatable, compareCollated} from '../../source/views/collation.js';
import {compareKeys, sortOrder, type Key} from '../../source/views/sort-order.js';
import {ipv4Order} from '../../source/resources/cells.js';
import {Rng} from '../../source/sim/random.js';

const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});

/** The sort as it was before issue 25's rework: decorate, one comparator, undecorate. */
function reference(keys: readonly Key[] | undefined, attention: readonly boolean[] | undefined, reverse: boolean, length: number, compare = compareKeys): number[] {
	const decorated = Array.from({length}, (_, index) => ({index, flag: attention?.[index] ? 0 : 1, key: keys?.[index]}));
	const direction = reverse ? -1 : 1;
	decorated.sort((a, b) => {
		if (a.flag !== b.flag) return a.flag - b.flag;
		if (keys) {
			const emptyA = a.key === undefined || a.key === '';
			const emptyB = b.key === undefined || b.key === '';
			if (emptyA !== emptyB) return emptyA ? 1 : -1;
			const byKey = compare(a.key, b.key);
			if (byKey !== 0) return byKey * direction;
		}
		return (a.index - b.index) * (keys ? 1 : direction);
	});
	return decorated.map(d => d.index);
}

/** The simulator's seeded generator, so a failure replays. */
function random(seed: number): () => number {
	const rng = new Rng(seed);
	return () => rng.next();
}

let printable = '';
for (let code = 0x20; code <= 0x7e; code++) printable += String.fromCharCode(code);
const alphabets = ['aAbB0019-. ', 'svc-0123:/_', printable, 'aé0ß-Z'];

function text(next: () => number, alphabet: string): string {
	const length = Math.floor(next() * 7);
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
	return out;
}

describe('compareCollated', () => {
	it('orders printable ASCII texts as the collator does, equal where it sees no difference', () => {
		const next = random(7);
		for (let i = 0; i < 20_000; i++) {
			const alphabet = alphabets[i % 3]!;
			const a = text(next, alphabet);
			const b = next() < 0.2 ? a.toUpperCase() : text(next, alphabet);
			expect(collatable(a) && collatable(b)).toBe(true);
			expect(Math.sign(compareCollated(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(Math.sign(collator.compare(a, b)));
		}
	});

	it('leaves text outside printable ASCII to the collator', () => {
		expect(collatable('café')).toBe(false);
		expect(collatable('a\tb')).toBe(false);
		expect(collatable(`a${'9'.repeat(201)}`)).toBe(false);
		expect(collatable('')).toBe(true);
	});
});

describe('sort order', () => {
	it('is the reference comparator’s order: attention first, empty keys last, ties in list order, either direction', () => {
		const next = random(11);
		for (let round = 0; round < 400; round++) {
			const length = Math.floor(next() * 60);
			const kind = round % 5;
			const alphabet = alphabets[round % alphabets.length]!;
			const keys: Key[] = Array.from({length}, () => {
				const roll = next();
				if (roll < 0.1) return undefined;
				if (roll < 0.15) return '';
				// 0: numbers (few distinct, so ties), 1-3: texts, 4: whole numbers and texts mixed (the
				// reference is then not a consistent order unless a number sorts as its text does).
				if (kind === 0) return next() < 0.05 ? -0 : Math.floor(next() * 8) - 3 + (next() < 0.2 ? 0.5 : 0);
				if (kind === 4 && roll < 0.5) return Math.floor(next() * 12);
				return text(next, alphabet);
			});
			const attention = next() < 0.5 ? Array.from({length}, () => next() < 0.3) : undefined;
			for (const reverse of [false, true]) {
				expect(sortOrder(keys, attention, reverse), `round ${round}`).toEqual(reference(keys, attention, reverse, length));
				expect(sortOrder(undefined, attention, reverse, length)).toEqual(reference(undefined, attention, reverse, length));
			}
		}
	});

	it('keeps NaN and mixed keys in the order the comparator gave them', () => {
		const keys: Key[] = [3, Number.NaN, 1, 'b', undefined, 2];
		expect(sortOrder(keys, undefined, false)).toEqual(reference(keys, undefined, false, keys.length));
		const nan: Key[] = [3, Number.NaN, 1, 2];
		expect(sortOrder(nan, undefined, true)).toEqual(reference(nan, undefined, true, nan.length));
	});

	it('orders plain keys (Column.sortText) by UTF-16 code units, hex IDs as written: a12 before a9', () => {
		const byCodeUnits = (a: Key, b: Key) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);
		const next = random(13);
		for (let round = 0; round < 300; round++) {
			const length = Math.floor(next() * 60);
			const alphabet = alphabets[round % alphabets.length]!;
			const keys: Key[] = Array.from({length}, () => (next() < 0.1 ? '' : text(next, alphabet)));
			const attention = next() < 0.5 ? Array.from({length}, () => next() < 0.3) : undefined;
			for (const reverse of [false, true]) {
				expect(sortOrder(keys, attention, reverse, length, true), `round ${round}`).toEqual(reference(keys, attention, reverse, length, byCodeUnits));
			}
		}
		expect(sortOrder(['a9f0', 'a12b', '', '0ff1'], undefined, false, 4, true)).toEqual([3, 1, 0, 2]);
	});
});

describe('ipv4Order', () => {
	it('sorts dotted addresses as their four numbers, as the collator does, and nothing else', () => {
		const next = random(17);
		const addresses = Array.from({length: 500}, () => Array.from({length: 4}, () => Math.floor(next() * 256)).join('.'));
		const byNumber = [...addresses].sort((a, b) => ipv4Order(a)! - ipv4Order(b)!);
		expect(byNumber).toEqual([...addresses].sort(collator.compare));
		expect(ipv4Order('10.0.9.5')! < ipv4Order('10.0.12.5')!).toBe(true);
		expect(ipv4Order('010.0.0.1')).toBe(ipv4Order('10.0.0.1'));
		for (const other of ['', '10.0.0', '10.0.0.256', '::1', 'fd00::5', '10.0.0.1 ', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.', '1234.1.1.1', '256.1.1.1', '1.2.3.4a']) expect(ipv4Order(other), other).toBeUndefined();
	});
});
