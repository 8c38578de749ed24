// The order a table sort puts its rows in, from each row's key (a number, a cell's text, or
// nothing) and whether it needs attention: rows needing attention first, then by key (empty keys
// last in either direction), ties in list order. Returned as row indices.
//
// Fast for 25,000 rows (issue 25): no object per row and no collator call per comparison. Keys
// that are all numbers compare with `<`; texts by compareCollated (collation-key.ts). Anything
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
	const compare = comparator(keys, runs[0]!.length > 0 ? runs[0]!.concat(runs[2]!) : runs[2]!, reverse ? -1 : 1);
	return [...runs[0]!.sort(compare), ...runs[1]!, ...runs[2]!.sort(compare), ...runs[3]!];
}

/** Compares two row indices by their keys (`direction` -1 reverses), ties by index. */
function comparator(keys: readonly Key[], keyed: readonly number[], direction: 1 | -1): (a: number, b: number) => number {
	const kind = kindOf(keys, keyed);
	if (kind === 'numbers')
		return (a, b) => {
			const x = keys[a] as number;
			const y = keys[b] as number;
			return x < y ? -direction : x > y ? direction : a - b;
		};
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
