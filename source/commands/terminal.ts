// The alternate screen and getting the terminal back, whatever ends the process. Ink 6 has no
// alternate-screen option, and a terminal left in the alternate screen with the cursor hidden and
// raw mode on is the worst thing a TUI can do to its user, so every way out is covered:
// q and Ctrl-C (Ink exits, we restore), SIGTERM/SIGHUP/SIGINT (restore, exit 128+n), uncaught
// exceptions and unhandled rejections (restore first, then print one line, exit 1).
import process from 'node:process';

const enterAlt = '\u001B[?1049h\u001B[H';
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
	/** Leaves the alternate screen, shows the cursor, turns raw mode off. Safe to call twice. */
	restore(): void;
	/** restore() and remove the process handlers (normal exit). */
	dispose(): void;
}

export function enterTerminal(options: TerminalOptions = {}): TerminalSession {
	const stdout = options.stdout ?? process.stdout;
	const stdin = options.stdin ?? process.stdin;
	const stderr = options.stderr ?? process.stderr;
	const alternate = Boolean(stdout.isTTY);
	let restored = false;

	const restore = () => {
		if (restored) return;
		restored = true;
		try {
			if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
		} catch {
			// stdin may already be closed (SIGHUP): nothing left to reset.
		}
		try {
			if (alternate) stdout.write(leaveAlt + showCursor);
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

	for (const signal of Object.keys(signals)) process.on(signal, onSignal);
	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);
	process.on('exit', restore);
	if (alternate) stdout.write(enterAlt);

	return {
		restore,
		dispose() {
			restore();
			for (const signal of Object.keys(signals)) process.off(signal, onSignal);
			process.off('uncaughtException', onCrash);
			process.off('unhandledRejection', onCrash);
			process.off('exit', restore);
		},
	};
}

export function oneLine(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return (message.split('\n')[0] ?? '').replace(/[\u0000-\u001F\u007F-\u009F]/g, '') || 'unexpected error';
}

/**
 * Ink 6.8's incremental renderer moves the cursor up one line too few before each update (it
 * parks the cursor on the line after the frame, then goes up `lines - 1`), so every update lands
 * one row lower and the terminal scrolls. Its update writes start with exactly that cursor-up;
 * nothing else Ink writes does (erasing starts with ESC[2K, frames with text or SGR). This
 * corrects the count on the way to the terminal; the tmux end-to-end test checks the screen.
 */
export function fixIncrementalCursor(chunk: string): string {
	const match = /^\u001B\[(\d+)A/.exec(chunk);
	if (!match) return chunk;
	const up = Math.max(1, Number(match[1]) + 1);
	return `\u001B[${up}A${chunk.slice(match[0].length)}`;
}

/** stdout for Ink: the same stream, with fixIncrementalCursor applied to every write. */
export function inkStdout(stdout: NodeJS.WriteStream = process.stdout): NodeJS.WriteStream {
	const write = (chunk: unknown, ...rest: unknown[]) =>
		(stdout.write as (...args: unknown[]) => boolean)(typeof chunk === 'string' ? fixIncrementalCursor(chunk) : chunk, ...rest);
	return new Proxy(stdout, {
		get(target, property) {
			if (property === 'write') return write;
			const value = Reflect.get(target, property, target) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
