import {render} from 'ink-testing-library';
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {fitCell, fitColumns, rowSegments, windowStart, type Column} from '../../source/components/table-layout.js';
import {Table} from '../../source/components/table.js';
import {stripAnsi} from './render-app.js';

afterEach(() => cleanup());

type Row = {id: string; name: string; n: number};
const columns: Array<Column<Row>> = [
	{id: 'name', header: 'NAME', width: 10, value: r => r.name},
	{id: 'n', header: 'N', width: 5, align: 'right', value: r => String(r.n)},
	{id: 'wide', header: 'WIDE', width: 30, value: () => 'x'.repeat(40)},
];
const rows = (n: number): Row[] => Array.from({length: n}, (_, i) => ({id: `id-${i}`, name: `row-${i}`, n: i}));

describe('table layout', () => {
	it('pads, right-aligns and cuts cells to their width', () => {
		expect(fitCell('abc', 5)).toBe('abc  ');
		expect(fitCell('abc', 5, 'right')).toBe('  abc');
		expect(fitCell('abcdefgh', 5)).toBe('abcd…');
		expect(fitCell('abc', 0)).toBe('');
	});

	it('fits columns into the width, cutting the last one, growing the first', () => {
		const narrow = fitColumns(columns, 30);
		expect(narrow.map(p => [p.column.id, p.width])).toEqual([['name', 10], ['n', 5], ['wide', 11]]);
		expect(fitColumns(columns, 200)[0]!.width).toBe(10 + 24);
		const unnamed = columns.map(c => ({...c, id: `x-${c.id}`}));
		expect(fitColumns(unnamed, 200).map(p => p.width)).toEqual([10, 5, 30 + 24]);
		const total = (w: number) => fitColumns(columns, w).reduce((n, p, i) => n + p.width + (i ? 1 : 0), 0) + 2;
		for (const w of [10, 20, 40, 80, 120]) expect(total(w)).toBeLessThanOrEqual(w);
	});

	it('sizes columns by the rows on screen: the widest cell, capped; spare width to reasons first', () => {
		type R = {name: string; reason: string};
		const cols: Array<Column<R>> = [
			{id: 'name', header: 'NAME', width: 28, value: r => r.name},
			{id: 'status', header: 'STATUS', width: 6, value: () => 'ACTIVE'},
			{id: 'reason', header: 'WHY', width: 10, value: r => r.reason},
		];
		const short = [{name: 'web', reason: 'ok'}];
		expect(fitColumns(cols, 80, {rows: short}).map(p => p.width)).toEqual([4, 6, 3]);
		const long = [{name: 'a-rather-long-service-name-indeed', reason: 'running 4 of 6 for ten minutes'}];
		// Capped at the declared widths while room is short; the reason gets the spare width first.
		expect(fitColumns(cols, 2 + 28 + 1 + 6 + 1 + 10, {rows: long}).map(p => p.width)).toEqual([28, 6, 10]);
		expect(fitColumns(cols, 2 + 28 + 1 + 6 + 1 + 10 + 20, {rows: long}).map(p => p.width)).toEqual([28, 6, 30]);
		expect(fitColumns(cols, 200, {rows: long}).map(p => p.width)).toEqual([33, 6, 30]);
		// Wide mode: every column whole, from the offset on.
		expect(fitColumns(cols, 200, {rows: long, wide: true, offset: 1}).map(p => [p.column.id, p.width])).toEqual([['status', 6], ['reason', 30]]);
		expect(fitColumns(cols, 42, {rows: long, wide: true}).map(p => [p.column.id, p.width])).toEqual([['name', 33], ['status', 6]]);
	});

	it('strips control characters from every cell', () => {
		const evil: Column<Row> = {id: 'evil', header: 'E', width: 20, value: () => 'a\u001B[31mred\u0007\u001B]0;title\u0007b'};
		const text = rowSegments(rows(1)[0]!, fitColumns([evil], 40), false).map(s => s.text).join('');
		expect(text).not.toMatch(/[\u0000-\u001F]/);
		expect(text).toContain('aredb');
	});

	it('a failing column value shows ? instead of crashing', () => {
		const broken: Column<Row> = {id: 'b', header: 'B', width: 4, value: () => { throw new Error('no'); }};
		expect(rowSegments(rows(1)[0]!, fitColumns([broken], 20), false)[0]!.text.trim()).toBe('?');
	});

	it('colours no blank cell (the selected row, in inverse video, would show its colour as a background)', () => {
		type S = {name: string; why: string};
		const cols: Array<Column<S>> = [
			{id: 'mark', header: '!', width: 1, value: s => (s.why ? '!' : ''), color: () => 'red'},
			{id: 'name', header: 'NAME', width: 6, value: s => s.name},
			{id: 'why', header: 'WHY', width: 8, value: s => s.why, color: () => 'red'},
		];
		const placed = fitColumns(cols, 40);
		const coloured = (row: S) => rowSegments(row, placed, true).map(seg => [seg.text.trim(), seg.color]);
		expect(coloured({name: 'web', why: ''})).toEqual([['web', undefined]]);
		expect(coloured({name: 'api', why: 'short'})).toEqual([['!', 'red'], ['api', undefined], ['short', 'red']]);
	});

	it('moves the window only when the selection leaves it', () => {
		expect(windowStart(0, 5, 10, 100)).toBe(0);
		expect(windowStart(0, 10, 10, 100)).toBe(1);
		expect(windowStart(20, 5, 10, 100)).toBe(5);
		expect(windowStart(95, 99, 10, 100)).toBe(90);
		expect(windowStart(50, 3, 10, 5)).toBe(0);
	});
});

describe('<Table>', () => {
	it('renders only the visible rows, the selected one marked', () => {
		const app = render(
			<Table columns={columns} rows={rows(10_000)} rowId={r => r.id} selected={5002} top={5000} height={5} width={60} color={false} />,
		);
		const lines = stripAnsi(app.lastFrame() ?? '').split('\n');
		expect(lines).toHaveLength(6);
		expect(lines[0]).toContain('NAME');
		expect(lines[1]).toContain('row-5000');
		expect(lines[3]!.startsWith('>')).toBe(true);
		expect(lines[3]).toContain('row-5002');
		expect(lines[5]).toContain('row-5004');
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
	});

	it('shows marks and the empty text', () => {
		const marked = render(
			<Table columns={columns} rows={rows(3)} rowId={r => r.id} selected={0} top={0} height={3} width={40} color={false} marked={id => id === 'id-1'} />,
		);
		expect(stripAnsi(marked.lastFrame() ?? '').split('\n')[2]).toMatch(/^ \*row-1/);
		const empty = render(<Table columns={columns} rows={[]} rowId={r => r.id} selected={-1} top={0} height={3} width={40} color={false} empty="no rows" />);
		expect(empty.lastFrame()).toContain('no rows');
	});
});
