// Utilization the simulator derives from its world, read through the real @aws-sdk/client-cloudwatch
// on a stepped clock: AWS/ECS CPU and memory for services and clusters (ECS's formulas, checked
// against hand-computed values on a fixed-load world and against Σ used / Σ reserved recomputed
// from the demo world's tasks), the publishing latency, Container Insights by cluster setting, and
// the demo's leaking service: its memory climbs, the task is killed for it and replaced.
import {DescribeClustersCommand, DescribeServicesCommand, DescribeTasksCommand} from '@aws-sdk/client-ecs';
import {describe, expect, it} from 'vitest';
import {loadModel, usage} from '../../source/sim/cloudwatch/load.js';
import type {TaskRec} from '../../source/sim/model.js';
import type {World} from '../../source/sim/world.js';
import {metric, series, simCloudWatchPerTest} from '../helpers/cloudwatch.js';

const start = Date.UTC(2026, 5, 1, 12);
const MINUTE = 60_000;
const setup = simCloudWatchPerTest({seed: 7, startTime: start});

/** An EC2 cluster whose tasks run at fixed loads, and a Fargate one: every expected value is arithmetic. */
function fixedWorld(w: World): void {
	const shop = w.addCluster('shop', {containerInsights: 'enabled'});
	w.addInstance(shop, {instanceType: 'm5.large'}); // 2048 CPU units, 7680 MiB
	w.addInstance(shop, {instanceType: 'm5.large'});
	const a = w.addTaskDefinition({family: 'a', cpu: 512, memory: 1024, networkMode: 'bridge', behaviour: {load: {cpu: 0.25, memory: 0.5}}});
	const b = w.addTaskDefinition({family: 'b', cpu: 256, memory: 512, networkMode: 'bridge', behaviour: {load: {cpu: 0.75, memory: 0.1}}});
	w.addService(shop, {name: 'a', taskDefinition: a, desiredCount: 2, launchType: 'EC2'});
	w.addService(shop, {name: 'b', taskDefinition: b, desiredCount: 1, launchType: 'EC2'});
	const cloud = w.addCluster('cloud');
	const f = w.addTaskDefinition({family: 'f', cpu: 1024, memory: 2048, behaviour: {load: {cpu: 0.4, memory: 0.3}}});
	w.addService(cloud, {name: 'f', taskDefinition: f, desiredCount: 2, launchType: 'FARGATE'});
}

const values = (points: Array<[number, number]> | undefined) => (points ?? []).map(([, v]) => v);

describe('AWS/ECS utilization', () => {
	it('a service is 100 × Σ used / Σ reserved, Minimum/Maximum its extreme tasks, SampleCount its task count', async () => {
		const {t, cw} = await setup({world: 'empty'});
		fixedWorld(t.sim.world);
		await t.advance(600);
		const got = await series(cw, [
			metric('acpu', 'AWS/ECS', 'CPUUtilization', {ClusterName: 'shop', ServiceName: 'a'}),
			metric('amem', 'AWS/ECS', 'MemoryUtilization', {ClusterName: 'shop', ServiceName: 'a'}),
			metric('bcpu', 'AWS/ECS', 'CPUUtilization', {ClusterName: 'shop', ServiceName: 'b'}, {stat: 'Maximum'}),
			metric('acount', 'AWS/ECS', 'CPUUtilization', {ClusterName: 'shop', ServiceName: 'a'}, {stat: 'SampleCount', period: 300}),
			metric('fcpu', 'AWS/ECS', 'CPUUtilization', {ClusterName: 'cloud', ServiceName: 'f'}),
		], start, start + 600_000);
		expect(got.get('acpu')).toHaveLength(9);
		for (const v of values(got.get('acpu'))) expect(v).toBeCloseTo(25, 9);
		for (const v of values(got.get('amem'))) expect(v).toBeCloseTo(50, 9);
		for (const v of values(got.get('bcpu'))) expect(v).toBeCloseTo(75, 9);
		for (const v of values(got.get('fcpu'))) expect(v).toBeCloseTo(40, 9);
		// Two tasks × five minutes; the second five minutes are not whole and published yet.
		expect(got.get('acount')).toEqual([[start, 10]]);
	});

	it('mid-deployment, tasks of two sizes weigh by their reservation (not a mean of percentages)', async () => {
		const {t, cw} = await setup({world: 'empty'});
		const w = t.sim.world;
		fixedWorld(w);
		const bigger = w.addTaskDefinition({family: 'b', cpu: 1024, memory: 512, networkMode: 'bridge', behaviour: {load: {cpu: 0.25, memory: 0.1}}});
		w.scheduler.updateService(w.cluster('shop').services.get('b')!, {taskDef: bigger});
		await t.advance(300);
		const got = await series(cw, ['Average', 'Minimum', 'Maximum'].map(stat => metric(stat.toLowerCase(), 'AWS/ECS', 'CPUUtilization', {ClusterName: 'shop', ServiceName: 'b'}, {stat})), start, start + 300_000);
		const tasks = [...w.cluster('shop').tasks.values()].filter(x => x.service?.name === 'b');
		const both = got.get('average')!.filter(([m]) => {
			const running = tasks.filter(x => x.startedAt! < m + MINUTE && (x.stoppingAt ?? Number.POSITIVE_INFINITY) > m);
			return running.some(x => x.taskDef === bigger) && running.some(x => x.taskDef !== bigger);
		});
		expect(both.length).toBeGreaterThan(0);
		// (0.75 × 256 + 0.25 × 1024) / (256 + 1024); the mean of 75% and 25% would be 50%.
		for (const [, v] of both) expect(v).toBeCloseTo(35, 9);
		const at = (stat: string, m: number) => got.get(stat)!.find(([ts]) => ts === m)![1];
		for (const [m] of both) expect([at('minimum', m), at('maximum', m)]).toEqual([25, 75]);
	});

	it('an EC2 cluster is its tasks\' use over the instances\' registered capacity; a Fargate cluster has none', async () => {
		const {t, cw} = await setup({world: 'empty'});
		fixedWorld(t.sim.world);
		await t.advance(300);
		const got = await series(cw, [
			metric('cpu', 'AWS/ECS', 'CPUUtilization', {ClusterName: 'shop'}),
			metric('mem', 'AWS/ECS', 'MemoryUtilization', {ClusterName: 'shop'}),
			metric('instances', 'AWS/ECS', 'CPUUtilization', {ClusterName: 'shop'}, {stat: 'SampleCount'}),
			metric('cloud', 'AWS/ECS', 'CPUUtilization', {ClusterName: 'cloud'}),
		], start, start + 300_000);
		// (2 × 0.25 × 512 + 0.75 × 256) / (2 × 2048) and (2 × 0.5 × 1024 + 0.1 × 512) / (2 × 7680).
		expect(values(got.get('cpu')).length).toBe(4);
		for (const v of values(got.get('cpu'))) expect(v).toBeCloseTo(100 * 448 / 4096, 9);
		for (const v of values(got.get('mem'))) expect(v).toBeCloseTo(100 * 1075.2 / 15_360, 9);
		for (const v of values(got.get('instances'))) expect(v).toBe(2);
		expect(got.get('cloud')).toEqual([]);
	});

	it('the demo world: each minute equals Σ used / Σ reserved over the tasks that ran in it, recomputed here', async () => {
		const {t, cw} = await setup();
		const w = t.sim.world;
		await t.advance(900);
		const from = start + 5 * MINUTE;
		const to = start + 14 * MINUTE;
		const got = await series(cw, [
			metric('web', 'AWS/ECS', 'CPUUtilization', {ClusterName: 'production', ServiceName: 'web'}),
			metric('frontend', 'AWS/ECS', 'MemoryUtilization', {ClusterName: 'staging', ServiceName: 'frontend'}),
			metric('production', 'AWS/ECS', 'MemoryUtilization', {ClusterName: 'production'}),
		], from, to);
		const ran = (task: TaskRec, m: number) => task.startedAt !== undefined && task.startedAt < m + MINUTE && (task.stoppingAt ?? Number.POSITIVE_INFINITY) > m;
		const use = (task: TaskRec, m: number) => usage(loadModel(7, task.id, task.taskDef.behaviour, task.leak), task.startedAt!, task.stoppingAt ?? Number.POSITIVE_INFINITY, m);
		const tasks = (cluster: string) => [...w.cluster(cluster).tasks.values()];
		const expected = (cluster: string, pick: (task: TaskRec) => boolean, resource: 'cpu' | 'memory', capacity?: number) => {
			const out: Array<[number, number]> = [];
			for (let m = from; m < to; m += MINUTE) {
				const running = tasks(cluster).filter(x => pick(x) && ran(x, m));
				if (running.length === 0) continue;
				const used = running.reduce((sum, x) => sum + (use(x, m)[resource] * x.taskDef[resource]), 0);
				const reserved = capacity ?? running.reduce((sum, x) => sum + x.taskDef[resource], 0);
				out.push([m, 100 * used / reserved]);
			}
			return out;
		};
		const registered = [...w.cluster('production').instances.values()].filter(i => i.status === 'ACTIVE' || i.status === 'DRAINING').reduce((sum, i) => sum + i.memory, 0);
		for (const [id, want] of [
			['web', expected('production', x => x.service?.name === 'web', 'cpu')],
			['frontend', expected('staging', x => x.service?.name === 'frontend', 'memory')],
			['production', expected('production', x => x.launchType === 'EC2', 'memory', registered)],
		] as const) {
			const have = got.get(id)!;
			expect(have.map(([ts]) => ts)).toEqual(want.map(([ts]) => ts));
			have.forEach(([, v], i) => expect(v).toBeCloseTo(want[i]![1], 9));
			for (const v of values(have)) expect(v).toBeGreaterThan(0);
			for (const v of values(have)) expect(v).toBeLessThanOrEqual(100);
		}
		expect(got.get('web')).toHaveLength(9);
		// Loads move: not one flat line.
		expect(new Set(values(got.get('web')).map(v => v.toFixed(3))).size).toBeGreaterThan(3);
	});

	it('the current, incomplete minute has no datapoint: a period is published a minute after it ends', async () => {
		const {t, cw} = await setup();
		await t.advance(630);
		const now = start + 630_000;
		const got = await series(cw, [
			metric('minutes', 'AWS/ECS', 'CPUUtilization', {ClusterName: 'production', ServiceName: 'web'}),
			metric('fives', 'AWS/ECS', 'CPUUtilization', {ClusterName: 'production', ServiceName: 'web'}, {period: 300}),
		], start, now);
		const minutes = got.get('minutes')!.map(([ts]) => ts);
		expect(minutes[0]).toBe(start);
		// 12:08 ended at 12:09 and was published at 12:10; 12:09 and 12:10 are not yet.
		expect(minutes.at(-1)).toBe(start + 8 * MINUTE);
		expect(minutes).toHaveLength(9);
		expect(got.get('fives')!.map(([ts]) => ts)).toEqual([start]);
		await t.advance(30);
		const later = await series(cw, [metric('minutes', 'AWS/ECS', 'CPUUtilization', {ClusterName: 'production', ServiceName: 'web'})], start, now + 30_000);
		expect(later.get('minutes')!.at(-1)![0]).toBe(start + 9 * MINUTE);
	});
});

describe('Container Insights', () => {
	it('sums per cluster and service where the setting is on, none where it is off; DescribeClusters shows the setting', async () => {
		const {t, cw} = await setup({world: 'empty'});
		fixedWorld(t.sim.world);
		await t.advance(300);
		const ci = (id: string, name: string, dims: Record<string, string>) => metric(id, 'ECS/ContainerInsights', name, dims);
		const got = await series(cw, [
			ci('used', 'CpuUtilized', {ClusterName: 'shop'}),
			ci('reserved', 'CpuReserved', {ClusterName: 'shop'}),
			ci('mem', 'MemoryUtilized', {ClusterName: 'shop', ServiceName: 'a'}),
			ci('memres', 'MemoryReserved', {ClusterName: 'shop', ServiceName: 'a'}),
			ci('count', 'RunningTaskCount', {ClusterName: 'shop'}),
			ci('off', 'RunningTaskCount', {ClusterName: 'cloud'}),
		], start, start + 300_000);
		for (const v of values(got.get('used'))) expect(v).toBeCloseTo(448, 9);
		for (const v of values(got.get('reserved'))) expect(v).toBe(1280);
		for (const v of values(got.get('mem'))) expect(v).toBeCloseTo(1024, 9);
		for (const v of values(got.get('memres'))) expect(v).toBe(2048);
		expect(values(got.get('count'))).toEqual([3, 3, 3, 3]);
		expect(got.get('off')).toEqual([]);
		const clusters = await t.client.send(new DescribeClustersCommand({clusters: ['shop', 'cloud'], include: ['SETTINGS']}));
		expect(clusters.clusters!.map(c => c.settings)).toEqual([[{name: 'containerInsights', value: 'enabled'}], [{name: 'containerInsights', value: 'disabled'}]]);
	});

	it('the demo: task-level series on enhanced staging only, cluster series on production, nothing on data', async () => {
		const {t, cw} = await setup();
		await t.advance(300);
		const staging = t.sim.world.cluster('staging');
		const task = [...staging.tasks.values()].find(x => x.service?.name === 'frontend' && x.lastStatus === 'RUNNING')!;
		const prodTask = [...t.sim.world.cluster('production').tasks.values()].find(x => x.lastStatus === 'RUNNING')!;
		const ci = (id: string, name: string, dims: Record<string, string>) => metric(id, 'ECS/ContainerInsights', name, dims);
		const got = await series(cw, [
			ci('task', 'MemoryUtilized', {ClusterName: 'staging', TaskDefinitionFamily: 'frontend', TaskId: task.id}),
			ci('taskpct', 'TaskCpuUtilization', {ClusterName: 'staging', TaskDefinitionFamily: 'frontend', TaskId: task.id}),
			ci('wrongfamily', 'MemoryUtilized', {ClusterName: 'staging', TaskDefinitionFamily: 'checkout', TaskId: task.id}),
			ci('prodtask', 'MemoryUtilized', {ClusterName: 'production', TaskDefinitionFamily: prodTask.taskDef.family, TaskId: prodTask.id}),
			ci('prod', 'CpuUtilized', {ClusterName: 'production'}),
			ci('data', 'CpuUtilized', {ClusterName: 'data'}),
			ci('frontend', 'RunningTaskCount', {ClusterName: 'staging', ServiceName: 'frontend'}),
		], start, start + 300_000);
		expect(got.get('task')).toHaveLength(4);
		for (const v of values(got.get('task'))) expect(v).toBeGreaterThan(0);
		for (const v of values(got.get('task'))) expect(v).toBeLessThanOrEqual(task.taskDef.memory);
		for (const v of values(got.get('taskpct'))) expect(v).toBeGreaterThan(0);
		for (const v of values(got.get('taskpct'))) expect(v).toBeLessThanOrEqual(100);
		expect(got.get('wrongfamily')).toEqual([]);
		expect(got.get('prodtask')).toEqual([]);
		expect(got.get('prod')).toHaveLength(4);
		expect(got.get('data')).toEqual([]);
		expect(values(got.get('frontend'))).toEqual([2, 2, 2, 2]);
		const settings = await t.client.send(new DescribeClustersCommand({clusters: ['production', 'staging', 'data'], include: ['SETTINGS']}));
		expect(settings.clusters!.map(c => c.settings![0]!.value)).toEqual(['enabled', 'enhanced', 'disabled']);
	});
});

describe('the demo\'s leaking service', () => {
	it('memory climbs, holds at 96–98% for minutes, the task is killed at 100% (OutOfMemoryError, exit 137) and the service replaces it', async () => {
		const {t, cw} = await setup();
		const staging = t.sim.world.cluster('staging');
		const first = [...staging.tasks.values()].filter(x => x.service?.name === 'thumbnailer').sort((a, b) => a.leak!.oomAt - b.leak!.oomAt)[0]!;
		const killedAt = first.leak!.oomAt;
		expect(killedAt - start).toBeGreaterThan(4 * MINUTE);
		expect(killedAt - start).toBeLessThan(15 * MINUTE);
		await t.advance((killedAt - start) / 1000 + 180);
		const got = await series(cw, [
			metric('mem', 'ECS/ContainerInsights', 'TaskMemoryUtilization', {ClusterName: 'staging', TaskDefinitionFamily: 'thumbnailer', TaskId: first.id}),
			metric('svc', 'AWS/ECS', 'MemoryUtilization', {ClusterName: 'staging', ServiceName: 'thumbnailer'}, {stat: 'Maximum'}),
		], start, killedAt + 120_000);
		const mem = values(got.get('mem'));
		expect(mem.length).toBeGreaterThan(3);
		// Climbing until the plateau, then within it, then the kill.
		const plateau = mem.findIndex(v => v >= 96);
		expect(plateau).toBeGreaterThan(0);
		for (let i = 1; i < plateau; i++) expect(mem[i]).toBeGreaterThan(mem[i - 1]!);
		for (const v of mem.slice(plateau, -1)) expect(v >= 96 && v <= 98).toBe(true);
		// Five whole minutes at 95% or more before the kill: what ecs-top's attention waits for.
		expect(mem.length - 1 - plateau).toBeGreaterThanOrEqual(5);
		expect(mem[0]).toBeGreaterThanOrEqual(40);
		expect(mem.at(-1)).toBe(100);
		// The last datapoint is the minute it was killed in; none after.
		expect(got.get('mem')!.at(-1)![0]).toBe(Math.floor(killedAt / MINUTE) * MINUTE);
		expect(Math.max(...values(got.get('svc')))).toBe(100);

		const described = await t.client.send(new DescribeTasksCommand({cluster: 'staging', tasks: [first.id]}));
		const task = described.tasks![0]!;
		expect(task).toMatchObject({lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited'});
		expect(task.containers).toMatchObject([{exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage'}]);
		expect(task.stoppingAt!.getTime()).toBe(killedAt);
		const svc = (await t.client.send(new DescribeServicesCommand({cluster: 'staging', services: ['thumbnailer']}))).services![0]!;
		expect(svc.runningCount).toBe(1);
		const running = [...staging.tasks.values()].filter(x => x.service?.name === 'thumbnailer' && x.lastStatus === 'RUNNING');
		expect(running.some(x => x.startedAt! > killedAt)).toBe(true);
		expect(running.map(x => x.id)).not.toContain(first.id);
		expect(t.sim.world.audit()).toEqual([]);
	});
});

describe('the --scale world', () => {
	it('gives every task a load: the big cluster and its services have utilization and Container Insights', async () => {
		const {t, cw} = await setup({world: 'empty', scale: 1, seed: 9});
		await t.advance(300);
		const services = [...t.sim.world.cluster('big').services.keys()].slice(0, 20);
		const got = await series(cw, [
			metric('cpu', 'AWS/ECS', 'CPUUtilization', {ClusterName: 'big'}),
			metric('tasks', 'ECS/ContainerInsights', 'RunningTaskCount', {ClusterName: 'big'}),
			...services.map((name, i) => metric(`s${i}`, 'AWS/ECS', 'MemoryUtilization', {ClusterName: 'big', ServiceName: name})),
		], start, start + 300_000);
		expect(got.get('cpu')).toHaveLength(4);
		for (const v of values(got.get('cpu'))) expect(v).toBeGreaterThan(0);
		for (const v of values(got.get('cpu'))) expect(v).toBeLessThan(100);
		for (const v of values(got.get('tasks'))) expect(v).toBeGreaterThanOrEqual(500);
		const means = services.map((_, i) => values(got.get(`s${i}`))[0]!);
		for (const v of means) expect(v).toBeGreaterThan(0);
		expect(new Set(means.map(v => v.toFixed(2))).size).toBeGreaterThan(10);
	});
});
