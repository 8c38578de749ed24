// The built binary does work of its first frame while its first call to AWS is out (commands/tui.ts:
// string-width's emoji pattern compiled then, about 20 ms): against a simulator that answers 300 ms
// late, the trace's `warmed` mark comes after the UI loaded and before the preflight's answer.
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {bundleNode} from '../helpers/bundle-node.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
let sim: ChildProcess;
let env: NodeJS.ProcessEnv;
let dir: string;

beforeAll(async () => {
	// dist/cli.js is built once by test/global-setup.ts.
	dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-warm-'));
	env = {...process.env, NO_COLOR: '1'};
	sim = spawn(bundleNode, [cli, 'sim', '--port', '0', '--no-throttle', '--latency', '300'], {cwd: root, env, stdio: ['ignore', 'pipe', 'pipe']});
	let banner = '';
	sim.stdout!.on('data', chunk => (banner += chunk));
	await vi.waitFor(() => expect(banner).toMatch(/export AWS_SECRET_ACCESS_KEY=/), {timeout: 10_000, interval: 20});
	for (const [, name, value] of banner.matchAll(/^export (\w+)=(.*)$/gm)) env[name!] = value!.replace(/^'|'$/g, '');
}, 60_000);

afterAll(() => {
	sim?.kill('SIGTERM');
	rmSync(dir, {recursive: true, force: true});
});

describe('start-up', () => {
	it("measures text while the preflight call is out, not in the first frame's time", async () => {
		const traceFile = path.join(dir, 'trace.jsonl');
		// No terminal: one screen, then exit (the same start-up as the TUI's, to the first screen).
		const child = spawn(bundleNode, [cli, '--cluster', 'production', '--no-metrics'], {cwd: root, env: {...env, ECS_TOP_TRACE_FILE: traceFile}, stdio: ['ignore', 'pipe', 'pipe']});
		let out = '';
		child.stdout!.on('data', chunk => (out += chunk));
		const code = await new Promise(resolve => child.on('close', resolve));
		expect(code).toBe(0);
		expect(out).toMatch(/SERVICES/);
		const marks = readFileSync(traceFile, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map(line => JSON.parse(line) as {t: number; event: string; phase?: string})
			.filter(e => e.event === 'start');
		const at = (phase: string) => marks.find(m => m.phase === phase)?.t ?? NaN;
		expect(at('warmed')).toBeGreaterThan(at('ui-loaded'));
		expect(at('warmed')).toBeLessThan(at('preflight'));
	}, 60_000);
});
