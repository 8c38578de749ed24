// Sorting against the simulator: by any column, reversed, attention first, the sorted column
// marked in the header, kept across refreshes and going back, the selection on the same row.
import {describe, expect, it} from 'vitest';
import {keys} from '../tui/render-app.js';
import {closeAppsAfterEach, firstCells, selectedIs, start, tableRows} from './app.js';

closeAppsAfterEach();

// The world was built ten minutes before the app's clock starts: api has been 2 short for that long.
const sim = {startTime: Date.UTC(2026, 0, 1) - 600_000};
const columnHeader = (frame: string) => frame.split('\n')[2] ?? '';

describe('sort', () => {
	it('sorts by the chosen column, reverses, and marks the column', async () => {
		const app = await start({sim, app: {cluster: 'production'}});
		await app.until(f => expect(firstCells(f)).toEqual(['web', 'api', 'worker']));
		await app.press('>>');
		await app.waitFor(f => expect(firstCells(f)).toEqual(['api', 'web', 'worker']));
		expect(columnHeader(app.frame())).toMatch(/ NAME↑ /);
		expect(app.frame()).toMatch(/^SERVICES .*\[sort NAME ↑\]/m);
		await app.press('o');
		await app.waitFor(f => expect(firstCells(f)).toEqual(['worker', 'web', 'api']));
		expect(columnHeader(app.frame())).toMatch(/ NAME↓ /);
		// DESIRED compares numbers: 3, 4, 6 (reversed: 6, 4, 3).
		await app.press('>>');
		await app.waitFor(f => expect(columnHeader(f)).toMatch(/DESIRE↓/));
		expect(firstCells(app.frame())).toEqual(['api', 'web', 'worker']);
		await app.press('o');
		await app.waitFor(f => expect(firstCells(f)).toEqual(['worker', 'web', 'api']));
		await app.press('<');
		await app.waitFor(f => expect(columnHeader(f)).toMatch(/STATUS↑/));
		expect(columnHeader(app.frame()).match(/[↑↓]/g)).toHaveLength(1);
	});

	it('attention first puts the service short of its desired count on top', async () => {
		const app = await start({sim, app: {cluster: 'production'}});
		await app.until(f => expect(firstCells(f)).toEqual(['web', 'api', 'worker']));
		expect(tableRows(app.frame())[1]).toMatch(/^ {2}! api/);
		await app.press('!');
		await app.waitFor(f => expect(firstCells(f)).toEqual(['api', 'web', 'worker']));
		expect(app.frame()).toMatch(/\[attention first\]/);
		// Combined with a reversed name sort: flagged rows first, then the rest by name.
		await app.press('>>o');
		await app.waitFor(f => expect(firstCells(f)).toEqual(['api', 'worker', 'web']));
		await app.press('!');
		await app.waitFor(f => expect(firstCells(f)).toEqual(['worker', 'web', 'api']));
	});

	it('attention first on tasks: crash-looping and failed-to-start tasks on top', async () => {
		const app = await start({sim: {...sim}, app: {cluster: 'staging'}});
		await app.untilText('payments');
		await app.sim.advance(90);
		await app.press(':tasks\r');
		await app.until(f => expect(f).toMatch(/^TASKS {2}clusters › staging › tasks/m));
		await app.press('z');
		await app.until(f => expect(f).toMatch(/EssentialContainerExi/));
		await app.press('!');
		await app.waitFor(f => {
			const rows = tableRows(f);
			const flagged = rows.findIndex(r => !/EssentialContainer|TaskFailedToStart/.test(r));
			const last = rows.findLastIndex(r => /EssentialContainer|TaskFailedToStart/.test(r));
			expect(flagged).toBeGreaterThan(0);
			expect(last).toBeLessThan(flagged);
		});
	});

	it('keeps the sort across refreshes and going back, with the selection on the same service', async () => {
		const app = await start({sim, app: {cluster: 'production'}});
		await app.until(f => expect(firstCells(f)).toEqual(['web', 'api', 'worker']));
		expect(app.selectedLine()).toContain('web');
		await app.press('>>o');
		await app.waitFor(f => expect(firstCells(f)).toEqual(['worker', 'web', 'api']));
		// The selection followed web to its new place.
		expect(app.selectedLine()).toContain('web');
		await app.step(6000);
		expect(firstCells(app.frame())).toEqual(['worker', 'web', 'api']);
		await app.press(keys.enter);
		await app.until(f => expect(f).toMatch(/^TASKS .*› web/m));
		expect(columnHeader(app.frame())).not.toMatch(/[↑↓]/);
		await app.press(keys.escape);
		await app.waitFor(f => expect(firstCells(f)).toEqual(['worker', 'web', 'api']));
		await app.until(selectedIs('web'));
		expect(columnHeader(app.frame())).toMatch(/NAME↓/);
	});
});
