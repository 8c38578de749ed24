// A stand-in session-manager-plugin: an executable `session-manager-plugin` (a sh script running a
// small Node program) in a temp directory a test puts first on PATH. Every run appends what it was
// given (argv, env, the session it read, whether from argv or the env variable) to calls.jsonl;
// `--version` answers the configured version. As a shell (exec) it exits with the configured status
// or kills itself with a signal; as a port forward it listens where the real plugin would
// (SSM_PLUGIN_LOCAL_HOST, else localhost; the port from the request's localPortNumber), prints the
// real plugin's lines and stays until SIGTERM (or fails before listening, when told to).
import {chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

export interface FakePluginConfig {
	/** What `--version` prints (default 1.2.707.0: newer than 1.2.497.0, so it reads the session from the env variable). */
	version?: string;
	/** Exec: the exit status (default 0). */
	exitCode?: number;
	/** Exec: end by this signal instead. */
	signal?: NodeJS.Signals;
	/** Exec: print "fake shell ready" and stay until SIGTERM (then exit 0). */
	wait?: boolean;
	/** Port forward: listen and wait for SIGTERM. */
	forward?: boolean;
	/** Port forward: print this line and exit 1 without listening. */
	failBeforeListen?: string;
}

export interface FakePluginCall {
	argv: string[];
	env?: Record<string, string>;
	/** The session JSON the plugin got (from argv[1], or from the variable argv[1] names). */
	response?: string;
	/** The variable argv[1] named was set (the real plugin reads and unsets it). */
	responseFromEnv?: boolean;
	pid?: number;
	/** Port forward: where it listened. */
	listening?: {address: string; port: number};
	/** Port forward: it got SIGTERM. */
	terminated?: boolean;
}

export interface FakePlugin {
	dir: string;
	file: string;
	configure(config: FakePluginConfig): void;
	/** Every run so far, `--version` runs included (argv ['--version']). */
	calls(): FakePluginCall[];
	/** PATH with the fake's directory first. */
	path(rest?: string): string;
	/** Kills every run still alive (a test that failed half-way must not leave one behind) and removes the directory. */
	remove(): void;
}

const program = String.raw`
import {appendFileSync, readFileSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
const dir = path.dirname(fileURLToPath(import.meta.url));
const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
const record = entry => appendFileSync(path.join(dir, 'calls.jsonl'), JSON.stringify(entry) + '\n');
const argv = process.argv.slice(2);
if (argv[0] === '--version') {
	record({argv});
	process.stdout.write((config.version ?? '1.2.707.0') + '\n');
	process.exit(0);
}
const fromEnv = (argv[0] ?? '').startsWith('AWS_SSM_START_SESSION_RESPONSE');
const response = fromEnv ? process.env[argv[0]] : argv[0];
record({argv, env: process.env, response, responseFromEnv: fromEnv, pid: process.pid});
if (!config.forward) {
	if (config.wait) {
		process.on('SIGTERM', () => {
			record({argv: ['(signal)'], terminated: true, pid: process.pid});
			process.exit(0);
		});
		setInterval(() => {}, 1 << 30);
		process.stdout.write('fake shell ready\n');
	} else if (config.signal) process.kill(process.pid, config.signal);
	else process.exit(config.exitCode ?? 0);
} else {
	const sessionId = JSON.parse(response).SessionId;
	process.stdout.write('\nStarting session with SessionId: ' + sessionId + '\n');
	if (config.failBeforeListen) {
		process.stdout.write(config.failBeforeListen + '\n');
		process.exit(1);
	}
	const parameters = JSON.parse(argv[4]).Parameters ?? {};
	const port = Number(parameters.localPortNumber?.[0] ?? 0);
	const server = net.createServer(socket => socket.end('hello from the fake plugin\n'));
	process.on('SIGTERM', () => {
		record({argv: ['(signal)'], terminated: true, pid: process.pid});
		process.stdout.write('Terminate signal received, exiting.\n');
		server.close();
		process.exit(0);
	});
	server.listen(port, process.env.SSM_PLUGIN_LOCAL_HOST || 'localhost', () => {
		const {address, port: bound} = server.address();
		record({argv: ['(listening)'], listening: {address, port: bound}, pid: process.pid});
		process.stdout.write('Port ' + bound + ' opened for sessionId ' + sessionId + '.\nWaiting for connections...\n');
	});
}
`;

export function createFakePlugin(config: FakePluginConfig = {}): FakePlugin {
	const dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-fake-plugin-'));
	const file = path.join(dir, 'session-manager-plugin');
	writeFileSync(path.join(dir, 'plugin.mjs'), program);
	writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
	// The test's own Node runs it (the one vitest runs on).
	writeFileSync(file, `#!/bin/sh\nexec '${process.execPath}' '${path.join(dir, 'plugin.mjs')}' "$@"\n`);
	chmodSync(file, 0o755);
	return {
		dir,
		file,
		configure(next) {
			writeFileSync(path.join(dir, 'config.json'), JSON.stringify(next));
		},
		calls() {
			const log = path.join(dir, 'calls.jsonl');
			if (!existsSync(log)) return [];
			return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map(line => JSON.parse(line) as FakePluginCall);
		},
		path(rest = process.env.PATH ?? '') {
			return rest ? `${dir}:${rest}` : dir;
		},
		remove() {
			for (const call of this.calls()) {
				try {
					// Only a process that is still this fake (a pid can be reused once it has ended).
					if (call.pid !== undefined && readFileSync(`/proc/${call.pid}/cmdline`, 'utf8').includes(dir)) process.kill(call.pid, 'SIGKILL');
				} catch {
					// Ended already (or no /proc here).
				}
			}
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

/** An empty directory for PATH: no plugin anywhere on it. */
export function emptyPathDir(): {dir: string; remove(): void} {
	const dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-no-plugin-'));
	return {dir, remove: () => rmSync(dir, {recursive: true, force: true})};
}
