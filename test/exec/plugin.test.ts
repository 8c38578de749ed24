// Running session-manager-plugin (a fake one, test/helpers/fake-plugin.ts): found on PATH without a
// shell, its version read, a shell's exit status passed through with ecs-top's Ctrl-C listeners set
// aside meanwhile, and a port forward's states from its output, ended by kill.
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {exitStatus, findPlugin, pluginVersion, runInteractivePlugin, startForwardProcess} from '../../source/exec/plugin.js';
import {createFakePlugin, type FakePlugin} from '../helpers/fake-plugin.js';

let fake: FakePlugin;
beforeEach(() => {
	fake = createFakePlugin();
});
afterEach(() => fake.remove());

describe('findPlugin', () => {
	it('finds it on PATH, skipping directories without it and relative entries', () => {
		const other = mkdtempSync(path.join(tmpdir(), 'ecs-top-path-'));
		try {
			expect(findPlugin({PATH: `${other}::relative/dir:${fake.dir}`}, 'linux')).toBe(fake.file);
			expect(findPlugin({PATH: other}, 'linux')).toBeUndefined();
			expect(findPlugin({}, 'linux')).toBeUndefined();
		} finally {
			rmSync(other, {recursive: true, force: true});
		}
	});

	it('a file that is not executable is not the plugin', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-noexec-'));
		try {
			writeFileSync(path.join(dir, 'session-manager-plugin'), '#!/bin/sh\n');
			chmodSync(path.join(dir, 'session-manager-plugin'), 0o644);
			expect(findPlugin({PATH: `${dir}:${fake.dir}`}, 'linux')).toBe(fake.file);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('Windows: Path (any case), ";" between entries, quotes, the .exe', () => {
		// Looked up with win32 rules: no such directories here, so nothing is found, but nothing throws.
		expect(findPlugin({Path: '"C:\\Program Files\\Amazon\\SessionManagerPlugin\\bin";C:\\Windows'}, 'win32')).toBeUndefined();
	});
});

describe('pluginVersion', () => {
	it('reads --version', () => {
		fake.configure({version: '1.2.650.0'});
		expect(pluginVersion(fake.file)).toBe('1.2.650.0');
		expect(fake.calls().map(c => c.argv)).toEqual([['--version']]);
	});
});

describe('runInteractivePlugin', () => {
	it('passes the exit status through, with argv and env as given', async () => {
		fake.configure({exitCode: 7});
		const run = runInteractivePlugin(fake.file, ['{"sessionId": "s"}', 'us-east-1', 'StartSession', '', '{"Target": "ecs:c_t_r"}', 'http://x'], {PATH: process.env.PATH ?? '', MARK: 'yes'});
		expect(await run.status).toBe(7);
		const [call] = fake.calls();
		expect(call!.argv).toEqual(['{"sessionId": "s"}', 'us-east-1', 'StartSession', '', '{"Target": "ecs:c_t_r"}', 'http://x']);
		expect(call!.env?.MARK).toBe('yes');
	});

	it('a plugin killed by signal n: 128 + n', async () => {
		fake.configure({signal: 'SIGTERM'});
		expect(await runInteractivePlugin(fake.file, ['x'], {PATH: process.env.PATH ?? ''}).status).toBe(143);
		expect(exitStatus(null, 'SIGINT')).toBe(130);
	});

	it('sets ecs-top\'s SIGINT/SIGQUIT/SIGTSTP listeners aside while it runs, and puts them back', async () => {
		const mine = () => {};
		process.on('SIGINT', mine);
		try {
			fake.configure({exitCode: 0});
			const run = runInteractivePlugin(fake.file, ['x'], {PATH: process.env.PATH ?? ''});
			// While it runs: only the ignoring listener, so a Ctrl-C cannot end ecs-top.
			expect(process.listeners('SIGINT')).not.toContain(mine);
			expect(process.listeners('SIGINT')).toHaveLength(1);
			expect(process.listeners('SIGTSTP')).toHaveLength(1);
			process.emit('SIGINT', 'SIGINT');
			expect(await run.status).toBe(0);
			expect(process.listeners('SIGINT')).toContain(mine);
			expect(process.listeners('SIGTSTP')).toHaveLength(0);
		} finally {
			process.off('SIGINT', mine);
		}
	});

	it('a once listener goes back as a once listener', async () => {
		let heard = 0;
		const listener = () => heard++;
		process.once('SIGQUIT', listener);
		try {
			await runInteractivePlugin(fake.file, ['x'], {PATH: process.env.PATH ?? ''}).status;
			expect(process.listenerCount('SIGQUIT')).toBe(1);
			process.emit('SIGQUIT', 'SIGQUIT');
			expect(heard).toBe(1);
			expect(process.listenerCount('SIGQUIT')).toBe(0);
		} finally {
			process.off('SIGQUIT', listener);
		}
	});

	it('a plugin that cannot be run rejects, listeners restored', async () => {
		const before = process.listeners('SIGINT').length;
		await expect(runInteractivePlugin(path.join(fake.dir, 'missing'), [], {}).status).rejects.toMatchObject({code: 'ENOENT'});
		expect(process.listeners('SIGINT')).toHaveLength(before);
	});
});

describe('startForwardProcess', () => {
	const request = (port: number) => JSON.stringify({Target: 'ecs:c_t_r', DocumentName: 'AWS-StartPortForwardingSession', Parameters: {portNumber: ['80'], localPortNumber: [String(port)]}});
	const env = () => ({PATH: process.env.PATH ?? '', SSM_PLUGIN_LOCAL_HOST: '127.0.0.1'});

	it('starting → listening (the port from "Port N opened…") → ended by kill', async () => {
		fake.configure({forward: true});
		const forward = startForwardProcess(fake.file, ['{"SessionId": "sess-1"}', 'us-east-1', 'StartSession', '', request(0), 'http://x'], env());
		const states: string[] = [];
		forward.subscribe(s => states.push(s.state));
		expect(forward.state()).toEqual({state: 'starting'});
		const port = await forward.listening();
		expect(forward.state()).toEqual({state: 'listening', localPort: port, sessionId: 'sess-1'});
		// It really listens there, on 127.0.0.1.
		const greeting = await new Promise<string>((resolve, reject) => {
			const socket = net.connect(port, '127.0.0.1');
			let text = '';
			socket.on('data', d => (text += d));
			socket.on('end', () => resolve(text));
			socket.on('error', reject);
		});
		expect(greeting).toBe('hello from the fake plugin\n');
		await forward.kill();
		expect(forward.state()).toMatchObject({state: 'ended', status: 0});
		expect(states).toEqual(['listening', 'ended']);
		expect(fake.calls().some(c => c.terminated)).toBe(true);
		expect(fake.calls().find(c => c.listening)?.listening).toEqual({address: '127.0.0.1', port});
	});

	it('ending before it listens: listening() rejects with the plugin\'s last line', async () => {
		fake.configure({forward: true, failBeforeListen: 'Cannot perform start session: EOF'});
		const forward = startForwardProcess(fake.file, ['{"SessionId": "sess-2"}', 'us-east-1', 'StartSession', '', request(0), 'http://x'], env());
		await expect(forward.listening()).rejects.toThrow('session-manager-plugin ended (exit 1): Cannot perform start session: EOF');
		expect((await forward.ended()).status).toBe(1);
		// Killing what has ended is a no-op.
		await forward.kill();
	});

	it('one that ignores SIGTERM is killed after the grace period', async () => {
		const stubborn = path.join(fake.dir, 'stubborn');
		writeFileSync(stubborn, `#!/bin/sh\ntrap '' TERM\necho "Port 1 opened for sessionId s."\nwhile :; do sleep 1; done\n`);
		chmodSync(stubborn, 0o755);
		const forward = startForwardProcess(stubborn, [], {PATH: process.env.PATH ?? ''});
		await forward.listening();
		await forward.kill(50);
		expect(forward.state()).toMatchObject({state: 'ended', status: 137});
	});
});
