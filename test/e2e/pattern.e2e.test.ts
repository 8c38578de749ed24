// The built binary in a real terminal: a filter with catastrophic backtracking (`/(x+)+y/`) over
// an event message of 40 x's. V8's RegExp needed about 2^40 steps there, froze the event loop and
// so ignored j, q, Ctrl-C and SIGTERM; RE2 (re2js) answers at once and the keys still work.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSim, type Sim} from '../../source/sim/index.js';
import {TmuxSession, tmuxMissing, sane} from './tmux.js';

const missing = tmuxMissing();
if (missing) process.stdout.write(`pattern e2e: skipped (${missing})\n`);

describe.skipIf(missing)('a backtracking pattern does not freeze the TUI (tmux, built binary)', () => {
	let sim: Sim;
	let tui: TmuxSession | undefined;

	beforeAll(async () => {
		sim = await startSim({clock: 'real', throttle: false});
		const injected = await fetch(`${sim.url}/_sim/events`, {
			method: 'POST',
			body: JSON.stringify({cluster: 'production', service: 'web', message: `(service web) ${'x'.repeat(40)}`}),
		});
		expect(injected.status).toBe(200);
	}, 60_000);

	afterAll(async () => {
		tui?.close();
		await sim?.close();
	});

	it('/(x+)+y/ filters the events pane, then j and q still answer', async () => {
		const env = {AWS_ENDPOINT_URL_ECS: sim.url, AWS_REGION: sim.region, AWS_ACCESS_KEY_ID: 'sim', AWS_SECRET_ACCESS_KEY: 'sim'};
		tui = new TmuxSession(['--cluster', 'production'], {columns: 140, rows: 40, env});
		await tui.waitForScreen(s => /^SERVICES  /m.test(s) && /^> .* web /m.test(s), 'the services pane with web selected');
		tui.keys('e');
		await tui.waitForScreen(s => s.includes('x'.repeat(40)), 'the event of 40 x');
		tui.keys('/', '/(x+)+y/', 'Enter');
		await tui.waitForScreen(s => s.includes('[filter /(x+)+y/ 0 of') && !s.includes('x'.repeat(40)), 'the filter applied, the event hidden');
		tui.keys('/', 'C-u', '/(x+)+/', 'Enter');
		await tui.waitForScreen(s => s.includes('[filter /(x+)+/ 1 of') && s.includes('x'.repeat(40)), 'a matching filter shows it again');
		tui.keys('j');
		tui.keys('q');
		expect(await tui.exitCode()).toBe(0);
		expect(tui.alternateOn()).toBe('0');
		expect(sane(tui.stty())).toBe(true);
	});
});
