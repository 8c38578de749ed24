// `ecs-top get` against the simulator: runGet in-process (stdout captured) for the tables and JSON,
// and the CLI entry point as a child process for exit codes and a closed pipe.
import {spawn} from 'node:child_process';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {UsageError, UserError} from '../../source/cli-args.js';
import {runGet} from '../../source/commands/get.js';
import type {Service, Task} from '../../source/domain.js';
import {fillCluster, simFixture, type Fixture} from '../aws/sim-fixture.js';
import {runCaptured} from '../helpers/run-command.js';

let f: Fixture;
const root = path.resolve(import.meta.dirname, '..', '..');

beforeAll(async () => {
	f = await simFixture({throttle: false});
	const {cluster, td, services} = fillCluster(f.sim, 'shop', 12, 2);
	f.sim.world.renameService(services[11]!, 'evil\u001B[2Jname');
	const ec2 = f.sim.world.addCluster('default');
	for (let i = 0; i < 3; i++) f.sim.world.addInstance(ec2, {instanceType: 'm5.large'});
	f.sim.world.runTask(cluster, {taskDefinition: td, launchType: 'FARGATE', group: 'family:batch'});
});
afterAll(() => f.close());
afterEach(() => vi.restoreAllMocks());

const get = (...argv: string[]) => runCaptured(runGet, ['get', ...argv], f.endpoint);

describe('ecs-top get', () => {
	it('prints an aligned table of the pane columns, without ANSI when not a TTY', async () => {
		const {code, out} = await get('services', '--cluster', 'shop');
		expect(code).toBe(0);
		const lines = out.trimEnd().split('\n');
		expect(lines).toHaveLength(13);
		expect(lines[0]).toMatch(/^!\s+NAME\s+STATUS\s+DESIRED\s+RUNNING\s+PENDING\s+ROLLOUT\s+TASK DEFINITION\s+LAUNCH\s+DEPLOYED\s+ATTENTION$/);
		expect(out).not.toContain('\u001B');
		const row = lines.find(l => l.includes('svc-0003'))!;
		expect(row.indexOf('ACTIVE')).toBe(lines[0]!.indexOf('STATUS'));
		expect(row).toMatch(/svc-0003\s+ACTIVE\s+2\s+2\s+0\s+COMPLETED\s+shop-app:1\s+FARGATE/);
		// Control characters from the API are stripped.
		expect(out).toContain('evilname');
	});

	it('prints JSON domain objects with --json', async () => {
		const {out} = await get('services', '--cluster', 'shop', '--service', 'svc-0001', '--json');
		const services = JSON.parse(out) as Service[];
		expect(services).toHaveLength(1);
		expect(services[0]).toMatchObject({serviceName: 'svc-0001', desiredCount: 2, status: 'ACTIVE'});
		expect(services[0]!.createdAt).toMatch(/Z$/);
	});

	it('reads clusters, tasks with --stopped and instances of the default cluster', async () => {
		const clusters = await get('clusters');
		expect(clusters.out).toMatch(/^NAME\s+STATUS\s+SERVICES/);
		expect(clusters.out).toMatch(/\nshop\s+ACTIVE\s+12\s+25\s/);
		const tasks = JSON.parse((await get('tasks', '--cluster', 'shop', '--json')).out) as Task[];
		expect(tasks).toHaveLength(25);
		const table = await get('tasks', '--cluster', 'shop', '--service', 'svc-0002', '--stopped');
		expect(table.out.split('\n')[0]).toContain('STOPPED REASON');
		expect(table.out.trimEnd().split('\n')).toHaveLength(3);
		const instances = await get('instances');
		expect(instances.out.trimEnd().split('\n')).toHaveLength(4);
		expect(instances.out).toMatch(/CPU RESERVED/);
	});

	it('fails with one line for an unknown cluster or service, and a usage error for a bad resource', async () => {
		await expect(get('services', '--cluster', 'nope')).rejects.toThrow(new UserError('cluster "nope" not found'));
		await expect(get('services', '--cluster', 'shop', '--service', 'ghost')).rejects.toThrow(new UserError('service "ghost" not found in cluster "shop"'));
		await expect(get('pods')).rejects.toBeInstanceOf(UsageError);
		await expect(get('services', '--stopped')).rejects.toBeInstanceOf(UsageError);
	});

	it('exits 1 and 2 from the command line, and 0 when the output pipe closes early', async () => {
		const env = {...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_ECS: f.endpoint, NO_COLOR: '1'};
		const run = (args: string[]) =>
			new Promise<{code: number | null; stderr: string}>(resolve => {
				const child = spawn(process.execPath, ['--import', 'tsx', 'source/cli.ts', ...args], {cwd: root, env, stdio: ['ignore', 'pipe', 'pipe']});
				let stderr = '';
				child.stderr.on('data', chunk => (stderr += chunk));
				// Read one chunk of stdout, then close the pipe (like `| head -1`).
				child.stdout.once('data', () => child.stdout.destroy());
				child.on('close', code => resolve({code, stderr}));
			});
		const [missing, usage, piped] = await Promise.all([run(['get', 'services', '--cluster', 'nope']), run(['get', 'pods']), run(['get', 'tasks', '--cluster', 'shop'])]);
		expect(missing).toEqual({code: 1, stderr: 'ecs-top: cluster "nope" not found\n'});
		expect(usage.code).toBe(2);
		expect(usage.stderr).toMatch(/^ecs-top: unknown resource "pods".*--help\)\n$/);
		expect(piped).toEqual({code: 0, stderr: ''});
	});
});
