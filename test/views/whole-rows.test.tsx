// Whole rows: columns share the width by content (the name column is as wide as the names on
// screen), the spare width goes to the reason first, wide mode (`W`) shows every column whole and
// `←`/`→` scroll by a column, and the sort keys step through the columns on screen only.
import {describe, expect, it} from 'vitest';
import {closeAppsAfterEach, firstCells, start, tableRows} from './app.js';

closeAppsAfterEach();

// The world was built ten minutes before the app's clock starts: api has been 2 short for that long.
const sim = {startTime: Date.UTC(2026, 0, 1) - 600_000};
const columnHeader = (frame: string) => frame.split('\n')[2] ?? '';
const right = '\u001B[C';
const left = '\u001B[D';
const apiRow = (frame: string) => tableRows(frame).find(r => r.slice(2).includes('api')) ?? '';

describe('whole rows', () => {
	it('gives the reason the space at 200 columns; at 80 the columns still share the width by content', async () => {
		const wide = await start({sim, app: {cluster: 'production', columns: 200}});
		await wide.until(f => expect(firstCells(f)).toEqual(['web', 'api', 'worker']));
		await wide.until(f => expect(apiRow(f)).toMatch(/running 4 of 6$/));
		const frame200 = wide.frame();
		// The name column is as wide as "worker", not its declared 28 cells; the reason is the last, whole.
		expect(columnHeader(frame200)).toMatch(/^ {2}! NAME {3}STATUS /);
		expect(columnHeader(frame200)).toMatch(/ ATTENTION\s*$/);

		const narrow = await start({sim, app: {cluster: 'production', columns: 80}});
		await narrow.until(f => expect(firstCells(f)).toEqual(['web', 'api', 'worker']));
		const frame80 = narrow.frame();
		expect(columnHeader(frame80)).toMatch(/^ {2}! NAME {3}STATUS /);
		// Narrow columns let more of them in than declared widths did (TASK DEFINITION at 80)…
		expect(columnHeader(frame80)).toContain('TASK DEFINITION');
		// …but not the reason: at 80 columns the `!` mark says it, W shows it.
		expect(columnHeader(frame80)).not.toContain('ATTENTION');
		expect(apiRow(frame80)).not.toContain('running 4 of 6');
		expect(apiRow(frame80)).toMatch(/^ {2}! api /);
		for (const line of frame80.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
	});

	it('W shows every column whole; → scrolls to the last column, ← back, W again shares the width', async () => {
		const app = await start({sim, app: {cluster: 'production', columns: 80}});
		await app.until(f => expect(firstCells(f)).toEqual(['web', 'api', 'worker']));
		expect(columnHeader(app.frame())).not.toContain('ATTENTION');
		await app.press(right);
		await app.waitForText('wide mode is off');
		await app.press('W');
		await app.waitForText('wide mode: every column whole');
		for (let i = 0; i < 12 && !/running 4 of 6$/.test(apiRow(app.frame())); i++) await app.press(right);
		// Scrolled: the first columns are off screen, and the last column, the reason, is whole.
		await app.waitFor(f => expect(apiRow(f)).toMatch(/running 4 of 6$/));
		expect(columnHeader(app.frame())).toMatch(/ ATTENTION\s*$/);
		expect(columnHeader(app.frame())).not.toMatch(/ NAME /);
		await app.press(left);
		await app.press('W');
		await app.waitFor(f => expect(columnHeader(f)).toMatch(/^ {2}! NAME /));
	});

	it('the sort keys skip columns that are off screen', async () => {
		const app = await start({sim, app: {cluster: 'production', columns: 80}});
		await app.until(f => expect(firstCells(f)).toEqual(['web', 'api', 'worker']));
		expect(columnHeader(app.frame())).toMatch(/ TASK DEFINITION\s*$/);
		// `<` from ECS's order goes to the last column: the last one drawn, not ATTENTION off screen.
		await app.press('<');
		await app.waitFor(f => expect(f).toMatch(/^sorted by TASK DEFINITION/m));
		// In wide mode scrolled to the end, the same key reaches ATTENTION.
		await app.press('W');
		for (let i = 0; i < 12 && !/ATTENTION\s*$/.test(columnHeader(app.frame())); i++) await app.press(right);
		await app.press('>>>');
		await app.waitFor(f => expect(f).toMatch(/^sorted by ATTENTION/m));
	});
});

describe('events whole', () => {
	it('Enter in the events pane shows the events on screen whole, wrapped', async () => {
		// The production cluster's feed (several services: messages cut at 60 columns).
		const app = await start({sim, app: {columns: 60}});
		await app.until(f => expect(f).toMatch(/^> .*production/m));
		await app.press('e');
		await app.until(f => expect(f.split('\n').some(l => /^\d\d-\d\d \d\d:\d\d:\d\d .*…$/.test(l)), f).toBe(true));
		const cut = app.frame().split('\n').find(l => /^\d\d-\d\d \d\d:\d\d:\d\d .*…$/.test(l))!;
		const head = cut.slice(16, -1).trim().replace(/\s+/g, ' ');
		await app.press('\r');
		await app.waitForText('Events on screen, whole.');
		const text = app.frame().split('\n').map(l => l.trim()).join(' ').replace(/\s+/g, ' ');
		const at = text.indexOf(head);
		expect(at, text).toBeGreaterThanOrEqual(0);
		// Past the cut: the message goes on, and no line is cut.
		expect(text.slice(at + head.length).length).toBeGreaterThan(1);
		const overlay = app.frame().split('\n');
		expect(overlay.slice(overlay.findIndex(l => l.startsWith('Events on screen'))).filter(l => l.endsWith('…'))).toEqual([]);
		await app.press('\u001B');
		await app.waitFor(f => expect(f).not.toContain('Events on screen, whole.'));
	});
});
