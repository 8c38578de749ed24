// Sorting a table pane by any of its columns, reversed or not, with "attention first" on
// services and tasks. Values sort as people read them: numbers as numbers ("9" before "10"),
// text case-insensitively, ages and reservations by their underlying value, IDs character by
// character (sortText), empty cells last.
// Ties keep ECS's order (the sort is stable).
import type {CellContext, Column} from '../components/table-layout.js';
import {every, type Key, run, sortOrderSteps, type Steps} from './sort-order.js';
import {inSlices} from './slices.js';

export interface SortState {
	/** The sort column's id; none keeps ECS's order. */
	column?: string;
	reverse?: boolean;
	/** Rows needing attention first (services and tasks). */
	attention?: boolean;
}

export function sortActive(state: SortState | undefined): boolean {
	return Boolean(state && (state.column !== undefined || state.reverse || state.attention));
}

export interface SortOptions {
	/** Why a row needs attention, on panes that have the notion (PaneDef.attention). */
	attention?: (row: never, now: number, ctx?: CellContext) => string | undefined;
	now: number;
	cellContext?: CellContext;
}

export function sortRows<Row>(rows: readonly Row[], columns: readonly Column<Row>[], state: SortState | undefined, options: SortOptions): readonly Row[] {
	if (!state || !sortActive(state)) return rows;
	const signature = signatureOf(columns, state);
	const found = sortedAhead(rows, signature, options);
	if (found) return found;
	// Being worked out ahead: the rest of it now.
	if (ahead && ahead.rows === rows && ahead.signature === signature && sameContext(ahead.options, options)) {
		const steps = ahead.steps as Steps<readonly Row[]>;
		ahead = undefined;
		return keep(rows, signature, options, run(steps));
	}
	// Kept too: `<` after `>` goes back to it.
	return keep(rows, signature, options, run(sortSteps(rows, columns, state, options)));
}

/** sortRows, resumable: it yields every `every` rows read (sort-order.ts Steps). */
function* sortSteps<Row>(rows: readonly Row[], columns: readonly Column<Row>[], state: SortState, options: SortOptions): Steps<readonly Row[]> {
	const column = columns.find(c => c.id === state.column);
	const raw = column?.sortValue;
	const plain = column?.sortText;
	const attention = options.attention as ((row: Row, now: number, ctx?: CellContext) => string | undefined) | undefined;
	const ctx = options.cellContext;
	// Each key read once: a comparator that reads cells would read each one log(n) times.
	let keys: Key[] | undefined;
	if (column) {
		keys = new Array<Key>(rows.length);
		for (let i = 0; i < rows.length; i++) {
			const row = rows[i]!;
			keys[i] = plain ? safeKey(plain, row, ctx) : raw ? safeKey(raw, row, ctx) : safeText(column, row, ctx);
			if (i % every === every - 1) yield;
		}
	}
	let flags: boolean[] | undefined;
	if (state.attention && attention) {
		flags = new Array<boolean>(rows.length);
		for (let i = 0; i < rows.length; i++) {
			flags[i] = Boolean(attention(rows[i]!, options.now, ctx));
			if (i % every === every - 1) yield;
		}
	}
	const order = yield* sortOrderSteps(keys, flags, Boolean(state.reverse), rows.length, Boolean(plain));
	const out = new Array<Row>(order.length);
	for (let p = 0; p < order.length; p++) out[p] = rows[order[p]!]!;
	return out;
}

/**
 * Sorting 10,000 rows takes 10–30 ms, more the first time (issue 25): the sort `>` will ask for
 * next is worked out ahead, in slices of a few milliseconds between keys and refreshes, and kept
 * with the rows it sorted (a few per row set, dropped with them when a refresh replaces them).
 * Only for big tables: small ones sort in well under a millisecond.
 */
export const aheadRows = 1000;

/** A sort's identity: which columns, which column, which way, attention first or not. */
function signatureOf(columns: readonly Column<unknown>[], state: SortState): string {
	return `${columns.map(c => c.id).join(',')}|${state.column ?? ''}|${Boolean(state.reverse)}|${Boolean(state.attention)}`;
}

interface Sorted {
	signature: string;
	options: SortOptions;
	rows: readonly unknown[];
}

const sortsKept = 3;
const kept = new WeakMap<readonly unknown[], Sorted[]>();

/**
 * Sorted with the same cells around (instances, clusters, metrics: what cells read besides the row)
 * and within a minute: a key that reads the clock (an age, attention's time windows) moves little in
 * that time, and a sorted view whose data stands still keeps its order longer (the controller sorts
 * again only when the rows or the view's state change). A user looks a while before pressing `>`.
 */
function sameContext(a: SortOptions, b: SortOptions): boolean {
	const x = a.cellContext;
	const y = b.cellContext;
	return Math.abs(a.now - b.now) < 60_000 && a.attention === b.attention && x?.instances === y?.instances && x?.clusters === y?.clusters && x?.metrics === y?.metrics;
}

function sortedAhead<Row>(rows: readonly Row[], signature: string, options: SortOptions): readonly Row[] | undefined {
	return kept.get(rows)?.find(s => s.signature === signature && sameContext(s.options, options))?.rows as readonly Row[] | undefined;
}

interface Ahead {
	rows: readonly unknown[];
	signature: string;
	options: SortOptions;
	steps: Steps<readonly unknown[]>;
}

let ahead: Ahead | undefined;

function keep<Row>(rows: readonly Row[], signature: string, options: SortOptions, sorted: readonly Row[]): readonly Row[] {
	const list = kept.get(rows) ?? [];
	if (list.length >= sortsKept) list.shift();
	list.push({signature, options, rows: sorted});
	kept.set(rows, list);
	return sorted;
}

/**
 * Works out `state`'s sort of `rows` ahead, between keys (sortRows then finds it, or finishes it).
 * Replaces any earlier job. Resolves when done or made moot.
 */
export function sortAhead<Row>(rows: readonly Row[], columns: readonly Column<Row>[], state: SortState, options: SortOptions): Promise<void> {
	if (rows.length < aheadRows || !sortActive(state)) return Promise.resolve();
	const signature = signatureOf(columns, state);
	if (sortedAhead(rows, signature, options)) return Promise.resolve();
	if (ahead && ahead.rows === rows && ahead.signature === signature) return Promise.resolve();
	const job: Ahead = {rows, signature, options, steps: sortSteps(rows, columns, state, options)};
	ahead = job;
	return inSlices(until => {
		if (ahead !== job) return true;
		for (;;) {
			const next = job.steps.next();
			if (next.done) {
				ahead = undefined;
				keep(job.rows, signature, job.options, next.value);
				return true;
			}
			if (performance.now() > until) return false;
		}
	});
}

/** A sort key a column could not read for a row (a field it lacks) sorts as empty, last, instead of taking the screen down. */
function safeKey<Row, T>(read: (row: Row, ctx?: CellContext) => T, row: Row, ctx?: CellContext): T | undefined {
	try {
		return read(row, ctx);
	} catch {
		return undefined;
	}
}

function safeText<Row>(column: Column<Row>, row: Row, ctx?: CellContext): string {
	try {
		return column.value(row, ctx).trim();
	} catch {
		return '';
	}
}

/** `>` and `<`: the next or previous column, wrapping through "no column" (ECS's order). */
export function stepColumn(columns: readonly Column<unknown>[], current: string | undefined, delta: 1 | -1): string | undefined {
	const ids = [undefined, ...columns.map(c => c.id)];
	const at = Math.max(0, ids.indexOf(current));
	return ids[(at + delta + ids.length) % ids.length];
}

export const ascending = '↑';
export const descending = '↓';

/** The columns with the sorted one's header marked ↑ or ↓ (cut to fit its width). */
export function markSorted<Row>(columns: readonly Column<Row>[], state: SortState | undefined): readonly Column<Row>[] {
	if (!state?.column) return columns;
	const arrow = state.reverse ? descending : ascending;
	return columns.map(c => {
		if (c.id !== state.column) return c;
		const header = c.header.length + 1 <= c.width ? c.header + arrow : c.header.slice(0, Math.max(0, c.width - 1)) + arrow;
		return {...c, header};
	});
}

/** The header note: `sort NAME ↑`, `attention first`, `ECS order ↓`. */
export function sortLabel(columns: readonly Column<unknown>[], state: SortState | undefined): string | undefined {
	if (!state || !sortActive(state)) return undefined;
	const parts: string[] = [];
	if (state.attention) parts.push('attention first');
	const column = columns.find(c => c.id === state.column);
	if (column) parts.push(`sort ${column.header === '!' ? 'attention' : column.header} ${state.reverse ? descending : ascending}`);
	else if (state.reverse) parts.push(`reversed`);
	return parts.join(', ');
}
