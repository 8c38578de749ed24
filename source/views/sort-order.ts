// The order a table sort puts its rows in, from each row's key (a number, a cell's text, or
// nothing) and whether it needs attention: rows needing attention first, then by key (empty keys
// last in either direction), ties in list order. Returned as row indices.
//
// Fast for 25,000 rows (issue 25): no object per row and no collator call per comparison. Keys
// that are all numbers sort natively (byNumber); texts compare by compareCollated (collation-key.ts). Anything
// else (numbers mixed with texts, NaN, text outside printable ASCII) is ordered as it always was,
// by `compareKeys`.
import {collatable, collator, compareCollated} from './collation-key.js';

export type Key = number | string | undefined;

const isEmpty = (key: Key) => key === undefined || key === '';

/** The reference order of two non-empty keys: numbers as numbers, otherwise by the collator. */
export function compareKeys(a: Key, b: Key): number {
	const emptyA = isEmpty(a);
	const emptyB = isEmpty(b);
	if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return collator.compare(String(a), String(b));
}

/**
 * `keys`: one per row, or none to keep the list order (reversed with `reverse`: without a column,
 * reversing reverses the list). `attention`: per row, whether it goes first.
 */
export function sortOrder(keys: readonly Key[] | undefined, attention: readonly boolean[] | undefined, reverse: boolean, length = keys?.length ?? attention?.length ?? 0): number[] {
	// Four runs in list order: attention with a key, attention without, the rest with, the rest without.
	const runs: number[][] = [[], [], [], []];
	for (let i = 0; i < length; i++) runs[(attention?.[i] ? 0 : 2) + (keys && isEmpty(keys[i]) ? 1 : 0)]!.push(i);
	if (!keys) return reverse ? [...runs[0]!.reverse(), ...runs[2]!.reverse()] : [...runs[0]!, ...runs[2]!];
	const direction = reverse ? -1 : 1;
	const keyed = runs[0]!.length > 0 ? runs[0]!.concat(runs[2]!) : runs[2]!;
	const kind = kindOf(keys, keyed);
	if (kind === 'numbers') return [...byNumber(keys as readonly number[], runs[0]!, direction), ...runs[1]!, ...byNumber(keys as readonly number[], runs[2]!, direction), ...runs[3]!];
	const compare = comparator(keys, kind, direction);
	return [...runs[0]!.sort(compare), ...runs[1]!, ...runs[2]!.sort(compare), ...runs[3]!];
}

/**
 * `rows` (indices in list order) by their number keys, ties in list order, without a comparator:
 * each row becomes one number, its key's rank among the distinct keys then its index, and a
 * Float64Array sorts those natively (the comparator's calls were most of a numeric sort's time).
 */
function byNumber(keys: readonly number[], rows: readonly number[], direction: 1 | -1): number[] {
	if (rows.length < 2) return [...rows];
	const values = new Float64Array(rows.length);
	for (let p = 0; p < rows.length; p++) values[p] = keys[rows[p]!]!;
	values.sort();
	// Ranks of the distinct values (-0 and 0 are one key, as `<` sees them).
	const rank = new Map<number, number>();
	for (let p = 0; p < values.length; p++) if (!rank.has(values[p]!)) rank.set(values[p]!, rank.size);
	const last = rank.size - 1;
	const span = keys.length;
	const packed = new Float64Array(rows.length);
	for (let p = 0; p < rows.length; p++) {
		const r = rank.get(keys[rows[p]!]!)!;
		// Exact while (ranks × rows) stays under 2^53: any table that fits in memory.
		packed[p] = (direction === 1 ? r : last - r) * span + rows[p]!;
	}
	packed.sort();
	return Array.from(packed, v => v % span);
}

/** Compares two row indices by their (text) keys (`direction` -1 reverses), ties by index. */
function comparator(keys: readonly Key[], kind: 'texts' | 'other', direction: 1 | -1): (a: number, b: number) => number {
	if (kind === 'texts') return (a, b) => compareCollated(keys[a] as string, keys[b] as string) * direction || a - b;
	return (a, b) => {
		// As it always was: a NaN's comparison is left to the sort (it takes it as a tie).
		const byKey = compareKeys(keys[a], keys[b]);
		return byKey !== 0 ? byKey * direction : a - b;
	};
}

/** What the non-empty keys (at the `keyed` indices) are: all numbers (none NaN), all collatable texts, or anything else. */
function kindOf(keys: readonly Key[], keyed: readonly number[]): 'numbers' | 'texts' | 'other' {
	if (keyed.length === 0) return 'other';
	const numbers = typeof keys[keyed[0]!] === 'number';
	for (const i of keyed) {
		const key = keys[i];
		if (numbers ? typeof key !== 'number' || Number.isNaN(key) : typeof key !== 'string' || !collatable(key)) return 'other';
	}
	return numbers ? 'numbers' : 'texts';
}
