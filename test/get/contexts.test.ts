// `ecs-top get` across several contexts (--profile a,b × --region r1,r2) against the simulator
// with --fleet: each context read, its items carrying `context`, a CONTEXT column in tables, a
// failing context one stderr line while the others print, and one rate limiter per account and
// Region (two profiles of one account in one Region share it).
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {resolveContext, contextSpecs} from '../../source/aws/contexts.js';
import {accountRegionKey, limiterFor, sharedLimiter} from '../../source/aws/limiter.js';
import {parseArgs, UsageError} from '../../source/cli-args.js';
import {runGet} from '../../source/commands/get.js';
import {fleetSuite, type Profiles} from '../helpers/contexts.js';
import type {TestSim} from '../helpers/sim.js';

let t: TestSim;
let profiles: Profiles;
let dir: string;

fleetSuite((sim, p) => {
	t = sim;
	profiles = p;
	dir = p.dir;
});

/** runGet in-process with stdout and stderr captured; `env` keys or a profile's, never the machine's. */
const get = (argv: string[], env?: Record<string, string>) => profiles.run(runGet, ['get', ...argv], t.endpoint, env);

interface Item {
	clusterName: string;
	clusterArn: string;
	context?: {profile: string | null; region: string; account: string};
}

describe('ecs-top get across contexts', () => {
	it('--region r1,r2 --json: every region\'s clusters with their context', async () => {
		const {code, out, err} = await get(['clusters', '--region', 'us-east-1,eu-west-1,us-east-1', '--json']);
		expect(err).toBe('');
		expect(code).toBe(0);
		const items = JSON.parse(out) as Item[];
		const us = items.filter(i => i.context?.region === 'us-east-1');
		const eu = items.filter(i => i.context?.region === 'eu-west-1');
		expect(us.map(i => i.clusterName)).toEqual(expect.arrayContaining(['production', 'staging', 'data']));
		expect(eu.length).toBeGreaterThan(0);
		expect(eu.every(i => i.clusterName.endsWith('-eu-west-1') && i.clusterArn.includes(':eu-west-1:'))).toBe(true);
		// The duplicate region is read once; context order is as given.
		expect(us.length + eu.length).toBe(items.length);
		expect(items[0]!.context).toEqual({profile: null, region: 'us-east-1', account: '123456789012'});
		expect(eu[0]!.context).toEqual({profile: null, region: 'eu-west-1', account: '123456789012'});
	});

	it('tables get a CONTEXT column', async () => {
		const {code, out} = await get(['clusters', '--region', 'us-east-1,eu-west-1']);
		expect(code).toBe(0);
		const lines = out.trimEnd().split('\n');
		expect(lines[0]).toMatch(/^CONTEXT\s+NAME\s+STATUS/);
		expect(lines.some(l => /^us-east-1\s+production\s/.test(l))).toBe(true);
		expect(lines.some(l => /^eu-west-1\s+\S+-eu-west-1\s/.test(l))).toBe(true);
	});

	it('--profile a,b: each profile\'s account, from its keys', async () => {
		const {code, out, err} = await get(['clusters', '--profile', 'a,b', '--json'], {});
		expect(err).toBe('');
		expect(code).toBe(0);
		const items = JSON.parse(out) as Item[];
		const a = items.filter(i => i.context?.profile === 'a');
		const b = items.filter(i => i.context?.profile === 'b');
		expect(a[0]!.context).toEqual({profile: 'a', region: 'us-east-1', account: '123456789012'});
		expect(a.map(i => i.clusterName)).toContain('production');
		expect(b.length).toBeGreaterThan(0);
		expect(b.every(i => i.context!.account === '111122223333' && i.clusterArn.includes(':111122223333:'))).toBe(true);
		const table = await get(['clusters', '--profile', 'a,b'], {});
		expect(table.out).toMatch(/\na\/us-east-1\s+production\s/);
	});

	it('a failing context is one stderr line; the others print (exit 0); all failing is exit 1', async () => {
		await t.faults({denyContexts: {'123456789012/eu-west-1': 'AccessDeniedException'}});
		const {code, out, err} = await get(['clusters', '--region', 'us-east-1,eu-west-1', '--json']);
		expect(code).toBe(0);
		expect(err.trimEnd().split('\n')).toEqual([expect.stringMatching(/^ecs-top: eu-west-1: .*(not authorized|AccessDenied|denied)/i)]);
		const items = JSON.parse(out) as Item[];
		expect(items.length).toBeGreaterThan(0);
		expect(items.every(i => i.context?.region === 'us-east-1')).toBe(true);

		await t.faults({denyContexts: {'123456789012/eu-west-1': 'AccessDeniedException', '123456789012/us-east-1': 'AccessDeniedException'}});
		const all = await get(['clusters', '--region', 'us-east-1,eu-west-1']);
		expect(all.code).toBe(1);
		expect(all.out).toBe('');
		expect(all.err.trimEnd().split('\n')).toHaveLength(2);
	});

	it('an unreachable STS is named as STS in the context\'s line', async () => {
		// Port 1 on loopback: nothing listens, the connection is refused at once.
		const {code, out, err} = await profiles.run(runGet, ['get', 'clusters', '--region', 'us-east-1,eu-west-1'], 'http://127.0.0.1:1');
		expect(code).toBe(1);
		expect(out).toBe('');
		expect(err.trimEnd().split('\n').sort()).toEqual([
			expect.stringMatching(/^ecs-top: eu-west-1: cannot reach STS \(/),
			expect.stringMatching(/^ecs-top: us-east-1: cannot reach STS \(/),
		]);
	});

	it('a profile that does not exist fails alone', async () => {
		const {code, out, err} = await get(['clusters', '--profile', 'a,nope', '--json'], {});
		expect(code).toBe(0);
		expect(err).toMatch(/^ecs-top: nope: profile "nope" not found/);
		expect((JSON.parse(out) as Item[]).every(i => i.context?.profile === 'a')).toBe(true);
	});

	it('one context: output exactly as before (no context field, no CONTEXT column, no STS call)', async () => {
		await t.resetStats();
		const {out} = await get(['clusters', '--region', 'us-east-1', '--json']);
		expect((JSON.parse(out) as Item[]).every(i => !('context' in i))).toBe(true);
		const table = await get(['clusters', '--region', 'us-east-1']);
		expect(table.out).toMatch(/^NAME\s+STATUS/);
		expect((await t.stats()).calls.GetCallerIdentity).toBeUndefined();
	});

	it('refuses empty items in the lists, and several contexts where a command takes one', () => {
		expect(() => parseArgs(['get', 'clusters', '--region', 'us-east-1,'], '0')).toThrow(UsageError);
		expect(() => parseArgs(['get', 'clusters', '--profile', ',a'], '0')).toThrow(/empty item/);
		// The TUI takes several: its fleet view (test/tui/contexts.test.tsx).
		expect(parseArgs(['--region', 'us-east-1,eu-west-1'], '0').aws.regions).toEqual(['us-east-1', 'eu-west-1']);
		expect(() => parseArgs(['port-forward', '--task', 't', '--region', 'r1,r2'], '0')).toThrow(/one region in "port-forward"/);
		// Not across contexts: refused rather than reading the first context alone.
		expect(() => parseArgs(['exec', '--task', 't', '--profile', 'a,b'], '0')).toThrow(/one profile in "exec"/);
		expect(parseArgs(['events', '--profile', 'a,b'], '0').aws.profiles).toEqual(['a', 'b']);
		expect(parseArgs(['logs', '--service', 'web', '--region', 'r1,r2'], '0').aws.regions).toEqual(['r1', 'r2']);
		expect(parseArgs(['get', 'clusters', '--profile', 'a, b,a'], '0').aws).toMatchObject({profile: 'a', profiles: ['a', 'b']});
		expect(contextSpecs(['a', 'b'], ['r1', 'r2'])).toEqual([{profile: 'a', region: 'r1'}, {profile: 'a', region: 'r2'}, {profile: 'b', region: 'r1'}, {profile: 'b', region: 'r2'}]);
		expect(contextSpecs([], [])).toEqual([{}]);
	});
});

describe('one rate limiter per account and Region', () => {
	it('is shared by two profiles of one account in one Region, and by nothing else', async () => {
		vi.stubEnv('AWS_CONFIG_FILE', path.join(dir, 'config'));
		vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(dir, 'credentials'));
		for (const name of ['AWS_PROFILE', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) vi.stubEnv(name, undefined as never);
		const base = {endpointUrl: t.endpoint};
		const [a, a2, b, aEu] = await Promise.all([
			resolveContext(base, {profile: 'a'}),
			resolveContext(base, {profile: 'a2'}),
			resolveContext(base, {profile: 'b'}),
			resolveContext(base, {profile: 'a', region: 'eu-west-1'}),
		]);
		expect([a.account, a2.account, b.account]).toEqual(['123456789012', '123456789012', '111122223333']);
		expect(a2.limiter).toBe(a.limiter);
		expect(b.limiter).not.toBe(a.limiter);
		expect(aEu.limiter).not.toBe(a.limiter);
		expect(a.limiter).toBe(limiterFor(accountRegionKey('123456789012', 'us-east-1')));
		expect(a.limiter).not.toBe(sharedLimiter());
	});
});
