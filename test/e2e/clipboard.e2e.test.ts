// `y` and `O` in a real terminal: tmux with `set-clipboard on` takes the app's OSC 52 sequence into
// its paste buffer (what a terminal would put on the clipboard), and `O` hands the console URL to
// a fake `xdg-open` on PATH, or, over SSH, shows it on the status line (and copies it).
import {chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {TmuxSession, tmuxMissing} from './tmux.js';

const missing = tmuxMissing();
if (missing) process.stdout.write(`clipboard e2e: skipped (${missing})\n`);

const noDisplay = ['DISPLAY', 'WAYLAND_DISPLAY', 'SSH_CONNECTION', 'SSH_CLIENT', 'SSH_TTY', 'WSL_DISTRO_NAME', 'TERM_PROGRAM'];
const cleanups: Array<() => void> = [];

/** A directory with a fake `xdg-open` that records its one argument in `opened`. */
function fakeOpener(): {dir: string; opened: string} {
	const dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-opener-'));
	const opened = path.join(dir, 'opened');
	const script = path.join(dir, 'xdg-open');
	writeFileSync(script, `#!/bin/sh\nprintf '%s' "$1" > '${opened}.tmp' && mv '${opened}.tmp' '${opened}'\n`);
	chmodSync(script, 0o755);
	cleanups.push(() => rmSync(dir, {recursive: true, force: true}));
	return {dir, opened};
}

function start(env: Record<string, string>): TmuxSession {
	const tui = new TmuxSession(['--demo'], {columns: 200, rows: 30, env, unset: noDisplay});
	cleanups.push(() => tui.close());
	// tmux takes OSC 52 from the app into a paste buffer (no passthrough wrapping needed).
	tui.tmux('set-option', '-g', 'set-clipboard', 'on');
	return tui;
}

const selectedService = async (tui: TmuxSession) => {
	await tui.waitForScreen(s => s.includes('CLUSTERS') && /^>\s+\S/m.test(s) && !s.includes('loading…'), 'the cluster list');
	tui.keys('Enter');
	const screen = await tui.waitForScreen(s => /^SERVICES  /m.test(s) && /^>\s+\S/m.test(s), 'the services pane');
	const row = screen.split('\n').find(l => l.startsWith('>'))!;
	return row.slice(2).trim().split(/\s+/).find(w => w !== '!')!;
};

const buffer = (tui: TmuxSession) => {
	try {
		return tui.tmux('show-buffer');
	} catch {
		return '';
	}
};

describe.skipIf(missing)('copy and open end to end (tmux)', () => {
	afterEach(() => {
		for (const cleanup of cleanups.splice(0).reverse()) cleanup();
	});

	it('y puts the selected ARN in the paste buffer through OSC 52; O hands the console URL to the opener', async () => {
		const {dir, opened} = fakeOpener();
		const tui = start({PATH: `${dir}:${process.env.PATH}`, DISPLAY: ':99'});
		const name = await selectedService(tui);
		tui.keys('y');
		await vi.waitFor(() => expect(buffer(tui)).toMatch(new RegExp(`^arn:aws:ecs:[a-z0-9-]+:\\d{12}:service/[^/\\s]+/${name}$`)), {timeout: 10_000, interval: 50});
		const arn = buffer(tui);
		await tui.waitForScreen(s => s.includes(`copied ARN: ${arn}`), 'the status line saying what was copied');
		tui.keys('Y');
		await vi.waitFor(() => expect(buffer(tui)).toBe(name), {timeout: 10_000, interval: 50});

		tui.keys('O');
		const region = arn.split(':')[3]!;
		const cluster = arn.split('/')[1]!;
		await vi.waitFor(() => expect(existsSync(opened)).toBe(true), {timeout: 10_000, interval: 50});
		expect(readFileSync(opened, 'utf8')).toBe(`https://${region}.console.aws.amazon.com/ecs/v2/clusters/${cluster}/services/${name}/health?region=${region}`);
		await tui.waitForScreen(s => s.includes('opened https://'), 'the status line saying what was opened');
	});

	it('O over SSH with no browser shows the URL on the status line and copies it', async () => {
		const {dir, opened} = fakeOpener();
		const tui = start({PATH: `${dir}:${process.env.PATH}`, SSH_CONNECTION: '10.0.0.1 50000 10.0.0.2 22'});
		const name = await selectedService(tui);
		tui.keys('O');
		const screen = await tui.waitForScreen(s => s.includes('no browser here, URL copied: https://'), 'the URL on the status line');
		const url = /URL copied: (\S+)/.exec(screen)![1]!;
		expect(url).toMatch(new RegExp(`^https://[a-z0-9-]+\\.console\\.aws\\.amazon\\.com/ecs/v2/clusters/[^/]+/services/${name}/health\\?region=[a-z0-9-]+$`));
		await vi.waitFor(() => expect(buffer(tui)).toBe(url), {timeout: 10_000, interval: 50});
		expect(existsSync(opened)).toBe(false);
	});
});
