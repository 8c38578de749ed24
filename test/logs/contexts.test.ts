// `ecs-top logs` across several contexts (--region r1,r2, --profile a,b) against the simulator,
// which serves ECS and CloudWatch Logs for each (account, region): each context's lines with its
// `context` (JSON) or label (text), merged by time; a refused context or one without the cluster is
// one stderr line while the others print; --follow prints each context's new lines as they come.
import {describe, expect, it, vi} from 'vitest';
import {accountRegionKey, limiterFor} from '../../source/aws/limiter.js';
import {runLogs} from '../../source/commands/logs.js';
import {fleetSuite, type Profiles} from '../helpers/contexts.js';
import type {TestSim} from '../helpers/sim.js';

let t: TestSim;
let profiles: Profiles;

fleetSuite(async (sim, p) => {
	t = sim;
	profiles = p;
	// production/web where the fleet has none (the default world has it already).
	for (const [account, region] of [['123456789012', 'eu-west-1'], ['111122223333', 'us-east-1']] as const) {
		const world = t.sim.worldFor(account, region);
		const td = world.addTaskDefinition({family: 'web', cpu: 256, memory: 512, containerPort: 80});
		world.addService(world.addCluster('production'), {name: 'web', taskDefinition: td, desiredCount: 2});
	}
	await t.advance(60);
});

const logs = (argv: string[], env?: Record<string, string>) => profiles.run(runLogs, ['logs', '--cluster', 'production', '--service', 'web', ...argv], t.endpoint, env);

interface Line {
	timestamp: string;
	cluster: string;
	service: string | null;
	task: string;
	container: string;
	eventId: string;
	message: string;
	context: {profile: string | null; region: string; account: string};
}

const parse = (out: string) => out.split('\n').filter(Boolean).map(l => JSON.parse(l) as Line);

describe('ecs-top logs across contexts', () => {
	it('--region r1,r2 --json: both regions\' lines with their context, merged oldest first', async () => {
		const {code, out, err} = await logs(['--region', 'us-east-1,eu-west-1', '--json']);
		expect(err).toBe('');
		expect(code).toBe(0);
		const lines = parse(out);
		const us = lines.filter(l => l.context.region === 'us-east-1');
		const eu = lines.filter(l => l.context.region === 'eu-west-1');
		expect(us.length).toBeGreaterThan(0);
		expect(eu.length).toBeGreaterThan(0);
		expect(us.length + eu.length).toBe(lines.length);
		expect(us[0]!.context).toEqual({profile: null, region: 'us-east-1', account: '123456789012'});
		expect(eu[0]!.context).toEqual({profile: null, region: 'eu-west-1', account: '123456789012'});
		expect(lines.every(l => l.cluster === 'production' && l.service === 'web' && l.container === 'web')).toBe(true);
		// The two contexts' tasks are their own.
		const euTasks = new Set(eu.map(l => l.task));
		expect(us.filter(l => euTasks.has(l.task))).toEqual([]);
		const times = lines.map(l => Date.parse(l.timestamp));
		expect(times.filter((time, i) => i > 0 && time < times[i - 1]!)).toEqual([]);
	});

	it('--profile a,b: text lines start with the context, then the usual time, task/container and message', async () => {
		const {code, out, err} = await logs(['--profile', 'a,b'], {});
		expect(err).toBe('');
		expect(code).toBe(0);
		const lines = out.trimEnd().split('\n');
		expect(lines.every(l => /^(?:a|b)\/us-east-1 \d{4}-\d\d-\d\dT[\d:.]+Z {2}[0-9a-f]{12}\/web {2}/.test(l))).toBe(true);
		expect(new Set(lines.map(l => l.split(' ')[0]))).toEqual(new Set(['a/us-east-1', 'b/us-east-1']));
		const json = parse((await logs(['--profile', 'a,b', '--json'], {})).out);
		expect(new Set(json.map(l => `${l.context.profile} ${l.context.account}`))).toEqual(new Set(['a 123456789012', 'b 111122223333']));
	});

	it('a refused context or a missing cluster is one stderr line and the others print; all failing is exit 1', async () => {
		await t.faults({denyContexts: {'123456789012/eu-west-1': 'AccessDeniedException'}});
		const {code, out, err} = await logs(['--region', 'us-east-1,eu-west-1,sa-east-1', '--json']);
		expect(code).toBe(0);
		const errs = err.trimEnd().split('\n').sort();
		expect(errs).toEqual([expect.stringMatching(/^ecs-top: eu-west-1: .*(not authorized|AccessDenied|denied)/i), 'ecs-top: sa-east-1: cluster "production" not found']);
		const lines = parse(out);
		expect(lines.length).toBeGreaterThan(0);
		expect(lines.every(l => l.context.region === 'us-east-1')).toBe(true);

		const all = await logs(['--region', 'eu-west-1,sa-east-1']);
		expect(all.code).toBe(1);
		expect(all.out).toBe('');
		expect(all.err.trimEnd().split('\n')).toHaveLength(2);
	});

	it('--follow prints each context\'s new lines as they come; Ctrl-C ends it with 0', async () => {
		vi.stubEnv('ECS_TOP_LOGS_POLL_MS', '50');
		const running = logs(['--region', 'us-east-1,eu-west-1', '--follow', '--json']);
		const write = vi.mocked(process.stdout.write);
		const seen = () => parse(write.mock.calls.map(c => String(c[0])).join(''));
		const count = (region: string) => seen().filter(l => l.context.region === region).length;
		await vi.waitFor(() => expect(count('us-east-1') > 0 && count('eu-west-1') > 0).toBe(true), {timeout: 20_000, interval: 20});
		const before = {us: count('us-east-1'), eu: count('eu-west-1')};
		await t.advance(20);
		await vi.waitFor(() => expect(count('us-east-1') > before.us && count('eu-west-1') > before.eu).toBe(true), {timeout: 20_000, interval: 20});
		process.emit('SIGINT');
		const {code, out, err} = await running;
		expect(code).toBe(0);
		expect(err).toBe('');
		const ids = parse(out).map(l => `${l.context.region} ${l.eventId}`);
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('--live: one Live Tail session per context, each context\'s lines labelled', async () => {
		const running = logs(['--region', 'us-east-1,eu-west-1', '--live', '--json']);
		const write = vi.mocked(process.stdout.write);
		const seen = () => parse(write.mock.calls.map(c => String(c[0])).join(''));
		const count = (region: string) => seen().filter(l => l.context.region === region).length;
		await vi.waitFor(() => expect(count('us-east-1') > 0 && count('eu-west-1') > 0).toBe(true), {timeout: 20_000, interval: 20});
		const before = {us: count('us-east-1'), eu: count('eu-west-1')};
		await vi.waitFor(async () => {
			await t.advance(2);
			expect(count('us-east-1') > before.us && count('eu-west-1') > before.eu).toBe(true);
		}, {timeout: 20_000, interval: 50});
		process.emit('SIGINT');
		const {code, err} = await running;
		expect(code).toBe(0);
		expect(err).toBe('');
		// Each context's session went through its own account and Region's limiter.
		for (const region of ['us-east-1', 'eu-west-1']) {
			const granted = limiterFor(accountRegionKey('123456789012', region)).stats().logsStartLiveTail?.granted;
			expect(Object.values(granted ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
		}
	});
});
