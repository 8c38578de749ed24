// The pure halves of filter and sort: parsing what was typed, matching row text, ordering values
// as people read them, stepping through columns and marking the sorted header.
import {describe, expect, it} from 'vitest';
import type {Column} from '../../source/components/table-layout.js';
import {filterRows, parseFilter, passes} from '../../source/views/filter.js';
import {markSorted, sortRows, stepColumn} from '../../source/views/sort.js';
import {resolveCluster} from '../../source/resources/clusters.js';
import {completions} from '../../source/views/command.js';

interface Row {
	name: string;
	count?: number;
}
const columns: Array<Column<Row>> = [
	{id: 'name', header: 'NAME', width: 10, value: r => r.name},
	{id: 'count', header: 'N', width: 1, align: 'right', value: r => (r.count === undefined ? '' : String(r.count))},
];
const rows: Row[] = [
	{name: 'b-9', count: 9},
	{name: 'A-10', count: 10},
	{name: 'c-1'},
	{name: 'a-2', count: 2},
];
const names = (list: readonly Row[]) => list.map(r => r.name);
const options = {pane: 'x', now: 0};

describe('filter', () => {
	it('parses substrings, regular expressions, inversion and invalid expressions', () => {
		expect(parseFilter('')).toBeUndefined();
		expect(parseFilter('!')).toBeUndefined();
		expect(parseFilter('Web')).toMatchObject({needle: 'web', invert: false});
		expect(parseFilter('!web')).toMatchObject({needle: 'web', invert: true});
		expect(parseFilter('/^a-\\d$/')?.regex?.source).toBe('^a-\\d$');
		expect(parseFilter('/')).toMatchObject({needle: '/'});
		expect(parseFilter('/(/')).toMatchObject({error: 'missing closing ): `(`'});
		expect(passes(parseFilter('/(/')!, 'anything')).toBe(true);
	});

	it('keeps the rows whose text matches, case-insensitively, or the others with !', () => {
		expect(names(filterRows(rows, parseFilter('a-'), columns))).toEqual(['A-10', 'a-2']);
		expect(names(filterRows(rows, parseFilter('!a-'), columns))).toEqual(['b-9', 'c-1']);
		expect(names(filterRows(rows, parseFilter('/^[ab]-\\d  \\d$/'), columns))).toEqual(['b-9', 'a-2']);
		expect(names(filterRows(rows, parseFilter('/[/'), columns))).toEqual(names(rows));
	});
});

describe('sort', () => {
	it('orders numbers as numbers and text without case, empty cells last, ties in list order', () => {
		expect(names(sortRows(rows, columns, {column: 'name'}, options))).toEqual(['a-2', 'A-10', 'b-9', 'c-1']);
		expect(names(sortRows(rows, columns, {column: 'count'}, options))).toEqual(['a-2', 'b-9', 'A-10', 'c-1']);
		expect(names(sortRows(rows, columns, {column: 'count', reverse: true}, options))).toEqual(['A-10', 'b-9', 'a-2', 'c-1']);
		expect(names(sortRows(rows, columns, {reverse: true}, options))).toEqual(['a-2', 'c-1', 'A-10', 'b-9']);
		expect(sortRows(rows, columns, {}, options)).toBe(rows);
	});

	it('sorts a row whose key the column cannot read last, as empty, instead of throwing', () => {
		const unreadable = (r: Row) => {
			if (r.count === undefined) throw new TypeError('no count');
			return r.count;
		};
		const keyed: Array<Column<Row>> = [
			{...columns[1]!, id: 'byValue', sortValue: unreadable},
			{...columns[0]!, id: 'byText', sortText: r => (r.count === undefined ? unreadable(r) : r.name).toString()},
		];
		expect(names(sortRows(rows, keyed, {column: 'byValue'}, options))).toEqual(['a-2', 'b-9', 'A-10', 'c-1']);
		// Character by character: 'A-10' before 'a-2' before 'b-9' (upper case first), the unreadable last.
		expect(names(sortRows(rows, keyed, {column: 'byText'}, options))).toEqual(['A-10', 'a-2', 'b-9', 'c-1']);
	});

	it('steps through the columns and back to the list order, and marks the sorted header to fit', () => {
		expect(stepColumn(columns, undefined, 1)).toBe('name');
		expect(stepColumn(columns, 'count', 1)).toBeUndefined();
		expect(stepColumn(columns, undefined, -1)).toBe('count');
		expect(markSorted(columns, {column: 'name'}).map(c => c.header)).toEqual(['NAME↑', 'N']);
		expect(markSorted(columns, {column: 'count', reverse: true}).map(c => c.header)).toEqual(['NAME', '↓']);
	});
});

describe('command line', () => {
	it('completes commands and cluster names', () => {
		expect(completions('se', [])).toEqual(['services']);
		expect(completions('cl', [])).toEqual(['clusters', 'cl', 'cluster ']);
		expect(completions('cluster p', ['prod', 'preprod', 'staging'])).toEqual(['cluster prod', 'cluster preprod']);
		expect(completions('tasks x', [])).toEqual([]);
	});

	it('resolves a cluster name forgivingly but never guesses between two', () => {
		expect(resolveCluster('Prod', ['prod', 'preprod'])).toEqual({name: 'prod'});
		expect(resolveCluster('st', ['prod', 'staging'])).toEqual({name: 'staging'});
		expect(resolveCluster('p', ['prod', 'preprod']).error).toContain('could be');
		expect(resolveCluster('x', ['prod']).error).toContain('no cluster "x"');
		expect(resolveCluster('anything', [])).toEqual({name: 'anything'});
	});
});
