// The built binary in a real terminal (tmux) against a simulator on loopback: `s 8 Enter y`
// scales a service, checked through the SDK, on screen and in the audit log. Skipped without tmux.
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {DescribeServicesCommand, ECSClient} from '@aws-sdk/client-ecs';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {startSim, type Sim} from '../../source/sim/index.js';
import {confirmGuardMs} from '../../source/views/actions/dialog.js';
import {root, TmuxSession, tmuxMissing} from '../e2e/tmux.js';

const missing = tmuxMissing();
if (missing) process.stdout.write(`actions e2e: skipped (${missing})\n`);

describe.skipIf(missing)('actions end to end (tmux, built binary)', () => {
	let sim: Sim;
	let client: ECSClient;
	let tui: TmuxSession | undefined;
	const states: string[] = [];

	beforeAll(async () => {
		execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], {cwd: root, stdio: 'inherit'});
		sim = await startSim({clock: 'real', throttle: false});
		client = new ECSClient({endpoint: sim.url, region: sim.region, credentials: {accessKeyId: 'sim', secretAccessKey: 'sim'}, maxAttempts: 1});
	}, 120_000);

	afterAll(async () => {
		tui?.close();
		client?.destroy();
		await sim?.close();
		for (const state of states) rmSync(state, {recursive: true, force: true});
	});

	it('s 8 Enter y scales the selected service', async () => {
		const state = mkdtempSync(path.join(tmpdir(), 'ecs-top-e2e-state-'));
		states.push(state);
		const env = {AWS_ENDPOINT_URL_ECS: sim.url, AWS_REGION: sim.region, AWS_ACCESS_KEY_ID: 'sim', AWS_SECRET_ACCESS_KEY: 'sim', XDG_STATE_HOME: state};
		tui = new TmuxSession(['--cluster', 'production', '--refresh', '1'], {columns: 140, rows: 40, env});
		await tui.waitForScreen(s => /^SERVICES  /m.test(s) && /^> .* web /m.test(s), 'the services pane');
		for (let i = 0; i < 10; i++) {
			if (/^> .* worker /m.test(tui.screen())) break;
			tui.keys('j');
			await vi.waitFor(() => expect(tui!.screen()).toMatch(/^> /m));
		}
		await tui.waitForScreen(s => /^> .* worker /m.test(s), 'worker selected');
		const desired = async () => (await client.send(new DescribeServicesCommand({cluster: 'production', services: ['worker']}))).services![0]!.desiredCount;
		expect(await desired()).toBe(3);

		tui.keys('s', '8', 'Enter');
		await tui.waitForScreen(s => /^y scale {3}n\/Esc cancel/m.test(s), 'the confirmation');
		// A y counts only once the confirmation has been on screen for its guard time.
		await new Promise(resolve => setTimeout(resolve, confirmGuardMs + 50));
		tui.keys('y');
		await vi.waitFor(async () => expect(await desired()).toBe(8), {timeout: 10_000, interval: 100});
		await tui.waitForScreen(s => s.includes('scaled worker: desired 3 → 8'), 'the result in the status line');
		await tui.waitForScreen(s => / worker +ACTIVE +8 /.test(s), 'the new desired count in the row');

		const audit = path.join(state, 'ecs-top', 'audit.jsonl');
		expect(existsSync(audit)).toBe(true);
		const lines = readFileSync(audit, 'utf8').trim().split('\n').map(l => JSON.parse(l) as Record<string, any>);
		// Write-ahead: the intent before the call, the result after it, one id.
		expect(lines).toMatchObject([
			{phase: 'intent', operation: 'UpdateService', cluster: 'production', region: sim.region, endpoint: sim.url, parameters: {service: 'worker', desiredCount: 8}},
			{phase: 'result', operation: 'UpdateService'},
		]);
		expect(lines[0]!.id).toBe(lines[1]!.id);
		expect(JSON.stringify(lines)).not.toMatch(/AWS_SECRET|secretAccessKey/);

		tui.keys('q');
		expect(await tui.exitCode()).toBe(0);
	});

	it('pasted text (tmux paste-buffer -p, bracketed) on a tasks pane sends nothing, with or without brackets', async () => {
		const state = mkdtempSync(path.join(tmpdir(), 'ecs-top-e2e-state-'));
		states.push(state);
		const env = {AWS_ENDPOINT_URL_ECS: sim.url, AWS_REGION: sim.region, AWS_ACCESS_KEY_ID: 'sim', AWS_SECRET_ACCESS_KEY: 'sim', XDG_STATE_HOME: state};
		tui?.close();
		tui = new TmuxSession(['--cluster', 'production', '--service', 'web'], {columns: 140, rows: 40, env});
		await tui.waitForScreen(s => /^TASKS  /m.test(s) && /^> [0-9a-f]{12} /m.test(s), 'the tasks pane');
		const before = sim.stats().calls.StopTask ?? 0;
		// Its first key that acts is `x` (stop): `s` (a shell) would act first now that exec needs no plugin.
		tui.tmux('set-buffer', 'xargs proxy logs, then say yes');
		tui.tmux('paste-buffer', '-p');
		await tui.waitForScreen(s => s.includes('pasted text ignored'), 'the paste refused');
		expect(tui.screen()).not.toContain('Stop task');
		// Without brackets the same text arrives as typed keys: x opens the dialog, the rest of
		// the chunk (its y) is dropped.
		tui.tmux('paste-buffer');
		await tui.waitForScreen(s => s.includes('Stop task'), 'the stop dialog');
		await new Promise(resolve => setTimeout(resolve, confirmGuardMs + 200));
		expect(sim.stats().calls.StopTask ?? 0).toBe(before);
		tui.keys('Escape');
		await tui.waitForScreen(s => s.includes('cancelled: nothing was sent'), 'the dialog cancelled');
		expect(sim.stats().calls.StopTask ?? 0).toBe(before);
		tui.keys('q');
		expect(await tui.exitCode()).toBe(0);
		rmSync(state, {recursive: true, force: true});
	});
});
