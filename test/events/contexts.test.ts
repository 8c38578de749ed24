// `ecs-top events` across several contexts (--region r1,r2, --profile a,b) against the simulator:
// each context's events with its `context` (JSON) or label (text), merged by time; a context
// refused (denyContexts) or without the cluster or service is one stderr line while the others
// print; --follow prints each context's new events as they come.
import {describe, expect, it, vi} from 'vitest';
import {runEvents} from '../../source/commands/events.js';
import type {World} from '../../source/sim/world.js';
import {fleetSuite, type Profiles} from '../helpers/contexts.js';
import type {TestSim} from '../helpers/sim.js';

let t: TestSim;
let profiles: Profiles;
/** production/web in worlds other than the default one (which has it already), by `<account>/<region>`. */
const worlds = new Map<string, World>();

function addProduction(account: string, region: string, withService = true): void {
	const world = t.sim.worldFor(account, region);
	const cluster = world.addCluster('production');
	if (withService) {
		const td = world.addTaskDefinition({family: 'web', cpu: 256, memory: 512, containerPort: 80});
		world.addService(cluster, {name: 'web', taskDefinition: td, desiredCount: 1});
	}
	worlds.set(`${account}/${region}`, world);
}

/** A marked event in a context's production/web, so a test knows which context a line came from. */
function mark(key: string, message: string): void {
	const world = key === '123456789012/us-east-1' ? t.sim.world : worlds.get(key)!;
	world.addEvent(world.findService(world.cluster('production'), 'web')!, message);
}

fleetSuite(async (sim, p) => {
	t = sim;
	profiles = p;
	addProduction('123456789012', 'eu-west-1');
	addProduction('111122223333', 'us-east-1');
	// A cluster without the service.
	addProduction('123456789012', 'ap-northeast-1', false);
	await t.advance(60);
	for (const key of ['123456789012/us-east-1', '123456789012/eu-west-1', '111122223333/us-east-1']) mark(key, `(service web) hello from ${key}`);
});

const events = (argv: string[], env?: Record<string, string>) => profiles.run(runEvents, ['events', '--cluster', 'production', '--service', 'web', ...argv], t.endpoint, env);

interface Line {
	id: string;
	createdAt: string;
	cluster: string;
	service: string;
	message: string;
	context: {profile: string | null; region: string; account: string};
}

const parse = (out: string) => out.split('\n').filter(Boolean).map(l => JSON.parse(l) as Line);

describe('ecs-top events across contexts', () => {
	it('--region r1,r2 --json: both regions\' events with their context, merged oldest first', async () => {
		const {code, out, err} = await events(['--region', 'us-east-1,eu-west-1', '--json']);
		expect(err).toBe('');
		expect(code).toBe(0);
		const lines = parse(out);
		const hello = lines.filter(l => l.message.startsWith('(service web) hello from'));
		expect(hello.map(l => [l.message, l.context])).toEqual(expect.arrayContaining([
			['(service web) hello from 123456789012/us-east-1', {profile: null, region: 'us-east-1', account: '123456789012'}],
			['(service web) hello from 123456789012/eu-west-1', {profile: null, region: 'eu-west-1', account: '123456789012'}],
		]));
		expect(hello).toHaveLength(2);
		expect(lines.every(l => l.cluster === 'production' && l.service === 'web')).toBe(true);
		const times = lines.map(l => Date.parse(l.createdAt));
		expect(times.filter((time, i) => i > 0 && time < times[i - 1]!)).toEqual([]);
		// Both contexts' other events too, interleaved rather than one context after the other.
		expect(new Set(lines.map(l => l.context.region))).toEqual(new Set(['us-east-1', 'eu-west-1']));
	});

	it('--profile a,b: each line starts with its context, from each profile\'s account', async () => {
		const {code, out, err} = await events(['--profile', 'a,b'], {});
		expect(err).toBe('');
		expect(code).toBe(0);
		const lines = out.trimEnd().split('\n');
		expect(lines.every(l => /^(?:a|b)\/us-east-1 \d{4}-\d\d-\d\dT[\d:.]+Z {2}web {2}/.test(l))).toBe(true);
		expect(lines).toContainEqual(expect.stringMatching(/^a\/us-east-1 \S+ {2}web {2}\(service web\) hello from 123456789012\/us-east-1$/));
		expect(lines).toContainEqual(expect.stringMatching(/^b\/us-east-1 \S+ {2}web {2}\(service web\) hello from 111122223333\/us-east-1$/));
		const json = parse((await events(['--profile', 'a,b', '--json'], {})).out);
		expect(json.find(l => l.message.endsWith('111122223333/us-east-1'))!.context).toEqual({profile: 'b', region: 'us-east-1', account: '111122223333'});
	});

	it('a refused context is one stderr line and the others print; every context refused is exit 1', async () => {
		await t.faults({denyContexts: {'123456789012/eu-west-1': 'AccessDeniedException'}});
		const {code, out, err} = await events(['--region', 'us-east-1,eu-west-1', '--json']);
		expect(code).toBe(0);
		expect(err.trimEnd().split('\n')).toEqual([expect.stringMatching(/^ecs-top: eu-west-1: .*(not authorized|AccessDenied|denied)/i)]);
		const lines = parse(out);
		expect(lines.length).toBeGreaterThan(0);
		expect(lines.every(l => l.context.region === 'us-east-1')).toBe(true);

		await t.faults({denyContexts: {'123456789012/eu-west-1': 'AccessDeniedException', '123456789012/us-east-1': 'AccessDeniedException'}});
		const all = await events(['--region', 'us-east-1,eu-west-1']);
		expect(all.code).toBe(1);
		expect(all.out).toBe('');
		expect(all.err.trimEnd().split('\n')).toHaveLength(2);
	});

	it('--cluster and --service apply in every context: where one is missing, one line names it', async () => {
		const {code, out, err} = await events(['--region', 'us-east-1,sa-east-1,ap-northeast-1', '--json']);
		expect(code).toBe(0);
		expect(err.trimEnd().split('\n').sort()).toEqual([
			'ecs-top: ap-northeast-1: service "web" not found in cluster "production" (MISSING)',
			'ecs-top: sa-east-1: cluster "production" not found',
		]);
		expect(parse(out).every(l => l.context.region === 'us-east-1')).toBe(true);
	});

	it('--follow prints each context\'s new events as they come, labelled; Ctrl-C ends it with 0', async () => {
		vi.stubEnv('ECS_TOP_EVENTS_POLL_MS', '50');
		const running = events(['--region', 'us-east-1,eu-west-1', '--follow', '--json']);
		const write = vi.mocked(process.stdout.write);
		const seen = () => parse(write.mock.calls.map(c => String(c[0])).join(''));
		await vi.waitFor(() => expect(new Set(seen().map(l => l.context.region)).size).toBe(2), {timeout: 20_000, interval: 20});
		mark('123456789012/eu-west-1', '(service web) followed in eu-west-1');
		mark('123456789012/us-east-1', '(service web) followed in us-east-1');
		await vi.waitFor(() => expect(seen().filter(l => l.message.startsWith('(service web) followed')).length).toBe(2), {timeout: 20_000, interval: 20});
		process.emit('SIGINT');
		const {code, out, err} = await running;
		expect(code).toBe(0);
		expect(err).toBe('');
		const followed = parse(out).filter(l => l.message.startsWith('(service web) followed'));
		expect(followed.map(l => `${l.context.region} ${l.message}`).sort()).toEqual([
			'eu-west-1 (service web) followed in eu-west-1',
			'us-east-1 (service web) followed in us-east-1',
		]);
		const ids = parse(out).map(l => `${l.context.region} ${l.id}`);
		expect(new Set(ids).size).toBe(ids.length);
	});
});
