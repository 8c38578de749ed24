// What the built binary loads on its way to the first screen (scripts/build.mjs): node:zlib and
// node:child_process only when a function of theirs is called (the SDK's crc32, a process started),
// which the start never does; and of the AWS SDK's clients only the commands ecs-top sends, not
// every command each client's index names.
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {bundleNode} from '../helpers/bundle-node.js';
import {startBuiltSim} from '../helpers/built-sim.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
let sim: ChildProcess;
let env: NodeJS.ProcessEnv;
let dir: string;

// Loaded before the bundle: on exit, says which of the watched built-in modules the process loaded.
const watcher = `process.on('exit', () => process.stderr.write('loaded [' + process.moduleLoadList.filter(m => /^NativeModule (zlib|child_process)$/.test(m)).map(m => m.slice(13)).join(',') + ']\\n'));`;
const preload = ['--import', `data:text/javascript,${encodeURIComponent(watcher)}`];

beforeAll(async () => {
	// dist/cli.js is built once by test/global-setup.ts.
	dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-start-modules-'));
	env = {...process.env, NO_COLOR: '1', AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true', XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir};
	sim = await startBuiltSim(['--no-throttle'], env);
}, 60_000);

afterAll(() => {
	sim?.kill('SIGTERM');
	rmSync(dir, {recursive: true, force: true});
});

describe('start-up modules', () => {
	it('the first screen comes without node:zlib or node:child_process loaded', async () => {
		// No terminal: one screen, then exit (the TUI's start-up, to its first screen).
		const child = spawn(bundleNode, [...preload, cli, '--cluster', 'production', '--no-metrics'], {cwd: root, env, stdio: ['ignore', 'pipe', 'pipe']});
		let out = '';
		let err = '';
		child.stdout!.on('data', chunk => (out += chunk));
		child.stderr!.on('data', chunk => (err += chunk));
		const code = await new Promise(resolve => child.on('close', resolve));
		expect(code).toBe(0);
		// The narrowed ECS client answered: the screen has the cluster's services.
		expect(out).toMatch(/SERVICES/);
		expect(err).toContain('loaded []\n');
	}, 60_000);

	it('the watcher sees a module that is loaded (the check can fail)', () => {
		const result = spawnSync(bundleNode, [...preload, '-e', "require('node:zlib'); require('node:child_process')"], {encoding: 'utf8', timeout: 20_000});
		expect(result.stderr).toContain('loaded [zlib,child_process]\n');
	});

	it('the bundle holds the ECS commands ecs-top sends, not the others, and no path of the machine that built it', () => {
		const bundle = readFileSync(path.join(root, 'dist', 'ecs-top.js'), 'utf8');
		// (Booleans: a failure would otherwise print the 3 MB bundle.)
		const holds = (operation: string) => bundle.includes(`"${operation}"`);
		expect(holds('ListTasks') && holds('DescribeServices') && holds('UpdateService')).toBe(true);
		// Two of the commands ecs-top never sends.
		expect(holds('AssociateGatewayWithCluster')).toBe(false);
		expect(holds('PutAccountSettingDefault')).toBe(false);
		// The build's own module names carry no path of the machine that built it.
		expect(bundle.includes(root)).toBe(false);
	});
});
