// Typing a filter narrows the previous result instead of scanning every row again, goes back to a
// result it had, and works out an open `/regex` ahead (filter.ts): over random rows and random edits
// (typing, Backspace, `!`, `/regex/`, rows changing between keys, work ahead finished or cut
// short), every result must be exactly what filtering all the rows from scratch gives.
import {describe, expect, it, vi} from 'vitest';
import type {Column} from '../../source/components/table-layout.js';
import {filterRows, foresee, narrows, parseFilter, passes, readAhead} from '../../source/views/filter.js';
// The simulator's seeded generator (mulberry32), so a failure replays.
import {seededRandom as random} from '../../source/sim/faults.js';

interface Row {
	name: string;
	group: string;
}

const columns: Array<Column<Row>> = [
	{id: 'name', header: 'NAME', width: 10, value: r => r.name},
	{id: 'group', header: 'GROUP', width: 8, value: r => r.group},
];

const alphabet = 'abcAB-1 ';

function word(next: () => number, length: number): string {
	return Array.from({length}, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
}

/** The reference: every row's text tested on its own, no cache, no narrowing. */
function fromScratch(rows: readonly Row[], source: string): readonly Row[] {
	const filter = parseFilter(source);
	if (!filter || filter.error) return rows;
	return rows.filter(row => passes(filter, columns.map(c => c.value(row)).join('  ').toLowerCase()));
}

describe('filter narrowing', () => {
	it('only narrows a plain substring that grew', () => {
		const f = (s: string) => parseFilter(s)!;
		expect(narrows(f('ab'), f('abc'))).toBe(true);
		expect(narrows(f('ab'), f('xaby'))).toBe(true);
		expect(narrows(f('abc'), f('ab'))).toBe(false);
		expect(narrows(f('!ab'), f('!abc'))).toBe(false);
		expect(narrows(f('ab'), f('!abc'))).toBe(false);
		expect(narrows(f('/ab'), f('/ab/'))).toBe(false);
		expect(narrows(f('/a/'), f('/ab/'))).toBe(false);
	});

	it('gives what filtering from scratch gives, over random rows and edits', async () => {
		for (let seed = 1; seed <= 200; seed++) {
			const next = random(seed);
			let rows: Row[] = Array.from({length: 1 + Math.floor(next() * 60)}, () => ({name: word(next, 1 + Math.floor(next() * 8)), group: word(next, Math.floor(next() * 4))}));
			let typed = '';
			for (let step = 0; step < 40; step++) {
				const roll = next();
				if (roll < 0.55) typed += alphabet[Math.floor(next() * alphabet.length)];
				else if (roll < 0.7) typed = typed.slice(0, -1);
				else if (roll < 0.75) typed = typed.startsWith('!') ? typed.slice(1) : `!${typed}`;
				else if (roll < 0.77) typed = `/${typed.replace(/\//g, '')}/`;
				else if (roll < 0.8) typed = typed.endsWith('/') ? typed.slice(0, -1) : `${typed}/`; // closing (or reopening) a regex
				else if (roll < 0.85) typed = '';
				else if (roll < 0.9) {
					// The rows change: one replaced (a new object, as a refresh gives), or one more.
					rows = [...rows];
					const at = Math.floor(next() * rows.length);
					if (next() < 0.5) rows[at] = {name: word(next, 5), group: word(next, 2)};
					else rows.splice(at, 0, {name: word(next, 4), group: ''});
				} else rows = [...rows]; // the same rows in a new array (each key rebuilds it)
				// The prompt reads the rows' texts ahead (before its first character, and as rows change):
				// sometimes to the end, sometimes cut short by the next key.
				if (next() < 0.3) {
					const read = readAhead(rows, columns);
					if (next() < 0.5) await read;
					if (next() < 0.3) rows = [...rows.slice(1)]; // other rows came before the key
				}
				const got = filterRows(rows, parseFilter(typed), columns);
				expect(got, `seed ${seed}, step ${step}, filter ${JSON.stringify(typed)}`).toEqual(fromScratch(rows, typed));
				// The prompt works out an open `/regex` ahead: sometimes to the end, sometimes cut short by the next key.
				const ahead = foresee(rows, typed, columns);
				if (next() < 0.5) await ahead;
			}
		}
	});

	it('works out an open /regex ahead, so its closing / runs no regex', async () => {
		const rows: Row[] = Array.from({length: 5000}, (_, i) => ({name: `svc-${i}`, group: i % 3 === 0 ? 'web' : 'api'}));
		// Typing `/svc-1.*9`: a substring until its last `/`, no row has it.
		expect(filterRows(rows, parseFilter('/svc-1.*9'), columns)).toEqual([]);
		await foresee(rows, '/svc-1.*9', columns);
		const closed = parseFilter('/svc-1.*9/')!;
		const test = vi.spyOn(closed.regex!, 'test');
		const got = filterRows([...rows], closed, columns);
		expect(test).not.toHaveBeenCalled();
		expect(got).toEqual(fromScratch(rows, '/svc-1.*9/'));
		expect(got.length).toBeGreaterThan(100);
		// Not while the rows are others: then the regex runs.
		const fewer = rows.slice(1);
		filterRows(fewer, parseFilter('/svc-1.*9'), columns);
		expect(filterRows(fewer, closed, columns)).toEqual(fromScratch(fewer, '/svc-1.*9/'));
		expect(test).toHaveBeenCalled();
		test.mockRestore();
	});

	it('finishes the work ahead at once when the regex is closed before it is done', async () => {
		const rows: Row[] = Array.from({length: 20_000}, (_, i) => ({name: `task-${i}/`, group: 'g'}));
		filterRows(rows, parseFilter('!/task-7'), columns);
		const ahead = foresee(rows, '!/task-7', columns);
		// Closed at once: the slices have not run, filterRows does the rest.
		const got = filterRows(rows, parseFilter('!/task-7/'), columns);
		expect(got).toEqual(fromScratch(rows, '!/task-7/'));
		await ahead;
		// A closed regex is not worked out ahead (as if one more `/` were coming): its next key runs the regex.
		filterRows(rows, parseFilter('/task-7/'), columns);
		const doubled = parseFilter('/task-7//')!;
		const test = vi.spyOn(doubled.regex!, 'test');
		await foresee(rows, '/task-7/', columns);
		expect(test).not.toHaveBeenCalled();
		filterRows(rows, doubled, columns);
		expect(test).toHaveBeenCalled();
		test.mockRestore();
	});

	it("reads the rows' texts ahead, so the first character reads no cell", async () => {
		const value = vi.fn((r: Row) => r.name);
		const counted: Array<Column<Row>> = [{id: 'counted-name', header: 'NAME', width: 10, value}, columns[1]!];
		const rows: Row[] = Array.from({length: 3000}, (_, i) => ({name: `svc-${i}`, group: 'web'}));
		const read = readAhead(rows, counted);
		// In slices, on later turns: nothing read yet.
		expect(value).not.toHaveBeenCalled();
		await read;
		expect(value).toHaveBeenCalledTimes(rows.length);
		// The pane's next array of the same rows: the first character only tests the texts.
		value.mockClear();
		const got = filterRows([...rows], parseFilter('svc-12'), counted);
		expect(value).not.toHaveBeenCalled();
		expect(got.map(r => r.name)).toEqual(rows.filter(r => r.name.includes('svc-12')).map(r => r.name));
		// Read already: once more is nothing to do.
		await readAhead([...rows], counted);
		expect(value).not.toHaveBeenCalled();
	});

	it('a first character typed before the reading is done reads only the rest, each row once', async () => {
		const value = vi.fn((r: Row) => r.name);
		const counted: Array<Column<Row>> = [{id: 'counted-name-2', header: 'NAME', width: 10, value}, columns[1]!];
		const rows: Row[] = Array.from({length: 50_000}, (_, i) => ({name: `task-${i}`, group: i % 2 ? 'a' : 'b'}));
		const read = readAhead(rows, counted);
		// One slice's turn: some rows read, not all (a slice stops after a few milliseconds).
		await new Promise(resolve => setImmediate(resolve));
		const before = value.mock.calls.length;
		expect(before).toBeGreaterThan(0);
		expect(before).toBeLessThan(rows.length);
		const got = filterRows(rows, parseFilter('task-4999'), counted);
		expect(value).toHaveBeenCalledTimes(rows.length);
		expect(got.map(r => r.name)).toEqual(rows.filter(r => r.name.includes('task-4999')).map(r => r.name));
		await read;
		// Other rows (a refresh replaced one): only the new row is read; the others' texts are kept per row.
		value.mockClear();
		const refreshed = [...rows];
		refreshed[7] = {name: 'task-new', group: 'a'};
		await readAhead(refreshed, counted);
		expect(value).toHaveBeenCalledTimes(1);
		expect(filterRows(refreshed, parseFilter('new'), counted)).toEqual([refreshed[7]]);
	});
});
