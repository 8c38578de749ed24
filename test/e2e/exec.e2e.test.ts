// The terminal hand-over of `s`, in a real pseudo-terminal (tmux) with the built binary on --demo
// and a stand-in session-manager-plugin first on PATH: the plugin gets the terminal (ecs-top's
// alternate screen left), Ctrl-C goes to it and not to ecs-top (nor to the demo's simulator), and
// ecs-top comes back on the same pane and row with its screen whole; `q` then leaves a sane tty.
// A port forward started with F is ended (TerminateSession, the plugin killed) when ecs-top quits.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {confirmGuardMs} from '../../source/views/actions/dialog.js';
import {createFakePlugin, type FakePlugin} from '../helpers/fake-plugin.js';
import {sane, TmuxSession, tmuxMissing} from './tmux.js';

const missing = tmuxMissing();
if (missing) console.warn(`[skip] exec hand-over in tmux: ${missing}`);

let fake: FakePlugin;
let tui: TmuxSession | undefined;
beforeEach(() => {
	fake = createFakePlugin({wait: true});
});
afterEach(() => {
	tui?.close();
	tui = undefined;
	fake.remove();
});

/** A y counts only once the confirmation has been on screen for its guard time. */
const readTheConfirmation = () => new Promise(resolve => setTimeout(resolve, confirmGuardMs + 100));

const selected = (screen: string) => screen.split('\n').find(l => l.startsWith('>')) ?? '';

describe.skipIf(missing !== undefined)('s in a real terminal', () => {
	it('hands the terminal to the plugin, keeps Ctrl-C away from ecs-top, and comes back on the same row', async () => {
		tui = new TmuxSession(['--demo', '--cluster', 'production', '--service', 'web'], {columns: 140, rows: 30, env: {PATH: fake.path(process.env.PATH)}, shellSurvivesCtrlC: true});
		await tui.waitForScreen(s => /^> [0-9a-f]{12} +RUNNING/m.test(s), 'the running tasks');
		tui.keys('j');
		// The table's second row (line 5: header, breadcrumbs, column names, first row).
		await tui.waitForScreen(s => /^> [0-9a-f]{12} /.test(s.split('\n')[4] ?? ''), 'the second task selected');
		const row = selected(tui.screen()).slice(2, 14);
		tui.keys('s');
		await tui.waitForScreen(s => s.includes(`Open a shell in ${row}/web?`), 'the confirmation');
		await readTheConfirmation();
		tui.keys('y');
		await tui.waitForScreen(s => s.includes('fake shell ready'), 'the plugin with the terminal');
		// The primary screen: ecs-top left its alternate screen for the plugin.
		expect(tui.alternateOn()).toBe('0');
		tui.keys('C-c');
		await tui.waitForScreen(s => s.includes(`shell in ${row}/web ended with status 130`), 'ecs-top back after the shell ended');
		const screen = tui.screen();
		expect(screen.split('\n')[0]).toMatch(/^ecs-top {2}account /);
		expect(screen.split('\n')[1]).toMatch(/^TASKS /);
		expect(selected(screen)).toContain(row);
		expect(tui.alternateOn()).toBe('1');
		// Still alive and reading: the demo's simulator too (the pane keeps refreshing without an error).
		tui.keys('j');
		await tui.waitForScreen(s => selected(s).slice(2, 14) !== row, 'a key after the shell moves the cursor');
		expect(tui.screen()).not.toMatch(/cannot reach ECS/);
		tui.keys('q');
		expect(await tui.exitCode()).toBe(0);
		expect(sane(tui.stty())).toBe(true);
	});

	it('ends a port forward when ecs-top quits', async () => {
		fake.configure({forward: true});
		tui = new TmuxSession(['--demo', '--cluster', 'production', '--service', 'web'], {columns: 140, rows: 30, env: {PATH: fake.path(process.env.PATH)}});
		await tui.waitForScreen(s => /^> [0-9a-f]{12} +RUNNING/m.test(s), 'the running tasks');
		tui.keys('F');
		await tui.waitForScreen(s => s.includes('LOCAL:REMOTE'), 'the port field');
		tui.keys('C-u', '0:80', 'Enter');
		await tui.waitForScreen(s => /Forward 127\.0\.0\.1:\(a free port\)/.test(s), 'the confirmation');
		await readTheConfirmation();
		tui.keys('y');
		await tui.waitForScreen(s => /forwarding 127\.0\.0\.1:\d+/.test(s), 'the forward listening');
		const listening = fake.calls().find(c => c.listening);
		expect(listening?.listening?.address).toBe('127.0.0.1');
		tui.keys('q');
		expect(await tui.exitCode()).toBe(0);
		expect(fake.calls().filter(c => c.terminated)).toHaveLength(1);
	});
});
