// `ecs-top get … --metrics` against the simulator (in-process, stepped clock): the demo world starts
// 15 minutes before the wall clock and is stepped up to it, so the complete minutes `get` asks for
// (its window is the wall clock's last 10 minutes) exist. --json items carry `utilization` {cpu,
// memory, periodEnd}, the newest complete minute as CloudWatch answers it, null without a
// datapoint; tables gain CPU% and MEM%. Without --metrics there is no utilization anywhere and not
// one CloudWatch call; `get instances --metrics` is a usage error.
import {spawn} from 'node:child_process';
import path from 'node:path';
import type {CloudWatchClient} from '@aws-sdk/client-cloudwatch';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {UsageError} from '../../source/cli-args.js';
import {runGet} from '../../source/commands/get.js';
import type {Cluster, Service, Task} from '../../source/domain.js';
import {cloudwatchClient, metric, series} from '../helpers/cloudwatch.js';
import {runCaptured} from '../helpers/run-command.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

const minute = 60_000;
const root = path.resolve(import.meta.dirname, '..', '..');

type Utilization = {cpu: number | null; memory: number | null; periodEnd: string};
type WithUtilization<T> = T & {utilization?: Utilization};

let t: TestSim;
let cw: CloudWatchClient;

beforeAll(async () => {
	t = await startTestSim({startTime: Math.floor(Date.now() / 1000) * 1000 - 15 * minute});
	t.sim.advance(15 * 60);
	cw = cloudwatchClient(t);
});
afterAll(async () => {
	cw?.destroy();
	await t?.close();
});

const get = (...argv: string[]) => runCaptured(runGet, ['get', ...argv], t.endpoint);
const json = async <T>(...argv: string[]) => JSON.parse((await get(...argv, '--json')).out) as Array<WithUtilization<T>>;
const isoMinute = /^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/;

describe('get --metrics against the simulator', () => {
	it('services: utilization with numbers for running services, the newest complete minute as CloudWatch has it', async () => {
		await t.resetStats();
		const services = await json<Service>('services', '--cluster', 'staging', '--metrics');
		const running = services.filter(s => s.runningCount > 0);
		expect(running.length).toBeGreaterThan(2);
		for (const s of running) {
			expect(s.utilization, s.serviceName).toEqual({cpu: expect.any(Number), memory: expect.any(Number), periodEnd: expect.stringMatching(isoMinute)});
			expect(Date.parse(s.utilization!.periodEnd)).toBeLessThanOrEqual(Date.now());
		}
		// One GetMetricData for the lot, two metrics a service.
		const stats = await t.stats();
		expect(stats.calls.GetMetricData).toBe(1);
		expect(stats.metricsRequested).toBe(2 * services.length);

		// The figures are CloudWatch's for the minute that ends at periodEnd, and no later minute has one.
		const frontend = services.find(s => s.serviceName === 'frontend')!;
		const end = Date.parse(frontend.utilization!.periodEnd);
		const dims = {ClusterName: 'staging', ServiceName: 'frontend'};
		const queries = [metric('cpu', 'AWS/ECS', 'CPUUtilization', dims), metric('mem', 'AWS/ECS', 'MemoryUtilization', dims)];
		const minuteOf = await series(cw, queries, end - minute, end);
		expect(minuteOf.get('cpu')).toEqual([[end - minute, frontend.utilization!.cpu]]);
		expect(minuteOf.get('mem')).toEqual([[end - minute, frontend.utilization!.memory]]);
		const later = await series(cw, queries, end, end + 10 * minute);
		expect([...later.values()].flat()).toEqual([]);
	});

	it('clusters: null where CloudWatch has no datapoint (a Fargate-only cluster), numbers for an EC2 one', async () => {
		const before = Math.floor(Date.now() / minute) * minute;
		const clusters = await json<Cluster>('clusters', '--metrics');
		const after = Math.floor(Date.now() / minute) * minute;
		const byName = new Map(clusters.map(c => [c.clusterName, c.utilization]));
		expect(byName.get('production')).toEqual({cpu: expect.any(Number), memory: expect.any(Number), periodEnd: expect.stringMatching(isoMinute)});
		// staging runs on Fargate only: no cluster-level metrics; periodEnd is the window's end (the
		// wall clock's minute, which may have turned during the call).
		const staging = byName.get('staging')!;
		expect(staging).toMatchObject({cpu: null, memory: null});
		expect([new Date(before).toISOString(), new Date(after).toISOString()]).toContain(staging.periodEnd);
	});

	it('tasks of a cluster with enhanced Container Insights: utilization per running task', async () => {
		const tasks = await json<Task>('tasks', '--cluster', 'staging', '--service', 'frontend', '--metrics');
		expect(tasks.length).toBeGreaterThan(0);
		for (const task of tasks) expect(task.utilization?.cpu, task.taskArn).toEqual(expect.any(Number));
	});

	it('tables gain CPU% and MEM%, right-aligned under their headers, NN% for running services', async () => {
		const {code, out} = await get('services', '--cluster', 'staging', '--metrics');
		expect(code).toBe(0);
		const [header, ...rows] = out.trimEnd().split('\n');
		expect(header).toMatch(/\sCPU%\s+MEM%(\s|$)/);
		const cpuEnd = header!.indexOf('CPU%') + 4;
		const memEnd = header!.indexOf('MEM%') + 4;
		const services = await json<Service>('services', '--cluster', 'staging');
		for (const row of rows) {
			const name = row.replace(/^!?\s*/, '').split(/\s+/)[0]!;
			const service = services.find(s => s.serviceName === name);
			expect(service, row).toBeDefined();
			if (service!.runningCount === 0) continue;
			expect(row.slice(0, cpuEnd), row).toMatch(/\s\d{1,3}%$/);
			expect(row.slice(0, memEnd), row).toMatch(/\s\d{1,3}%$/);
		}
	});

	it('without --metrics: no utilization, no CPU% column, and not one CloudWatch call', async () => {
		await t.resetStats();
		const services = await json<Service>('services', '--cluster', 'staging');
		expect(services.length).toBeGreaterThan(0);
		for (const s of services) expect(s).not.toHaveProperty('utilization');
		const clusters = await json<Cluster>('clusters');
		for (const c of clusters) expect(c).not.toHaveProperty('utilization');
		const table = await get('services', '--cluster', 'staging');
		expect(table.out.split('\n')[0]).not.toMatch(/CPU%|MEM%/);
		expect(table.out).not.toMatch(/\d%/);
		const stats = await t.stats();
		expect(stats.calls.ListServices).toBeGreaterThan(0);
		expect(stats.calls.GetMetricData ?? 0).toBe(0);
		expect(stats.metricsRequested).toBe(0);
	});

	it('get instances --metrics is a usage error: in-process, and exit 2 with the message from the command line', async () => {
		const message = '--metrics applies to "get clusters", "get services" and "get tasks"';
		await expect(get('instances', '--metrics')).rejects.toThrow(new UsageError(message));
		const {code, stderr} = await new Promise<{code: number | null; stderr: string}>(resolve => {
			const child = spawn(process.execPath, ['--import', 'tsx', 'source/cli.ts', 'get', 'instances', '--metrics'], {cwd: root, env: {...process.env, NO_COLOR: '1'}, stdio: ['ignore', 'ignore', 'pipe']});
			let err = '';
			child.stderr.on('data', chunk => (err += chunk));
			child.on('close', exit => resolve({code: exit, stderr: err}));
		});
		expect(code).toBe(2);
		expect(stderr).toBe(`ecs-top: ${message} (try ecs-top get --help)\n`);
	});
});
