// The data layer's constructor: a store the UI reads and a poller it steers.
import type {EcsApi} from '../aws/ecs-api.js';
import type {Category, Timers} from '../aws/limiter.js';
import type {MetricsApi} from '../aws/metrics-api.js';
import {MetricsPoller, type MetricsControl} from './metrics/poller.js';
import type {AdapterSource} from './poll/adapter.js';
import {EntityStore} from './entity-store.js';
import {Poller} from './poll/poller.js';
import type {PollerTuning} from './poll/poller.js';
import type {ApiStatus, PollControl, ReadableStore} from './types.js';

export interface DataLayerOptions {
	api: EcsApi;
	/** How each scope is listed and described: the resource registry's adapterFor. */
	adapters: AdapterSource;
	/** The focused scope's refresh interval (--refresh). */
	refreshSeconds: number;
	now?: () => number;
	timers?: Timers;
	/** The limiter's state (RateLimiter#status), shown as the snapshot's `api`. */
	limiterState?: () => ApiStatus;
	/** Unfocused open scopes are polled this many times less often (default 5). */
	unfocusedFactor?: number;
	/** Polling calls per second each throttle category may use (default: 98% of a quarter of ECS's sustained rate). */
	pollBudget?: (category: Category) => number;
	tuning?: Partial<PollerTuning>;
	/** The fault backoff's jitter and the spread of many background scopes' first polls (tests: a seeded one). */
	random?: () => number;
	/** CloudWatch, for CPU/MEM utilization; absent: metrics off, nothing sent. */
	metrics?: MetricsApi;
}

export interface DataLayer {
	store: ReadableStore;
	poller: PollControl & {setVisible: NonNullable<PollControl['setVisible']>};
	metrics: MetricsControl;
}

const realTimers: Timers = {
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout: handle => clearTimeout(handle as NodeJS.Timeout),
};

export function createDataLayer(options: DataLayerOptions): DataLayer {
	const now = options.now ?? Date.now;
	const timers = options.timers ?? realTimers;
	const store = new EntityStore({now, timers});
	const poller = new Poller({...options, store, now, timers});
	const metrics = new MetricsPoller({api: options.metrics, store, now, timers, random: options.random});
	return {store, poller, metrics};
}

export type {PollerTuning} from './poll/poller.js';
export type {MetricsControl} from './metrics/poller.js';
export * from './types.js';
