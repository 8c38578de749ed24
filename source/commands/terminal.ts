// Getting the terminal back, whatever ends the process. Ink 8 owns the alternate screen, the
// cursor and raw mode (`alternateScreen: true` in render(); its unmount leaves the alternate
// screen, shows the cursor and turns raw mode off). What stays here is what Ink does not do:
// SIGTERM/SIGHUP/SIGINT end in 128+n after the app is unmounted and the child processes are
// stopped, and an uncaught exception or unhandled rejection ends in one line on the primary
// screen and exit 1 (Ink is unmounted first, so the message is not drawn into the alternate
// screen and lost).
import process from 'node:process';

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

	const restore = () => {
		if (restored) return;
		restored = true;
		let unmounted = true;
		try {
			unmount?.();
		} catch {
			unmounted = false;
		}
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

	for (const signal of Object.keys(signals)) process.on(signal, onSignal);
	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);
	process.on('exit', restore);

	return {
		attach(fn) {
			unmount = fn;
		},
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
