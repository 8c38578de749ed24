// `ecs-top logs` end to end: the built binary against `ecs-top sim` (ECS and CloudWatch Logs on
// one port, stepped clock): --follow --json prints each line once, in order, as the world moves;
// `| head -n 3` ends a follow quietly with exit 0.
import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {bundleNode} from '../helpers/bundle-node.js';
import {startBuiltSim} from '../helpers/built-sim.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
let env: NodeJS.ProcessEnv;
let endpoint = '';
let sim: ChildProcess | undefined;

const control = async (route: string, body: unknown) => {
	const response = await fetch(`${endpoint}${route}`, {method: 'POST', body: JSON.stringify(body)});
	expect(response.status).toBe(200);
};

function run(command: string, args: string[]) {
	const child = spawn(command, args, {cwd: root, env, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', chunk => (stdout += chunk));
	child.stderr.on('data', chunk => (stderr += chunk));
	const exit = new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
	return {child, exit, stdout: () => stdout, stderr: () => stderr};
}

const lines = (text: string) => text.split('\n').filter(Boolean);

interface JsonLine {
	timestamp: string;
	cluster: string;
	service: string | null;
	task: string;
	container: string;
	eventId: string;
	message: string;
}

beforeAll(async () => {
	// dist/cli.js is built once by test/global-setup.ts.
	env = {...process.env, NO_COLOR: '1', ECS_TOP_LOGS_POLL_MS: '100'};
	sim = await startBuiltSim(['--clock', 'manual', '--no-throttle'], env);
	endpoint = env.AWS_ENDPOINT_URL_ECS!;
	// Some history to read.
	await control('/_sim/clock', {advanceSeconds: 60});
}, 60_000);

afterAll(() => {
	sim?.kill('SIGTERM');
});

describe('ecs-top logs (built binary, against ecs-top sim)', () => {
	it('--follow --json prints each line exactly once, oldest first, as the simulated world moves on', async () => {
		const follower = run(bundleNode, [cli, 'logs', '--cluster', 'production', '--service', 'web', '--follow', '--json']);
		await vi.waitFor(() => expect(lines(follower.stdout()).length).toBeGreaterThanOrEqual(100), {timeout: 15_000, interval: 20});
		const first = lines(follower.stdout()).length;
		for (let i = 0; i < 4; i++) await control('/_sim/clock', {advanceSeconds: 10});
		await vi.waitFor(() => expect(lines(follower.stdout()).length).toBeGreaterThan(first + 20), {timeout: 15_000, interval: 20});
		// More polls over the same window: nothing may come twice.
		await control('/_sim/clock', {advanceSeconds: 5});
		const seen = lines(follower.stdout()).length;
		await vi.waitFor(() => expect(lines(follower.stdout()).length).toBeGreaterThan(seen), {timeout: 15_000, interval: 20});
		follower.child.kill('SIGINT');
		expect(await follower.exit).toBe(0);
		const parsed = lines(follower.stdout()).map(l => JSON.parse(l) as JsonLine);
		expect(new Set(parsed.map(l => l.eventId)).size).toBe(parsed.length);
		expect(parsed.every(l => l.cluster === 'production' && l.service === 'web' && l.container === 'web' && /^[0-9a-f]{32}$/.test(l.task))).toBe(true);
		expect(new Set(parsed.map(l => l.task)).size).toBeGreaterThan(1);
		// Oldest first: within what one poll adds, and across polls (the feed holds lines back by its lag).
		const times = parsed.map(l => Date.parse(l.timestamp));
		expect(times.filter((t, i) => i > 0 && t < times[i - 1]!)).toEqual([]);
		expect(follower.stderr()).toBe('');
	});

	it('| head -n 3 ends --follow quietly with exit 0 at its next line', async () => {
		const pipeline = run('bash', ['-c', '"$@" | head -n 3; exit "${PIPESTATUS[0]}"', '_', bundleNode, cli, 'logs', '--cluster', 'production', '--service', 'web', '--follow']);
		await vi.waitFor(() => expect(lines(pipeline.stdout())).toHaveLength(3), {timeout: 15_000, interval: 20});
		let done = false;
		void pipeline.exit.then(() => (done = true));
		// The closed pipe shows at the next write: let the world log more until it ends.
		await vi.waitFor(
			async () => {
				if (!done) await control('/_sim/clock', {advanceSeconds: 5});
				expect(done).toBe(true);
			},
			{timeout: 15_000, interval: 100},
		);
		expect(await pipeline.exit).toBe(0);
		expect(pipeline.stderr()).toBe('');
		expect(lines(pipeline.stdout())[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z {2}[0-9a-f]{12}\/web {2}\S/);
	});

	it('--since task-start reads a task from its start: the first line is no older than the task', async () => {
		// Long enough that the default read (the newest 100 lines) starts well after the task did.
		await control('/_sim/clock', {advanceSeconds: 600});
		const get = run(bundleNode, [cli, 'get', 'tasks', '--cluster', 'production', '--service', 'web', '--json']);
		expect(await get.exit).toBe(0);
		const [task] = JSON.parse(get.stdout()) as Array<{taskArn: string; startedAt: string}>;
		const read = run(bundleNode, [cli, 'logs', '--cluster', 'production', '--task', task!.taskArn, '--since', 'task-start', '--json']);
		expect(await read.exit).toBe(0);
		const parsed = lines(read.stdout()).map(l => JSON.parse(l) as JsonLine);
		expect(parsed.length).toBeGreaterThan(0);
		const first = Date.parse(parsed[0]!.timestamp);
		const started = Date.parse(task!.startedAt);
		expect(first).toBeGreaterThanOrEqual(started);
		expect(first - started).toBeLessThan(5_000);
		expect(read.stderr()).toBe('');
		// The default read of the same task begins much later: the flag made the difference.
		const tail = run(bundleNode, [cli, 'logs', '--cluster', 'production', '--task', task!.taskArn, '--json']);
		expect(await tail.exit).toBe(0);
		const tailFirst = Date.parse((JSON.parse(lines(tail.stdout())[0]!) as JsonLine).timestamp);
		expect(tailFirst - started).toBeGreaterThan(60_000);
	});
});
