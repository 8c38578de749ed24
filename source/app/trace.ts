// Benchmark hooks, inert unless asked for (scripts/bench-tui.ts sets them):
// ECS_TOP_TRACE_FILE=path appends one JSON line per key press, per frame written and per garbage
// collection ({t, event: 'key' | 'frame-written' | 'gc', ...}, t in epoch ms with sub-ms precision;
// a gc line's t is when the pause began, with its `ms` and `kind`), never to stdout;
// ECS_TOP_MAX_FPS=n sets Ink's frame cap so it does not hide the app's own latency. The app's own cap
// (60, defaultMaxFps) is kept here beside the variable that overrides it.
import {appendFileSync} from 'node:fs';
import {PerformanceObserver, constants} from 'node:perf_hooks';
import process from 'node:process';

const file = process.env.ECS_TOP_TRACE_FILE || undefined;

export const tracing = file !== undefined;

const gcKinds: Record<number, string> = {
	[constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
	[constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
	[constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
	[constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak',
};

// The collector's pauses, for the bench to tell a slow key's own work from a collection inside it.
if (tracing && process.env.ECS_TOP_TRACE_GC === '1') {
	new PerformanceObserver(list => {
		for (const entry of list.getEntries()) {
			const kind = (entry as {detail?: {kind?: number}}).detail?.kind ?? 0;
			trace('gc', {at: performance.timeOrigin + entry.startTime, ms: entry.duration, kind: gcKinds[kind] ?? String(kind)});
		}
	}).observe({entryTypes: ['gc']});
}

export function trace(event: string, extra?: Record<string, unknown>): void {
	if (!file) return;
	try {
		appendFileSync(file, `${JSON.stringify({t: performance.timeOrigin + performance.now(), event, ...extra})}\n`);
	} catch {
		// A benchmark aid must never take the TUI down.
	}
}

/**
 * Ink's frame cap: 60 frames a second, not Ink's default of 30. Ink draws at once when it drew nothing
 * in the last 1/maxFps s, else at the end of that interval: a key pressed just after a refresh or a
 * clock tick was drawn waited up to 34 ms at 30, and waits up to 17 ms (one 60 Hz frame) now.
 */
export const defaultMaxFps = 60;

/** Ink's maxFps: ECS_TOP_MAX_FPS when set to a positive number (scripts/bench-tui.ts), else defaultMaxFps. */
export function maxFps(env: NodeJS.ProcessEnv = process.env): number {
	const n = Number(env.ECS_TOP_MAX_FPS);
	return Number.isFinite(n) && n > 0 ? n : defaultMaxFps;
}

/** stdout whose writes are traced as 'frame-written' (the same stream when not tracing). */
export function tracedStdout(stdout: NodeJS.WriteStream): NodeJS.WriteStream {
	if (!tracing) return stdout;
	const write = (chunk: unknown, ...rest: unknown[]) => {
		const ok = (stdout.write as (...args: unknown[]) => boolean)(chunk, ...rest);
		trace('frame-written', {bytes: typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Uint8Array).length});
		return ok;
	};
	return new Proxy(stdout, {
		get(target, property) {
			if (property === 'write') return write;
			const value = Reflect.get(target, property, target) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}

/**
 * ECS_TOP_TEST_CRASH=message throws that message from a timer once the app is on screen: the tmux
 * end-to-end test proves with it that a crash in the built binary still gives the terminal back.
 */
export function scheduleTestCrash(): void {
	const message = process.env.ECS_TOP_TEST_CRASH;
	if (!message) return;
	setTimeout(() => {
		throw new Error(message);
	}, 1500);
}
