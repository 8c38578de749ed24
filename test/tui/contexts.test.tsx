// Contexts in the TUI against the simulator (--fleet: other accounts and Regions have worlds of
// their own) through the real SDK: `:ctx` lists the profiles of a temp AWS config with the right
// states (an SSO profile with no cached token, one with a services endpoint), `:region` switches and
// switching back finds the selection where it was, the fleet pane lists two Regions' clusters with
// one context failing on its own row, Enter opens a cluster in its context and Esc comes back, and
// each account+Region's calls are counted on its own at the simulator.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {ContextsHub, type OpenedContext} from '../../source/app/contexts/hub.js';
import {ContextsRoot} from '../../source/app/contexts/root.js';
import {checkCredentials, createEcsApi, listProfiles} from '../../source/aws/client.js';
import {resolveContext, type ContextSpec} from '../../source/aws/contexts.js';
import {adapterFor} from '../../source/resources/index.js';
import {createDataLayer} from '../../source/store/index.js';
import {ManualClock} from '../helpers/manual-clock.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {keys, stripAnsi, tick} from './render-app.js';
import {parseArgs} from '../../source/cli-args.js';
import {runTui} from '../../source/commands/tui.js';
import {captureOutput} from '../helpers/run-command.js';

let t: TestSim;
let dir: string;

beforeAll(async () => {
	t = await startTestSim({fleet: true});
	dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-tui-ctx-'));
	writeFileSync(
		path.join(dir, 'config'),
		[
			'[profile a]',
			'region = us-east-1',
			'[profile b]',
			'region = eu-west-1',
			'[profile corp]',
			'sso_session = corp',
			'sso_account_id = 111122223333',
			'sso_role_name = ReadOnly',
			'region = us-east-1',
			'[sso-session corp]',
			'sso_start_url = https://corp.awsapps.example/start',
			'sso_region = us-east-1',
			'[profile local]',
			'region = us-east-1',
			'services = local-ecs',
			'[services local-ecs]',
			'ecs =',
			'  endpoint_url = http://127.0.0.1:4566',
			'',
		].join('\n'),
	);
	writeFileSync(
		path.join(dir, 'credentials'),
		['[a]', 'aws_access_key_id = sim', 'aws_secret_access_key = x', '[b]', 'aws_access_key_id = sim-111122223333', 'aws_secret_access_key = x', '[local]', 'aws_access_key_id = sim', 'aws_secret_access_key = x', ''].join('\n'),
	);
});

afterAll(async () => {
	await t.close();
	rmSync(dir, {recursive: true, force: true});
});

const running: Array<() => void> = [];
afterEach(async () => {
	for (const stop of running.splice(0)) stop();
	vi.unstubAllEnvs();
	await t.faults({});
});

/**
 * The TUI's contexts as tui.ts builds them, on a stepped clock: each context resolved through STS
 * (its account), read through its account+Region's limiter by its own data layer.
 */
async function contextsApp(options: {profiles: Array<string | null>; regions: string[]}) {
	vi.stubEnv('AWS_CONFIG_FILE', path.join(dir, 'config'));
	vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(dir, 'credentials'));
	// No SSO token cache of the machine's: the SSO profile has none.
	vi.stubEnv('HOME', dir);
	vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
	for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL']) vi.stubEnv(name, undefined as never);
	const clock = new ManualClock();
	const layers: Array<{stop(): void; settled(): Promise<void>}> = [];
	const open = async (spec: ContextSpec): Promise<OpenedContext> => {
		const resolved = await resolveContext({endpointUrl: t.endpoint}, spec);
		const api = createEcsApi({...resolved.flags, readOnly: true, limiter: resolved.limiter, retry: {baseDelayMs: 0, maxDelayMs: 0}, sleep: async () => {}});
		const {store, poller} = createDataLayer({api, adapters: adapterFor, refreshSeconds: 2, now: clock.now, timers: clock.timers, limiterState: () => resolved.limiter.status(), random: () => 0.5});
		layers.push({stop: () => poller.stop(), settled: () => poller.settled()});
		return {label: resolved.label, region: resolved.region, profile: resolved.profile, account: resolved.account, props: {store, poller, api, env: {profile: resolved.profile ?? undefined, region: resolved.region}}, stop: () => poller.stop()};
	};
	const hub = new ContextsHub({profiles: options.profiles, regions: options.regions, open, listProfiles, checkCredentials: profile => checkCredentials({endpointUrl: t.endpoint, profile: profile ?? undefined})});
	running.push(() => hub.stop());
	const app = render(<ContextsRoot hub={hub} base={{color: false, columns: 150, rows: 24, now: clock.now, readOnly: true}} />);
	running.push(() => app.unmount());
	const frame = () => stripAnsi(app.lastFrame() ?? '');
	const step = async () => {
		await clock.advance(250);
		await Promise.all(layers.map(l => l.settled()));
		await tick();
	};
	/** Steps the pollers until the frame passes (the contexts resolve over real loopback calls). */
	const until = async (check: (frame: string) => void, steps = 200) => {
		for (let i = 0; ; i++) {
			try {
				check(frame());
				return;
			} catch (error) {
				if (i >= steps) throw error;
			}
			await step();
			await new Promise(resolve => setTimeout(resolve, 5));
		}
	};
	const press = async (input: string) => {
		app.stdin.write(input);
		await tick();
		if (input.endsWith(keys.escape)) await new Promise(resolve => setTimeout(resolve, 30));
		await step();
	};
	const selected = () => frame().split('\n').find(l => l.startsWith('>')) ?? '';
	return {hub, frame, until, press, selected};
}

describe('contexts in the TUI', () => {
	it(':ctx lists the profiles with their regions, SSO, endpoint and whether credentials resolve', async () => {
		const app = await contextsApp({profiles: ['a'], regions: []});
		await app.until(f => expect(f).toContain('production'));
		await app.press(':ctx\r');
		await app.until(f => {
			expect(f).toMatch(/a\s+us-east-1\s+ok/);
			expect(f).toMatch(/b\s+eu-west-1\s+ok/);
			// The SSO profile with no cached token: said so, with the command that fixes it.
			expect(f).toMatch(/corp\s+us-east-1\s+yes\s+no: no valid AWS SSO session for profile "corp"/);
			expect(f).toMatch(/local\s+us-east-1\s+http:\/\/127\.0\.0\.1:4566\s+ok/);
		});
		// The profile shown now is marked.
		expect(app.frame()).toMatch(/● a\s+us-east-1/);
	});

	it('switching region and back keeps the selection and the place of each context', async () => {
		const app = await contextsApp({profiles: ['a'], regions: []});
		await app.until(f => expect(f).toContain('staging'));
		await app.press('j');
		await app.until(() => expect(app.selected()).toContain('staging'));
		await app.press(':region eu-west-1\r');
		await app.until(f => expect(f).toContain('-eu-west-1'));
		expect(app.frame()).toContain('eu-west-1  profile a');
		expect(app.frame()).not.toContain('production');
		await app.press(':region us-east-1\r');
		await app.until(f => expect(f).toContain('production'));
		expect(app.selected()).toContain('staging');
		// :profile switches to another account's context (its own Region from its profile).
		await app.press(':profile b\r');
		await app.until(f => expect(f).toContain('account 111122223333'));
		await app.press(':profile nope\r');
		await app.until(f => expect(f).toContain('no profile "nope"'));
	});

	it('the fleet lists two Regions, one failing on its own row; Enter opens a cluster and Esc comes back', async () => {
		await t.faults({denyContexts: {'123456789012/eu-west-1': 'AccessDeniedException'}});
		await t.resetStats();
		const app = await contextsApp({profiles: ['a', 'b'], regions: ['us-east-1', 'eu-west-1']});
		await app.until(f => {
			expect(f).toContain('fleet of 4');
			expect(f).toMatch(/a\/us-east-1\s+production\s+ACTIVE/);
			expect(f).toMatch(/b\/eu-west-1\s+\S+-eu-west-1\s+ACTIVE/);
			expect(f).toMatch(/b\/us-east-1\s+\S+-us-east-1\s+ACTIVE/);
			expect(f).toMatch(/a\/eu-west-1\s+-\s.*failed: .*(denied|AccessDenied)/i);
			// Health from each cluster's services: production is short of desired in the demo world.
			expect(f).toMatch(/production .*short of desired/);
		});
		// Each account+Region is its own bucket at the simulator: the failing one did not stop the others.
		const stats = await t.stats();
		expect(Object.keys(stats.byContext ?? {})).toEqual(expect.arrayContaining(['123456789012/us-east-1', '111122223333/eu-west-1', '111122223333/us-east-1']));
		// Attention first puts the failing context and the short cluster on top.
		await app.press('!');
		await app.until(f => expect(f.split('\n').filter(l => /^[> ] /.test(l))[1]).toMatch(/failed|short/));
		await app.press('g');
		// Enter on production: its services in context a/us-east-1; Esc back to the fleet.
		await app.press('/production\r');
		await app.until(() => expect(app.selected()).toContain('production'));
		await app.press(keys.enter);
		await app.until(f => expect(f).toMatch(/SERVICES\s+production/));
		expect(app.frame()).toContain('profile a');
		await app.press(keys.escape);
		await app.until(f => expect(f).toContain('fleet of 4'));
		expect(app.selected()).toContain('production');
		// `:` in the fleet: a place in one context needs that context; `:cluster NAME` opens it as Enter does.
		await app.press(':tasks\r');
		await app.until(f => expect(f).toContain(':tasks needs one context'));
		await app.press(':cluster production\r');
		await app.until(f => expect(f).toMatch(/SERVICES\s+production/));
	});
});

describe('two profiles of one account and Region', () => {
	it('are one set of clusters in the fleet: the second says where they are', async () => {
		// `a` and `local` both sign with the default account's key.
		const app = await contextsApp({profiles: ['a', 'local'], regions: ['us-east-1']});
		await app.until(f => {
			expect(f).toMatch(/a\/us-east-1\s+production/);
			expect(f).toMatch(/local\/us-east-1\s+-\s.*same account and region as a\/us-east-1/);
		});
		expect(app.frame().match(/production/g)).toHaveLength(1);
	});
});

describe('the fleet without a terminal', () => {
	it('prints one screen once every context is read: its clusters with their health, a failing context on its row', async () => {
		await t.faults({denyContexts: {'111122223333/us-east-1': 'AccessDeniedException'}});
		vi.stubEnv('AWS_CONFIG_FILE', path.join(dir, 'config'));
		vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(dir, 'credentials'));
		vi.stubEnv('HOME', dir);
		vi.stubEnv('XDG_STATE_HOME', path.join(dir, 'state'));
		vi.stubEnv('XDG_CACHE_HOME', path.join(dir, 'cache'));
		vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
		vi.stubEnv('COLUMNS', '150');
		for (const name of ['AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_ENDPOINT_URL']) vi.stubEnv(name, undefined as never);
		const output = captureOutput();
		try {
			// The production path of tui.ts: each context opened with STS and its own limiter and poller.
			const code = await runTui(parseArgs(['--profile', 'a,b', '--region', 'us-east-1,eu-west-1', '--endpoint-url', t.endpoint, '--no-metrics', '--read-only'], '0.0.0'));
			expect(code).toBe(0);
		} finally {
			vi.restoreAllMocks();
		}
		const screen = output.out();
		expect(screen).toContain('fleet of 4: a/us-east-1, a/eu-west-1, b/us-east-1, b/eu-west-1');
		expect(screen).toMatch(/a\/us-east-1\s+production\s+ACTIVE.*short of desired/);
		expect(screen).toMatch(/b\/eu-west-1\s+\S+-eu-west-1\s+ACTIVE/);
		expect(screen).toMatch(/b\/us-east-1\s+-\s.*failed: /);
		// Every cluster's health read: no cell left at `…`.
		expect(screen).not.toMatch(/\s…(\s|$)/m);
	});
});
