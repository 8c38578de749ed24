// Running session-manager-plugin: finding it on PATH (no shell), asking its version, and running it
// two ways. A shell (exec) runs in the foreground with the terminal handed over (stdio inherited),
// and while it runs ecs-top ignores SIGINT, SIGQUIT and SIGTSTP as the AWS CLI does
// (ignore_user_entered_signals): those keys belong to the remote shell, and the plugin handles them.
// A port forward runs in the background, detached from the terminal (its own process group and
// session), its output read for "Port N opened for sessionId S." and "Waiting for connections...".
import type {ChildProcess} from 'node:child_process';
import {childProcess} from '../child-process.js';
import {accessSync, constants, statSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {pluginName} from './plugin-args.js';

/** The plugin's full path, found on PATH as the shell would (no shell run); undefined when absent. */
export function findPlugin(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
	const windows = platform === 'win32';
	// Windows spells it Path (environment names are case-insensitive there).
	const key = Object.keys(env).find(k => (windows ? k.toUpperCase() === 'PATH' : k === 'PATH'));
	const dirs = (key ? env[key] ?? '' : '').split(windows ? ';' : ':');
	const join = windows ? path.win32.join : path.posix.join;
	for (const raw of dirs) {
		// An empty entry means the current directory to a POSIX shell: a plugin planted there is not one to run.
		const dir = windows ? raw.replace(/^"(.*)"$/, '$1') : raw;
		if (!dir || !(windows ? path.win32 : path.posix).isAbsolute(dir)) continue;
		const file = join(dir, windows ? `${pluginName}.exe` : pluginName);
		try {
			if (!statSync(file).isFile()) continue;
			if (!windows) accessSync(file, constants.X_OK);
			return file;
		} catch {
			// Not there, or not executable: the next directory.
		}
	}
	return undefined;
}

/** `session-manager-plugin --version`, trimmed; undefined when it does not answer in time or fails. */
export function pluginVersion(file: string, timeoutMs = 5000): string | undefined {
	const result = childProcess().spawnSync(file, ['--version'], {encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true});
	if (result.error || result.status !== 0) return undefined;
	return result.stdout.trim() || undefined;
}

const signalNumbers: Record<string, number> = {SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15};

/** A child's end as a shell reports it: its exit code, or 128 + n after signal n. */
export function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
	if (code !== null) return code;
	if (signal) return 128 + (signalNumbers[signal] ?? 0);
	return 1;
}

export interface InteractivePlugin {
	child: ChildProcess;
	/** Its exit status (128 + n after signal n); rejects when it could not be started. */
	status: Promise<number>;
}

/**
 * Runs the plugin with the terminal (stdin, stdout, stderr inherited). Until it ends, SIGINT,
 * SIGQUIT and SIGTSTP do nothing in ecs-top: every listener for them is set aside and put back after
 * (the TUI's own Ctrl-C handler included), so the keys reach the remote shell through the plugin.
 */
export function runInteractivePlugin(file: string, args: readonly string[], env: Record<string, string>): InteractivePlugin {
	const ignored: NodeJS.Signals[] = process.platform === 'win32' ? ['SIGINT'] : ['SIGINT', 'SIGQUIT', 'SIGTSTP'];
	// rawListeners: a `once` listener goes back as a `once` listener.
	const saved = ignored.map(signal => [signal, process.rawListeners(signal) as Array<(...args: unknown[]) => void>] as const);
	const ignore = () => {};
	for (const [signal, listeners] of saved) {
		for (const listener of listeners) process.off(signal, listener);
		process.on(signal, ignore);
	}
	const restore = () => {
		for (const [signal, listeners] of saved) {
			process.off(signal, ignore);
			for (const listener of listeners) process.on(signal, listener);
		}
	};
	const child = childProcess().spawn(file, args, {env, stdio: 'inherit', windowsHide: false});
	const status = new Promise<number>((resolve, reject) => {
		child.once('error', error => {
			restore();
			reject(error);
		});
		child.once('exit', (code, signal) => {
			restore();
			resolve(exitStatus(code, signal));
		});
	});
	return {child, status};
}

export type ForwardProcessState =
	| {state: 'starting'}
	/** `note`: something the user should know while it listens (a refused second connection). */
	| {state: 'listening'; localPort: number; sessionId?: string; note?: string}
	| {state: 'ended'; reason: string; status?: number};

/**
 * A forward's `listening()`, whatever carries it (the plugin, the built-in client): the local port
 * once it listens, or the reason it ended first.
 */
export function listeningOf(forward: Pick<ForwardProcess, 'state' | 'subscribe'>): Promise<number> {
	return new Promise<number>((resolve, reject) => {
		const check = (state: ForwardProcessState) => {
			if (state.state === 'listening') resolve(state.localPort);
			else if (state.state === 'ended') reject(new Error(state.reason));
			else return false;
			return true;
		};
		if (check(forward.state())) return;
		const off = forward.subscribe(state => {
			if (check(state)) off();
		});
	});
}

export interface ForwardProcess {
	readonly pid: number | undefined;
	state(): ForwardProcessState;
	/** Called after every change of state. */
	subscribe(listener: (state: ForwardProcessState) => void): () => void;
	/** The local port once the plugin listens; rejects with the reason when it ends first. */
	listening(): Promise<number>;
	/** Resolves when the plugin has exited. */
	ended(): Promise<ForwardProcessState & {state: 'ended'}>;
	/** SIGTERM to its process group (the plugin ends the session on it), SIGKILL after `graceMs`; resolves once it has exited. */
	kill(graceMs?: number): Promise<void>;
	/** Its last lines of output (stdout and stderr), for a failure's message. */
	output(): string[];
}

const opened = /Port (\d+) opened for sessionId (\S+?)\.(?:\s|$)/;
const keptLines = 20;

/** Children still running, killed with ecs-top whatever ends it (a forward must not outlive the command). */
const running = new Set<ChildProcess>();
let exitHook = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	try {
		if (process.platform !== 'win32' && child.pid !== undefined) process.kill(-child.pid, signal);
		else child.kill(signal);
	} catch {
		// Gone already.
	}
}

/** Starts the plugin for a port forward, detached from the terminal, its output piped and read. */
export function startForwardProcess(file: string, args: readonly string[], env: Record<string, string>): ForwardProcess {
	const child = childProcess().spawn(file, args, {env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true});
	running.add(child);
	if (!exitHook) {
		exitHook = true;
		process.on('exit', () => {
			for (const c of running) killGroup(c, 'SIGKILL');
		});
	}
	let current: ForwardProcessState = {state: 'starting'};
	const listeners = new Set<(state: ForwardProcessState) => void>();
	const lines: string[] = [];
	let stdout = '';
	const set = (next: ForwardProcessState) => {
		current = next;
		for (const listener of listeners) listener(next);
	};
	const keep = (text: string) => {
		for (const line of text.split(/\r?\n/)) {
			if (line.trim() === '') continue;
			lines.push(line.trim());
			if (lines.length > keptLines) lines.shift();
		}
	};
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
		keep(chunk);
		stdout = (stdout + chunk).slice(-4096);
		const match = opened.exec(stdout);
		if (current.state === 'starting' && match) set({state: 'listening', localPort: Number(match[1]), sessionId: match[2]});
	});
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => keep(chunk));
	const ended = new Promise<ForwardProcessState & {state: 'ended'}>(resolve => {
		const finish = (reason: string, status?: number) => {
			running.delete(child);
			const end = {state: 'ended' as const, reason, ...(status === undefined ? {} : {status})};
			set(end);
			resolve(end);
		};
		child.once('error', error => finish(`${pluginName} could not be started: ${error.message}`));
		// 'close': the output is all read by then, so the reason can quote its last line.
		child.once('close', (code, signal) => {
			const status = exitStatus(code, signal);
			const last = lines.filter(l => !/^Starting session with SessionId/.test(l)).at(-1);
			finish(`${pluginName} ended (${signal ? `signal ${signal}` : `exit ${code}`})${last ? `: ${last}` : ''}`, status);
		});
	});
	const subscribe = (listener: (state: ForwardProcessState) => void) => {
		listeners.add(listener);
		return () => {
			listeners.delete(listener);
		};
	};
	return {
		get pid() {
			return child.pid;
		},
		state: () => current,
		subscribe,
		listening() {
			return listeningOf({state: () => current, subscribe});
		},
		ended: () => ended,
		async kill(graceMs = 3000) {
			if (current.state === 'ended') return;
			killGroup(child, 'SIGTERM');
			const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
			await ended;
			clearTimeout(timer);
		},
		output: () => [...lines],
	};
}
