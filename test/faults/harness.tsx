// The whole TUI against the simulator through the real SDK, with EVERY clock of the client on one
// stepped clock: the poller's timers, the limiter's buckets and backoffs, the retry loop's sleeps and
// the header's "now". Nothing here waits on wall-clock time except the loopback HTTP itself: a step
// advances the clock, then waits until no HTTP request of this process is open (Node's
// diagnostics channel sees each one start and close), so a backoff that waits on the stepped clock
// never deadlocks a test the way `poller.settled()` would.
import diagnostics from 'node:diagnostics_channel';
import type {ClientRequest} from 'node:http';
import {expect} from 'vitest';
import {ecsRates, RateLimiter, type Category} from '../../source/aws/limiter.js';
import type {AppProps} from '../../source/app.js';
import type {SimOptions, Stats} from '../../source/sim/index.js';
import {seededRandom} from '../../source/sim/faults.js';
import {createDataLayer} from '../../source/store/index.js';
import {apiFor} from '../helpers/api.js';
import {flush, ManualClock} from '../helpers/manual-clock.js';
import {startTestSim} from '../helpers/sim.js';
import {renderApp, tick} from '../tui/render-app.js';
import {adapterFor} from '../../source/resources/index.js';

const open = new Set<ClientRequest>();
let watchers: Array<() => void> = [];
diagnostics.subscribe('http.client.request.start', message => {
	const {request} = message as {request: ClientRequest};
	open.add(request);
	request.once('close', () => {
		open.delete(request);
		if (open.size === 0) for (const wake of watchers.splice(0)) wake();
	});
});

/** HTTP requests of this process still open (sent and not yet answered, failed or aborted). */
export const openRequests = () => open.size;

/** Waits until no request is open and the answers have been worked through. */
export async function quiet(): Promise<void> {
	for (;;) {
		await flush();
		if (open.size === 0) {
			await flush();
			if (open.size === 0) return;
		}
		if (open.size > 0) await new Promise<void>(resolve => watchers.push(resolve));
	}
}

function unlimitedRates(): Record<Category, {burst: number; rate: number}> {
	return Object.fromEntries(Object.keys(ecsRates).map(c => [c, {burst: 1e6, rate: 1e6}])) as Record<Category, {burst: number; rate: number}>;
}

export interface FaultAppOptions {
	sim?: SimOptions;
	app?: Partial<AppProps>;
	/** ECS's real buckets (default: unlimited, so only faults and backoffs shape the calls). */
	realRates?: boolean;
	seed?: number;
	/** Where the client connects, given the simulator's URL (a proxy in front of it). */
	endpoint?: (simUrl: string) => string | Promise<string>;
	columns?: number;
	rows?: number;
}

export async function faultApp(options: FaultAppOptions = {}) {
	const sim = await startTestSim(options.sim);
	// Near the wall clock, so a date printed on screen looks like one.
	const clock = new ManualClock(Math.floor(Date.now() / 1000) * 1000);
	const random = seededRandom(options.seed ?? 7);
	const limiter = new RateLimiter({rates: options.realRates ? undefined : unlimitedRates(), now: clock.now, timers: clock.timers, random});
	const sleep = (ms: number) => new Promise<void>(resolve => clock.setTimeout(resolve, ms));
	// The production retry settings (apiFor's zero-delay retries replaced), timed by the stepped clock.
	const api = apiFor((await options.endpoint?.(sim.endpoint)) ?? sim.endpoint, {limiter, readOnly: true, retry: {}, sleep, random});
	const {store, poller} = createDataLayer({api, adapters: adapterFor, refreshSeconds: 2, now: clock.now, timers: clock.timers, limiterState: () => limiter.status(), random});
	const app = renderApp({store, poller, api, now: clock.now, columns: options.columns ?? 100, rows: options.rows ?? 30, readOnly: true, ...options.app});
	await tick();

	/** Moves the clock `ms` forward in `by` steps, each step's requests answered before the next. */
	const step = async (ms: number, by = 250) => {
		for (let t = 0; t < ms; t += by) {
			await clock.advance(Math.min(by, ms - t));
			await quiet();
			await tick();
		}
	};
	/** Moves the clock without waiting for answers (calls that never get one). */
	const stepBlind = async (ms: number, by = 250) => {
		for (let t = 0; t < ms; t += by) {
			await clock.advance(Math.min(by, ms - t));
			await tick();
		}
	};
	/** Steps until the frame passes the check (at most `seconds` of stepped time). */
	const until = async (check: (frame: string) => void, seconds = 30) => {
		let error: unknown;
		for (let i = 0; i <= seconds * 4; i++) {
			try {
				check(app.frame());
				return;
			} catch (e) {
				error = e;
			}
			await step(250);
		}
		throw error;
	};
	const untilText = (text: string | RegExp, seconds?: number) =>
		until(f => (typeof text === 'string' ? expect(f).toContain(text) : expect(f).toMatch(text)), seconds);
	const press = async (keys: string) => {
		await app.press(keys);
		await quiet();
		await tick();
	};
	/** Calls per operation during `seconds` of stepped time. */
	const callsDuring = async (seconds: number): Promise<Record<string, number>> => {
		await sim.resetStats();
		await step(seconds * 1000);
		const stats: Stats = await sim.stats();
		return stats.calls;
	};
	/** The header's first line (account, where, API status). */
	const apiLine = () => app.frame().split('\n')[0] ?? '';
	return {
		...app,
		sim,
		clock,
		limiter,
		api,
		store,
		poller,
		step,
		stepBlind,
		until,
		untilText,
		press,
		callsDuring,
		apiLine,
		close: async () => {
			app.unmount();
			poller.stop();
			await sim.close();
		},
	};
}

export const total = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);
