// The built binary: `ecs-top events` against `ecs-top sim` running as a child process on a stepped
// clock, with a short poll interval (ECS_TOP_EVENTS_POLL_MS) so following takes milliseconds.
import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import {DescribeServicesCommand, ECSClient, UpdateServiceCommand} from '@aws-sdk/client-ecs';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {bundleNode} from '../helpers/bundle-node.js';
import {startBuiltSim} from '../helpers/built-sim.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
let sim: ChildProcess;
let env: NodeJS.ProcessEnv;
let endpoint: string;

const control = async (route: string, body: unknown) => {
	const response = await fetch(`${endpoint}${route}`, {method: 'POST', body: JSON.stringify(body)});
	if (!response.ok) throw new Error(`${route}: ${response.status}`);
	return response.json();
};

interface Run {
	child: ChildProcess;
	stdout: () => string;
	stderr: () => string;
	exit: Promise<number | null>;
}

function run(command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Run {
	const child = spawn(command, args, {cwd: root, env: {...env, ...extraEnv}, stdio: ['ignore', 'pipe', 'pipe']});
	let out = '';
	let err = '';
	child.stdout!.on('data', chunk => (out += chunk));
	child.stderr!.on('data', chunk => (err += chunk));
	const exit = new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
	return {child, stdout: () => out, stderr: () => err, exit};
}

const events = (args: string[], extraEnv?: NodeJS.ProcessEnv) => run(bundleNode, [cli, 'events', ...args], extraEnv);
const lines = (text: string) => text.split('\n').filter(Boolean);

beforeAll(async () => {
	// dist/cli.js is built once by test/global-setup.ts.
	env = {...process.env, NO_COLOR: '1', ECS_TOP_EVENTS_POLL_MS: '100'};
	// --scale 9 adds a cluster "big" of about 900 services: reading it takes more calls than the
	// rate limiter's interactive burst, so the command must wait on the limiter.
	sim = await startBuiltSim(['--clock', 'manual', '--no-throttle', '--scale', '9'], env);
	endpoint = env.AWS_ENDPOINT_URL_ECS!;
}, 120_000);

afterAll(() => {
	sim?.kill('SIGTERM');
});

describe('ecs-top events (built binary)', () => {
	it('--follow --json prints the "has started" event of a scale-up exactly once', async () => {
		const follower = events(['--cluster', 'production', '--service', 'worker', '--follow', '--json']);
		await vi.waitFor(() => expect(lines(follower.stdout()).length).toBeGreaterThan(0), {timeout: 10_000, interval: 20});
		const client = new ECSClient({endpoint, region: env.AWS_REGION, credentials: {accessKeyId: 'sim', secretAccessKey: 'sim'}});
		const before = new Set((await client.send(new DescribeServicesCommand({cluster: 'production', services: ['worker']}))).services![0]!.events!.map(e => e.id));
		await client.send(new UpdateServiceCommand({cluster: 'production', service: 'worker', desiredCount: 6}));
		for (let i = 0; i < 6; i++) await control('/_sim/clock', {advanceSeconds: 10});
		await vi.waitFor(() => expect(follower.stdout()).toMatch(/has started \d+ tasks/), {timeout: 10_000, interval: 20});
		// A few more polls see the same window again: nothing may be printed twice.
		const polled = follower.stdout().length;
		await control('/_sim/events', {cluster: 'production', service: 'worker', message: '(service worker) marker'});
		await vi.waitFor(() => expect(follower.stdout().length).toBeGreaterThan(polled), {timeout: 10_000, interval: 20});
		follower.child.kill('SIGINT');
		expect(await follower.exit).toBe(0);
		const parsed = lines(follower.stdout()).map(l => JSON.parse(l) as {id: string; createdAt: string; cluster: string; service: string});
		expect(new Set(parsed.map(e => e.id)).size).toBe(parsed.length);
		for (let i = 1; i < parsed.length; i++) expect(Date.parse(parsed[i]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(parsed[i - 1]!.createdAt));
		// Exactly the scale-up's "has started" events that ECS (the simulator) holds, each once.
		const after = (await client.send(new DescribeServicesCommand({cluster: 'production', services: ['worker']}))).services![0]!.events!;
		client.destroy();
		const expected = after.filter(e => !before.has(e.id) && /has started \d+ tasks/.test(e.message!)).map(e => e.id);
		const started = parsed.filter(e => /has started \d+ tasks/.test((e as unknown as {message: string}).message) && !before.has(e.id));
		expect(expected.length).toBeGreaterThanOrEqual(1);
		expect(started.map(e => e.id).sort()).toEqual([...expected].sort());
		expect(parsed.every(e => e.cluster === 'production' && e.service === 'worker')).toBe(true);
		expect(follower.stderr()).toBe('');
	});

	it('| head -n 3 ends a big one-shot read quietly with exit 0', async () => {
		const long = `(service web) ${'x'.repeat(600)}`;
		for (const service of ['web', 'api', 'worker']) await control('/_sim/events', {cluster: 'production', service, count: 100, message: long});
		const pipeline = run('bash', ['-c', '"$@" | head -n 3 >/dev/null; exit "${PIPESTATUS[0]}"', '_', bundleNode, cli, 'events', '--cluster', 'production', '--since', '1d']);
		expect(await pipeline.exit).toBe(0);
		expect(pipeline.stderr()).toBe('');
	});

	it('| head -n 3 ends --follow quietly with exit 0 at the next event', async () => {
		const pipeline = run('bash', ['-c', '"$@" | head -n 3; exit "${PIPESTATUS[0]}"', '_', bundleNode, cli, 'events', '--cluster', 'production', '--follow']);
		await vi.waitFor(() => expect(lines(pipeline.stdout())).toHaveLength(3), {timeout: 10_000, interval: 20});
		let done = false;
		void pipeline.exit.then(() => (done = true));
		// Like tail -f, the closed pipe shows at the next write: keep events coming until it ends.
		await vi.waitFor(
			async () => {
				if (!done) await control('/_sim/events', {cluster: 'production', service: 'web'});
				expect(done).toBe(true);
			},
			{timeout: 10_000, interval: 50},
		);
		expect(await pipeline.exit).toBe(0);
		expect(pipeline.stderr()).toBe('');
	});

	it('reads every service of a cluster bigger than the rate limiter lets through at once', async () => {
		const big = events(['--cluster', 'big', '--json']);
		expect(await big.exit).toBe(0);
		expect(big.stderr()).toBe('');
		const services = new Set(lines(big.stdout()).map(l => (JSON.parse(l) as {service: string}).service));
		expect(services.size).toBeGreaterThanOrEqual(850);
	});

	it('exits 143 after SIGTERM', async () => {
		const follower = events(['--cluster', 'production', '--follow']);
		await vi.waitFor(() => expect(lines(follower.stdout()).length).toBeGreaterThan(0), {timeout: 10_000, interval: 20});
		follower.child.kill('SIGTERM');
		expect(await follower.exit).toBe(143);
	});

	it('exits 1 with one line on an unknown cluster or service, 2 on a bad flag value', async () => {
		const [cluster, service, since, grep] = [
			events(['--cluster', 'nope']),
			events(['--cluster', 'production', '--service', 'web', '--service', 'ghost', '--follow']),
			events(['--since', 'soon']),
			events(['--grep', '[']),
		];
		expect(await cluster.exit).toBe(1);
		expect(cluster.stderr()).toBe('ecs-top: cluster "nope" not found\n');
		expect(await service.exit).toBe(1);
		expect(service.stderr()).toBe('ecs-top: service "ghost" not found in cluster "production" (MISSING)\n');
		expect(await since.exit).toBe(2);
		expect(lines(since.stderr())).toHaveLength(1);
		expect(await grep.exit).toBe(2);
		expect(lines(grep.stderr())).toHaveLength(1);
	});

	it('exits 1 with one line when there is no region', async () => {
		const noRegion = run(bundleNode, [cli, 'events'], {AWS_REGION: '', AWS_DEFAULT_REGION: ''});
		expect(await noRegion.exit).toBe(1);
		expect(noRegion.stderr()).toMatch(/^ecs-top: no AWS region[^\n]*\n$/);
	});
});
