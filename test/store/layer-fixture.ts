// A data layer on a stepped clock over the simulator, with an unlimited limiter (tests that count
// calls count them at the simulator; the limiter has its own tests).
import {RateLimiter, ecsRates, type Category} from '../../source/aws/limiter.js';
import {createDataLayer, type DataLayerOptions} from '../../source/store/index.js';
import {apiFor} from '../helpers/api.js';
import {ManualClock} from '../helpers/manual-clock.js';
import type {Fixture} from '../aws/sim-fixture.js';
import type {ServiceRec} from '../../source/sim/model.js';
import {adapterFor} from '../../source/resources/index.js';

export function unlimited(): RateLimiter {
	const rates = Object.fromEntries(Object.keys(ecsRates).map(c => [c, {burst: 1e6, rate: 1e6}])) as Record<Category, {burst: number; rate: number}>;
	return new RateLimiter({rates});
}

export function layerFor(f: Fixture, options: Partial<DataLayerOptions> & {limiter?: RateLimiter; clock?: ManualClock} = {}) {
	const clock = options.clock ?? new ManualClock();
	const limiter = options.limiter ?? unlimited();
	const api = options.api ?? apiFor(f.endpoint, {limiter});
	const layer = createDataLayer({adapters: adapterFor, refreshSeconds: 2, now: clock.now, timers: clock.timers, limiterState: () => limiter.status(), ...options, api});
	/** Moves the poller's clock in steps, letting each step's requests finish. */
	const step = async (ms: number, by = 250) => {
		for (let t = 0; t < ms; t += by) {
			await clock.advance(Math.min(by, ms - t));
			await layer.poller.settled();
		}
	};
	return {...layer, clock, limiter, api, step, snap: () => layer.store.getSnapshot()};
}

/**
 * Keeps a cluster's counters moving for `seconds`: the service's desired count goes up by one and
 * back every 10 s (so the poller sees a changing cluster), the poller's clock stepping along.
 */
export async function churn(f: Fixture, layer: ReturnType<typeof layerFor>, service: ServiceRec, base: number, seconds: number): Promise<void> {
	for (let s = 0; s < seconds; s += 10) {
		f.sim.world.scheduler.updateService(service, {desiredCount: s % 20 === 0 ? base + 1 : base});
		f.sim.advance(1);
		await layer.step(10_000, 500);
	}
}
