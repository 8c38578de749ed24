// The order a table sort puts its rows in, from each row's key (a number, a cell's text, or
// nothing) and whether it needs attention: rows needing attention first, then by key (empty keys
// last in either direction), ties in list order. Returned as row indices.
//
// Fast for 25,000 rows (issue 25): no object per row and no comparator over the rows. Keys that
// are all numbers, or all texts compareCollated (collation.ts) covers, become ranks among the
// distinct keys, and the rows sort natively as rank-then-index numbers (byRank). Anything else
// (numbers mixed with texts, NaN, text outside printable ASCII) is ordered as it always was, by
// `compareKeys` on every comparison. Plain texts (IDs, Column.sortText) sort natively, no comparator.
import {collatable, collator, compareCollated} from './collation.js';

export type Key = number | string | undefined;

const isEmpty = (key: Key) => key === undefined || key === '';

/** The reference order of two non-empty keys: numbers as numbers, otherwise by the collator. */
export function compareKeys(a: Key, b: Key): number {
	const emptyA = isEmpty(a);
	const emptyB = isEmpty(b);
	if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return collator().compare(String(a), String(b));
}

/**
 * `keys`: one per row, or none to keep the list order (reversed with `reverse`: without a column,
 * reversing reverses the list). `attention`: per row, whether it goes first. `plain`: the keys are
 * texts ordered by their UTF-16 code units (Column.sortText), not collated.
 */
export function sortOrder(keys: readonly Key[] | undefined, attention: readonly boolean[] | undefined, reverse: boolean, length = keys?.length ?? attention?.length ?? 0, plain = false): number[] {
	return run(sortOrderSteps(keys, attention, reverse, length, plain));
}

/** Work that yields now and then (every `every` rows) so it can be done in slices between keys (sort.ts sortAhead). */
export type Steps<T> = Generator<void, T, void>;

/** Rows between two yields of a resumable loop. */
export const every = 1024;

/** Does all of `steps` now. */
export function run<T>(steps: Steps<T>): T {
	for (;;) {
		const next = steps.next();
		if (next.done) return next.value;
	}
}

/** sortOrder, resumable: it yields every `every` rows of its loops (the native sorts run whole). */
export function* sortOrderSteps(keys: readonly Key[] | undefined, attention: readonly boolean[] | undefined, reverse: boolean, length = keys?.length ?? attention?.length ?? 0, plain = false): Steps<number[]> {
	// Four runs in list order: attention with a key, attention without, the rest with, the rest without.
	const runs: number[][] = [[], [], [], []];
	for (let i = 0; i < length; i++) runs[(attention?.[i] ? 0 : 2) + (keys && isEmpty(keys[i]) ? 1 : 0)]!.push(i);
	if (!keys) return reverse ? concat(runs[0]!.reverse(), runs[2]!.reverse()) : concat(runs[0]!, runs[2]!);
	const direction = reverse ? -1 : 1;
	const keyed = runs[0]!.length > 0 ? runs[0]!.concat(runs[2]!) : runs[2]!;
	const kind = plain ? 'plain' : kindOf(keys, keyed);
	yield;
	if (kind === 'other') {
		const compare = comparator(keys, direction);
		return concat(runs[0]!.sort(compare), runs[1]!, runs[2]!.sort(compare), runs[3]!);
	}
	const rank = kind === 'numbers' ? numberRanks(keys as readonly number[], keyed) : yield* textRanks(keys as readonly string[], keyed, kind === 'plain');
	yield;
	const first = byRank(rank, runs[0]!, direction);
	yield;
	return concat(first, runs[1]!, byRank(rank, runs[2]!, direction), runs[3]!);
}

/**
 * The runs one after the other. (Index loops here and below, not `for…of` or spreads: a sort runs
 * once per key, too seldom for V8 to optimise it, and unoptimised iteration allocates a result
 * object per element: about 1 MB of garbage per 10,000-row sort, measured, issue 25.)
 */
function concat(...runs: ReadonlyArray<readonly number[]>): number[] {
	let length = 0;
	for (let r = 0; r < runs.length; r++) length += runs[r]!.length;
	const out = new Array<number>(length);
	let at = 0;
	for (let r = 0; r < runs.length; r++) {
		const run = runs[r]!;
		for (let p = 0; p < run.length; p++) out[at++] = run[p]!;
	}
	return out;
}

/** Per row index, its key's rank among the distinct keys (0 the smallest; keys the order calls equal share one). */
interface Ranks {
	of: Int32Array;
	count: number;
}

/** The distinct numbers sorted natively (a Float64Array), not through a comparator; -0 and 0 are one key, as `<` sees them. */
function numberRanks(keys: readonly number[], keyed: readonly number[]): Ranks {
	const values = new Float64Array(keyed.length);
	for (let p = 0; p < keyed.length; p++) values[p] = keys[keyed[p]!]!;
	values.sort();
	const rank = new Map<number, number>();
	for (let p = 0; p < values.length; p++) if (!rank.has(values[p]!)) rank.set(values[p]!, rank.size);
	const of = new Int32Array(keys.length);
	for (let p = 0; p < keyed.length; p++) of[keyed[p]!] = rank.get(keys[keyed[p]!]!)!;
	return {of, count: rank.size};
}

/**
 * Only the distinct texts go through compareCollated (a column of 25,000 tasks has a few hundred
 * services, three zones); texts it calls equal ("A" and "a") share a rank. `plain`: the distinct
 * texts sorted natively by code units (no comparator, each its own rank).
 */
function* textRanks(keys: readonly string[], keyed: readonly number[], plain: boolean): Steps<Ranks> {
	const ids = new Map<string, number>();
	const distinct: string[] = [];
	// Each row's distinct text, found once: the ranks are then read by number, not looked up again.
	const idOf = new Int32Array(keys.length);
	for (let p = 0; p < keyed.length; p++) {
		const i = keyed[p]!;
		const key = keys[i]!;
		let id = ids.get(key);
		if (id === undefined) ids.set(key, (id = distinct.push(key) - 1));
		idOf[i] = id;
		if (p % every === every - 1) yield;
	}
	const rankOfId = new Int32Array(distinct.length);
	if (plain) {
		const sorted = distinct.slice().sort();
		yield;
		for (let r = 0; r < sorted.length; r++) rankOfId[ids.get(sorted[r]!)!] = r;
		return ranksOf(keys, keyed, idOf, rankOfId, sorted.length);
	}
	const order = new Array<number>(distinct.length);
	for (let id = 0; id < distinct.length; id++) order[id] = id;
	order.sort((a, b) => compareCollated(distinct[a]!, distinct[b]!));
	yield;
	let r = 0;
	for (let d = 0; d < order.length; d++) {
		if (d > 0 && compareCollated(distinct[order[d - 1]!]!, distinct[order[d]!]!) !== 0) r++;
		rankOfId[order[d]!] = r;
	}
	return ranksOf(keys, keyed, idOf, rankOfId, r + 1);
}

/** Each keyed row's rank, from its distinct text's id and the ids' ranks. */
function ranksOf(keys: readonly string[], keyed: readonly number[], idOf: Int32Array, rankOfId: Int32Array, count: number): Ranks {
	const of = new Int32Array(keys.length);
	for (let p = 0; p < keyed.length; p++) of[keyed[p]!] = rankOfId[idOf[keyed[p]!]!]!;
	return {of, count};
}

/**
 * `rows` (indices in list order) by their keys' ranks, ties in list order, without a comparator:
 * each row becomes one number, its rank then its index, and a Float64Array sorts those natively
 * (the comparator's calls and the sort's own work were most of a sort's time).
 */
function byRank(rank: Ranks, rows: readonly number[], direction: 1 | -1): number[] {
	if (rows.length < 2) return rows.slice();
	const last = rank.count - 1;
	const span = rank.of.length;
	const packed = new Float64Array(rows.length);
	for (let p = 0; p < rows.length; p++) {
		const r = rank.of[rows[p]!]!;
		// Exact while (ranks × rows) stays under 2^53: any table that fits in memory.
		packed[p] = (direction === 1 ? r : last - r) * span + rows[p]!;
	}
	packed.sort();
	const out = new Array<number>(rows.length);
	for (let p = 0; p < packed.length; p++) out[p] = packed[p]! % span;
	return out;
}

/** Compares two row indices by their keys as `compareKeys` does (`direction` -1 reverses), ties by index. */
function comparator(keys: readonly Key[], direction: 1 | -1): (a: number, b: number) => number {
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
	for (let p = 0; p < keyed.length; p++) {
		const key = keys[keyed[p]!];
		if (numbers ? typeof key !== 'number' || Number.isNaN(key) : typeof key !== 'string' || !collatable(key)) return 'other';
	}
	return numbers ? 'numbers' : 'texts';
}
