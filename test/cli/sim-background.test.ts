// README's way to point a shell at the simulator, run exactly as written: `eval "$(ecs-top sim
// --background)"` returns (the foreground simulator held stdout, so `$(…)` never saw EOF), the
// shell's next command reaches the simulator through the exported variables, and
// `kill $ECS_TOP_SIM_PID` stops it. The foreground mode still prints the exports and stops on
// SIGTERM. Every process a test starts carries a marker in its environment; afterEach kills any
// left, so a failing test leaves no simulator behind.
import {spawn} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {bundleNode} from '../helpers/bundle-node.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let home: string;
let marker: string;

beforeEach(() => {
	home = mkdtempSync(path.join(tmpdir(), 'ecs-top-simbg-'));
	marker = `ecs-top-simbg-${process.pid}-${Math.random().toString(36).slice(2)}`;
});

afterEach(() => {
	for (const pid of marked()) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Gone meanwhile.
		}
	}
	rmSync(home, {recursive: true, force: true});
});

/** Live processes (zombies excluded) whose environment carries this test's marker. */
function marked(): number[] {
	const found: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (!readFileSync(`/proc/${entry}/environ`, 'latin1').includes(`ECS_TOP_TEST_MARKER=${marker}`)) continue;
			if (!alive(Number(entry))) continue;
			found.push(Number(entry));
		} catch {
			// Gone, or not ours to read.
		}
	}
	return found;
}

/** True while a process runs (a zombie has exited: the container's init may not reap it). */
function alive(pid: number): boolean {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
	} catch {
		return false;
	}
}

function env(): NodeJS.ProcessEnv {
	return {
		...process.env,
		// `node` in the scripts below is the Node the tests run the bundle with.
		PATH: `${path.dirname(bundleNode)}${path.delimiter}${process.env.PATH ?? ''}`,
		HOME: home,
		XDG_STATE_HOME: path.join(home, 'state'),
		XDG_CONFIG_HOME: path.join(home, 'config'),
		AWS_CONFIG_FILE: path.join(home, 'aws-config'),
		AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'aws-credentials'),
		AWS_EC2_METADATA_DISABLED: 'true',
		NO_COLOR: '1',
		ECS_TOP_TEST_MARKER: marker,
	};
}

/**
 * Runs a shell script from the repository root. The guard only ends a script that hangs (and the
 * test then fails on `killed`); nothing is measured against it.
 */
function shell(script: string, guardMs = 20_000): Promise<{code: number | null; killed: boolean; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		const child = spawn('sh', ['-c', script], {cwd: root, env: env(), stdio: ['ignore', 'pipe', 'pipe'], detached: true});
		let stdout = '';
		let stderr = '';
		let killed = false;
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const guard = setTimeout(() => {
			killed = true;
			process.kill(-child.pid!, 'SIGKILL');
		}, guardMs);
		child.on('close', code => {
			clearTimeout(guard);
			resolve({code, killed, stdout, stderr});
		});
	});
}

const field = (out: string, name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(out)?.[1];

describe('ecs-top sim --background (built CLI, in sh)', () => {
	it('README\'s eval "$(ecs-top sim --background)" returns; the shell reaches the sim; kill stops it', async () => {
		const run = await shell(
			[
				'eval "$(node dist/cli.js sim --background --port 0)"',
				'echo "PID=$ECS_TOP_SIM_PID"',
				'echo "ENDPOINT=$AWS_ENDPOINT_URL_ECS"',
				// Where the detached simulator's stdio points, and its session and process group.
				'echo "FD1=$(readlink /proc/$ECS_TOP_SIM_PID/fd/1)"',
				'echo "IDS=$(ps -o pid=,pgid=,sid= -p $ECS_TOP_SIM_PID)"',
				'node dist/cli.js get clusters',
				'kill $ECS_TOP_SIM_PID',
			].join('\n'),
		);
		expect(run.killed).toBe(false);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const pid = Number(field(run.stdout, 'PID'));
		expect(pid).toBeGreaterThan(0);
		expect(field(run.stdout, 'ENDPOINT')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(field(run.stdout, 'FD1')).toBe('/dev/null');
		// Its own session and process group: the terminal's Ctrl-C and hangup do not reach it.
		expect(field(run.stdout, 'IDS')!.trim().split(/\s+/).map(Number)).toEqual([pid, pid, pid]);
		// `get clusters` through the exported environment lists the simulator's demo world.
		expect(run.stdout).toMatch(/^NAME\s+STATUS\s+SERVICES/m);
		for (const name of ['production', 'staging', 'data']) expect(run.stdout).toMatch(new RegExp(`^${name}\\s+ACTIVE`, 'm'));
		await vi.waitFor(() => expect(alive(pid)).toBe(false), {timeout: 10_000, interval: 50});
		await vi.waitFor(() => expect(marked()).toEqual([]), {timeout: 10_000, interval: 50});
	});

	it('prints eval-safe lines, each ending in ";", so eval $(…) without quotes works too', async () => {
		const run = await shell(
			[
				'out=$(node dist/cli.js sim -b --port 0 --seed 7)',
				'printf "%s\\n" "$out"',
				'eval $out',
				'node dist/cli.js get clusters --json >/dev/null && echo "GET=ok"',
				'kill $ECS_TOP_SIM_PID',
			].join('\n'),
		);
		expect(run.killed).toBe(false);
		expect(run.code).toBe(0);
		expect(run.stderr).toBe('');
		const lines = run.stdout.trim().split('\n');
		const url = /AWS_ENDPOINT_URL_ECS=(\S+);/.exec(run.stdout)![1]!;
		const pid = /ECS_TOP_SIM_PID=(\d+);/.exec(run.stdout)![1]!;
		expect(lines.slice(0, 10)).toEqual([
			`export AWS_ENDPOINT_URL_ECS=${url};`,
			`export AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=${url};`,
			`export AWS_ENDPOINT_URL_CLOUDWATCH=${url};`,
			`export AWS_ENDPOINT_URL_SSM=${url};`,
			`export AWS_ENDPOINT_URL_STS=${url};`,
			'export AWS_REGION=us-east-1;',
			'export AWS_ACCESS_KEY_ID=sim;',
			'export AWS_SECRET_ACCESS_KEY=sim;',
			`export ECS_TOP_SIM_PID=${pid};`,
			`# ecs-top sim: listening on ${url} (3 clusters, seed 7, speed 1x, throttling on), pid ${pid}; stop it with: kill $ECS_TOP_SIM_PID`,
		]);
		expect(lines.at(-1)).toBe('GET=ok');
		await vi.waitFor(() => expect(marked()).toEqual([]), {timeout: 10_000, interval: 50});
	});

	it('a port in use: exit 1 with one line, nothing to eval, no process left', async () => {
		const first = await shell('node dist/cli.js sim --background --port 0');
		expect(first.code).toBe(0);
		const port = /127\.0\.0\.1:(\d+);/.exec(first.stdout)![1]!;
		const firstPid = Number(/ECS_TOP_SIM_PID=(\d+);/.exec(first.stdout)![1]);
		const second = await shell(`node dist/cli.js sim --background --port ${port}; echo "CODE=$?"`);
		expect(second.killed).toBe(false);
		expect(second.stdout).toBe('CODE=1\n');
		expect(second.stderr).toBe(`ecs-top: port ${port} is already in use\n`);
		// Only the first simulator is still running.
		await vi.waitFor(() => expect(marked()).toEqual([firstPid]), {timeout: 10_000, interval: 50});
		process.kill(firstPid, 'SIGTERM');
		await vi.waitFor(() => expect(alive(firstPid)).toBe(false), {timeout: 10_000, interval: 50});
	});
});

describe('ecs-top sim in the foreground (built CLI)', () => {
	it('still prints the comment and exports (no pid) and stops on SIGTERM with 143', async () => {
		const child = spawn(bundleNode, [path.join(root, 'dist', 'cli.js'), 'sim', '--port', '0'], {cwd: root, env: env(), stdio: ['ignore', 'pipe', 'pipe']});
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		const exit = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
		await vi.waitFor(() => expect(out).toContain('AWS_SECRET_ACCESS_KEY'), {timeout: 15_000, interval: 20});
		const lines = out.trim().split('\n');
		expect(lines[0]).toMatch(/^# ecs-top sim: listening on http:\/\/127\.0\.0\.1:\d+ \(3 clusters, .*\); Ctrl-C to stop$/);
		expect(lines.slice(1).map(line => line.replace(/=.*/, ''))).toEqual(['export AWS_ENDPOINT_URL_ECS', 'export AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', 'export AWS_ENDPOINT_URL_CLOUDWATCH', 'export AWS_ENDPOINT_URL_SSM', 'export AWS_ENDPOINT_URL_STS', 'export AWS_REGION', 'export AWS_ACCESS_KEY_ID', 'export AWS_SECRET_ACCESS_KEY']);
		expect(out).not.toContain('ECS_TOP_SIM_PID');
		child.kill('SIGTERM');
		expect(await exit).toBe(143);
	});
});
