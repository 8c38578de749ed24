// The built binary's start-up order: the preflight call leaves first, then the UI (Ink, React and
// the app, about 50 ms of work) loads in the wait for its answer (commands/tui.ts, aws/request-start.ts).
// Loaded first, the UI held the request back until it was done. Against a simulator that answers
// 300 ms late, behind a proxy here that notes when the request's first bytes arrive: they arrive
// before the app's `ui-loaded` mark, the UI was let in by the request (not by the 250 ms fallback),
// and it was loaded before the answer came.
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createConnection, createServer, type AddressInfo, type Server} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {bundleNode} from '../helpers/bundle-node.js';
import {startBuiltSim} from '../helpers/built-sim.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
let sim: ChildProcess;
let proxy: Server;
let env: NodeJS.ProcessEnv;
let dir: string;
/** When each connection's first bytes reached the proxy (epoch ms, as the app's trace marks are). */
const firstBytes: number[] = [];

beforeAll(async () => {
	// dist/cli.js is built once by test/global-setup.ts.
	dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-start-order-'));
	// Shared files that exist, as most users have: reading them takes the SDK several turns of the event loop.
	writeFileSync(path.join(dir, 'config'), '[default]\nregion = us-east-1\n');
	writeFileSync(path.join(dir, 'credentials'), '[default]\naws_access_key_id = sim\naws_secret_access_key = sim\n');
	env = {...process.env, NO_COLOR: '1', AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true', XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir};
	sim = await startBuiltSim(['--no-throttle', '--latency', '300'], env);
	const target = new URL(env.AWS_ENDPOINT_URL_ECS!);
	proxy = createServer(client => {
		const upstream = createConnection({host: '127.0.0.1', port: Number(target.port)});
		client.once('data', () => firstBytes.push(performance.timeOrigin + performance.now()));
		client.pipe(upstream).pipe(client);
		const close = () => {
			client.destroy();
			upstream.destroy();
		};
		client.on('error', close).on('close', close);
		upstream.on('error', close).on('close', close);
	});
	await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
}, 60_000);

afterAll(async () => {
	sim?.kill('SIGTERM');
	await new Promise(resolve => proxy?.close(resolve));
	rmSync(dir, {recursive: true, force: true});
});

describe('start-up', () => {
	it('sends the preflight call before loading the UI, and loads it while the answer is awaited', async () => {
		const traceFile = path.join(dir, 'trace.jsonl');
		const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
		// No terminal: one screen, then exit (the same start-up as the TUI's, to the first screen).
		const child = spawn(bundleNode, [cli, '--cluster', 'production', '--no-metrics', '--endpoint-url', endpoint], {cwd: root, env: {...env, ECS_TOP_TRACE_FILE: traceFile}, stdio: ['ignore', 'pipe', 'pipe']});
		let out = '';
		child.stdout!.on('data', chunk => (out += chunk));
		const code = await new Promise(resolve => child.on('close', resolve));
		expect(code).toBe(0);
		expect(out).toMatch(/SERVICES/);
		const marks = readFileSync(traceFile, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map(line => JSON.parse(line) as {t: number; event: string; phase?: string; gate?: string})
			.filter(e => e.event === 'start');
		const mark = (phase: string) => marks.find(m => m.phase === phase);
		const at = (phase: string) => mark(phase)?.t ?? NaN;
		expect(mark('ui-gate')?.gate).toBe('request');
		expect(firstBytes[0]).toBeLessThan(at('ui-loaded'));
		expect(at('ui-loaded')).toBeLessThan(at('preflight'));
	}, 60_000);
});
