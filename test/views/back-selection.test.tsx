// Going back from a view the user was put in (a deep link, a `:` jump) selects the row that view
// was opened from, not the first row: `--cluster production --service worker` then Esc is on
// worker, and `e` then opens worker's events, not web's.
import {describe, expect, it} from 'vitest';
import {keys} from '../tui/render-app.js';
import {closeAppsAfterEach, firstCells, selectedIs, start} from './app.js';

closeAppsAfterEach();

describe('back after a deep link or a jump', () => {
	it('--cluster production --service worker, Esc: worker is selected, and e opens its events', async () => {
		const app = await start({app: {cluster: 'production', service: 'worker'}});
		await app.until(f => expect(f).toMatch(/^TASKS .*worker/m));
		await app.press(keys.escape);
		await app.waitFor(f => expect(firstCells(f)).toHaveLength(3));
		// web is listed first: the selection is not simply the first row.
		expect(firstCells(app.frame())[0]).not.toBe('worker');
		await app.waitFor(selectedIs('worker'));
		await app.press('e');
		await app.waitFor(f => expect(f).toMatch(/^EVENTS .*› worker events/m));
		await app.press(keys.escape);
		await app.waitFor(selectedIs('worker'));
		// And one more level back, the cluster it came from.
		await app.press(keys.escape);
		await app.waitFor(f => expect(f).toMatch(/^CLUSTERS/m));
		await app.waitFor(selectedIs('production'));
	});

	it(':cluster NAME then Esc selects that cluster in the list', async () => {
		const app = await start();
		await app.until(f => expect(f).toMatch(/^CLUSTERS/m));
		await app.until(f => expect(firstCells(f).length).toBeGreaterThan(1));
		const last = firstCells(app.frame()).at(-1)!;
		await app.press(`:cluster ${last}\r`);
		await app.waitFor(f => expect(f).toMatch(new RegExp(`^SERVICES .*${last}`, 'm')));
		await app.press(keys.escape);
		await app.waitFor(f => expect(f).toMatch(/^CLUSTERS/m));
		await app.waitFor(selectedIs(last));
	});

	it('a view the user moved in keeps the selection the user made', async () => {
		const app = await start({app: {cluster: 'production'}});
		await app.until(f => expect(firstCells(f)).toHaveLength(3));
		const second = firstCells(app.frame())[1]!;
		await app.press('j');
		await app.waitFor(selectedIs(second));
		await app.press(keys.enter);
		await app.waitFor(f => expect(f).toMatch(/^TASKS /m));
		await app.press(keys.escape);
		await app.waitFor(selectedIs(second));
	});
});
