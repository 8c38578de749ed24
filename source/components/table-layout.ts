// The pure half of the table: which columns fit, how wide, cell padding and truncation, and
// which slice of rows is on screen. No Ink here, so it is unit-tested directly and stays cheap:
// the cost of a frame scales with the characters on screen, never with the number of rows.
import type {Cluster, ContainerInstance} from '../domain.js';
import type {MetricsState} from '../store/types.js';
import {clean, displayWidth, fitWidth, hasText} from '../text.js';

/** What a column's value may need besides the row. */
export interface CellContext {
	/** Epoch ms for ages (default: Date.now()). */
	now?: number;
	/** Container instances by ARN: a task's instance shows as its EC2 instance ID when known. */
	instances?: ReadonlyMap<string, ContainerInstance>;
	/** Clusters by ARN: a task's cluster says whether Container Insights gives its utilization. */
	clusters?: ReadonlyMap<string, Cluster>;
	/** CPU and memory utilization as last read (absent: metrics not shown). */
	metrics?: MetricsState;
}

/** The colours a cell may take: the TUI draws them with Ink, `get` with ANSI codes. */
export type CellColor = 'red' | 'yellow' | 'green' | 'dim';

/**
 * A column as data: the one column type. Each resource (source/resources/) defines its columns
 * with it; the TUI draws exactly these and `ecs-top get` prints them.
 */
export interface Column<Row> {
	id: string;
	header: string;
	width: number;
	align?: 'left' | 'right';
	value(row: Row, ctx?: CellContext): string;
	/** A colour for this cell, overriding the row's tone. */
	color?(row: Row, ctx?: CellContext): CellColor | undefined;
	/** What the column sorts by when its text does not sort right (ages, bars); undefined sorts last. */
	sortValue?(row: Row, ctx?: CellContext): number | undefined;
	/**
	 * A text the column sorts by character by character (UTF-16 code units), not as people read
	 * text: for identifiers whose digits are not numbers (hex IDs, where `a12` comes before `a9`).
	 * Sorted natively, with no comparator: a column of 10,000 distinct IDs in about 4 ms, not 20.
	 * Empty sorts last.
	 */
	sortText?(row: Row, ctx?: CellContext): string;
	/**
	 * Long free text (a reason, a message): takes the spare width first. Default: columns whose id
	 * says reason or message.
	 */
	grow?: boolean;
}

export interface PlacedColumn<Row> {
	column: Column<Row>;
	width: number;
}

/** Selection marker and mark marker in front of each row. */
export const gutterWidth = 2;
const separator = 1;
/** The column that takes spare width grows by at most this much. */
const maxGrow = 24;

/** How the columns are laid out: by content over the rows on screen, and in wide mode scrolled. */
export interface FitOptions<Row> {
	/**
	 * The rows on screen: each column is as wide as its widest cell among them (at most its declared
	 * width), and the spare width lets cut columns show whole, long-text columns first. Without
	 * rows, columns take their declared widths.
	 */
	rows?: readonly Row[];
	ctx?: CellContext;
	/** Wide mode: every column at its full content width, from column `offset` on. */
	wide?: boolean;
	offset?: number;
}

const growsFirst = (column: Column<unknown>) => column.grow ?? /reason|message/i.test(column.id);

/** The widest of the header and the cells of `rows` (terminal columns): the width the column needs whole. */
export function contentWidth<Row>(column: Column<Row>, rows: readonly Row[], ctx?: CellContext): number {
	let widest = displayWidth(column.header);
	for (const row of rows) widest = Math.max(widest, displayWidth(clean(safeValue(column, row, ctx))));
	return widest;
}

/** The columns that fit in `width`, left to right; the last one may be cut to fit. */
export function fitColumns<Row>(columns: readonly Column<Row>[], width: number, options: FitOptions<Row> = {}): Array<PlacedColumn<Row>> {
	const available = Math.max(0, width - gutterWidth);
	const {rows, ctx} = options;
	const shown = options.wide ? columns.slice(Math.max(0, Math.min(options.offset ?? 0, columns.length - 1))) : columns;
	// What each column needs whole (only over the rows on screen: a frame costs what it shows).
	const natural = rows ? shown.map(c => contentWidth(c, rows, ctx)) : shown.map(c => c.width);
	const wants = shown.map((c, i) => (options.wide || !rows ? natural[i]! : Math.min(natural[i]!, Math.max(c.width, displayWidth(c.header)))));
	const placed: Array<PlacedColumn<Row>> = [];
	let used = 0;
	for (const [i, column] of shown.entries()) {
		const want = wants[i]!;
		const gap = placed.length === 0 ? 0 : separator;
		const room = available - used - gap;
		if (room <= 0) break;
		if (want <= room) {
			placed.push({column, width: want});
			used += gap + want;
			continue;
		}
		if (room >= Math.min(want, 6)) placed.push({column, width: room});
		used = available;
		break;
	}
	if (used >= available || placed.length === 0) return placed;
	if (!rows) {
		// Declared widths: spare width goes to the name, else to the last column (reasons, messages).
		const grow = placed.find(p => p.column.id === 'name') ?? placed.at(-1);
		if (grow) grow.width += Math.min(maxGrow, available - used);
		return placed;
	}
	// By content: the spare width lets cut cells show whole, long text (reasons, messages) first.
	let spare = available - used;
	const widen = (p: PlacedColumn<Row>) => {
		const need = natural[shown.indexOf(p.column)]! - p.width;
		if (need <= 0 || spare <= 0) return;
		const add = Math.min(need, spare);
		p.width += add;
		spare -= add;
	};
	for (const p of placed) if (growsFirst(p.column as Column<unknown>)) widen(p);
	for (const p of placed) widen(p);
	return placed;
}

/**
 * Pads or cuts a cell to exactly `width` terminal columns (`…` marks a cut): measured by display
 * width, so CJK, emoji and accents keep the columns aligned, and a cut never splits a grapheme.
 */
export function fitCell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	return fitWidth(text, width, align);
}

export interface Segment {
	text: string;
	color?: string;
}

/** One row as coloured segments; every value passes through clean() (API strings). */
export function rowSegments<Row>(row: Row, placed: ReadonlyArray<PlacedColumn<Row>>, withColor: boolean, ctx?: CellContext): Segment[] {
	const segments: Segment[] = [];
	let plain = '';
	placed.forEach(({column, width}, i) => {
		const cell = (i === 0 ? '' : ' ') + fitCell(clean(safeValue(column, row, ctx)), width, column.align);
		// Blank: no colour, or the selected row's inverse video would paint a red `!` or ATTENTION
		// cell's background on a row that needs none.
		const color = withColor && hasText(cell) ? column.color?.(row, ctx) : undefined;
		if (!color) {
			plain += cell;
			return;
		}
		if (plain) segments.push({text: plain});
		plain = '';
		segments.push({text: cell, color});
	});
	if (plain || segments.length === 0) segments.push({text: plain});
	return segments;
}

function safeValue<Row>(column: Column<Row>, row: Row, ctx?: CellContext): string {
	try {
		return column.value(row, ctx);
	} catch {
		// A column must never take the whole screen down because one row lacks a field.
		return '?';
	}
}

export function headerText<Row>(placed: ReadonlyArray<PlacedColumn<Row>>): string {
	return placed.map(({column, width}, i) => (i === 0 ? '' : ' ') + fitCell(column.header, width, column.align)).join('');
}

/**
 * The first visible row: unchanged unless the selection left the window, so the view does not
 * jump while the user moves inside it or while rows reorder around the selection.
 */
export function windowStart(previousTop: number, selected: number, visible: number, length: number): number {
	let top = previousTop;
	if (selected < top) top = selected;
	if (selected >= top + visible) top = selected - visible + 1;
	return Math.max(0, Math.min(top, length - visible));
}
