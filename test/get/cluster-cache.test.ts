// `get clusters` saves the names it listed for --cluster completion; a filtered listing does not
// (it would drop the others).
import {rmSync} from 'node:fs';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {runGet} from '../../source/commands/get.js';
import {clusterCachePath, readClusterCache} from '../../source/commands/cluster-cache.js';
import {simFixture, type Fixture} from '../aws/sim-fixture.js';
import {runCaptured} from '../helpers/run-command.js';

let f: Fixture;
beforeAll(async () => {
	f = await simFixture({throttle: false});
	f.sim.world.addCluster('alpha');
	f.sim.world.addCluster('beta');
});
afterAll(() => f.close());
// test/setup.ts points XDG_CACHE_HOME at the test's own directory.
beforeEach(() => rmSync(clusterCachePath(), {force: true}));

describe('get clusters and the cluster cache', () => {
	it('a whole listing is saved', async () => {
		const {code} = await runCaptured(runGet, ['get', 'clusters'], f.endpoint);
		expect(code).toBe(0);
		expect(readClusterCache()).toEqual(expect.arrayContaining(['alpha', 'beta']));
	});

	it('a listing narrowed by --cluster, or another resource, is not', async () => {
		await runCaptured(runGet, ['get', 'clusters', '--cluster', 'alpha'], f.endpoint);
		await runCaptured(runGet, ['get', 'services', '--cluster', 'alpha'], f.endpoint);
		expect(readClusterCache()).toEqual([]);
	});
});
