// The demo world shows every state a monitor must render within its first simulated minute, and
// is deterministic for a seed.
import {DescribeContainerInstancesCommand, DescribeServicesCommand, DescribeTasksCommand, ListContainerInstancesCommand, ListTasksCommand, type Service} from '@aws-sdk/client-ecs';
import {afterEach, describe, expect, it} from 'vitest';
import {startTestSim, type TestSim} from '../helpers/sim.js';

let t: TestSim | undefined;
afterEach(async () => {
	await t?.close();
	t = undefined;
});

async function services(s: TestSim, cluster: string): Promise<Map<string, Service>> {
	const names = [...s.sim.world.cluster(cluster).services.keys()];
	const out = await s.client.send(new DescribeServicesCommand({cluster, services: names}));
	return new Map(out.services!.map(x => [x.serviceName!, x]));
}

describe('demo world', () => {
	it('has three or more clusters with EC2 and Fargate, and every state within a minute', async () => {
		t = await startTestSim({seed: 1});
		const w = t.sim.world;
		expect(w.clusterList.size).toBeGreaterThanOrEqual(3);
		const launchTypes = new Set([...w.clusters.values()].flatMap(c => [...c.services.values()].map(s => s.launchType)));
		expect(launchTypes).toEqual(new Set(['EC2', 'FARGATE']));

		const seen = {unplaceable: false, inProgress: false, crashed: false, failed: false, draining: false, drained: false, disconnected: false};
		for (let second = 0; second < 60; second++) {
			t.sim.advance(1);
			const prod = await services(t, 'production');
			const staging = await services(t, 'staging');
			const all = [...prod.values(), ...staging.values()];
			if (all.some(s => s.events!.some(e => e.message!.includes('was unable to place a task')) && s.runningCount! < s.desiredCount!)) seen.unplaceable = true;
			if (all.some(s => s.deployments!.length > 1 && s.deployments![0]!.rolloutState === 'IN_PROGRESS')) seen.inProgress = true;
			if (all.some(s => s.deployments!.some(d => d.rolloutState === 'FAILED'))) seen.failed = true;
			const stopped = await t.client.send(new ListTasksCommand({cluster: 'staging', desiredStatus: 'STOPPED', serviceName: 'payments'}));
			if (stopped.taskArns!.length > 0) {
				const tasks = (await t.client.send(new DescribeTasksCommand({cluster: 'staging', tasks: stopped.taskArns}))).tasks!;
				if (tasks.some(x => x.stopCode === 'EssentialContainerExited')) seen.crashed = true;
			}
			const draining = await t.client.send(new ListContainerInstancesCommand({cluster: 'production', status: 'DRAINING'}));
			if (draining.containerInstanceArns!.length > 0) {
				seen.draining = true;
				const ci = (await t.client.send(new DescribeContainerInstancesCommand({cluster: 'production', containerInstances: draining.containerInstanceArns}))).containerInstances![0]!;
				// Only its standalone task is left.
				if (ci.runningTasksCount === 1) seen.drained = true;
			}
			const data = await t.client.send(new ListContainerInstancesCommand({cluster: 'data'}));
			const cis = (await t.client.send(new DescribeContainerInstancesCommand({cluster: 'data', containerInstances: data.containerInstanceArns}))).containerInstances!;
			if (cis.some(ci => ci.agentConnected === false)) seen.disconnected = true;
			expect(w.audit()).toEqual([]);
		}
		expect(seen).toEqual({unplaceable: true, inProgress: true, crashed: true, failed: true, draining: true, drained: true, disconnected: true});
	});

	it('is the same world for the same seed', async () => {
		const a = await startTestSim({seed: 42, startTime: Date.UTC(2026, 0, 1)});
		const b = await startTestSim({seed: 42, startTime: Date.UTC(2026, 0, 1)});
		try {
			a.sim.advance(90);
			b.sim.advance(90);
			const ids = (s: TestSim) => [...s.sim.world.clusters.values()].flatMap(c => [...c.tasks.values()].map(x => `${x.id} ${x.lastStatus}`));
			expect(ids(a)).toEqual(ids(b));
			expect(ids(a).length).toBeGreaterThan(20);
		} finally {
			await a.close();
			await b.close();
		}
	});

	it('builds a --scale world with about N×100 services, N×500 tasks and N×15 instances', async () => {
		t = await startTestSim({world: 'empty', scale: 2, seed: 9});
		const big = t.sim.world.cluster('big');
		expect(big.services.size).toBe(200);
		expect(big.tasks.size).toBe(1000);
		expect(big.instances.size).toBe(30);
		expect(big.counts).toEqual({running: 1000, pending: 0});
		t.sim.advance(120);
		expect(t.sim.world.audit()).toEqual([]);
	});
});
