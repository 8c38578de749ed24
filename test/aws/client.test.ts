// The real EcsApi against the simulator through the SDK: pagination, chunking, failures,
// read-only refusal and the mutation retry rules, counted at the simulator's /_sim/stats.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ReadOnlyError} from '../../source/aws/errors.js';
import {apiFor} from '../helpers/api.js';
import {fillCluster, simFixture, type Fixture} from './sim-fixture.js';

let f: Fixture;

beforeAll(async () => {
	f = await simFixture({throttle: false});
	fillCluster(f.sim, 'small', 25);
	const big = f.sim.world.addCluster('big');
	const td = f.sim.world.addTaskDefinition({family: 'batch', cpu: 256, memory: 512});
	for (let i = 0; i < 1050; i++) f.sim.world.runTask(big, {taskDefinition: td, launchType: 'FARGATE', startedBy: 'batch'});
	const ec2 = f.sim.world.addCluster('ec2');
	for (let i = 0; i < 25; i++) f.sim.world.addInstance(ec2, {instanceType: 'm5.large'});
});

afterAll(() => f.close());

describe('EcsApi against the simulator', () => {
	it('lists past 1,000 with maxResults 100 and describes in chunks of 100', async () => {
		const api = apiFor(f.endpoint);
		await f.resetStats();
		const pages: number[] = [];
		const arns = await api.listTaskArns('big', {}, {onPage: page => pages.push(page.length)});
		expect(arns).toHaveLength(1050);
		expect(new Set(arns).size).toBe(1050);
		expect(pages).toEqual([...Array.from({length: 10}, () => 100), 50]);
		const progress: number[] = [];
		const described = await api.describeTasks('big', arns, {onProgress: loaded => progress.push(loaded)});
		expect(described.items).toHaveLength(1050);
		expect(described.failures).toEqual([]);
		expect(progress.at(-1)).toBe(1050);
		expect(progress).toHaveLength(11);
		const stats = await f.stats();
		expect(stats.calls.ListTasks).toBe(11);
		expect(stats.calls.DescribeTasks).toBe(11);
		const task = described.items[0]!;
		expect(task.taskArn).toMatch(/^arn:aws:ecs:/);
		expect(task.lastStatus).toBe('RUNNING');
		expect(task.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
		expect(Array.isArray(task.containers)).toBe(true);
		// One shape for every task (an absent field is an undefined key, not a missing one): V8 then
		// keeps 10,000 of them as compact fast objects.
		const keys = Object.keys(task).join();
		expect(described.items.every(t => Object.keys(t).join() === keys)).toBe(true);
		expect(Object.keys(task)).toContain('stoppedReason');
		expect(task.stoppedReason).toBeUndefined();
		expect(JSON.stringify(task)).not.toContain('stoppedReason');
	});

	it('describes 25 services in 3 DescribeServices calls', async () => {
		const api = apiFor(f.endpoint);
		await f.resetStats();
		const arns = await api.listServiceArns('small');
		expect(arns).toHaveLength(25);
		const {items} = await api.describeServices('small', arns);
		expect(items.map(s => s.serviceName).sort()).toEqual(Array.from({length: 25}, (_, i) => `svc-${String(i).padStart(4, '0')}`));
		const stats = await f.stats();
		expect(stats.calls).toMatchObject({ListServices: 1, DescribeServices: 3});
		expect(items[0]!.deployments[0]!.status).toBe('PRIMARY');
	});

	it('returns failures instead of dropping them', async () => {
		const api = apiFor(f.endpoint);
		const arns = await api.listServiceArns('small');
		const result = await api.describeServices('small', [arns[0]!, 'no-such-service']);
		expect(result.items).toHaveLength(1);
		expect(result.failures).toEqual([expect.objectContaining({reason: 'MISSING'})]);
		const clusters = await api.describeClusters(['small', 'nope']);
		expect(clusters.items.map(c => c.clusterName)).toEqual(['small']);
		expect(clusters.failures[0]?.reason).toBe('MISSING');
		expect(clusters.items[0]!.activeServicesCount).toBe(25);
	});

	it('throws ClusterNotFoundException for an unknown cluster', async () => {
		const api = apiFor(f.endpoint);
		await expect(api.listServiceArns('nope')).rejects.toMatchObject({name: 'ClusterNotFoundException'});
	});

	it('describes and drains container instances in batches of 100 and 10', async () => {
		const api = apiFor(f.endpoint);
		await f.resetStats();
		const arns = await api.listContainerInstanceArns('ec2');
		const {items} = await api.describeContainerInstances('ec2', arns);
		expect(items).toHaveLength(25);
		expect(items[0]!.registeredResources.find(r => r.name === 'CPU')?.integerValue).toBe(2048);
		const drained = await api.updateContainerInstancesState('ec2', arns, 'DRAINING');
		expect(drained.items).toHaveLength(25);
		expect(drained.items.every(i => i.status === 'DRAINING')).toBe(true);
		const stats = await f.stats();
		expect(stats.calls).toMatchObject({ListContainerInstances: 1, DescribeContainerInstances: 1, UpdateContainerInstancesState: 3});
		await api.updateContainerInstancesState('ec2', arns, 'ACTIVE');
	});

	it('refuses mutations when read-only without sending anything', async () => {
		const api = apiFor(f.endpoint, {readOnly: true});
		await f.resetStats();
		const [task] = await api.listTaskArns('big');
		await expect(api.stopTask('big', task!, 'test')).rejects.toBeInstanceOf(ReadOnlyError);
		await expect(api.updateService('small', 'svc-0000', {desiredCount: 2})).rejects.toBeInstanceOf(ReadOnlyError);
		await expect(api.updateContainerInstancesState('ec2', ['x'], 'DRAINING')).rejects.toBeInstanceOf(ReadOnlyError);
		const stats = await f.stats();
		expect(stats.calls).toEqual({ListTasks: 11}); // the listing only: no StopTask, UpdateService or drain left
	});

	it('stops a task with its reason', async () => {
		const api = apiFor(f.endpoint);
		const [arn] = await api.listTaskArns('big');
		const task = await api.stopTask('big', arn!, 'Stopped by ecs-top (test)');
		expect(task.desiredStatus).toBe('STOPPED');
		expect(task.stoppedReason).toBe('Stopped by ecs-top (test)');
	});

	it('retries reads on 500s but never a mutation (the 500 may have come after ECS applied it)', async () => {
		const api = apiFor(f.endpoint, {retry: {maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0}});
		await f.resetStats();
		await f.faults({errorRate: 1});
		try {
			await expect(api.listClusterArns()).rejects.toMatchObject({$metadata: {httpStatusCode: 500}});
			await expect(api.updateService('small', 'svc-0001', {forceNewDeployment: true})).rejects.toBeDefined();
			await expect(api.updateService('small', 'svc-0001', {desiredCount: 3})).rejects.toBeDefined();
		} finally {
			await f.faults({});
		}
		const stats = await f.stats();
		expect(stats.calls.ListClusters).toBe(3);
		expect(stats.calls.UpdateService).toBe(1 + 1);
		const ok = await api.updateService('small', 'svc-0001', {desiredCount: 2});
		expect(ok.desiredCount).toBe(2);
	});
});
