// The built binary on a real pseudo-terminal that vanishes without a SIGHUP: ecs-top ends with
// exit 1 (not a signal, not still running) and its simulator child goes with it. Node has no
// openpty(), so a small Python driver (pty-gone.py, next to this file) owns the pty: it starts
// the app in a session of its own with the pty as stdin/stdout but not as its controlling
// terminal, waits for the first frame, then closes the master. The kernel then hangs the slave up
// (reads end, writes fail with EIO) and has no session to send SIGHUP to, which is the case: on
// a controlling terminal the SIGHUP path (tested in tui.e2e.test.ts) would end the app first.
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {bundleNode} from '../helpers/bundle-node.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const driver = path.join(import.meta.dirname, 'pty-gone.py');

const python = spawnSync('python3', ['-c', 'import pty, termios, fcntl'], {encoding: 'utf8'});
const missing = python.status === 0 ? undefined : 'python3 with pty/termios is not available';
if (missing) process.stdout.write(`terminal-gone e2e: skipped (${missing})\n`);

interface Outcome {
	drew: boolean;
	aliveWhenClosed: boolean;
	inTime: boolean;
	code: number | null;
	signal: string | null;
	leftover: number[];
}

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

/** Runs `ecs-top --demo` on a pty that is closed once `marker` is drawn (and `quiet` s of nothing). */
async function closeUnder(options: {marker: string; quiet: number; stderrFile?: string; appArgs?: string[]}): Promise<Outcome> {
	const args = [driver, '--columns', '100', '--rows', '30', '--marker', options.marker, '--quiet', String(options.quiet), '--timeout', '10'];
	if (options.stderrFile) args.push('--stderr', options.stderrFile);
	args.push('--', bundleNode, path.join(root, 'dist', 'cli.js'), '--demo', ...(options.appArgs ?? []));
	// Ink renders nothing until exit when CI is set (test/setup.ts sets it to 'false').
	const child = spawn('python3', args, {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, CI: 'false'}});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
	child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
	const code = await new Promise(resolve => child.on('close', resolve));
	if (code !== 0) throw new Error(`pty-gone.py failed (${String(code)}): ${stderr}`);
	return JSON.parse(stdout) as Outcome;
}

describe.skipIf(missing)('the terminal vanishing without SIGHUP', () => {
	// dist/cli.js is built once by test/global-setup.ts.
	it('while the first frames are drawn (writes fail with EIO): exit 1, nothing left running', async () => {
		const outcome = await closeUnder({marker: 'help', quiet: 0});
		expect(outcome.drew).toBe(true);
		expect(outcome.aliveWhenClosed).toBe(true);
		expect(outcome).toMatchObject({inTime: true, code: 1, signal: null, leftover: []});
	}, 60_000);

	it('while idle (stdin ends, nothing is being written): exit 1 at once, saying why, nothing left running', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-gone-'));
		dirs.push(dir);
		const stderrFile = path.join(dir, 'stderr');
		// The cluster list with data, then a second of nothing drawn: the app is waiting for its next
		// refresh or clock tick. Unhandled, it would notice only at its next write, seconds later,
		// through the uncaught EIO (and, were the screen still, never). Idle for sure: a slow refresh
		// and no CPU%/MEM% read (its answer, late on a loaded machine, is a frame written at the close).
		const outcome = await closeUnder({marker: 'production', quiet: 1, stderrFile, appArgs: ['--refresh', '30', '--no-metrics']});
		expect(outcome.drew).toBe(true);
		expect(outcome.aliveWhenClosed).toBe(true);
		expect(outcome).toMatchObject({inTime: true, code: 1, signal: null, leftover: []});
		// stderr went to a file, so the one line is readable: the terminal is named as the cause.
		// Ink's restore-cursor escape (written to stderr at exit) aside, that is all.
		expect(readFileSync(stderrFile, 'utf8').replace(/\u001B\[\?25[hl]/g, '')).toBe('ecs-top: the terminal is gone (its input ended)\n');
	}, 60_000);
});
