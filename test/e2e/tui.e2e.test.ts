// The built binary in a real terminal (tmux): start on the simulator, navigate, quit; and the
// terminal comes back intact however the app ends (q, Ctrl-C, SIGTERM, SIGHUP, a crash).
import {afterEach, describe, expect, it, vi} from 'vitest';
import {gone, sane, TmuxSession, tmuxMissing} from './tmux.js';

const missing = tmuxMissing();
if (missing) process.stdout.write(`tui e2e: skipped (${missing})\n`);

const sessions: TmuxSession[] = [];
function start(args: string[], options?: ConstructorParameters<typeof TmuxSession>[1]): TmuxSession {
	const session = new TmuxSession(args, options);
	sessions.push(session);
	return session;
}

const hasClusterRows = (screen: string) => screen.includes('CLUSTERS') && /^>\s+\S/m.test(screen) && !screen.includes('loading…');

describe.skipIf(missing)('tui end to end (tmux)', () => {
	// dist/cli.js is built once by test/global-setup.ts.
	afterEach(() => {
		for (const session of sessions.splice(0)) session.close();
	});

	it('starts --demo, navigates, and q exits 0 with the terminal restored', async () => {
		const tui = start(['--demo'], {columns: 100, rows: 30});
		await tui.waitForScreen(hasClusterRows, 'the cluster list');
		expect(tui.alternateOn()).toBe('1');
		const app = tui.appPid();
		const simulators = tui.childPids(app);
		expect(simulators.length).toBeGreaterThan(0);

		tui.keys('Enter');
		await tui.waitForScreen(s => /^SERVICES  /m.test(s) && /^>\s+\S/m.test(s), 'the services pane');
		// Every update lands in place: one header, one hint bar, nothing scrolled or duplicated.
		const screen = tui.screen().split('\n');
		expect(screen.filter(l => l.startsWith('ecs-top  account'))).toHaveLength(1);
		expect(screen[0]).toMatch(/^ecs-top  account \d{12}/);
		expect(screen[1]).toMatch(/^SERVICES  clusters › /);
		expect(screen.filter(l => l.includes('? help'))).toHaveLength(1);
		tui.keys('j', 'k', 'Enter');
		await tui.waitForScreen(s => /^TASKS  /m.test(s), 'the tasks pane');
		tui.keys('Escape');
		await tui.waitForScreen(s => /^SERVICES  /m.test(s), 'the services pane again');
		tui.keys('?');
		await tui.waitForScreen(s => s.includes('Keys: services'), 'the help');
		tui.keys('q');
		await tui.waitForScreen(s => !s.includes('Keys: services'), 'the help closed');
		tui.keys('q');

		expect(await tui.exitCode()).toBe(0);
		expect(tui.alternateOn()).toBe('0');
		expect(sane(tui.stty())).toBe(true);
		await vi.waitFor(() => expect(simulators.filter(pid => !gone(pid))).toEqual([]), {timeout: 5000});
		// Nothing but cursor-restoring escapes (Ink's restore-cursor writes one to stderr at exit).
		expect(tui.stderr().replace(/\u001B\[\?25[hl]/g, '')).toBe('');
	});

	for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
		it(`${signal} restores the terminal and exits ${code}`, async () => {
			const tui = start(['--demo']);
			await tui.waitForScreen(hasClusterRows, 'the cluster list');
			expect(tui.alternateOn()).toBe('1');
			const app = tui.appPid();
			const simulators = tui.childPids(app);
			process.kill(app, signal);
			expect(await tui.exitCode()).toBe(code);
			expect(tui.alternateOn()).toBe('0');
			expect(tui.stty()).toMatch(/(^|\s)icanon\s/);
			expect(sane(tui.stty())).toBe(true);
			await vi.waitFor(() => expect(simulators.filter(pid => !gone(pid))).toEqual([]), {timeout: 5000});
		});
	}

	it('Ctrl-C restores the terminal and exits 0', async () => {
		const tui = start(['--demo']);
		await tui.waitForScreen(hasClusterRows, 'the cluster list');
		expect(tui.alternateOn()).toBe('1');
		const simulators = tui.childPids(tui.appPid());
		tui.keys('C-c');
		expect(await tui.exitCode()).toBe(0);
		expect(tui.alternateOn()).toBe('0');
		expect(sane(tui.stty())).toBe(true);
		await vi.waitFor(() => expect(simulators.filter(pid => !gone(pid))).toEqual([]), {timeout: 5000});
	});

	it('a crash restores the terminal, prints one line and exits 1', async () => {
		const tui = start(['--demo'], {env: {ECS_TOP_TEST_CRASH: 'planted crash'}});
		await tui.waitForScreen(s => s.startsWith('ecs-top  account'), 'the app on screen');
		expect(tui.alternateOn()).toBe('1');
		const simulators = tui.childPids(tui.appPid());
		expect(await tui.exitCode()).toBe(1);
		expect(tui.alternateOn()).toBe('0');
		expect(sane(tui.stty())).toBe(true);
		expect(tui.stderr().replace(/\u001B\[\?25[hl]/g, '')).toBe('ecs-top: planted crash\n');
		await vi.waitFor(() => expect(simulators.filter(pid => !gone(pid))).toEqual([]), {timeout: 5000});
	});

	it('a missing region is one line and exit 1, before the screen is touched', async () => {
		const tui = start(['--endpoint-url', 'http://127.0.0.1:9'], {unset: ['AWS_REGION', 'AWS_DEFAULT_REGION']});
		expect(await tui.exitCode()).toBe(1);
		expect(tui.alternateOn()).toBe('0');
		expect(tui.stderr().trim().split('\n')).toHaveLength(1);
		expect(tui.stderr()).toMatch(/region/i);
		expect(sane(tui.stty())).toBe(true);
	});

	it('missing credentials are one line and exit 1, before the screen is touched', async () => {
		const tui = start(['--endpoint-url', 'http://127.0.0.1:9', '--region', 'us-east-1'], {unset: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE']});
		expect(await tui.exitCode(20_000)).toBe(1);
		expect(tui.alternateOn()).toBe('0');
		expect(tui.stderr().trim().split('\n')).toHaveLength(1);
		expect(tui.stderr()).toMatch(/^ecs-top: no AWS credentials/);
	});

	it('an unknown --cluster is one line and exit 1, and the simulator child is stopped', async () => {
		const tui = start(['--demo', '--cluster', 'nope']);
		// The app holds pipes to its simulator child: it can only exit this soon if it stopped it.
		expect(await tui.exitCode(20_000)).toBe(1);
		expect(tui.stderr()).toBe('ecs-top: cluster "nope" not found\n');
		expect(tui.alternateOn()).toBe('0');
		expect(sane(tui.stty())).toBe(true);
	});
});
