// Drives followEvents one poll cycle at a time: its sleeps wait until the test releases them, and
// its clock moves only by what it slept.
import {expect, vi} from 'vitest';
import {followEvents, type FollowOptions} from '../../source/store/events/follow.js';

export interface Run {
	out: string[];
	err: string[];
	/** Resolves when the loop is waiting between cycles. */
	idle(): Promise<void>;
	/** Lets the loop run its next cycle and waits until it is idle again. */
	cycle(onRelease?: () => void | Promise<void>): Promise<void>;
	stop(): Promise<void>;
	done: Promise<void>;
	sleeps: number[];
	clock(): number;
}

export function startFollow(options: Omit<FollowOptions, 'out' | 'err'> & {onSleep?: (ms: number) => void}): Run {
	const out: string[] = [];
	const err: string[] = [];
	const waiting: Array<{ms: number; resolve: () => void}> = [];
	const sleeps: number[] = [];
	const controller = new AbortController();
	let clock = 0;
	let finished = false;
	const sleep = (ms: number, signal?: AbortSignal) =>
		new Promise<void>(resolve => {
			sleeps.push(ms);
			options.onSleep?.(ms);
			if (ms < 4000) {
				// Backoff and pacing sleeps pass on the stepped clock, yielding a moment of real time.
				clock += ms;
				setTimeout(resolve, 1);
				return;
			}
			waiting.push({ms, resolve});
			signal?.addEventListener('abort', () => resolve(), {once: true});
		});
	const done = followEvents({
		random: () => 0.5,
		// Interval sleeps (>= 4 s, even halved) wait for the test; backoff and pacing (< 4 s) pass.
		intervalMs: 10_000,
		maxBackoffMs: 2000,
		...options,
		signal: options.signal ?? controller.signal,
		sleep: options.sleep ?? sleep,
		now: options.now ?? (() => clock),
		out: text => {
			out.push(...text.replace(/\n$/, '').split('\n'));
		},
		err: line => {
			err.push(line);
		},
	}).finally(() => {
		finished = true;
	});
	const idle = () => vi.waitFor(() => expect(waiting.length > 0 || finished).toBe(true), {timeout: 5000, interval: 1});
	return {
		out,
		err,
		idle,
		async cycle(onRelease) {
			await idle();
			const next = waiting.shift();
			if (!next) return;
			clock += next.ms;
			await onRelease?.();
			next.resolve();
			await new Promise(r => setTimeout(r, 0));
			await idle();
		},
		async stop() {
			controller.abort();
			await done;
		},
		done,
		sleeps,
		clock: () => clock,
	};
}
