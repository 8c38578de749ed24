// CI=true (set in many shells, containers and CI runners) on a real terminal: Ink's own CI
// detection (is-in-ci) would make it non-interactive and hold every frame until exit, a blank
// screen. ecs-top tells Ink it is interactive whenever stdout is a terminal (source/commands/tui.ts),
// so the TUI draws, updates and quits as it does without CI.
import {readFileSync} from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import {sane, TmuxSession, tmuxMissing} from './tmux.js';

const missing = tmuxMissing();
if (missing) process.stdout.write(`ci-env e2e: skipped (${missing})\n`);

const sessions: TmuxSession[] = [];
afterEach(() => {
	for (const session of sessions.splice(0)) session.close();
});

const hasClusterRows = (screen: string) => screen.includes('CLUSTERS') && /^>\s+\S/m.test(screen) && !screen.includes('loading…');

describe.skipIf(missing)('the TUI with CI set (tmux, built binary)', () => {
	// dist/cli.js is built once by test/global-setup.ts.
	it.each([
		['CI=true', {CI: 'true'}],
		['CONTINUOUS_INTEGRATION=1', {CONTINUOUS_INTEGRATION: '1'}],
	])('%s: shows the cluster list, follows keys, and q exits 0', async (_name, env) => {
		const tui = new TmuxSession(['--demo'], {columns: 100, rows: 30, env, keepCi: true});
		sessions.push(tui);
		await tui.waitForScreen(hasClusterRows, 'the cluster list');
		// The app really runs with the variable set (the harness did not unset it).
		const environ = readFileSync(`/proc/${tui.appPid()}/environ`, 'latin1').split('\0');
		for (const [name, value] of Object.entries(env)) expect(environ).toContain(`${name}=${value}`);
		expect(tui.alternateOn()).toBe('1');
		// Frames after the first are drawn too (a non-interactive Ink shows only the last, at exit).
		tui.keys('Enter');
		await tui.waitForScreen(s => /^SERVICES  /m.test(s) && /^>\s+\S/m.test(s), 'the services pane');
		tui.keys('Escape');
		await tui.waitForScreen(s => !/^SERVICES  /m.test(s) && hasClusterRows(s), 'the cluster list again');
		tui.keys('q');
		expect(await tui.exitCode()).toBe(0);
		expect(tui.alternateOn()).toBe('0');
		expect(sane(tui.stty())).toBe(true);
	});
});
