// Refreshes that change nothing on screen do not repaint; anything else does.
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {visiblyChanged} from '../../source/app/visible-change.js';
import type {Snapshot} from '../../source/store/types.js';
import {fakeData, makeCluster} from './fake-data.js';
import {renderApp, tick} from './render-app.js';

afterEach(() => cleanup());

const scope = {key: 'clusters', ids: ['a'], loading: false, stale: false, intervalMs: 2000, updatedAt: 1000};
const snap = (patch: Partial<Snapshot> = {}): Snapshot => ({
	version: 1,
	clusters: new Map(),
	services: new Map(),
	tasks: new Map(),
	instances: new Map(),
	scopes: new Map([['clusters', scope]]),
	api: {state: 'ok'},
	metrics: {enabled: false, readings: new Map()},
	...patch,
});

describe('visiblyChanged', () => {
	it('ignores a refresh time moving, and nothing else', () => {
		const a = snap();
		expect(visiblyChanged(a, a)).toBe(false);
		expect(visiblyChanged(a, {...a, version: 2, scopes: new Map([['clusters', {...scope, updatedAt: 3000}]])})).toBe(false);
		expect(visiblyChanged(a, {...a, scopes: new Map([['clusters', {...scope, updatedAt: 3000, intervalMs: 3500}]])})).toBe(true);
		expect(visiblyChanged(a, {...a, scopes: new Map([['clusters', {...scope, stale: true}]])})).toBe(true);
		expect(visiblyChanged(a, {...a, scopes: new Map([['clusters', {...scope, ids: ['a']}]])})).toBe(true);
		expect(visiblyChanged(a, {...a, scopes: new Map([['clusters', {...scope, updatedAt: undefined}]])})).toBe(true);
		expect(visiblyChanged(a, {...a, scopes: new Map([['clusters', scope], ['other', scope]])})).toBe(true);
		expect(visiblyChanged(a, {...a, tasks: new Map()})).toBe(true);
		expect(visiblyChanged(a, {...a, api: {state: 'throttled'}})).toBe(true);
	});
});

describe('the shell on refreshes', () => {
	it('repaints nothing for a refresh that found nothing new, and repaints a change at once', async () => {
		const data = fakeData();
		data.setScope({kind: 'clusters'}, [makeCluster('prod'), makeCluster('stage')]);
		const app = renderApp({store: data.store, poller: data.poller, rows: 24});
		await app.waitForText('stage');
		await tick();
		const frames = app.frames.length;
		for (let i = 1; i <= 5; i++) {
			data.touch({kind: 'clusters'}, Date.now() + i);
			await tick();
		}
		expect(app.frames.length).toBe(frames);
		data.setScope({kind: 'clusters'}, [makeCluster('prod'), makeCluster('stage', {runningTasksCount: 42})]);
		await app.waitFor(f => expect(f).toMatch(/stage .*42/));
	});
});
