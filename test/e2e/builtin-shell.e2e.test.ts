// `s` with no session-manager-plugin on PATH, in a real pseudo-terminal (tmux), the built binary on
// --demo: ecs-top's own session client gets the terminal (the alternate screen left), the demo's
// sandboxed shell answers `hostname` with the task's id, `exit` ends it, and ecs-top comes back on
// the same pane and row; `q` then leaves a sane tty. And `ecs-top exec` itself in a terminal: raw
// keys (Ctrl-C included) reach the remote shell, the terminal's size is sent, the tty is restored.
import {ListTasksCommand} from '@aws-sdk/client-ecs';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {confirmGuardMs} from '../../source/views/actions/dialog.js';
import {emptyPathDir} from '../helpers/fake-plugin.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {sane, TmuxSession, tmuxMissing} from './tmux.js';

const missing = tmuxMissing();
if (missing) console.warn(`[skip] built-in shell in tmux: ${missing}`);

let none: {dir: string; remove(): void};
let tui: TmuxSession | undefined;
beforeEach(() => {
	none = emptyPathDir();
});
afterEach(() => {
	tui?.close();
	tui = undefined;
	none.remove();
});

const readTheConfirmation = () => new Promise(resolve => setTimeout(resolve, confirmGuardMs + 100));
const selected = (screen: string) => screen.split('\n').find(l => l.startsWith('>')) ?? '';

describe.skipIf(missing !== undefined)('s with the built-in client in a real terminal', () => {
	it('runs the shell over the data channel (hostname is the task id) and comes back on the same row', async () => {
		tui = new TmuxSession(['--demo', '--cluster', 'production', '--service', 'web'], {columns: 140, rows: 30, env: {PATH: none.dir}, shellSurvivesCtrlC: true});
		await tui.waitForScreen(s => /^> [0-9a-f]{12} +RUNNING/m.test(s), 'the running tasks');
		tui.keys('j');
		await tui.waitForScreen(s => /^> [0-9a-f]{12} /.test(s.split('\n')[4] ?? ''), 'the second task selected');
		const row = selected(tui.screen()).slice(2, 14);
		tui.keys('s');
		await tui.waitForScreen(s => s.includes(`Open a shell in ${row}/web?`) && s.includes('built-in session client'), 'the confirmation naming the built-in client');
		await readTheConfirmation();
		tui.keys('y');
		// capture-pane drops the prompt's trailing space.
		await tui.waitForScreen(s => /^# ?$/m.test(s), 'the remote prompt');
		expect(tui.alternateOn()).toBe('0');
		tui.keys('hostname', 'Enter');
		await tui.waitForScreen(s => new RegExp(`^${row}[0-9a-f]{20}\\s*$`, 'm').test(s), 'the task id from hostname');
		tui.keys('exit', 'Enter');
		await tui.waitForScreen(s => s.includes(`shell in ${row}/web ended`), 'ecs-top back after the shell ended');
		const screen = tui.screen();
		expect(screen.split('\n')[1]).toMatch(/^TASKS /);
		expect(selected(screen)).toContain(row);
		expect(tui.alternateOn()).toBe('1');
		tui.keys('j');
		await tui.waitForScreen(s => selected(s).slice(2, 14) !== row, 'a key after the shell moves the cursor');
		tui.keys('q');
		expect(await tui.exitCode()).toBe(0);
		expect(sane(tui.stty())).toBe(true);
	});
});

describe.skipIf(missing !== undefined)('ecs-top exec with the built-in client in a real terminal', () => {
	let sim: TestSim | undefined;
	afterEach(async () => {
		await sim?.close();
		sim = undefined;
	});

	it('sends the terminal\'s size, passes Ctrl-C to the remote shell, ends 0 on exit with a sane tty', async () => {
		sim = await startTestSim({seed: 1, startTime: Date.UTC(2026, 2, 1)});
		const arns = (await sim.client.send(new ListTasksCommand({cluster: 'production', serviceName: 'web'}))).taskArns!;
		const taskId = arns[0]!.split('/').at(-1)!;
		const env = {PATH: none.dir, AWS_ENDPOINT_URL: sim.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'sim', AWS_SECRET_ACCESS_KEY: 'sim'};
		tui = new TmuxSession(['exec', '--cluster', 'production', '--task', taskId], {columns: 100, rows: 30, env, shellSurvivesCtrlC: true});
		await tui.waitForScreen(s => /^# ?$/m.test(s), 'the remote prompt');
		tui.keys('sleepy-typing', 'C-c');
		// The sandboxed shell answers ^C as a shell does: the line dropped, a new prompt; ecs-top is still there.
		await tui.waitForScreen(s => /\^C/.test(s), 'the remote shell echoing ^C');
		tui.keys('hostname', 'Enter');
		await tui.waitForScreen(s => s.split('\n').some(l => l.trim() === taskId), 'the task id from hostname');
		const channel = ((await sim.control('/_sim/sessions')).sessions as Array<Record<string, any>>).at(-1)!.channel;
		expect(channel.resizes[0]).toEqual({cols: 100, rows: 30});
		tui.keys('exit', 'Enter');
		expect(await tui.exitCode()).toBe(0);
		expect(sane(tui.stty())).toBe(true);
	});
});
