// `/` filter against the simulator: live substring, regular expressions (valid and not),
// inversion, Enter keeps, Esc restores or clears, and it survives refreshes and going back.
import {describe, expect, it} from 'vitest';
import {keys} from '../tui/render-app.js';
import {closeAppsAfterEach, firstCells, selectedIs, start} from './app.js';

closeAppsAfterEach();

const services = ['web', 'api', 'worker'];

describe('/ filter', () => {
	it('filters live as you type, case-insensitive, and Enter keeps it', async () => {
		const app = await start({app: {cluster: 'production'}});
		await app.until(f => expect(firstCells(f).sort()).toEqual([...services].sort()));
		await app.press('/');
		await app.waitFor(f => expect(f).toMatch(/^\/ .*Enter keeps/m));
		await app.press('W');
		await app.waitFor(f => expect(firstCells(f).sort()).toEqual(['web', 'worker']));
		await app.press('e');
		await app.waitFor(f => expect(firstCells(f)).toEqual(['web']));
		expect(app.frame()).toMatch(/^SERVICES .*\[filter We 1 of 3\]/m);
		await app.press(keys.enter);
		await app.waitFor(f => expect(f).not.toMatch(/Enter keeps/));
		expect(firstCells(app.frame())).toEqual(['web']);
		// Refreshes keep it.
		await app.step(6000);
		expect(firstCells(app.frame())).toEqual(['web']);
		expect(app.frame()).toContain('[filter We 1 of 3]');
	});

	it('matches any visible column, not just the name', async () => {
		const app = await start({app: {cluster: 'production'}});
		await app.until(f => expect(firstCells(f)).toHaveLength(3));
		// The api service's task definition is api:1; "api:" appears in no other row.
		await app.press('/api:\r');
		await app.waitFor(f => expect(firstCells(f)).toEqual(['api']));
	});

	it('takes /re/ as a regular expression and shows an invalid one without crashing', async () => {
		const app = await start({app: {cluster: 'production'}});
		await app.until(f => expect(firstCells(f)).toHaveLength(3));
		await app.press('//^.{2}(web|api) /');
		await app.waitFor(f => expect(firstCells(f).sort()).toEqual(['api', 'web']));
		await app.press('\u007F'.repeat(20));
		await app.press('/w(or/');
		await app.waitFor(f => expect(f).toMatch(/✗ invalid regex: missing closing \)/));
		// An invalid expression filters nothing, and says so in the header.
		expect(firstCells(app.frame())).toHaveLength(3);
		expect(app.frame()).toContain('[filter /w(or/ invalid]');
		await app.press(keys.enter);
		await app.waitFor(f => expect(f).not.toContain('✗'));
		expect(firstCells(app.frame())).toHaveLength(3);
	});

	it('inverts with a leading !', async () => {
		const app = await start({app: {cluster: 'production'}});
		await app.until(f => expect(firstCells(f)).toHaveLength(3));
		await app.press('/!web\r');
		await app.waitFor(f => expect(firstCells(f).sort()).toEqual(['api', 'worker']));
		await app.press('/');
		// The prompt opens with the active filter to edit.
		await app.waitFor(f => expect(f).toMatch(/^\/!web/m));
		await app.press('\u0015/^..w/\r');
		await app.waitFor(f => expect(firstCells(f)).toEqual(['web', 'worker']));
	});

	it('Esc in the prompt puts back the filter that was there, then Esc clears it, then goes back', async () => {
		const app = await start({app: {cluster: 'production'}});
		await app.until(f => expect(firstCells(f)).toHaveLength(3));
		await app.press('/wor\r');
		await app.waitFor(f => expect(firstCells(f)).toEqual(['worker']));
		await app.press('/');
		await app.press('\u007F\u007F\u007F');
		await app.waitFor(f => expect(firstCells(f)).toHaveLength(3));
		await app.press(keys.escape);
		await app.waitFor(f => expect(firstCells(f)).toEqual(['worker']));
		expect(app.frame()).not.toMatch(/Enter keeps/);
		await app.press(keys.escape);
		await app.waitFor(f => expect(firstCells(f)).toHaveLength(3));
		expect(app.frame()).toContain('filter cleared');
		expect(app.frame()).toMatch(/^SERVICES /m);
		await app.press(keys.escape);
		await app.waitFor(f => expect(f).toMatch(/^CLUSTERS /m));
	});

	it('keeps each level its own filter when going in and back, and the selection on its row', async () => {
		const app = await start({app: {cluster: 'production'}});
		await app.until(f => expect(firstCells(f)).toHaveLength(3));
		await app.press('/w\r');
		await app.waitFor(f => expect(firstCells(f).sort()).toEqual(['web', 'worker']));
		await app.press('j');
		const chosen = firstCells(app.frame())[1]!;
		await app.until(selectedIs(chosen));
		await app.press(keys.enter);
		await app.until(f => expect(f).toMatch(new RegExp(`^TASKS .*› ${chosen}`, 'm')));
		expect(app.frame()).not.toContain('[filter');
		await app.press(keys.escape);
		await app.waitFor(f => expect(f).toMatch(/^SERVICES .*\[filter w 2 of 3\]/m));
		expect(app.selectedLine()).toContain(chosen);
		// Clearing the filter leaves the selection on the same service.
		await app.press(keys.escape);
		await app.waitFor(f => expect(firstCells(f)).toHaveLength(3));
		expect(app.selectedLine()).toContain(chosen);
	});

	it('says so when the filter hides every row', async () => {
		const app = await start({app: {cluster: 'production'}});
		await app.until(f => expect(firstCells(f)).toHaveLength(3));
		await app.press('/zzz\r');
		await app.waitFor(f => expect(f).toContain('nothing matches the filter (3 rows hidden; Esc clears it)'));
		expect(app.frame()).toContain('[filter zzz 0 of 3]');
	});
});
