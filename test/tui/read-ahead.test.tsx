// A big table in use reads its rows' filter texts ahead between keys (issue 25), whatever the key:
// `j` and PgDn change nothing the view derives, so the controller keeps its rows cached and runs no
// transform; without keyPressed's wake the reading would wait for the next refresh, and on a 25,000-
// task view the first filter character (150 ms after `/`) then waited 75 ms for it in the bench.
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {aheadRows} from '../../source/views/sort.js';
import {fakeData, makeCluster, makeTask} from './fake-data.js';
import {keys, renderApp} from './render-app.js';

const spies = vi.hoisted(() => ({readAhead: [] as number[], sortAhead: [] as number[]}));

vi.mock('../../source/views/filter.js', async original => {
	const actual = await original<typeof import('../../source/views/filter.js')>();
	return {...actual, readAhead: (rows: readonly unknown[], ...rest: unknown[]) => (spies.readAhead.push(rows.length), (actual.readAhead as (...a: unknown[]) => Promise<void>)(rows, ...rest))};
});
vi.mock('../../source/views/sort.js', async original => {
	const actual = await original<typeof import('../../source/views/sort.js')>();
	return {...actual, sortAhead: (rows: readonly unknown[], ...rest: unknown[]) => (spies.sortAhead.push(rows.length), (actual.sortAhead as (...a: unknown[]) => Promise<void>)(rows, ...rest))};
});

afterEach(() => {
	cleanup();
	spies.readAhead.length = 0;
	spies.sortAhead.length = 0;
});

function tasksApp(count: number) {
	const data = fakeData();
	data.setScope({kind: 'clusters'}, [makeCluster('c')]);
	const tasks = Array.from({length: count}, (_, i) => makeTask('c', `t${String(i).padStart(5, '0')}`));
	data.setScope({kind: 'tasks', cluster: 'c', service: 'web'}, tasks);
	return renderApp({store: data.store, poller: data.poller, cluster: 'c', service: 'web'});
}

describe('reading ahead in a big table', () => {
	it('starts with the first key in the view, `j` included, without a refresh; nothing is sorted ahead for `j`', async () => {
		const app = tasksApp(aheadRows + 200);
		await app.waitFor(f => expect(f).toContain('t00000'));
		// Shown, no key: nothing read or sorted ahead.
		expect(spies.readAhead).toEqual([]);
		await app.press('j');
		await app.waitFor(() => expect(app.selectedLine()).toContain('t00001'));
		expect(spies.readAhead).toEqual([aheadRows + 200]);
		expect(spies.sortAhead).toEqual([]);
		// More keys while the view is in use: the rows stay cached, and the reading is not asked again.
		await app.press(keys.pageDown);
		await app.press('j');
		await app.waitFor(() => expect(app.selectedLine()).not.toContain('t00001'));
		expect(spies.readAhead).toEqual([aheadRows + 200]);
	});

	it('not in a small table', async () => {
		const app = tasksApp(aheadRows - 1);
		await app.waitFor(f => expect(f).toContain('t00000'));
		await app.press('j');
		await app.waitFor(() => expect(app.selectedLine()).toContain('t00001'));
		expect(spies.readAhead).toEqual([]);
	});
});
