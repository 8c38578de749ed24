// Sorting a table pane by any of its columns, reversed or not, with "attention first" on
// services and tasks. Values sort as people read them: numbers as numbers ("9" before "10"),
// text case-insensitively, ages and reservations by their underlying value, IDs character by
// character (sortText), empty cells last.
// Ties keep ECS's order (the sort is stable).
import type {CellContext, Column} from '../components/table-layout.js';
import {sortOrder} from './sort-order.js';

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
	const column = columns.find(c => c.id === state.column);
	const raw = column?.sortValue;
	const plain = column?.sortText;
	const attention = options.attention as ((row: Row, now: number, ctx?: CellContext) => string | undefined) | undefined;
	const ctx = options.cellContext;
	// Each key read once: a comparator that reads cells would read each one log(n) times.
	const keys = column ? rows.map(row => (plain ? safeKey(plain, row, ctx) : raw ? safeKey(raw, row, ctx) : safeText(column, row, ctx))) : undefined;
	const flags = state.attention && attention ? rows.map(row => Boolean(attention(row, options.now, ctx))) : undefined;
	return sortOrder(keys, flags, Boolean(state.reverse), rows.length, Boolean(plain)).map(i => rows[i]!);
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
