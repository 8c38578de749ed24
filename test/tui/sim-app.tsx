// The whole TUI against the simulator through the real SDK and the real data layer, on stepped
// clocks: the simulator's world moves only when the test advances it, and the poller's timers
// fire only when the test steps them. Nothing waits on wall-clock time.
import {expect} from 'vitest';
import {createMetricsApi} from '../../source/aws/client.js';
import {RateLimiter, ecsRates, type Category} from '../../source/aws/limiter.js';
import {SpendLedger} from '../../source/aws/spend.js';
import type {AppProps} from '../../source/app.js';
import type {SimOptions} from '../../source/sim/index.js';
import {createDataLayer} from '../../source/store/index.js';
import type {MetricsTarget} from '../../source/aws/metrics-api.js';
import {createMetricsHistory} from '../../source/store/metrics/history.js';
import {sessionsFeature} from '../../source/commands/sessions.js';
import type {Transport} from '../../source/exec/transport.js';
import {apiFor, testCredentials} from '../helpers/api.js';
import {ManualClock} from '../helpers/manual-clock.js';
import {startTestSim} from '../helpers/sim.js';
import {renderApp, tick} from './render-app.js';
import {adapterFor} from '../../source/resources/index.js';

function unlimited(spend: SpendLedger): RateLimiter {
	const rates = Object.fromEntries(Object.keys(ecsRates).map(c => [c, {burst: 1e6, rate: 1e6}])) as Record<Category, {burst: number; rate: number}>;
	return new RateLimiter({rates, spend});
}

/**
 * `metrics`: CPU%/MEM% read from the simulator's CloudWatch (the real client on the app's clock and
 * limiter); off by default, as the columns then say. Every call the app sends is counted in
 * `spend`, a ledger on the app's clock, which `$` shows.
 */
export async function simApp(options: {sim?: SimOptions; app?: Partial<AppProps>; metrics?: boolean; sessions?: boolean | {transport: Transport}} = {}) {
	const sim = await startTestSim(options.sim);
	const clock = new ManualClock();
	const spend = new SpendLedger({now: clock.now});
	const limiter = unlimited(spend);
	const api = apiFor(sim.endpoint, {limiter, readOnly: options.app?.readOnly ?? false});
	const metricsApi = options.metrics ? createMetricsApi({endpointUrl: sim.endpoint, region: 'us-east-1', credentials: testCredentials, limiter, retry: {baseDelayMs: 0, maxDelayMs: 0}, sleep: async () => {}, now: clock.now}) : undefined;
	const {store, poller, metrics} = createDataLayer({api, adapters: adapterFor, refreshSeconds: 2, now: clock.now, timers: clock.timers, limiterState: () => limiter.status(), metrics: metricsApi, random: () => 0.5});
	const metricsHistory = metricsApi ? (target: MetricsTarget) => createMetricsHistory({api: metricsApi, target, now: clock.now, timers: clock.timers}) : undefined;
	// ECS Exec and port forwards on the simulator (`sessions`), with the limiter and credentials above.
	const transport = typeof options.sessions === 'object' ? options.sessions.transport : 'auto';
	const sessions = options.sessions ? sessionsFeature({endpointUrl: sim.endpoint, region: 'us-east-1', credentials: testCredentials, limiter}, {region: 'us-east-1', endpoint: sim.endpoint}, undefined, transport) : undefined;
	const app = renderApp({store, poller, metrics, metricsHistory, sessions, api, now: clock.now, columns: 100, rows: 30, spend: () => spend.snapshot(), ...options.app});
	await tick();

	/** Lets the poller's clock run in small steps, each step's requests finishing before the next. */
	const step = async (ms = 250) => {
		for (let t = 0; t < ms; t += 250) {
			await clock.advance(Math.min(250, ms - t));
			await poller.settled();
			await metrics.settled();
			await tick();
		}
	};
	/** Steps the poller until the frame passes the check (at most `seconds` of poller time). */
	const until = async (check: (frame: string) => void, seconds = 20) => {
		let error: unknown;
		for (let i = 0; i < seconds * 4; i++) {
			try {
				check(app.frame());
				return;
			} catch (e) {
				error = e;
			}
			await step(250);
		}
		check(app.frame());
		throw error;
	};
	const untilText = (text: string | RegExp, seconds?: number) =>
		until(f => (typeof text === 'string' ? expect(f).toContain(text) : expect(f).toMatch(text)), seconds);
	const press = async (keys: string) => {
		await app.press(keys);
		await step(0);
	};
	/** A confirmation's `y`, pressed once the guard time has passed on the stepped clock. */
	const confirm = async () => {
		await app.confirm(async ms => {
			await clock.advance(ms);
			await tick();
		});
		await step(0);
	};
	return {
		...app,
		confirm,
		sim,
		clock,
		api,
		limiter,
		spend,
		store,
		poller,
		metrics,
		sessions,
		step,
		until,
		untilText,
		press,
		close: async () => {
			app.unmount();
			poller.stop();
			metrics.stop();
			await sessions?.forwards.stopAll();
			await sim.close();
		},
	};
}
