// Display width: cells, `get` tables, truncation and the TUI table measure terminal columns
// (string-width, as Ink does), so CJK, emoji, ZWJ sequences, flags and combining marks keep the
// columns aligned, and a cut never splits a grapheme. Plus clean() and jsonText() on each kind of
// hostile input. Measured here with string-width and Intl.Segmenter directly (hostile-world.ts).
import {cleanup, render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {afterEach, describe, expect, it} from 'vitest';
import {truncate} from '../../source/components/format.js';
import {fitCell, fitColumns, rowSegments, type Column} from '../../source/components/table-layout.js';
import {Table} from '../../source/components/table.js';
import {formatTable} from '../../source/format.js';
import {clean, jsonText} from '../../source/text.js';
import {stripAnsi} from '../tui/render-app.js';
import {cells, columnOf, expectNoDangerous, fromColumn, hostileServices} from './hostile-world.js';

afterEach(() => cleanup());

const graphemes = (s: string) => Array.from(new Intl.Segmenter('en', {granularity: 'grapheme'}).segment(s), g => g.segment);
const wide = ['サービス', '한국어', 'rocket🚀', 'dev👩‍💻ops', 'flag🇯🇵', 'cafe\u0301', 'ｶﾞｷﾞ', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}'];

describe('cells by display width', () => {
	it('pads to the exact width in terminal columns', () => {
		expect(fitCell('サービス', 10)).toBe('サービス  ');
		expect(fitCell('cafe\u0301', 6)).toBe('cafe\u0301  ');
		expect(fitCell('dev👩‍💻', 6, 'right')).toBe(' dev👩‍💻');
		for (const text of [...wide, ...hostileServices.map(s => s.shown)]) {
			for (let width = 1; width <= 14; width++) expect(stringWidth(fitCell(text, width)), `${text} in ${width}`).toBe(width);
		}
	});

	it('cuts whole graphemes: a wide one at the limit leaves a space before the …', () => {
		expect(fitCell('サービス', 4)).toBe('サ …');
		expect(fitCell('サービス', 5)).toBe('サー…');
		expect(fitCell('dev👩‍💻ops', 5)).toBe('dev …');
		expect(fitCell('dev👩‍💻ops', 6)).toBe('dev👩‍💻…');
		expect(fitCell('flag🇯🇵x', 5)).toBe('flag…');
		expect(fitCell('flag🇯🇵x', 6)).toBe('flag …');
		expect(fitCell('e\u0301e\u0301e\u0301', 2)).toBe('e\u0301…');
		expect(fitCell('サ', 1)).toBe('…');
		for (const text of wide) {
			const whole = graphemes(text);
			for (let width = 1; width < stringWidth(text); width++) {
				const cut = fitCell(text, width).replace(/ ?…$/, '');
				// What is left is a prefix of whole graphemes: no half emoji, no accent without its letter.
				expect(whole.slice(0, graphemes(cut).length).join(''), `${text} in ${width}`).toBe(cut);
			}
		}
	});

	it('truncate() (header, events pane) cuts by display width', () => {
		expect(truncate('サービス名', 5)).toBe('サー…');
		expect(truncate('サービス', 8)).toBe('サービス');
		expect(truncate('👩‍💻👩‍💻👩‍💻', 4)).toBe('👩‍💻 …');
		expect(truncate('abc', 0)).toBe('');
	});

	it('a get table keeps every column aligned with wide names', () => {
		const names = ['plain', ...wide];
		const text = formatTable([{header: 'NAME'}, {header: 'QTY', align: 'right'}, {header: 'STATUS'}], names.map((n, i) => [n, String(i * 10), 'ACTIVE']));
		const [header, ...rows] = text.trimEnd().split('\n');
		const status = columnOf(header!, 'STATUS');
		const qty = columnOf(header!, 'QTY') + 2;
		for (const row of rows) {
			expect(fromColumn(row, status), row).toBe('ACTIVE');
			// QTY is right-aligned: its last digit under the header's Y.
			expect(cells(row)[qty], row).toMatch(/\d/);
			expect(cells(row)[qty + 1], row).toBe(' ');
		}
	});

	it('the TUI table keeps every column aligned with wide names', () => {
		type Row = {name: string; n: number};
		const columns: Array<Column<Row>> = [
			{id: 'name', header: 'NAME', width: 8, value: r => r.name},
			{id: 'n', header: 'QTY', width: 4, align: 'right', value: r => String(r.n)},
			{id: 'status', header: 'STATUS', width: 8, value: () => 'ACTIVE'},
		];
		const rows = [...wide, ...hostileServices.map(s => s.name)].map((name, n) => ({name, n}));
		// Width 30: the name column grows to 14, so both cut and uncut wide names are drawn.
		const app = render(<Table columns={columns} rows={rows} rowId={r => r.name} selected={0} top={0} height={rows.length} width={30} color={false} />);
		const frame = stripAnsi(app.lastFrame() ?? '');
		expectNoDangerous(frame, /\u001B\[(?:0|1|2|7|22|27)?m/g);
		const [header, ...lines] = frame.split('\n');
		expect(lines).toHaveLength(rows.length);
		const status = columnOf(header!, 'STATUS');
		const qty = columnOf(header!, 'QTY') + 2;
		for (const line of lines) {
			expect(fromColumn(line, status).trimEnd(), line).toBe('ACTIVE');
			expect(cells(line)[qty], line).toMatch(/\d/);
			expect(cells(line)[qty + 1], line).toBe(' ');
		}
		// The segments themselves are exactly as wide as the placed columns, row after row.
		const placed = fitColumns(columns, 30);
		const total = placed.reduce((sum, p, i) => sum + p.width + (i ? 1 : 0), 0);
		for (const row of rows) expect(stringWidth(rowSegments(row, placed, false).map(s => s.text).join(''))).toBe(total);
	});
});

describe('clean() and jsonText() on each kind of input', () => {
	it('clean() shows each hostile name without controls, bidi or invisible characters', () => {
		for (const {name, shown, what} of hostileServices) {
			expect(clean(name), what).toBe(shown);
			expectNoDangerous(clean(name));
		}
		// Kept: emoji ZWJ sequences, ZWNJ (Persian), variation selectors, emoji tag flags.
		for (const keep of ['👩‍💻', 'می\u200Cخواهم', '❤️', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}', 'ｶﾞ', 'plain text']) expect(clean(keep)).toBe(keep);
		// A 🏴 followed by something else than a subdivision code does not smuggle text through.
		expect(clean('🏴\u{E0068}\u{E0069}\u{E0064}\u{E0065}\u{E0020}\u{E0074}\u{E0065}\u{E0078}\u{E0074}\u{E007F}')).toBe('🏴');
		// Tabs and every kind of line break become spaces; a lone surrogate becomes U+FFFD (one column, as drawn).
		expect(clean('a\tb\nc\rd\u0085e\u2028f\u2029g')).toBe('a b c d e f g');
		expect(clean('a\uD800b')).toBe('a\uFFFDb');
	});

	it('jsonText() escapes what a terminal would act on, and JSON.parse gives every string back', () => {
		const names = hostileServices.map(s => s.name);
		const text = jsonText({names}, 2);
		expectNoDangerous(text);
		expect(text).toContain('csi\\u009b2J\\u009b31mred');
		expect(text).toContain('nel\\u0085next');
		expect(text).toContain('del\\u007fete');
		expect(text).toContain('esc\\u001b[2J');
		expect(text).toContain('invoice\\u202efdp.exe');
		expect(text).toContain('iso\\u2066\\u2067\\u2068late\\u2069');
		expect(text).toContain('zw\\u200bsp\\ufeff\\u2060\\u00ad\\u3164');
		expect(text).toContain('tag\\udb40\\udc69');
		// Printable text stays readable: CJK, emoji, ZWJ sequences, flags, accents.
		for (const s of ['サービス', 'rocket🚀', 'dev👩‍💻ops', 'flag🇯🇵', 'cafe\u0301']) expect(text).toContain(s);
		expect((JSON.parse(text) as {names: string[]}).names).toEqual(names);
		// The same as JSON.stringify for plain data.
		expect(jsonText({a: [1, 'b']}, 2)).toBe(JSON.stringify({a: [1, 'b']}, null, 2));
	});

	it('stays linear on long hostile input', () => {
		// Unterminated sequences are the regular expressions' worst case; each must take one pass.
		// (No timing assertion: a quadratic pass over these 2 MB would not finish within the test timeout.)
		const n = 200_000;
		// An ESC that starts no complete sequence goes alone; what followed it is text.
		expect(clean(`x${'\u001B['.repeat(n)}`) === `x${'['.repeat(n)}`).toBe(true);
		expect(clean(`\u001B[${'0'.repeat(n * 5)}`) === `[${'0'.repeat(n * 5)}`).toBe(true);
		expect(clean('\u001B]'.repeat(n)).length).toBe(0);
		expect(clean(`a${'\u009B'.repeat(n)}`)).toBe('a');
		expect(clean('\u202E\u{E0041}'.repeat(n))).toBe('');
		expect(jsonText('\u202E'.repeat(n)).length).toBe(n * 6 + 2);
	});
});
