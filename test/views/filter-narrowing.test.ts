// Typing a filter narrows the previous result instead of scanning every row again (filter.ts):
// over random rows and random edits (typing, Backspace, `!`, `/regex/`, rows changing between
// keys), every result must be exactly what filtering all the rows from scratch gives.
import {describe, expect, it} from 'vitest';
import type {Column} from '../../source/components/table-layout.js';
import {filterRows, narrows, parseFilter, passes} from '../../source/views/filter.js';
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

	it('gives what filtering from scratch gives, over random rows and edits', () => {
		for (let seed = 1; seed <= 200; seed++) {
			const next = random(seed);
			let rows: Row[] = Array.from({length: 1 + Math.floor(next() * 60)}, () => ({name: word(next, 1 + Math.floor(next() * 8)), group: word(next, Math.floor(next() * 4))}));
			let typed = '';
			for (let step = 0; step < 40; step++) {
				const roll = next();
				if (roll < 0.55) typed += alphabet[Math.floor(next() * alphabet.length)];
				else if (roll < 0.7) typed = typed.slice(0, -1);
				else if (roll < 0.75) typed = typed.startsWith('!') ? typed.slice(1) : `!${typed}`;
				else if (roll < 0.8) typed = `/${typed.replace(/\//g, '')}/`;
				else if (roll < 0.85) typed = '';
				else if (roll < 0.9) {
					// The rows change: one replaced (a new object, as a refresh gives), or one more.
					rows = [...rows];
					const at = Math.floor(next() * rows.length);
					if (next() < 0.5) rows[at] = {name: word(next, 5), group: word(next, 2)};
					else rows.splice(at, 0, {name: word(next, 4), group: ''});
				} else rows = [...rows]; // the same rows in a new array (each key rebuilds it)
				const got = filterRows(rows, parseFilter(typed), columns);
				expect(got, `seed ${seed}, step ${step}, filter ${JSON.stringify(typed)}`).toEqual(fromScratch(rows, typed));
			}
		}
	});
});
