// The fleet in a real terminal (tmux): the built binary on --demo with three Regions (the demo's
// simulator gives the other Regions worlds of their own), a cluster opened in its context and back,
// `:region` to one context and back to the fleet, and q restoring the terminal.
import {afterEach, describe, expect, it} from 'vitest';
import {sane, TmuxSession, tmuxMissing} from './tmux.js';

const missing = tmuxMissing();
if (missing) process.stdout.write(`fleet e2e: skipped (${missing})\n`);

const sessions: TmuxSession[] = [];

describe.skipIf(missing)('fleet end to end (tmux)', () => {
	afterEach(() => {
		for (const session of sessions.splice(0)) session.close();
	});

	it('lists every Region’s clusters, opens one in its context, switches region and comes back', async () => {
		const tui = new TmuxSession(['--demo', '--region', 'us-east-1,eu-west-1,ap-south-1'], {columns: 150, rows: 30});
		sessions.push(tui);
		await tui.waitForScreen(s => s.includes('fleet of 3') && /^\s+eu-west-1\s+\S+-eu-west-1\s+ACTIVE/m.test(s) && /ap-south-1\s+\S+-ap-south-1/.test(s) && /us-east-1\s+production/.test(s), 'the fleet');
		// Health read for every cluster: no `…` left in a row.
		await tui.waitForScreen(s => !/\s…(\s|$)/m.test(s.split('\n').slice(3).join('\n')), 'every cluster’s health');
		tui.keys('/', 'e', 'u', '-', 'w', 'Enter');
		await tui.waitForScreen(s => /^>\s+eu-west-1/m.test(s), 'an eu-west-1 cluster selected');
		tui.keys('Enter');
		await tui.waitForScreen(s => /^SERVICES  \S+-eu-west-1/m.test(s) && /eu-west-1  endpoint/.test(s), 'its services, in its context');
		tui.keys('Escape');
		await tui.waitForScreen(s => s.includes('fleet of 3') && /^>\s+eu-west-1/m.test(s), 'the fleet, on the same row');
		tui.keys(':', 'r', 'e', 'g', 'i', 'o', 'n', ' ', 'a', 'p', '-', 's', 'o', 'u', 't', 'h', '-', '1', 'Enter');
		await tui.waitForScreen(s => /^CLUSTERS  /m.test(s) && /ap-south-1  endpoint/.test(s), 'one context: ap-south-1');
		tui.keys(':', 'r', 'e', 'g', 'i', 'o', 'n', ' ', 'u', 's', '-', 'e', 'a', 's', 't', '-', '1', ',', 'e', 'u', '-', 'w', 'e', 's', 't', '-', '1', 'Enter');
		await tui.waitForScreen(s => s.includes('fleet of 2'), 'a fleet of two');
		tui.keys('q');
		expect(await tui.exitCode()).toBe(0);
		expect(tui.alternateOn()).toBe('0');
		expect(sane(tui.stty())).toBe(true);
	});
});
