// The store and poller against the simulator through the real SDK, on a stepped clock.
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {type Scope, scopeKey} from '../../source/store/index.js';
import {fillCluster, simFixture, type Fixture} from '../aws/sim-fixture.js';
import {churn, layerFor} from './layer-fixture.js';
import {freshnessText} from '../../source/views/header.js';

let f: Fixture;
const stops: Array<() => void> = [];

beforeAll(async () => {
	f = await simFixture({throttle: false});
	fillCluster(f.sim, 'shop', 25, 2);
	fillCluster(f.sim, 'wide', 200, 1);
});
afterAll(() => f.close());
afterEach(async () => {
	for (const stop of stops.splice(0)) stop();
	await f.faults({});
});

function layer(options: Parameters<typeof layerFor>[1] = {}) {
	const l = layerFor(f, options);
	stops.push(() => l.poller.stop());
	return l;
}

const services = (cluster: string): Scope => ({kind: 'services', cluster});

describe('store and poller', () => {
	it('cold-loads a scope into normalised entities and per-scope state', async () => {
		const l = layer();
		l.poller.open(services('shop'));
		expect(l.snap().scopes.get('services|shop')?.loading).toBe(true);
		await l.poller.settled();
		const snap = l.snap();
		const scope = snap.scopes.get('services|shop')!;
		expect(scope).toMatchObject({loading: false, stale: false, intervalMs: 10_000});
		expect(scope.updatedAt).toBe(l.clock.now());
		expect(scope.loaded).toBeUndefined();
		expect(scope.ids).toHaveLength(25);
		expect(scope.ids.every(id => snap.services.get(id)?.serviceArn === id)).toBe(true);
		expect(snap.api).toEqual({state: 'ok'});
	});

	it('polls the focused scope every --refresh and others five times slower', async () => {
		const l = layer();
		l.poller.open(services('shop'));
		l.poller.focus({kind: 'clusters'});
		await l.poller.settled();
		await f.resetStats();
		await l.step(10_000);
		const stats = await f.stats();
		// Focused cluster list: one List + one Describe every 2 s; the services scope: one cycle in 10 s.
		expect(stats.calls.ListClusters).toBe(5);
		expect(stats.calls.ListServices).toBe(1);
		expect(l.snap().scopes.get('clusters')?.intervalMs).toBe(2000);
		expect(l.snap().scopes.get('services|shop')?.intervalMs).toBe(10_000);
	});

	it("publishes an unfocused scope's poll with the focused scope's next refresh, not in a frame of its own", async () => {
		const l = layer();
		l.poller.open(services('shop'));
		l.poller.focus({kind: 'clusters'});
		await l.poller.settled();
		await f.resetStats();
		let notifications = 0;
		l.store.subscribe(() => notifications++);
		const svc = f.sim.world.findService(f.sim.world.cluster('shop'), 'svc-0004')!;
		f.sim.world.scheduler.updateService(svc, {desiredCount: 7});
		await l.step(12_000);
		const stats = await f.stats();
		expect(stats.calls.ListServices).toBe(1);
		expect(l.snap().services.get(svc.arn)!.desiredCount).toBe(7);
		// One notification per refresh of the focused cluster list (every 2 s), none extra.
		expect(notifications).toBe(stats.calls.ListClusters);
		f.sim.world.scheduler.updateService(svc, {desiredCount: 2});
	});

	it('sweeps an unfocused big scope at the quiet pace even while its cluster changes', async () => {
		const l = layer();
		const scope = services('wide');
		l.poller.open(scope);
		l.poller.focus({kind: 'clusters'});
		await l.poller.settled();
		await f.resetStats();
		const world = f.sim.world;
		const svc = world.findService(world.cluster('wide'), 'svc-0003')!;
		await churn(f, l, svc, 1, 120);
		const stats = await f.stats();
		// Its visible rows (the first 50: 5 calls) every 10 s; the 15 chunks off screen about once in
		// 5 minutes (at the active pace, 17 calls in these 2 minutes).
		const cycles = 12;
		expect(stats.calls.DescribeServices).toBeLessThanOrEqual(cycles * 5 + 8);
		world.scheduler.updateService(svc, {desiredCount: 1});
	});

	it("reads a big scope's change signal (the cluster's counters) at most every 10 s, not every refresh", async () => {
		const l = layer();
		l.poller.focus(services('wide'));
		await l.poller.settled();
		await f.resetStats();
		await l.step(30_000);
		const stats = await f.stats();
		// Fifteen refreshes of the visible rows; three reads of the counters.
		expect(stats.calls.DescribeServices).toBeGreaterThanOrEqual(15 * 5);
		expect(stats.calls.DescribeClusters).toBeLessThanOrEqual(4);
	});

	it('shows the planned interval, not a poll held back by a pause or a dialog', async () => {
		const l = layer();
		const key = 'services|shop';
		l.poller.focus(services('shop'));
		await l.poller.settled();
		await l.step(2000);
		// Held back 3.5 s (a dialog pauses polling): still "every 2s", and not stretched by the budget.
		l.poller.pause();
		await l.step(3500);
		l.poller.resume();
		await l.poller.settled();
		expect(l.snap().scopes.get(key)).toMatchObject({intervalMs: 2000, budgetStretched: false});
	});

	it('marks the interval when the API budget really stretches it', async () => {
		const l = layer({pollBudget: () => 0.5});
		const key = 'services|shop';
		l.poller.focus(services('shop'));
		await l.poller.settled();
		await l.step(10_000);
		const scope = l.snap().scopes.get(key)!;
		expect(scope.intervalMs).toBeGreaterThan(2000);
		expect(scope.budgetStretched).toBe(true);
		expect(freshnessText([scope], scope.updatedAt!).text).toMatch(/^updated 0s ago, every \d+(\.\d)?s \(API budget\)$/);
		expect(freshnessText([{...scope, intervalMs: 2000, budgetStretched: false}], scope.updatedAt!).text).toBe('updated 0s ago, every 2s');
	});

	it('keeps unchanged entities and notifies once per cycle', async () => {
		const l = layer();
		l.poller.focus(services('shop'));
		await l.poller.settled();
		const before = l.snap();
		let notifications = 0;
		l.store.subscribe(() => notifications++);
		const svc = f.sim.world.findService(f.sim.world.cluster('shop'), 'svc-0003')!;
		f.sim.world.scheduler.updateService(svc, {desiredCount: 5});
		await l.step(2000);
		const after = l.snap();
		expect(notifications).toBe(1);
		expect(after.version).toBe(before.version + 1);
		expect(after.services).not.toBe(before.services);
		expect(after.services.get(svc.arn)!.desiredCount).toBe(5);
		const untouched = before.scopes.get('services|shop')!.ids.find(id => id !== svc.arn)!;
		expect(after.services.get(untouched)).toBe(before.services.get(untouched));
		expect(after.clusters).toBe(before.clusters);
		f.sim.world.scheduler.updateService(svc, {desiredCount: 2});
	});

	it('keeps the last good data and marks the scope stale on 500s and HTML bodies, then recovers', async () => {
		const l = layer({api: undefined});
		l.poller.focus(services('shop'));
		await l.poller.settled();
		const ids = l.snap().scopes.get('services|shop')!.ids;
		await f.faults({errorRate: 1, htmlErrors: true});
		await l.step(2000);
		let scope = l.snap().scopes.get('services|shop')!;
		expect(scope).toMatchObject({stale: true, staleSince: l.clock.now(), error: {name: 'ServerError'}});
		expect(scope.ids).toBe(ids);
		expect(l.snap().services.size).toBe(25);
		expect(l.snap().api.state).toBe('error');
		await f.faults({errorRate: 1, htmlErrors: false});
		const since = scope.staleSince;
		await l.step(2000);
		scope = l.snap().scopes.get('services|shop')!;
		expect(scope.staleSince).toBe(since);
		await f.faults({});
		// Failing polls back off (at most 32 s apart): the next one finds ECS answering again.
		await l.step(32_000);
		scope = l.snap().scopes.get('services|shop')!;
		expect(scope.stale).toBe(false);
		expect(scope.error).toBeUndefined();
		expect(scope.staleSince).toBeUndefined();
		expect(l.snap().api).toEqual({state: 'ok'});
	});

	it('describes only the visible rows of a big scope each refresh, yet notices off-screen changes', async () => {
		const l = layer();
		const scope = services('wide');
		l.poller.focus(scope);
		await l.poller.settled();
		const ids = l.snap().scopes.get(scopeKey(scope))!.ids;
		expect(ids).toHaveLength(200);
		l.poller.setVisible(scope, ids.slice(0, 40));
		await f.resetStats();
		// A visible row changes: seen within two refreshes.
		const world = f.sim.world;
		const cluster = world.cluster('wide');
		const byArn = (arn: string) => [...cluster.services.values()].find(s => s.arn === arn)!;
		const onScreen = byArn(ids[5]!);
		world.scheduler.updateService(onScreen, {desiredCount: 3});
		await l.step(4000);
		expect(l.snap().services.get(onScreen.arn)!.desiredCount).toBe(3);
		// An off-screen row changes: the background pass finds it within a minute.
		const offScreen = byArn(ids[170]!);
		world.scheduler.updateService(offScreen, {desiredCount: 4});
		f.sim.advance(1);
		await l.step(60_000, 500);
		expect(l.snap().services.get(offScreen.arn)!.desiredCount).toBe(4);
		const stats = await f.stats();
		const cycles = 64 / 2;
		// A naive crawl would describe all 20 chunks every cycle.
		expect(stats.calls.DescribeServices).toBeLessThan(cycles * 20 * 0.5);
		expect(stats.calls.ListServices ?? 0).toBeLessThan(cycles);
		world.scheduler.updateService(onScreen, {desiredCount: 1});
		world.scheduler.updateService(offScreen, {desiredCount: 1});
	});

	it('pauses and resumes polling; refreshNow goes ahead and resolves when done', async () => {
		const l = layer();
		l.poller.focus(services('shop'));
		await l.poller.settled();
		l.poller.pause();
		await f.resetStats();
		await l.step(6000);
		expect((await f.stats()).calls).toEqual({});
		const svc = f.sim.world.findService(f.sim.world.cluster('shop'), 'svc-0007')!;
		f.sim.world.scheduler.updateService(svc, {desiredCount: 6});
		await l.poller.refreshNow(services('shop'));
		expect(l.snap().services.get(svc.arn)!.desiredCount).toBe(6);
		expect(l.limiter.stats().serviceRead?.granted.interactive).toBeGreaterThan(0);
		l.poller.resume();
		await l.poller.settled();
		await l.step(2000);
		expect((await f.stats()).calls.ListServices).toBeGreaterThanOrEqual(2);
		f.sim.world.scheduler.updateService(svc, {desiredCount: 2});
	});

	it('shows recently stopped tasks only when asked', async () => {
		const l = layer();
		const running: Scope = {kind: 'tasks', cluster: 'shop', service: 'svc-0001'};
		const withStopped: Scope = {...running, stopped: true};
		l.poller.open(running);
		l.poller.open(withStopped);
		await l.poller.settled();
		const [first] = l.snap().scopes.get(scopeKey(running))!.ids;
		await l.api.stopTask('shop', first!, 'test');
		await l.poller.refreshNow(running);
		await l.poller.refreshNow(withStopped);
		const snap = l.snap();
		expect(snap.scopes.get(scopeKey(running))!.ids).not.toContain(first);
		expect(snap.scopes.get(scopeKey(withStopped))!.ids).toContain(first);
		expect(snap.tasks.get(first!)!.desiredStatus).toBe('STOPPED');
	});

	it("follows tasks stopped from a scope in the scope's own DescribeTasks until STOPPED, then lets them go", async () => {
		const l = layer();
		const running: Scope = {kind: 'tasks', cluster: 'shop', service: 'svc-0003'};
		const key = scopeKey(running);
		l.poller.focus(running);
		await l.poller.settled();
		const [first] = l.snap().scopes.get(key)!.ids;
		const answer = await l.api.stopTask('shop', first!, 'test');
		l.poller.followUntilStopped!(running, [answer]);
		expect(l.snap().scopes.get(key)!.followed).toEqual([first]);
		expect(l.snap().tasks.get(first!)!.desiredStatus).toBe('STOPPED');
		await f.resetStats();
		const seen: string[] = [];
		for (let i = 0; i < 15 && l.snap().scopes.get(key)!.followed; i++) {
			f.sim.advance(2);
			await l.step(2000);
			seen.push(l.snap().tasks.get(first!)?.lastStatus ?? 'gone');
		}
		expect(l.snap().scopes.get(key)!.ids).not.toContain(first);
		// Kept while moving, then three refreshes STOPPED, then let go (and out of the store).
		expect(seen.slice(-4)).toEqual(['STOPPED', 'STOPPED', 'STOPPED', 'gone']);
		expect(l.snap().scopes.get(key)!.followed).toBeUndefined();
		const calls = (await f.stats()).calls;
		expect(calls.DescribeTasks).toBe(calls.ListTasks);
	});

	it('covers every service of a cluster in an events scope, 10 per call', async () => {
		const l = layer();
		await f.resetStats();
		l.poller.focus({kind: 'events', cluster: 'shop'});
		await l.poller.settled();
		const scope = l.snap().scopes.get('events|shop|')!;
		expect(scope.ids).toHaveLength(25);
		expect(l.snap().services.get(scope.ids[0]!)!.events.length).toBeGreaterThan(0);
		expect((await f.stats()).calls.DescribeServices).toBe(3);
		const one: Scope = {kind: 'events', cluster: 'shop', service: 'svc-0002'};
		l.poller.focus(one);
		await l.poller.settled();
		expect(l.snap().scopes.get(scopeKey(one))!.ids).toEqual([expect.stringMatching(/service\/shop\/svc-0002$/)]);
	});

	it('drops a closed scope and the entities nobody lists any more (no linger)', async () => {
		const l = layer({tuning: {lingerMs: 0}});
		const close = l.poller.open(services('shop'));
		const closeTasks = l.poller.open({kind: 'tasks', cluster: 'shop'});
		await l.poller.settled();
		expect(l.snap().services.size).toBe(25);
		close();
		expect(l.snap().scopes.has('services|shop')).toBe(false);
		expect(l.snap().services.size).toBe(0);
		expect(l.snap().tasks.size).toBeGreaterThan(0);
		closeTasks();
		expect(l.snap().tasks.size).toBe(0);
	});

	it('marks an unknown cluster stale with ClusterNotFoundException', async () => {
		const l = layer();
		l.poller.focus(services('nope'));
		await l.poller.settled();
		expect(l.snap().scopes.get('services|nope')).toMatchObject({stale: true, loading: false, ids: [], error: {name: 'ClusterNotFoundException'}});
	});
});

describe('a closed scope lingers', () => {
	const wide = services('wide');

	it('unpolled, its rows kept, until the linger ends; then dropped with the entities only it listed', async () => {
		const l = layer({tuning: {lingerMs: 60_000}});
		const close = l.poller.open(wide);
		l.poller.focus({kind: 'clusters'});
		await l.poller.settled();
		const ids = l.snap().scopes.get('services|wide')!.ids;
		expect(ids).toHaveLength(200);
		close();
		await f.resetStats();
		await l.step(59_000, 1000);
		// Only the focused cluster list was polled meanwhile.
		const calls = (await f.stats()).calls;
		expect(calls.ListServices ?? 0).toBe(0);
		expect(calls.DescribeServices ?? 0).toBe(0);
		expect(l.snap().scopes.get('services|wide')!.ids).toBe(ids);
		expect(l.snap().services.size).toBe(200);
		await l.step(1000);
		expect(l.snap().scopes.has('services|wide')).toBe(false);
		expect(l.snap().services.size).toBe(0);
	});

	it('opened again, shows its rows at once and re-reads only what a refresh reads, not the whole scope', async () => {
		const l = layer();
		l.poller.focus(wide);
		await l.poller.settled();
		const cold = (await f.stats()).calls;
		l.poller.setVisible(wide, l.snap().scopes.get('services|wide')!.ids.slice(0, 10));
		l.poller.focus({kind: 'clusters'});
		await l.poller.settled();
		await l.step(30_000, 1000);
		const svc = f.sim.world.findService(f.sim.world.cluster('wide'), 'svc-0000')!;
		f.sim.world.scheduler.updateService(svc, {desiredCount: 3});
		await f.resetStats();
		l.poller.focus(wide);
		// The rows before any answer: no "loading" pane.
		const back = l.snap().scopes.get('services|wide')!;
		expect(back.ids).toHaveLength(200);
		expect(back.loading).toBe(false);
		await l.poller.settled();
		const calls = (await f.stats()).calls;
		// A cold load listed 2 pages and described 20 chunks; the way back: the 10 rows on screen, one call.
		expect(cold.ListServices).toBe(2);
		expect(cold.DescribeServices).toBe(20);
		expect(calls.ListServices ?? 0).toBe(0);
		expect(calls.DescribeServices).toBe(1);
		expect(l.snap().services.get(svc.arn)!.desiredCount).toBe(3);
		expect(l.snap().scopes.get('services|wide')!.updatedAt).toBe(l.clock.now());
		f.sim.world.scheduler.updateService(svc, {desiredCount: 1});
	});

	it('opened and then focused in one turn, as the UI does: one refresh, published at once', async () => {
		const l = layer();
		const close = l.poller.open(wide);
		l.poller.focus(wide);
		await l.poller.settled();
		l.poller.setVisible(wide, l.snap().scopes.get('services|wide')!.ids.slice(0, 10));
		close();
		l.poller.focus({kind: 'clusters'});
		await l.step(5000, 1000);
		await f.resetStats();
		let published = 0;
		l.store.subscribe(() => published++);
		l.poller.open(wide);
		l.poller.focus(wide);
		await l.poller.settled();
		expect((await f.stats()).calls.DescribeServices).toBe(1);
		expect(l.snap().scopes.get('services|wide')!.updatedAt).toBe(l.clock.now());
		expect(published).toBeGreaterThan(0);
	});

	it('closed in the middle of a poll and opened again: the aborted poll leaves no error on the scope', async () => {
		const l = layer();
		const close = l.poller.open(wide);
		await l.poller.settled();
		const polling = l.poller.refreshNow(wide);
		close();
		l.poller.open(wide);
		await polling;
		await l.poller.settled();
		const state = l.snap().scopes.get('services|wide')!;
		expect(state).toMatchObject({stale: false, loading: false});
		expect(state.error).toBeUndefined();
		expect(state.ids).toHaveLength(200);
	});

	it('at most lingerScopes at once, the oldest dropped first; stop() leaves no timer behind', async () => {
		const l = layer({tuning: {lingerScopes: 1}});
		const closeWide = l.poller.open(wide);
		const closeShop = l.poller.open(services('shop'));
		await l.poller.settled();
		closeWide();
		expect(l.snap().scopes.has('services|wide')).toBe(true);
		closeShop();
		expect(l.snap().scopes.has('services|wide')).toBe(false);
		expect(l.snap().scopes.has('services|shop')).toBe(true);
		expect(l.snap().services.size).toBe(25);
		l.poller.stop();
		expect(l.clock.pending).toBe(0);
	});
});

describe('many background scopes (the fleet\'s health scopes)', () => {
	it('spreads their first polls over the stretched interval instead of polling them all at once', async () => {
		const g = await simFixture({throttle: false});
		try {
			const names = Array.from({length: 40}, (_, i) => `c${String(i).padStart(2, '0')}`);
			for (const name of names) fillCluster(g.sim, name, 3);
			let seed = 1;
			const random = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647);
			const l = layerFor(g, {random});
			const closers = names.map(name => l.poller.open(services(name)));
			l.poller.focus({kind: 'clusters'});
			await l.poller.settled();
			// 40 unfocused scopes of 2 calls every 10 s want 8 calls/s of "service read": more than half
			// the budget (a quarter of 20/s), so each is stretched alike; all were cold-loaded at once.
			const interval = Math.max(...names.map(name => l.snap().scopes.get(`services|${name}`)!.intervalMs));
			expect(interval).toBeGreaterThan(20_000);
			await g.resetStats();
			const perSecond: number[] = [];
			let before = 0;
			for (let s = 0; s < Math.ceil((interval * 1.5) / 1000); s++) {
				await l.step(1000);
				const now = (await g.stats()).calls.ListServices ?? 0;
				perSecond.push(now - before);
				before = now;
			}
			// Each polled once or twice in the first one and a half intervals (the earliest again an interval
			// after its first), a few in any one second, the first and the last most of an interval apart
			// (without the spread: within half an interval, each scope's first poll due an interval after
			// a cold load that all began at once, the interval growing as more of them loaded).
			expect(before).toBeGreaterThanOrEqual(40);
			expect(before).toBeLessThanOrEqual(60);
			expect(Math.max(...perSecond)).toBeLessThanOrEqual(6);
			const seconds = perSecond.flatMap((n, i) => (n > 0 ? [i] : []));
			expect(seconds.at(-1)! - seconds[0]!).toBeGreaterThan((0.8 * interval) / 1000);
			for (const close of closers) close();
			l.poller.stop();
		} finally {
			await g.close();
		}
	});
});

