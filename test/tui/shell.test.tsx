import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {fakeData, makeCluster, makeService, makeTask} from './fake-data.js';
import {expectFits, keys, renderApp, tick} from './render-app.js';

afterEach(() => cleanup());

function clusters(n: number) {
	return Array.from({length: n}, (_, i) => makeCluster(`cluster-${String(i).padStart(3, '0')}`));
}

describe('shell', () => {
	it('shows clusters, moves, drills in and back', async () => {
		const data = fakeData();
		data.setScope({kind: 'clusters'}, clusters(3));
		data.setScope({kind: 'services', cluster: 'cluster-001'}, [makeService('cluster-001', 'web'), makeService('cluster-001', 'api')]);
		const app = renderApp({store: data.store, poller: data.poller, rows: 24});
		await tick();
		await app.waitForText('cluster-002');
		expect(app.selectedLine()).toContain('cluster-000');
		await app.press('j');
		expect(app.selectedLine()).toContain('cluster-001');
		await app.press(keys.enter);
		await app.waitForText('SERVICES');
		expect(app.frame()).toContain('clusters › cluster-001');
		expect(app.selectedLine()).toContain('web');
		expect(data.poller.focused.at(-1)).toBe('services|cluster-001');
		await app.press(keys.escape);
		await app.waitForText('CLUSTERS');
		expect(app.selectedLine()).toContain('cluster-001');
	});

	it('handles several keys in one chunk one by one', async () => {
		const data = fakeData();
		data.setScope({kind: 'clusters'}, clusters(10));
		const app = renderApp({store: data.store, poller: data.poller});
		await tick();
		await app.waitForText('cluster-000');
		await app.press('jjj');
		await app.waitFor(() => expect(app.selectedLine()).toContain('cluster-003'));
		await app.press('G');
		await app.waitFor(() => expect(app.selectedLine()).toContain('cluster-009'));
		await app.press('kg');
		await app.waitFor(() => expect(app.selectedLine()).toContain('cluster-000'));
	});

	it('windows a long list and keeps the frame inside 80x24', async () => {
		const data = fakeData();
		data.setScope({kind: 'clusters'}, clusters(500));
		const app = renderApp({store: data.store, poller: data.poller, columns: 80, rows: 24});
		await tick();
		await app.waitForText('cluster-000');
		expectFits(app.frame(), 80, 24);
		expect(app.frame()).not.toContain('cluster-100');
		await app.press(keys.pageDown);
		await app.press(keys.pageDown);
		await app.waitFor(() => expect(app.selectedLine()).toMatch(/cluster-03\d/));
		await app.press('G');
		await app.waitFor(() => expect(app.selectedLine()).toContain('cluster-499'));
		expect(app.frame()).toContain('500/500');
		expectFits(app.frame(), 80, 24);
	});

	it('keeps the selection on the same row when rows reorder', async () => {
		const data = fakeData();
		const scope = {kind: 'tasks', cluster: 'c', service: 'web'} as const;
		const tasks = ['a1', 'b2', 'c3', 'd4'].map(id => makeTask('c', id));
		data.setScope({kind: 'clusters'}, [makeCluster('c')]);
		data.setScope(scope, tasks);
		const app = renderApp({store: data.store, poller: data.poller, cluster: 'c', service: 'web'});
		await tick();
		await app.waitForText('a1');
		await app.press('jj');
		await app.waitFor(() => expect(app.selectedLine()).toContain('c3'));
		data.setScope(scope, [tasks[2]!, tasks[3]!, tasks[0]!, tasks[1]!].reverse());
		await app.waitFor(() => expect(app.lines()[3]).toContain('b2'));
		expect(app.selectedLine()).toContain('c3');
		// The selected row disappears: the selection stays at its position.
		data.setScope(scope, [tasks[0]!, tasks[1]!, tasks[3]!]);
		await app.waitFor(() => expect(app.frame()).not.toContain('c3'));
		expect(app.selectedLine()).toMatch(/d4|b2/);
	});

	it('help scrolls with j/k on a short terminal, and opens at the top again', async () => {
		const data = fakeData();
		data.setScope({kind: 'clusters'}, clusters(3));
		const app = renderApp({store: data.store, poller: data.poller, rows: 12});
		await tick();
		await app.waitForText('cluster-000');
		const firstKey = () => app.lines().find(l => l.startsWith('  '))?.trim() ?? '';
		await app.press('?');
		await app.waitForText('(j/k scroll)');
		const top = firstKey();
		expect(top).toMatch(/^j \S+ +move down/);
		await app.press('jj');
		await app.waitFor(() => expect(firstKey()).not.toBe(top));
		const scrolled = firstKey();
		await app.press('k');
		await app.waitFor(() => expect(firstKey()).not.toBe(scrolled));
		await app.press('?');
		await app.waitFor(f => expect(f).not.toContain('Keys: clusters'));
		await app.press('?');
		await app.waitForText('Keys: clusters');
		expect(firstKey()).toBe(top);
	});
});
