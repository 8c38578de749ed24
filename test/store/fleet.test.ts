// The fleet's store and poller over several contexts' data layers (fakes here; the simulator in
// test/tui/contexts.test.tsx), and a cluster's health rolled up from its services and instances.
import {describe, expect, it} from 'vitest';
import {clusterHealth, fleetAttention, fleetRows} from '../../source/resources/fleet.js';
import {FleetPoller, FleetStore, memberRowId} from '../../source/store/fleet.js';
import {fakeData, makeCluster, makeInstance, makeService} from '../tui/fake-data.js';

const withArn = (cluster: ReturnType<typeof makeCluster>, region: string) => ({...cluster, clusterArn: cluster.clusterArn.replace('eu-west-1', region)});

describe('fleet store', () => {
	it('merges the members: their clusters in order, one row for a member with none, each member state kept', () => {
		const a = fakeData();
		const b = fakeData();
		a.setScope({kind: 'clusters'}, [makeCluster('api'), makeCluster('web')]);
		b.setScope({kind: 'clusters'}, [], {updatedAt: undefined, loading: true});
		const store = new FleetStore();
		store.setMembers([
			{key: 'a', label: 'a/eu-west-1', store: a.store, poller: a.poller},
			{key: 'b', label: 'b/us-east-1', store: b.store, poller: b.poller},
			{key: 'c', label: 'c/us-east-1', error: 'no valid AWS SSO session for profile "c"'},
			{key: 'a2', label: 'a2/eu-west-1', sameAs: 'a/eu-west-1'},
		]);
		const snapshot = store.getSnapshot();
		expect(snapshot.scopes.get('clusters')!.ids).toEqual([makeCluster('api').clusterArn, makeCluster('web').clusterArn, memberRowId('b'), memberRowId('c'), memberRowId('a2')]);
		const rows = fleetRows(snapshot, store.members(), Date.now());
		expect(rows.map(r => [r.context, r.cluster?.clusterName ?? r.note])).toEqual([
			['a/eu-west-1', 'api'],
			['a/eu-west-1', 'web'],
			['b/us-east-1', 'loading…'],
			['c/us-east-1', 'failed: no valid AWS SSO session for profile "c"'],
			// A second profile of one account and Region: its clusters once, under the first.
			['a2/eu-west-1', 'same account and region as a/eu-west-1'],
		]);
		expect(fleetAttention(rows[3]!)).toContain('failed');
		// Unchanged members: the same snapshot (the UI's row caches compare by identity).
		expect(store.getSnapshot()).toBe(snapshot);
		b.setScope({kind: 'clusters'}, [withArn(makeCluster('batch'), 'us-east-1')]);
		const next = store.getSnapshot();
		expect(next).not.toBe(snapshot);
		expect(fleetRows(next, store.members(), Date.now()).map(r => r.cluster?.clusterName ?? r.note)).toEqual(['api', 'web', 'batch', 'failed: no valid AWS SSO session for profile "c"', 'same account and region as a/eu-west-1']);
	});

	it('opens each member clusters scope and each cluster its health scopes, and closes them all', () => {
		const a = fakeData();
		const b = fakeData();
		const poller = new FleetPoller();
		poller.setMembers([
			{key: 'a', label: 'a', store: a.store, poller: a.poller},
			{key: 'b', label: 'b', store: b.store, poller: b.poller},
		]);
		const close = poller.open({kind: 'clusters'});
		expect(a.poller.opened).toEqual(['clusters']);
		a.setScope({kind: 'clusters'}, [makeCluster('api'), makeCluster('ec2', {registeredContainerInstancesCount: 3}), makeCluster('old', {status: 'INACTIVE'})]);
		expect(a.poller.opened.sort()).toEqual(['clusters', `instances|${makeCluster('ec2').clusterArn}`, `services|${makeCluster('api').clusterArn}`, `services|${makeCluster('ec2').clusterArn}`].sort());
		// A cluster gone: its health scopes close.
		a.setScope({kind: 'clusters'}, [makeCluster('api')]);
		expect(a.poller.opened.sort()).toEqual(['clusters', `services|${makeCluster('api').clusterArn}`].sort());
		poller.focus({kind: 'clusters'});
		expect(b.poller.focused).toEqual(['clusters']);
		close();
		expect(a.poller.opened).toEqual([]);
		expect(b.poller.opened).toEqual([]);
	});

	it('focuses the clusters scope of a member that opens after the pane focused the fleet', () => {
		const a = fakeData();
		const b = fakeData();
		const poller = new FleetPoller();
		poller.setMembers([{key: 'a', label: 'a', store: a.store, poller: a.poller}, {key: 'b', label: 'b'}]);
		// The pane's first render: b is still resolving (STS), so it has no poller yet.
		const close = poller.open({kind: 'clusters'});
		poller.focus({kind: 'clusters'});
		expect(a.poller.focused).toEqual(['clusters']);
		poller.setMembers([{key: 'a', label: 'a', store: a.store, poller: a.poller}, {key: 'b', label: 'b', store: b.store, poller: b.poller}]);
		expect(b.poller.opened).toEqual(['clusters']);
		expect(b.poller.focused).toEqual(['clusters']);
		close();
	});
});

describe('cluster health', () => {
	it('counts short services, rollouts, draining instances and tasks stopped in the last hour', () => {
		const data = fakeData();
		const now = Date.parse('2026-12-06T12:00:00Z');
		const cluster = makeCluster('prod', {registeredContainerInstancesCount: 2});
		const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
		data.setScope({kind: 'clusters'}, [cluster]);
		data.setScope({kind: 'services', cluster: cluster.clusterArn}, [
			makeService('prod', 'web', {desiredCount: 4, runningCount: 2}),
			makeService('prod', 'api', {deployments: [{id: 'd2', status: 'PRIMARY', rolloutState: 'FAILED', desiredCount: 1, runningCount: 0, pendingCount: 0, taskDefinition: 'x'}]}),
			makeService('prod', 'worker', {
				deployments: [
					{id: 'd3', status: 'PRIMARY', rolloutState: 'IN_PROGRESS', desiredCount: 1, runningCount: 1, pendingCount: 0, taskDefinition: 'x'},
					{id: 'd1', status: 'ACTIVE', rolloutState: 'COMPLETED', desiredCount: 1, runningCount: 1, pendingCount: 0, taskDefinition: 'x'},
				],
				events: [
					{id: 'e3', createdAt: at(5), message: '(service worker) has stopped 3 running tasks: (task a) (task b) (task c).'},
					{id: 'e2', createdAt: at(30), message: '(service worker) has stopped 1 running tasks: (task d).'},
					{id: 'e1', createdAt: at(90), message: '(service worker) has stopped 7 running tasks: (task e).'},
				],
			}),
		]);
		data.setScope({kind: 'instances', cluster: cluster.clusterArn}, [makeInstance('prod', 'i1', {status: 'DRAINING'}), makeInstance('prod', 'i2')]);
		const health = clusterHealth(cluster, data.store.getSnapshot(), now);
		expect(health).toEqual({known: true, services: 3, short: 1, rolling: 1, failed: 1, draining: 1, stoppedLastHour: 4});
		expect(fleetAttention({id: cluster.clusterArn, member: 'a', context: 'a', cluster, health})).toBe('1 rollout failed');
		expect(fleetAttention({id: cluster.clusterArn, member: 'a', context: 'a', cluster, health: {...health, failed: 0}})).toBe('1 short of desired');
		expect(fleetAttention({id: cluster.clusterArn, member: 'a', context: 'a', cluster, health: {...health, failed: 0, short: 0, stoppedLastHour: 12}})).toBe('12 tasks stopped in 1 h');
		// Not read yet: unknown, never "ok".
		const fresh = clusterHealth(makeCluster('new'), data.store.getSnapshot(), now);
		expect(fresh.known).toBe(false);
		expect(fleetAttention({id: 'x', member: 'a', context: 'a', cluster: makeCluster('new'), health: fresh})).toBeUndefined();
	});
});
