// Filter and sort as a TUI extension. `/` opens a prompt that filters live as you type (Enter
// keeps it, Esc puts back what was there before); `>`/`<` pick the sort column, `o` reverses,
// `!` puts rows needing attention first. Both are kept per view (its state bag), so they survive
// refreshes and going back; the selection follows the row's ARN, not its position.
import {formatCount} from '../format.js';
import type {CellContext, Column} from '../components/table-layout.js';
import type {Snapshot} from '../store/types.js';
import {filterLabel, filterRows, foresee, parseFilter, readAhead} from './filter.js';
import {editLine} from '../components/line-editor.js';
import {PromptLine} from './filter-prompt.js';
import {aheadRows, markSorted, sortActive, sortAhead, sortLabel, sortRows, stepColumn, type SortState} from './sort.js';
import type {ActionContext, Extension, KeyHandler, Overlay, PaneDef, RowsContext, ViewEntry, ViewState} from './types.js';
import {viewKey} from './view-state.js';
import {onScreenColumns} from './wide.js';

export const filterKey = viewKey<string>('filter.text');
export const sortKey = viewKey<SortState>('sort.state');
/** The filter prompt is open (the rows' texts are read ahead, and a `/regex` being typed worked out ahead: filter.ts readAhead, foresee). */
const typingKey = viewKey<boolean>('filter.typing');
export const filterPromptId = 'filter-prompt';

interface FilterCounts {
	total: number;
	shown: number;
}

/** Rows before and after the filter, as the transform last counted them (the header and the prompt show them). */
const countsKey = viewKey<{last?: FilterCounts}>('filter.counts');

const hasColumns = (def: PaneDef) => def.columns !== undefined;

function columnsOf(ctx: {def: RowsContext['def']; view: ViewEntry}): readonly Column<unknown>[] | undefined {
	return ctx.def.columns?.(ctx.view) as readonly Column<unknown>[] | undefined;
}

function filterText(viewState: ViewState): string {
	return viewState.get(filterKey) ?? '';
}

function countsOf(viewState: ViewState): FilterCounts | undefined {
	return viewState.cache(countsKey, () => ({})).last;
}

function cellContext(ctx: RowsContext): CellContext {
	return {now: ctx.now ?? Date.now(), instances: ctx.snapshot.instances, clusters: ctx.snapshot.clusters, metrics: ctx.snapshot.metrics};
}

export function transformRows(rows: readonly unknown[], ctx: RowsContext): readonly unknown[] {
	const columns = columnsOf(ctx);
	if (!columns) return rows;
	const typed = filterText(ctx.viewState);
	const cells = cellContext(ctx);
	const filtered = filterRows(rows, parseFilter(typed), columns, cells);
	const typing = ctx.viewState.get(typingKey) === true;
	const state = ctx.viewState.get(sortKey);
	const options = {attention: ctx.def.attention, now: ctx.now ?? Date.now(), cellContext: cells};
	// Any key in the view (keyPressed) puts it in use for activeMs, from this transform's clock.
	const use = ctx.viewState.cache(useKey, newUse);
	if (use.pressed) use.at = options.now;
	use.pressed = false;
	use.inUse = options.now - use.at < activeMs;
	use.big = rows.length >= aheadRows;
	const wake = ctx.viewState.get(wakeKey) ?? 0;
	const woken = wake !== use.wake;
	use.wake = wake;
	// The view's data seen again means its state changed (a key that changed what it shows, not
	// keyPressed's wake): the next sort is worked out ahead for activeMs. (A key that does both, the
	// first after a pause, counts as the wake: `>` itself sorts, and the next state change counts.)
	const seen = ctx.viewState.cache(seenKey, () => ({activeAt: -Infinity}));
	if (seen.snapshot === ctx.snapshot && !woken) seen.activeAt = options.now;
	seen.snapshot = ctx.snapshot;
	const active = options.now - seen.activeAt < activeMs;
	// The rows' texts a filter tests, read between keys while the prompt is open, and in a big table
	// in use (any key in it, `j` too, in the last half minute): the session's first `/` then finds
	// them read, and its first character tests them instead of reading every row's cells (70–150 ms
	// at 10,000 rows, 75 ms of a character typed 150 ms after `/` at 25,000; issue 25). After the
	// first reading only the rows a refresh changed are read: texts are kept per row.
	if (typing || (use.big && use.inUse)) void readAhead(rows, columns, cells);
	if (typing) void foresee(rows, typed, columns);
	const sorted = sortRows(filtered, columns, state, options);
	// What `>` will ask for next, worked out between keys (big tables only: sort.ts sortAhead), while
	// the user is sorting or doing something in the view (its state changed, with the same data; and
	// the refreshes of the half minute after): an unsorted view left alone does not sort 10,000 rows
	// after every refresh for a key nobody presses. Not while a filter is typed: each character
	// changes the rows, so each set sorted ahead was thrown away by the next character (the bench's
	// filter phase at 10,000 tasks: 687 ms of JavaScript with it, 416 without); Enter or Esc ends the
	// typing, and the rows then kept are worked out.
	if (!typing && (sortActive(state) || active)) void sortAhead(filtered, columns, {...state, column: stepColumn(sortable(columns, ctx.viewState), state?.column, 1)}, options);
	ctx.viewState.cache(countsKey, () => ({})).last = {total: rows.length, shown: filtered.length};
	return sorted;
}

/**
 * The data the view's last transform saw (the same again means the view's state changed: a key, not
 * the data), and when that last happened.
 */
const seenKey = viewKey<{snapshot?: Snapshot; activeAt: number}>('sort.seen');

/** How long after a key in a view its refreshes still work the next sort out ahead, and read its texts. */
const activeMs = 30_000;

/**
 * Keys pressed in the view: `pressed` since the last transform, which then stamps `at` with its
 * clock (keyPressed has none); as of that transform, whether the view was `inUse` (a key in the last
 * activeMs) and its rows a `big` table's (only those are woken); `wake`, the wakeKey it last saw.
 */
interface Use {
	pressed: boolean;
	at: number;
	inUse: boolean;
	big: boolean;
	wake: number;
}

const newUse = (): Use => ({pressed: false, at: -Infinity, inUse: false, big: false, wake: 0});
const useKey = viewKey<Use>('filter.use');

/**
 * Bumped by the first key after the view was left alone: a key that changes nothing the view shows
 * (`j`, PgDn) keeps the rows cached and runs no transform, so without it a big table would start
 * reading its texts only at its next refresh (never, while the data does not change).
 */
const wakeKey = viewKey<number>('filter.wake');

/**
 * A key in the view (before it is handled): in use from now. The first after a pause wakes the
 * transform of a big table; any other view (a small table, a pane without columns, one whose rows
 * were never derived) has nothing to read ahead, and its state is not written.
 */
function keyPressed(_view: ViewEntry, viewState: ViewState): void {
	const use = viewState.cache(useKey, newUse);
	use.pressed = true;
	if (use.big && !use.inUse) viewState.set(wakeKey, (viewState.get(wakeKey) ?? 0) + 1);
}

/** The columns `>` and `<` step through: those on screen, as the table last drew them (a sort by an unseen column looks random). */
function sortable(columns: readonly Column<unknown>[], viewState: ViewState): readonly Column<unknown>[] {
	const drawn = onScreenColumns(viewState).ids;
	return drawn ? columns.filter(c => drawn.includes(c.id)) : columns;
}

function filterNote(ctx: RowsContext): string | undefined {
	const filter = parseFilter(filterText(ctx.viewState));
	if (!filter) return undefined;
	const n = countsOf(ctx.viewState);
	const shown = n && !filter.error ? ` ${formatCount(n.shown)} of ${formatCount(n.total)}` : '';
	return `filter ${filterLabel(filter)}${shown}`;
}

/**
 * `viewState`: the filtered view's. The prompt edits the filter in place there (the rows follow
 * as you type) and reads how many rows match; Esc puts back `previous`.
 */
export function filterPrompt(viewState: ViewState, previous: string, color = !process.env.NO_COLOR): Overlay {
	return {
		id: filterPromptId,
		placement: 'prompt',
		render: size => {
			const value = filterText(viewState);
			const filter = parseFilter(value);
			const n = countsOf(viewState);
			const shown = filter && !filter.error && n ? `${formatCount(n.shown)} of ${formatCount(n.total)} · ` : '';
			const note = `${shown}Enter keeps · Esc cancels · /re/ regex · ! inverts`;
			return <PromptLine prefix="/" value={value} width={size.columns} color={color} note={note} error={filter?.error ? `invalid regex: ${filter.error}` : undefined} />;
		},
		onKey: (event, ctx) => {
			// Moving through the rows while typing: the filter stays open.
			const moves: Record<string, number> = {down: 1, up: -1, pagedown: ctx.pageSize, pageup: -ctx.pageSize};
			if (moves[event.name] !== undefined) return void (ctx.index >= 0 && ctx.select(ctx.index + moves[event.name]!));
			const value = filterText(viewState);
			const edit = editLine(value, event);
			if (edit.cancel || edit.submit) viewState.set(typingKey, false);
			if (edit.cancel) {
				viewState.set(filterKey, previous);
				return ctx.closeOverlay(filterPromptId);
			}
			if (edit.submit) return ctx.closeOverlay(filterPromptId);
			if (edit.value === value) return;
			viewState.set(filterKey, edit.value);
		},
	};
}

/** Pins the selection to its row's ID before the rows move (a cursor never moved has none). */
function pin(ctx: ActionContext): void {
	if (ctx.index >= 0) ctx.select(ctx.index);
}

function setSort(ctx: ActionContext, change: (state: SortState) => SortState, what: (state: SortState) => string): void {
	pin(ctx);
	const next = change(ctx.viewState.get(sortKey) ?? {});
	ctx.viewState.set(sortKey, next);
	ctx.status(what(next));
}

function sortBy(delta: 1 | -1): KeyHandler {
	return ctx => {
		const columns = columnsOf(ctx) ?? [];
		setSort(
			ctx,
			s => ({...s, column: stepColumn(sortable(columns, ctx.viewState), s.column, delta)}),
			s => (s.column ? `sorted by ${columns.find(c => c.id === s.column)?.header ?? s.column} (o reverses)` : "ECS's order"),
		);
	};
}

export const filterSortExtension: Extension = {
	id: 'filter-sort',
	// On every pane with columns (the keymap says which of them show these keys).
	keys: [
		{
			id: 'filter',
			where: hasColumns,
			run: ctx => {
				pin(ctx);
				ctx.viewState.set(typingKey, true);
				ctx.openOverlay(filterPrompt(ctx.viewState, filterText(ctx.viewState)));
			},
		},
		{id: 'sort-next', where: hasColumns, run: sortBy(1)},
		{id: 'sort-previous', where: hasColumns, run: sortBy(-1)},
		{id: 'sort-reverse', where: hasColumns, run: ctx => setSort(ctx, s => ({...s, reverse: !s.reverse}), s => (s.reverse ? 'reversed order' : 'normal order'))},
		{
			id: 'attention-first',
			where: def => def.attention !== undefined,
			run: ctx => setSort(ctx, s => ({...s, attention: !s.attention}), s => (s.attention ? 'attention first: unhealthy, short, failing and crash-looping rows on top' : 'attention first off')),
		},
	],
	// Esc: an active filter goes before the view does.
	closeInnermost: ctx => {
		if (!parseFilter(filterText(ctx.viewState))) return false;
		pin(ctx);
		ctx.viewState.set(filterKey, '');
		ctx.status('filter cleared');
		return true;
	},
	keyPressed,
	transformRows,
	headerNote: ctx => {
		const notes = [filterNote(ctx), sortLabel(columnsOf(ctx) ?? [], ctx.viewState.get(sortKey))].filter(Boolean);
		return notes.length > 0 ? notes.join('] [') : undefined;
	},
	columns: (columns, ctx) => markSorted(columns, ctx.viewState.get(sortKey)),
};
