// Getting the terminal back, whatever ends the process. Ink 8 owns the alternate screen, the
// cursor and raw mode (`alternateScreen: true` in render(); its unmount leaves the alternate
// screen, shows the cursor and turns raw mode off). What stays here is what Ink does not do:
// SIGTERM/SIGHUP/SIGINT end in 128+n after the app is unmounted and the child processes are
// stopped, and an uncaught exception or unhandled rejection ends in one line on the primary
// screen and exit 1 (Ink is unmounted first, so the message is not drawn into the alternate
// screen and lost).
//
// And a terminal that vanishes without a SIGHUP (its pty closed while ecs-top is not the
// session's foreground job, a container's console torn down): reads on stdin then end (Node maps
// the tty's EIO to end-of-file) and writes fail with EIO. That ends in exit 1 at once, without
// drawing into the dead terminal: Ink is given a stdout that reads as destroyed from then on, so
// its unmount writes no last frame and no restore sequence.
import {closeSync} from 'node:fs';
import process from 'node:process';
import {isatty} from 'node:tty';
import {stopCredentialProcesses} from '../aws/credential-process.js';

const leaveAlt = '\u001B[?1049l';
const showCursor = '\u001B[?25h';

const signals = {SIGHUP: 1, SIGINT: 2, SIGTERM: 15} as const;

export interface TerminalOptions {
	stdout?: NodeJS.WriteStream;
	stdin?: NodeJS.ReadStream;
	stderr?: NodeJS.WriteStream;
	/** Runs before the process exits on a signal or crash (stop the simulator child, the poller). */
	cleanup?: () => void;
	debug?: boolean;
}

export interface TerminalSession {
	/** The stdout to render into: the terminal's, until it is gone; then Ink sees it destroyed. */
	readonly stdout: NodeJS.WriteStream;
	/** The Ink instance to unmount on a signal or crash (Ink restores the screen as it unmounts). */
	attach(unmount: () => void): void;
	/** Unmounts the app, and makes sure the screen is the primary one again. Safe to call twice. */
	restore(): void;
	/** restore() and remove the process handlers (normal exit). */
	dispose(): void;
}

export function guardTerminal(options: TerminalOptions = {}): TerminalSession {
	const stdout = options.stdout ?? process.stdout;
	const stdin = options.stdin ?? process.stdin;
	const stderr = options.stderr ?? process.stderr;
	let unmount: (() => void) | undefined;
	let restored = false;
	/** Why the terminal is gone (write EIO, stdin ended), once it is. */
	let gone: string | undefined;
	const inkStdout = new Proxy(stdout, {
		get(target, property) {
			if (gone !== undefined && (property === 'destroyed' || property === 'writableEnded')) return true;
			if (gone !== undefined && property === 'writable') return false;
			if (gone !== undefined && property === 'write') return sink;
			const value = Reflect.get(target, property, target) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});

	const restore = () => {
		if (restored) return;
		restored = true;
		let unmounted = true;
		try {
			unmount?.();
		} catch {
			unmounted = false;
		}
		// A terminal that is gone has no mode or screen left to restore.
		if (gone !== undefined) return;
		try {
			if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
		} catch {
			// stdin may already be closed (SIGHUP): nothing left to reset.
		}
		// Only when Ink failed to unmount (it left the alternate screen itself otherwise, and a
		// second "leave" would move the cursor on the primary screen).
		try {
			if (!unmounted && stdout.isTTY) stdout.write(leaveAlt + showCursor);
		} catch {
			// A hung-up terminal cannot be written to.
		}
	};

	const exitWith = (code: number) => {
		restore();
		try {
			options.cleanup?.();
		} finally {
			process.exit(code);
		}
	};

	const onSignal = (signal: NodeJS.Signals) => exitWith(128 + signals[signal as keyof typeof signals]);
	const onCrash = (error: unknown) => {
		restore();
		const text = options.debug && error instanceof Error ? (error.stack ?? error.message) : oneLine(error);
		try {
			stderr.write(`ecs-top: ${text}\n`);
		} catch {
			// Nowhere left to say it.
		}
		exitWith(1);
	};

	// Any error on the terminal's streams (EIO, EPIPE, ENXIO…), or stdin ending: in raw mode a key
	// never ends stdin, a hung-up tty does.
	const onGone = (cause?: unknown) => {
		if (gone !== undefined) return;
		gone = cause === undefined ? 'its input ended' : oneLine(cause);
		restore();
		try {
			// Seen only where stderr is not that terminal (2>file); where it is, the write fails quietly.
			stderr.write(`ecs-top: the terminal is gone (${gone})\n`);
		} catch {
			// Nowhere left to say it.
		}
		try {
			options.cleanup?.();
		} finally {
			closeDeadTerminal([stdin, stdout, stderr]);
			process.exit(1);
		}
	};
	const terminalStreams = [stdout, stderr, stdin] as Array<NodeJS.EventEmitter>;

	for (const signal of Object.keys(signals)) process.on(signal, onSignal);
	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);
	process.on('exit', restore);
	for (const stream of terminalStreams) stream.on('error', onGone);
	if (stdin.isTTY) stdin.on('end', onGone);

	return {
		stdout: inkStdout,
		attach(fn) {
			unmount = fn;
		},
		restore,
		dispose() {
			restore();
			// A credential_process still running (a refresh that hangs) would hold the process open
			// until its time limit: q quits now.
			stopCredentialProcesses();
			for (const signal of Object.keys(signals)) process.off(signal, onSignal);
			process.off('uncaughtException', onCrash);
			process.off('unhandledRejection', onCrash);
			process.off('exit', restore);
			for (const stream of terminalStreams) stream.off('error', onGone);
			stdin.off('end', onGone);
		},
	};
}

/** A write that goes nowhere: Ink's writes once the terminal is gone (its callback still runs). */
function sink(_chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
	const done = typeof encoding === 'function' ? encoding : callback;
	if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
	return true;
}

/**
 * Closes stdin/stdout/stderr where they were a terminal and are one no more (hung up). At exit Node
 * puts each stdio terminal back in the mode it found it in, and releases before mid-2025 (22.14
 * still, nodejs/node#51519, fixed by #58200) abort when that fails with EIO (SIGABRT, then
 * SIGSEGV in the abort); it skips a descriptor that is closed.
 */
function closeDeadTerminal(streams: Array<{isTTY?: boolean; fd?: number}>): void {
	for (const stream of streams) {
		const {fd} = stream;
		if (!stream.isTTY || typeof fd !== 'number' || fd > 2 || isatty(fd)) continue;
		try {
			closeSync(fd);
		} catch {
			// Already closed.
		}
	}
}

export function oneLine(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return (message.split('\n')[0] ?? '').replace(/[\u0000-\u001F\u007F-\u009F]/g, '') || 'unexpected error';
}
