// `ecs-top sim` from the built bundle: eval-safe output, a working endpoint, a clean stop.
import {execFile, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {ECSClient, ListClustersCommand} from '@aws-sdk/client-ecs';
import {beforeAll, describe, expect, it, vi} from 'vitest';
import {bundleNode} from '../helpers/bundle-node.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
let built = false;

// test/global-setup.ts builds dist/cli.js once for every file.
beforeAll(() => {
	built = existsSync(cli);
	if (!built) console.warn('skipping: dist/cli.js was not built');
});

function startCli(args: string[]) {
	const child = spawn(bundleNode, [cli, 'sim', ...args], {cwd: root, env: {...process.env, NO_COLOR: '1'}});
	let out = '';
	let err = '';
	child.stdout.on('data', (d: Buffer) => (out += d.toString()));
	child.stderr.on('data', (d: Buffer) => (err += d.toString()));
	const exit = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
	return {child, exit, out: () => out, err: () => err};
}

describe('ecs-top sim (built CLI)', () => {
	it('prints a comment and export lines, serves the SDK, stops cleanly with 143 on SIGTERM', async ({skip}) => {
		if (!built) skip();
		const run = startCli(['--port', '0', '--no-throttle', '--seed', '5']);
		await vi.waitFor(() => expect(run.out()).toContain('AWS_SECRET_ACCESS_KEY'), {timeout: 15_000, interval: 20});
		const lines = run.out().trim().split('\n');
		expect(lines[0]).toMatch(/^# ecs-top sim: listening on http:\/\/127\.0\.0\.1:\d+ \(.*\)/);
		const url = /AWS_ENDPOINT_URL_ECS=(\S+)/.exec(run.out())![1]!;
		expect(lines.slice(1)).toEqual([`export AWS_ENDPOINT_URL_ECS=${url}`, `export AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=${url}`, `export AWS_ENDPOINT_URL_CLOUDWATCH=${url}`, `export AWS_ENDPOINT_URL_SSM=${url}`, `export AWS_ENDPOINT_URL_STS=${url}`, 'export AWS_REGION=us-east-1', 'export AWS_ACCESS_KEY_ID=sim', 'export AWS_SECRET_ACCESS_KEY=sim']);
		const client = new ECSClient({endpoint: url, region: 'us-east-1', credentials: {accessKeyId: 'sim', secretAccessKey: 'sim'}, maxAttempts: 1});
		const clusters = await client.send(new ListClustersCommand({}));
		expect(clusters.clusterArns!.length).toBeGreaterThanOrEqual(3);
		client.destroy();
		run.child.kill('SIGTERM');
		expect(await run.exit).toBe(143);
		expect(run.err()).toBe('');
	});

	it('exits 0 on SIGINT too, and 1 with one line when the port is taken', async ({skip}) => {
		if (!built) skip();
		const first = startCli(['--port', '0']);
		await vi.waitFor(() => expect(first.out()).toContain('AWS_ENDPOINT_URL_ECS='), {timeout: 15_000, interval: 20});
		const port = /127\.0\.0\.1:(\d+)/.exec(first.out())![1]!;
		const second = startCli(['--port', port]);
		expect(await second.exit).toBe(1);
		expect(second.err()).toBe(`ecs-top: port ${port} is already in use\n`);
		first.child.kill('SIGINT');
		expect(await first.exit).toBe(0);
	});

	it('rejects a bad flag value with exit 2', async ({skip}) => {
		if (!built) skip();
		const run = startCli(['--speed', 'fast']);
		expect(await run.exit).toBe(2);
		expect(run.err()).toContain('--speed');
	});
});

describe('ecs-top sim --fleet with only its exports', () => {
	it('is enough for get across two regions: STS (the contexts\' accounts) is the simulator too', async ({skip}) => {
		if (!built) skip();
		const run = startCli(['--port', '0', '--no-throttle', '--fleet']);
		const home = mkdtempSync(path.join(tmpdir(), 'ecs-top-sim-env-'));
		try {
			await vi.waitFor(() => expect(run.out()).toContain('AWS_SECRET_ACCESS_KEY'), {timeout: 15_000, interval: 20});
			// The shell that evals the lines: nothing of this machine's AWS setup, no instance metadata.
			const env: NodeJS.ProcessEnv = {PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: home, XDG_STATE_HOME: home, XDG_CACHE_HOME: home, NO_COLOR: '1', AWS_CONFIG_FILE: path.join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true'};
			for (const [, name, value] of run.out().matchAll(/^export (\w+)=(\S+)$/gm)) env[name!] = value!;
			const {code, stdout, stderr} = await new Promise<{code: number; stdout: string; stderr: string}>(resolve => {
				execFile(bundleNode, [cli, 'get', 'clusters', '--region', 'us-east-1,eu-west-1', '--json'], {cwd: root, env}, (error, stdout, stderr) => resolve({code: error ? Number(error.code ?? 1) : 0, stdout, stderr}));
			});
			expect(stderr).toBe('');
			expect(code).toBe(0);
			const regions = new Set((JSON.parse(stdout) as Array<{context: {region: string; account: string}}>).map(i => `${i.context.account}/${i.context.region}`));
			expect([...regions].sort()).toEqual(['123456789012/eu-west-1', '123456789012/us-east-1']);
		} finally {
			run.child.kill('SIGTERM');
			await run.exit;
			rmSync(home, {recursive: true, force: true});
		}
	});
});
