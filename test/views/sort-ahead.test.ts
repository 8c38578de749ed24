// The sort `>` asks for next, worked out ahead between keys (sort.ts sortAhead): whatever happens
// to the work (done, cut short by the key, replaced by other work, rows refreshed, cells' context
// changed), sortRows returns what a sort from scratch returns, and a sort found done reads no key.
import {describe, expect, it} from 'vitest';
import type {CellContext, Column} from '../../source/components/table-layout.js';
import {aheadRows, sortAhead, sortRows, type SortOptions, type SortState} from '../../source/views/sort.js';
import {filterRows, parseFilter} from '../../source/views/filter.js';
import {Rng} from '../../source/sim/random.js';
import {filterKey, filterSortExtension, sortKey, transformRows} from '../../source/views/filter-sort.js';
import type {ActionContext, Overlay, PaneDef, RowsContext, ViewEntry, ViewState} from '../../source/views/types.js';
import type {Snapshot} from '../../source/store/types.js';

interface Row {
	id: string;
	service: string;
	n: number;
	sick: boolean;
}

let reads = 0;
const columns: Array<Column<Row>> = [
	{id: 'id', header: 'ID', width: 8, value: r => r.id, sortText: r => (reads++, r.id)},
	{id: 'service', header: 'SERVICE', width: 8, value: r => (reads++, r.service)},
	{id: 'n', header: 'N', width: 4, value: r => String(r.n), sortValue: r => (reads++, r.n)},
	{id: 'metric', header: 'M', width: 4, value: (r, ctx) => String((ctx?.metrics as Map<string, number> | undefined)?.get(r.id) ?? ''), sortValue: (r, ctx) => (reads++, (ctx?.metrics as Map<string, number> | undefined)?.get(r.id))},
];

function makeRows(count: number, rng: Rng): Row[] {
	return Array.from({length: count}, (_, i) => ({
		id: (i * 7919).toString(16).padStart(6, '0'),
		service: `svc-${rng.between(0, 40)}`,
		n: rng.between(0, 50),
		sick: rng.next() < 0.1,
	}));
}

const attention = (row: never) => ((row as Row).sick ? 'sick' : undefined);

function optionsAt(now: number, metrics?: Map<string, number>): SortOptions {
	return {now, attention, cellContext: {now, metrics} as unknown as CellContext};
}

/** The same sort from scratch: a copy of the rows is an array nothing was kept or worked out for. */
function fresh(rows: readonly Row[], state: SortState, options: SortOptions): string[] {
	return sortRows(rows.slice(), columns, state, options).map(r => r.id);
}

const states: SortState[] = [{column: 'id'}, {column: 'service', reverse: true}, {column: 'n', attention: true}, {column: 'metric'}, {reverse: true}, {attention: true, column: 'service'}];

describe('sortAhead', () => {
	it('found done: the sort reads no key and returns what a sort from scratch returns', async () => {
		const rows = makeRows(aheadRows * 3, new Rng(1));
		const options = optionsAt(1000);
		for (const state of states) {
			await sortAhead(rows, columns, state, options);
			reads = 0;
			const sorted = sortRows(rows, columns, state, options).map(r => r.id);
			expect(reads).toBe(0);
			expect(sorted).toEqual(fresh(rows, state, options));
		}
	});

	it('cut short at any point, replaced, or its rows or context changed: always the sort from scratch', async () => {
		const rng = new Rng(7);
		let rows = makeRows(aheadRows * 2, rng);
		let metrics = new Map(rows.map(r => [r.id, rng.between(0, 100)]));
		for (let round = 0; round < 60; round++) {
			const state = states[rng.between(0, states.length - 1)]!;
			const options = optionsAt(round * 1000, metrics);
			const work = sortAhead(rows, columns, state, options);
			// Let it run a random number of slices (maybe none, maybe all of them).
			for (let turns = rng.between(0, 4); turns > 0; turns--) await new Promise(resolve => setImmediate(resolve));
			const what = rng.between(0, 3);
			if (what === 1) rows = makeRows(aheadRows * 2, rng);
			if (what === 2) metrics = new Map(rows.map(r => [r.id, rng.between(0, 100)]));
			// Another sort asked for ahead meanwhile (the job is replaced).
			if (what === 3) void sortAhead(rows, columns, states[rng.between(0, states.length - 1)]!, optionsAt(round * 1000, metrics));
			const asked = rng.next() < 0.7 ? state : states[rng.between(0, states.length - 1)]!;
			const now = optionsAt(round * 1000 + 500, metrics);
			expect(sortRows(rows, columns, asked, now).map(r => r.id)).toEqual(fresh(rows, asked, now));
			await work;
		}
	});

	it('not for small tables, nor for no sort at all', async () => {
		const rows = makeRows(aheadRows - 1, new Rng(3));
		reads = 0;
		await sortAhead(rows, columns, {column: 'id'}, optionsAt(0));
		expect(reads).toBe(0);
		const big = makeRows(aheadRows, new Rng(3));
		await sortAhead(big, columns, {}, optionsAt(0));
		expect(reads).toBe(0);
	});

	it('not kept across a change of the cells around the rows (metrics) or a minute later', async () => {
		const rows = makeRows(aheadRows, new Rng(5));
		const metrics = new Map(rows.map((r, i) => [r.id, i % 17]));
		await sortAhead(rows, columns, {column: 'metric'}, optionsAt(0, metrics));
		reads = 0;
		sortRows(rows, columns, {column: 'metric'}, optionsAt(0, new Map(metrics)));
		expect(reads).toBe(rows.length);
		reads = 0;
		sortRows(rows, columns, {column: 'metric'}, optionsAt(90_000, metrics));
		expect(reads).toBe(rows.length);
	});

	it('a filtered table filtered the same way again is the same array, so its sort is found', async () => {
		const rows = makeRows(aheadRows * 6, new Rng(9));
		const filter = parseFilter('svc-1');
		const first = filterRows(rows, filter, columns);
		expect(first.length).toBeGreaterThan(aheadRows);
		expect(filterRows(rows, filter, columns)).toBe(first);
		await sortAhead(first, columns, {column: 'n'}, optionsAt(0));
		reads = 0;
		sortRows(filterRows(rows, filter, columns), columns, {column: 'n'}, optionsAt(0));
		expect(reads).toBe(0);
	});
});

/** A view's state bag as the UI keeps one: values by key name, and a cache that is not state. */
function bag(): ViewState {
	const values = new Map<string, unknown>();
	const caches = new Map<string, unknown>();
	const name = (key: string | {name: string}) => (typeof key === 'string' ? key : key.name);
	let written = 0;
	return {
		get: (key: string | {name: string}) => values.get(name(key)),
		set: (key: string | {name: string}, value: unknown) => (written++, values.set(name(key), value)),
		writes: () => written,
		cache: (key: {name: string}, create: () => unknown) => {
			if (!caches.has(key.name)) caches.set(key.name, create());
			return caches.get(key.name);
		},
	} as unknown as ViewState;
}

/** How many times the bag was written (each write is a new version: the controller derives the rows again). */
const writes = (viewState: ViewState) => (viewState as unknown as {writes(): number}).writes();

/** Lets work done between keys run to its end (each turn does at least 1,024 rows of it). */
async function turns(n = 200): Promise<void> {
	for (let i = 0; i < n; i++) await new Promise(resolve => setImmediate(resolve));
}

describe('the table transform works ahead', () => {
	const def = {pane: 'tasks', columns: () => columns, attention} as unknown as PaneDef;
	const view = {id: 'v', pane: 'tasks'} as unknown as ViewEntry;
	// Each refresh publishes a new snapshot; a key re-derives the rows from the same one.
	let snapshot = {} as Snapshot;
	let now = 0;
	const ctxOf = (viewState: ViewState): RowsContext => ({view, def, viewState, snapshot, now});

	/** The view's rows derived again from the same data (a key changed its state): the keys read then and by work done ahead after. */
	async function derive(viewState: ViewState, rows: readonly Row[]): Promise<number> {
		reads = 0;
		transformRows(rows, ctxOf(viewState));
		await turns();
		return reads;
	}

	/** New data (a refresh publishes a new snapshot), at `at`, and the rows derived from it. */
	async function refresh(viewState: ViewState, rows: readonly Row[], at = now): Promise<number> {
		snapshot = {} as Snapshot;
		now = at;
		return derive(viewState, rows);
	}

	it("after a key in the view and its refreshes for half a minute, not the refreshes of an unsorted one left alone; a sorted one's next column after either", async () => {
		const viewState = bag();
		const rows = makeRows(aheadRows * 2, new Rng(11));
		// Shown for the first time, or refreshed (rows the same or not): nothing worked ahead.
		expect(await derive(viewState, rows)).toBe(0);
		expect(await refresh(viewState, rows)).toBe(0);
		const refreshed = rows.slice();
		expect(await refresh(viewState, refreshed)).toBe(0);
		// The same data again: the view's state changed (a key), so the first column's sort is worked out
		// (ID read once per row). (The rows' texts are read after keyPressed, below.)
		expect(await derive(viewState, refreshed)).toBe(refreshed.length);
		// A refresh 29 s after that key: worked out again, for the new rows (their texts were read: the
		// same row objects); 31 s after: not.
		expect(await refresh(viewState, rows.slice(), 29_000)).toBe(rows.length);
		const latest = rows.slice();
		expect(await refresh(viewState, latest, 31_000)).toBe(0);
		// A key: the first column's sort worked out, then asked for (`>`), found done.
		expect(await derive(viewState, latest)).toBe(latest.length);
		reads = 0;
		viewState.set(sortKey, {column: 'id'});
		const sorted = transformRows(latest, ctxOf(viewState));
		expect(reads).toBe(0);
		expect((sorted as Row[]).map(r => r.id)).toEqual(fresh(latest, {column: 'id'}, optionsAt(now)));
		// Sorted: the next column (SERVICE) is worked out, and again after a refresh, however long after
		// the last key (the refresh sorts by ID too).
		reads = 0;
		await turns();
		expect(reads).toBe(latest.length);
		expect(await refresh(viewState, rows.slice(), now + 45_000)).toBe(rows.length * 2);
	});

	it("reads a big view's texts ahead after a key in it, so the session's first `/` character reads no cell; not a small view's, nor one left alone", async () => {
		// A view whose rows were never derived (a pane without columns): a key writes nothing.
		const untouched = bag();
		filterSortExtension.keyPressed!(view, untouched);
		expect(writes(untouched)).toBe(0);
		for (const size of [aheadRows * 2, aheadRows - 1]) {
			const viewState = bag();
			const rows = makeRows(size, new Rng(13));
			// Shown, and refreshed: no key, nothing read ahead.
			expect(await derive(viewState, rows)).toBe(0);
			expect(await refresh(viewState, rows.slice())).toBe(0);
			// A key (`j`): the controller tells the extension, whose first key after a pause writes the
			// view's state, so the rows are derived again from the same data. A big view's texts (SERVICE)
			// are read, once per row; a small view's not. `j` changed nothing shown: nothing is sorted
			// ahead (ID is not read).
			const big = size >= aheadRows;
			const written = writes(viewState);
			filterSortExtension.keyPressed!(view, viewState);
			expect(writes(viewState)).toBe(written + (big ? 1 : 0));
			expect(await derive(viewState, rows.slice())).toBe(big ? size : 0);
			// More keys while it is in use write nothing (a `j` keeps the rows cached, as it should);
			// a small view's state is never written.
			filterSortExtension.keyPressed!(view, viewState);
			expect(writes(viewState)).toBe(written + (big ? 1 : 0));
			// `/` and a first character: the big view's texts are tested as read, no cell read again.
			const slash = filterSortExtension.keys!.find(k => k.id === 'filter')!;
			void slash.run({index: -1, viewState, openOverlay: () => {}, view, def, snapshot} as unknown as ActionContext);
			viewState.set(filterKey, 'svc-1');
			reads = 0;
			const filtered = transformRows(rows.slice(), ctxOf(viewState)) as Row[];
			expect(reads).toBe(big ? 0 : size);
			expect(filtered.map(r => r.id)).toEqual(rows.filter(r => r.service.includes('svc-1')).map(r => r.id));
		}
	});

	it("reads the rows' texts ahead once `/` opens the prompt, so its first character reads no cell; sorts ahead only once the typing ends", async () => {
		const viewState = bag();
		const rows = makeRows(aheadRows * 2, new Rng(12));
		// The view shown, no prompt: no text is read.
		expect(await derive(viewState, rows)).toBe(0);
		const slash = filterSortExtension.keys!.find(k => k.id === 'filter')!;
		let prompt: Overlay | undefined;
		void slash.run({index: -1, viewState, openOverlay: (overlay: Overlay) => (prompt = overlay), view, def, snapshot} as unknown as ActionContext);
		// The prompt open: the texts (SERVICE counts its reads) are read between keys; the sort `>` asks
		// for next (ID, its own reads) is not worked out while the filter is typed.
		expect(await derive(viewState, rows.slice())).toBe(rows.length);
		// The first character: the filter tests the texts read, and reads no cell; nothing is sorted ahead.
		// (Inverted, so that what it keeps is still a big table: sorted ahead once the typing ends.)
		viewState.set(filterKey, '!svc-1');
		const kept = rows.filter(r => !r.service.includes('svc-1'));
		expect(kept.length).toBeGreaterThan(aheadRows);
		reads = 0;
		const filtered = transformRows(rows.slice(), ctxOf(viewState)) as Row[];
		expect(reads).toBe(0);
		expect(filtered.map(r => r.id)).toEqual(kept.map(r => r.id));
		await turns();
		expect(reads).toBe(0);
		// Enter ends the typing: the rows the filter kept are sorted ahead (ID read once per row).
		prompt!.onKey({name: 'enter', input: '\r'} as never, {index: -1, closeOverlay: () => {}} as never, viewState);
		expect(await derive(viewState, rows.slice())).toBe(kept.length);
	});
});
