// Sorting a table pane by any of its columns, reversed or not, with "attention first" on
// services and tasks. Values sort as people read them: numbers as numbers ("9" before "10"),
// text case-insensitively, ages and reservations by their underlying value, empty cells last.
// Ties keep ECS's order (the sort is stable).
import type {CellContext, Column} from '../components/table-layout.js';

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

const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});

export interface SortOptions {
	/** Why a row needs attention, on panes that have the notion (PaneDef.attention). */
	attention?: (row: never, now: number, ctx?: CellContext) => string | undefined;
	now: number;
	cellContext?: CellContext;
}

type Key = number | string | undefined;

function compareKeys(a: Key, b: Key): number {
	const emptyA = a === undefined || a === '';
	const emptyB = b === undefined || b === '';
	if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return collator.compare(String(a), String(b));
}

export function sortRows<Row>(rows: readonly Row[], columns: readonly Column<Row>[], state: SortState | undefined, options: SortOptions): readonly Row[] {
	if (!state || !sortActive(state)) return rows;
	const column = columns.find(c => c.id === state.column);
	const raw = column?.sortValue;
	const attention = options.attention as ((row: Row, now: number, ctx?: CellContext) => string | undefined) | undefined;
	const flag = state.attention && attention ? (row: Row) => attention(row, options.now, options.cellContext) : undefined;
	// Decorate once: a comparator that reads cells would read each one log(n) times.
	const decorated = rows.map((row, index) => ({
		row,
		index,
		flag: flag ? (flag(row) ? 0 : 1) : 0,
		key: column ? (raw ? raw(row, options.cellContext) : safeText(column, row, options.cellContext)) : undefined,
	}));
	const direction = state.reverse ? -1 : 1;
	decorated.sort((a, b) => {
		if (a.flag !== b.flag) return a.flag - b.flag;
		if (column) {
			const emptyA = a.key === undefined || a.key === '';
			const emptyB = b.key === undefined || b.key === '';
			// Empty cells stay at the bottom in either direction: they are the least interesting.
			if (emptyA !== emptyB) return emptyA ? 1 : -1;
			const byKey = compareKeys(a.key, b.key);
			if (byKey !== 0) return byKey * direction;
		}
		return (a.index - b.index) * (column ? 1 : direction);
	});
	return decorated.map(d => d.row);
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
