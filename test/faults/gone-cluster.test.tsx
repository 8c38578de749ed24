// A cluster deleted under the client: the screen says it is gone and how to leave, its scopes are
// no longer polled (the simulator's count of that cluster's calls stops), Esc goes back to the
// clusters. The simulator deletes it as ECS does from the outside (`POST /_sim/faults
// {"deleteCluster": …}`: ListServices then answers ClusterNotFoundException, DescribeClusters INACTIVE).
import {cleanup} from 'ink-testing-library';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {fillCluster, simFixture, type Fixture} from '../aws/sim-fixture.js';
import {churn, layerFor} from '../store/layer-fixture.js';
import {keys} from '../tui/render-app.js';
import {faultApp, total} from './harness.js';

let opened: Array<{close(): Promise<void>}> = [];
afterEach(async () => {
	cleanup();
	for (const app of opened) await app.close();
	opened = [];
});

/** Calls that only the cluster's own scopes make (the clusters pane lists and describes the others). */
const clusterCalls = (calls: Record<string, number>) => total(Object.fromEntries(Object.entries(calls).filter(([op]) => op !== 'ListClusters' && op !== 'DescribeClusters')));

describe('a cluster deleted under the TUI', () => {
	it('says so on its services pane, stops polling it, and Esc goes back to the clusters', async () => {
		const app = await faultApp({app: {cluster: 'production'}});
		opened.push(app);
		await app.until(f => expect(f).toMatch(/worker +ACTIVE/));
		await app.sim.faults({deleteCluster: 'production'});
		await app.untilText('cluster production is gone (deleted or not found)');
		expect(app.frame()).toContain('Esc back to clusters');
		expect(app.frame()).not.toContain('stale since');
		// The last rows stay, and ECS itself is fine.
		expect(app.frame()).toMatch(/worker +ACTIVE/);
		expect(app.apiLine()).toContain('API ok');
		const before = (await app.sim.stats()).calls;
		// Fifteen refresh intervals, and the backoff's cap: not one more call for the cluster.
		await app.step(40_000);
		const after = (await app.sim.stats()).calls;
		expect(clusterCalls(after)).toBe(clusterCalls(before));
		// The clusters pane behind it is still polled.
		expect(after.ListClusters).toBeGreaterThan(before.ListClusters ?? 0);
		expect(app.frame()).toContain('cluster production is gone (deleted or not found)');
		await app.press(keys.escape);
		await app.until(f => expect(f).toMatch(/^CLUSTERS {2}clusters/m));
		await app.until(f => expect(f).not.toMatch(/^[> ] production /m));
		expect(app.frame()).not.toContain('is gone');
	});
});

describe('the poller and a gone cluster', () => {
	let f: Fixture;
	beforeAll(async () => {
		f = await simFixture({throttle: false});
	});
	afterAll(() => f.close());

	it('a big scope (visible rows, counters, background sweep) stops too', async () => {
		const {services} = fillCluster(f.sim, 'wide', 200, 1);
		const l = layerFor(f);
		opened.push({close: async () => l.poller.stop()});
		const scope = {kind: 'services', cluster: 'wide'} as const;
		l.poller.focus(scope);
		await l.poller.settled();
		// The cluster changes, so its sweep runs at the active pace.
		await churn(f, l, services[0]!, 1, 20);
		f.sim.world.scheduler.deleteCluster(f.sim.world.findCluster('wide')!);
		await l.step(30_000);
		expect(l.snap().scopes.get('services|wide')).toMatchObject({gone: 'wide', stale: true});
		const before = total((await f.stats()).calls);
		await l.step(120_000, 1000);
		expect(total((await f.stats()).calls)).toBe(before);
		// r asks once more: still gone, one call, and quiet again after it.
		await l.poller.refreshNow(scope);
		expect(l.snap().scopes.get('services|wide')?.gone).toBe('wide');
		const asked = total((await f.stats()).calls);
		expect(asked).toBeGreaterThan(before);
		await l.step(60_000, 1000);
		expect(total((await f.stats()).calls)).toBe(asked);
	});
});
