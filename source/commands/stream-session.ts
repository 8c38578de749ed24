// What a streaming command (`events --follow`, `logs --follow`) needs around its loop, the same for
// both: Ctrl-C ends it with 0, SIGTERM 143, SIGHUP 129 (a second signal while a call hangs leaves at
// once); a closed output pipe (`| head`) ends it quietly with 0, as `tail -f | head` does; and a
// timer keeps the process alive while the shared rate limiter waits on its own timers.
import process from 'node:process';

export class StreamSession {
	readonly controller = new AbortController();
	exitCode = 0;
	/** The reader of stdout went away. */
	closed = false;
	readonly #handlers: Array<[NodeJS.Signals, () => void]>;
	readonly #keepAlive = setInterval(() => {}, 1 << 30);

	constructor() {
		const signals: Array<[NodeJS.Signals, number]> = [['SIGINT', 0], ['SIGTERM', 143], ['SIGHUP', 129]];
		this.#handlers = signals.map(([signal, code]) => {
			const handler = () => {
				// A second signal while a call hangs: leave now.
				if (this.controller.signal.aborted) process.exit(code);
				this.exitCode = code;
				this.controller.abort();
			};
			process.on(signal, handler);
			return [signal, handler];
		});
		// The stdout error listener stays after dispose: a write still in flight may yet fail with EPIPE.
		process.stdout.on('error', (error: NodeJS.ErrnoException) => {
			this.closed = true;
			this.controller.abort();
			if (error.code !== 'EPIPE') this.exitCode = this.exitCode || 1;
		});
	}

	get signal(): AbortSignal {
		return this.controller.signal;
	}

	dispose(): void {
		clearInterval(this.#keepAlive);
		for (const [signal, handler] of this.#handlers) process.off(signal, handler);
	}
}
