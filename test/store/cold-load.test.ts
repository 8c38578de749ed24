// A big first load: rows appear chunk by chunk with `n of m`, at most ~10 notifications a second;
// throttling shows in the snapshot's API status and never loses data.
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {RateLimiter} from '../../source/aws/limiter.js';
import {type Snapshot, scopeKey} from '../../source/store/index.js';
import {simFixture, type Fixture} from '../aws/sim-fixture.js';
import {ManualClock} from '../helpers/manual-clock.js';
import {layerFor} from './layer-fixture.js';

let f: Fixture;

beforeAll(async () => {
	f = await simFixture({throttle: false});
	const big = f.sim.world.addCluster('big');
	const td = f.sim.world.addTaskDefinition({family: 'batch'});
	for (let i = 0; i < 1050; i++) f.sim.world.runTask(big, {taskDefinition: td, launchType: 'FARGATE'});
});
afterAll(() => f.close());

describe('cold load', () => {
	it('shows rows as chunks land, with loaded/total, notifying at most every 100 ms', async () => {
		const l = layerFor(f);
		await f.faults({latencyMs: 15});
		const seen: Array<{at: number; snap: Snapshot}> = [];
		l.store.subscribe(() => seen.push({at: l.clock.now(), snap: l.store.getSnapshot()}));
		l.poller.focus({kind: 'tasks', cluster: 'big'});
		let done = false;
		void l.poller.settled().then(() => (done = true));
		while (!done) await l.clock.advance(20);
		await f.faults({});
		l.poller.stop();
		const key = scopeKey({kind: 'tasks', cluster: 'big'});
		const states = seen.map(s => s.snap.scopes.get(key)!);
		const partial = states.filter(s => s.loading && (s.loaded ?? 0) > 0);
		expect(partial.length).toBeGreaterThan(2);
		expect(partial[0]!.ids.length).toBeLessThan(1050);
		expect(partial[0]!.ids.length).toBe(partial[0]!.loaded);
		for (let i = 1; i < partial.length; i++) expect(partial[i]!.ids.length).toBeGreaterThanOrEqual(partial[i - 1]!.ids.length);
		expect(partial.every(s => s.ids.every(id => s !== undefined && seen.at(-1)!.snap.tasks.has(id)))).toBe(true);
		// Throttled to ~10/s: consecutive notifications during the load are at least 100 ms apart.
		const times = seen.filter(s => s.snap.scopes.get(key)!.loading).map(s => s.at);
		for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(100);
		const last = states.at(-1)!;
		expect(last).toMatchObject({loading: false, stale: false});
		expect(last.ids).toHaveLength(1050);
		expect(last.loaded).toBeUndefined();
	});

	it('shows throttling in the API status, backs off, and keeps the data', async () => {
		const clock = new ManualClock();
		const limiter = new RateLimiter({now: clock.now, timers: clock.timers, random: () => 1});
		const l = layerFor(f, {limiter, clock});
		l.poller.focus({kind: 'clusters'});
		await l.poller.settled();
		expect(l.snap().scopes.get('clusters')!.ids).toHaveLength(1);
		await f.faults({throttleRate: 1});
		await l.clock.advance(2000);
		await vi.waitFor(async () => expect((await f.stats()).throttled.ListClusters).toBeGreaterThan(0));
		// The header's status follows within a second, while the refresh waits out the backoff.
		await l.clock.advance(1000);
		expect(l.snap().api.state).toBe('throttled');
		expect(l.snap().api.backoffUntil).toBeGreaterThan(l.clock.now());
		expect(l.snap().scopes.get('clusters')!.ids).toHaveLength(1);
		await f.faults({});
		// The backoff timers run on the stepped clock: step it until the retried call has gone through.
		for (let i = 0; i < 100 && l.snap().api.state !== 'ok'; i++) {
			await l.clock.advance(500);
			await new Promise(resolve => setTimeout(resolve, 2));
		}
		expect(l.snap().api).toEqual({state: 'ok'});
		expect(l.snap().scopes.get('clusters')!.stale).toBe(false);
		l.poller.stop();
	});
});

