// The poller, driven by what is on screen: the focused scope every --refresh seconds when the
// budget allows (else stretched: the achieved interval is in the scope's state), open but
// unfocused scopes five times slower, big scopes reconciled by a paced background sweep. One cycle
// per scope at a time; pause/resume for dialogs; refreshNow goes ahead of polls as 'interactive'.
// A poll that fails on a server fault or a network error is not retried within the call: the next
// poll is the retry, later each time (exponential, full jitter, never sooner than the interval), so
// an outage costs fewer calls than polling. A scope whose cluster is gone is no longer polled.
// A closed scope lingers a while, unpolled, its rows kept: going back to it (`:tasks` after a look
// at `:services`) shows them at once and re-reads only what a refresh reads, not the whole scope.
import type {EcsApi, Priority} from '../../aws/ecs-api.js';
import {describeError, type ErrorInfo, isRetryable, isThrottle} from '../../aws/errors.js';
import {type Category, rates, type Timers} from '../../aws/limiter.js';
import {type Plan, planBudget} from './budget.js';
import type {EntityStore} from '../entity-store.js';
import type {AdapterSource} from './adapter.js';
import {apiStatus, ClusterCache, demandOf, faultBackoffMs, goneCluster, type LimiterState, pruneStore} from './poller-parts.js';
import {coldLoad, publishFollowed, refresh, type Run, type RunContext, sweepCommitGapMs, sweepStep, type Tuning} from './scope-run.js';
import type {Task} from '../../domain.js';
import {type PollControl, type Scope, scopeKey} from '../types.js';

export interface PollerTuning extends Tuning {
	/** A full sweep pass over a changing big scope's off-screen rows (so off-screen changes show within a minute). */
	passMs: number;
	/** The same when its cluster's counters stand still. */
	slowPassMs: number;
	/**
	 * How long a closed scope lingers (no calls, its rows kept in the store) before it is dropped,
	 * and how many may linger at once (the oldest goes first). 0: dropped when closed.
	 */
	lingerMs: number;
	lingerScopes: number;
}

export interface PollerOptions {
	api: EcsApi;
	/** How each scope is listed and described (source/resources/). */
	adapters: AdapterSource;
	store: EntityStore;
	refreshSeconds: number;
	now: () => number;
	timers: Timers;
	limiterState?: () => LimiterState;
	unfocusedFactor?: number;
	/** The backoff's jitter and the spread of many background scopes' first polls (tests: a seeded one). */
	random?: () => number;
	/** Polling calls per second each category may use (default: 98% of a quarter of ECS's sustained rate). */
	pollBudget?: (category: Category) => number;
	tuning?: Partial<PollerTuning>;
}

const defaults: PollerTuning = {visibleDefault: 50, smallChunks: 3, relistMs: 300_000, concurrency: 4, listPageMs: 1200, passMs: 50_000, slowPassMs: 300_000, lingerMs: 120_000, lingerScopes: 4};

export class Poller implements PollControl {
	readonly #o: PollerOptions;
	readonly #runs = new Map<string, Run>();
	/** Closed scopes lingering (oldest first), each with the timer that drops it. */
	readonly #lingering = new Map<string, {run: Run; timer: unknown}>();
	readonly #ctx: RunContext;
	readonly #tuning: PollerTuning;
	readonly #refreshMs: number;
	readonly #factor: number;
	#focused?: string;
	#paused = false;
	#stopped = false;
	#inflight = 0;
	#idle: Array<() => void> = [];
	readonly #clusters: ClusterCache;
	#lastError?: ErrorInfo;
	#heartbeat?: unknown;

	constructor(options: PollerOptions) {
		this.#o = options;
		this.#refreshMs = Math.max(50, options.refreshSeconds * 1000);
		this.#factor = options.unfocusedFactor ?? 5;
		this.#tuning = {...defaults, ...options.tuning};
		// The counters are a change signal for big scopes, whose sweep acts every 10 s at most:
		// reading them every 2 s refresh was a quarter of an idle minute's calls.
		this.#clusters = new ClusterCache(options.api, options.store, options.now, Math.max(this.#refreshMs / 2, 10_000));
		this.#ctx = {
			api: options.api,
			store: options.store,
			now: options.now,
			tuning: this.#tuning,
			cluster: (name, priority, signal) => this.#clusters.get(name, priority, signal),
			prune: () => this.#prune(),
		};
	}

	open(scope: Scope): () => void {
		const run = this.#ensure(scope);
		run.refs++;
		let closed = false;
		return () => {
			if (closed) return;
			closed = true;
			this.#release(run);
		};
	}

	focus(scope: Scope): void {
		const key = scopeKey(scope);
		if (this.#focused === key) return;
		const previous = this.#focused ? this.#runs.get(this.#focused) : undefined;
		this.#focused = key;
		const run = this.#ensure(scope);
		if (run.refs === 0) {
			run.auto = true;
			run.refs++;
		}
		if (run.revived) {
			run.revived = false;
			void this.#cycle(run, 'interactive');
		}
		if (previous?.auto) {
			previous.auto = false;
			this.#release(previous);
		} else if (previous) this.#reschedule(previous);
		this.#reschedule(run);
	}

	setVisible(scope: Scope, ids: readonly string[]): void {
		const run = this.#runs.get(scopeKey(scope));
		if (run) run.visible = [...ids];
	}

	followUntilStopped(scope: Scope, tasks: readonly Task[]): void {
		const run = this.#runs.get(scopeKey(scope));
		if (!run || run.closed || run.adapter.kind !== 'tasks' || tasks.length === 0) return;
		const {store} = this.#o;
		// StopTask's answer is the freshest copy (desired STOPPED): shown until the next describe.
		store.put('tasks', tasks, t => t.taskArn);
		for (const task of tasks) run.followed.set(task.taskArn, 0);
		publishFollowed({store}, run);
		store.commit();
	}

	async refreshNow(scope: Scope): Promise<void> {
		const run = this.#runs.get(scopeKey(scope));
		if (!run || this.#stopped) return;
		while (run.busy) await run.busy;
		// A gone cluster's scope is asked once more: the user may know better (it was recreated).
		await this.#cycle(run, 'interactive', true);
	}

	pause(): void {
		this.#paused = true;
	}

	resume(): void {
		this.#paused = false;
		for (const run of this.#runs.values()) if (run.due && !run.gone) void this.#cycle(run);
	}

	async settled(): Promise<void> {
		while (this.#inflight > 0) await new Promise<void>(resolve => this.#idle.push(resolve));
	}

	stop(): void {
		this.#stopped = true;
		for (const run of this.#runs.values()) this.#cancel(run);
		this.#runs.clear();
		for (const {timer} of this.#lingering.values()) this.#o.timers.clearTimeout(timer);
		this.#lingering.clear();
		if (this.#heartbeat !== undefined) this.#o.timers.clearTimeout(this.#heartbeat);
	}

	#ensure(scope: Scope): Run {
		const key = scopeKey(scope);
		let run = this.#runs.get(key);
		if (run) return run;
		const lingering = this.#lingering.get(key);
		if (lingering) return this.#revive(lingering.run, lingering.timer);
		run = {
			scope, key, adapter: this.#o.adapters(this.#o.api, scope), refs: 0, auto: false, closed: false, loaded: false,
			sweepBusy: false, due: false, lastListAt: -Infinity, dirty: false, listDirty: false, passActive: false,
			pass: [], passStartedAt: -Infinity, nextPassAt: -Infinity, fullPassAt: -Infinity, controller: new AbortController(),
			failures: 0, sweepFailures: 0, gone: false, followed: new Map(),
		};
		this.#runs.set(key, run);
		this.#o.store.setScope(key, {loading: true, intervalMs: this.#plan(run).intervalMs});
		if (!this.#stopped) void this.#cycle(run);
		this.#beat();
		return run;
	}

	#release(run: Run): void {
		run.refs--;
		if (run.refs > 0 || run.closed) return;
		if (this.#focused === run.key) this.#focused = undefined;
		this.#cancel(run);
		this.#runs.delete(run.key);
		// (After stop() every run is closed, so nothing lingers then.)
		if (!run.loaded || run.gone || this.#tuning.lingerMs <= 0) return this.#drop(run.key);
		// Unpolled (its cancelled run's calls were aborted) and out of the budget's plan, its rows
		// and scope state kept: nothing on screen changes, so nothing is committed.
		const timer = this.#o.timers.setTimeout(() => {
			this.#lingering.delete(run.key);
			this.#drop(run.key);
		}, this.#tuning.lingerMs);
		this.#lingering.set(run.key, {run, timer});
		if (this.#lingering.size > this.#tuning.lingerScopes) {
			const [oldest, {timer: its}] = this.#lingering.entries().next().value!;
			this.#o.timers.clearTimeout(its);
			this.#lingering.delete(oldest);
			this.#drop(oldest);
		}
	}

	/** A closed scope's state and the entities only it listed leave the store. */
	#drop(key: string): void {
		this.#o.store.removeScope(key);
		this.#prune();
		this.#o.store.commit();
	}

	/**
	 * A lingering scope opened again: a new run (the closed one's aborted calls may still settle,
	 * and see it closed) that carries what the old one knew: loaded, when it last listed, the
	 * cluster's counters (moved meanwhile: the sweep re-lists), the followed tasks. Its first cycle
	 * goes now and refreshes the rows on screen; a fresh sweep pass follows.
	 */
	#revive(old: Run, timer: unknown): Run {
		this.#o.timers.clearTimeout(timer);
		this.#lingering.delete(old.key);
		const run: Run = {
			...old, refs: 0, auto: false, closed: false, busy: undefined, timer: undefined, sweepTimer: undefined, sweepBusy: false,
			due: false, pass: [], controller: new AbortController(), failures: 0, sweepFailures: 0,
		};
		this.#runs.set(run.key, run);
		// (stop() clears the lingering scopes: a poller that has stopped revives none.)
		// Focused (focus() names its scope before it opens it): the user is going there, ahead of polls.
		// Opened (the UI opens a view's scopes, then focuses the top one in the same turn): a poll,
		// unless focus() claims it first.
		if (this.#focused === run.key) void this.#cycle(run, 'interactive');
		else {
			run.revived = true;
			queueMicrotask(() => {
				if (!run.revived) return;
				run.revived = false;
				void this.#cycle(run);
			});
		}
		this.#beat();
		return run;
	}

	#cancel(run: Run): void {
		run.closed = true;
		run.controller.abort(new Error('scope closed'));
		if (run.timer !== undefined) this.#o.timers.clearTimeout(run.timer);
		if (run.sweepTimer !== undefined) this.#o.timers.clearTimeout(run.sweepTimer);
	}

	/** This run's interval and sweep pace, from every open scope's demand on the shared budget. */
	#plan(run: Run): Plan {
		const demands = [...this.#runs.values()].filter(r => !r.gone || r === run).map(r => demandOf(r, this.#o.store.scope(r.key)?.ids ?? [], this.#focused === r.key, this.#tuning));
		const budget = this.#o.pollBudget ?? ((c: Category) => rates[c].rate * 0.25 * 0.98);
		const plans = planBudget(demands, {refreshMs: this.#refreshMs, unfocusedFactor: this.#factor, passMs: this.#tuning.passMs, slowPassMs: this.#tuning.slowPassMs, budget});
		return plans.get(run.key) ?? {intervalMs: this.#refreshMs, sweepGapMs: Infinity};
	}

	#track<T>(work: Promise<T>): Promise<T> {
		this.#inflight++;
		return work.finally(() => {
			if (--this.#inflight === 0) for (const resolve of this.#idle.splice(0)) resolve();
		});
	}

	#cycle(run: Run, priority?: Priority, forceList = false): Promise<void> {
		if (run.busy) return run.busy;
		if (this.#stopped || run.closed) return Promise.resolve();
		if (run.gone && priority === undefined) return Promise.resolve();
		if (this.#paused && priority === undefined && run.loaded) {
			run.due = true;
			return Promise.resolve();
		}
		run.due = false;
		if (run.timer !== undefined) this.#o.timers.clearTimeout(run.timer);
		run.timer = undefined;
		const {store, now} = this.#o;
		run.lastStart = now();
		const polled = run.loaded && priority === undefined;
		const background = () => polled && this.#focused !== run.key;
		const work = (async () => {
			try {
				if (!run.loaded) await coldLoad(this.#ctx, run, priority ?? 'cold');
				else await refresh(this.#ctx, run, priority ?? 'poll', forceList, Math.max(5 * this.#plan(run).intervalMs, this.#tuning.relistMs / 10));
				if (run.closed) return;
				run.loaded = true;
				this.#lastError = undefined;
				run.failures = 0;
				run.gone = false;
				store.setScope(run.key, {loading: false, stale: false, staleSince: undefined, error: undefined, gone: undefined, updatedAt: now(), loaded: undefined, total: undefined, ...this.#interval(run)});
			} catch (error) {
				if (run.closed || this.#stopped) return;
				const info = describeError(error);
				this.#lastError = info;
				// Throttles back off in the limiter; faults here, between polls.
				if (isRetryable(error) && !isThrottle(error)) run.failures++;
				const old = store.scope(run.key);
				store.setScope(run.key, {loading: false, stale: true, staleSince: old?.staleSince ?? now(), error: info, loaded: undefined, total: undefined, ...this.#interval(run)});
				const gone = goneCluster(error, run.adapter.cluster);
				if (gone !== undefined) this.#gone(gone);
			} finally {
				run.busy = undefined;
				this.#api();
				// An unfocused scope's poll is off screen: it rides with the focused scope's next
				// refresh (each notification repaints the whole frame), or goes out within the gap.
				// (Asked at the end: a scope focused while its poll was out is on screen now.)
				if (background()) store.commitSoon(sweepCommitGapMs);
				else store.commit();
				if (!run.closed && !this.#stopped && !run.gone) {
					this.#schedule(run);
					if (run.loaded && run.sweepTimer === undefined && !run.sweepBusy) this.#sweepLater(run, 0);
				}
			}
		})();
		run.busy = this.#track(work);
		return run.busy;
	}

	/** The planned interval, and whether the budget (not the user's --refresh) set it. */
	#interval(run: Run): {intervalMs: number; budgetStretched: boolean} {
		const intervalMs = this.#plan(run).intervalMs;
		const asked = this.#focused === run.key ? this.#refreshMs : this.#refreshMs * this.#factor;
		return {intervalMs, budgetStretched: intervalMs > asked * 1.05};
	}

	#schedule(run: Run): void {
		if (run.gone) return;
		let interval = this.#plan(run).intervalMs;
		if (!run.phased && run.loaded) {
			run.phased = true;
			// Background scopes the budget stretched (many open at once: the fleet's 50 health scopes of a
			// context) were cold-loaded together and would all fall due together, every interval, a burst
			// at the limiter's whole poll share that the focused scope's refresh waits behind. Their first
			// poll is spread over the interval instead (half to one and a half of it: the same mean pace).
			if (this.#focused !== run.key && interval > this.#refreshMs * this.#factor * 1.05) interval *= 0.5 + this.#random();
		}
		const next = (run.lastStart ?? this.#o.now()) + (run.failures > 0 ? faultBackoffMs(interval, run.failures, this.#random) : interval);
		if (run.timer !== undefined) this.#o.timers.clearTimeout(run.timer);
		run.timer = this.#o.timers.setTimeout(() => {
			run.timer = undefined;
			void this.#cycle(run);
		}, Math.max(0, next - this.#o.now()));
	}

	#reschedule(run: Run): void {
		if (!run.busy && !run.closed && run.loaded) this.#schedule(run);
	}

	#sweepLater(run: Run, delay: number): void {
		run.sweepTimer = this.#o.timers.setTimeout(() => {
			run.sweepTimer = undefined;
			if (run.closed || this.#stopped || run.gone) return;
			if (this.#paused) return this.#sweepLater(run, this.#refreshMs);
			// A pass shorter than planned (settled rows skipped) still takes its time before the next.
			if (run.pass.length === 0 && this.#o.now() < run.nextPassAt) return this.#sweepLater(run, run.nextPassAt - this.#o.now());
			run.sweepBusy = true;
			const factor = this.#focused === run.key ? 1 : this.#factor;
			const started = this.#o.now();
			void this.#track(sweepStep(this.#ctx, run, this.#tuning.relistMs * factor, this.#tuning.slowPassMs * factor)).then(
				calls => this.#afterSweep(run, calls, started),
				(error: unknown) => this.#afterSweep(run, -1, started, error),
			);
		}, delay);
	}

	#afterSweep(run: Run, calls: number, started: number, error?: unknown): void {
		run.sweepBusy = false;
		if (run.closed || this.#stopped) return;
		if (calls < 0) {
			const gone = goneCluster(error, run.adapter.cluster);
			if (gone !== undefined) {
				this.#gone(gone);
				this.#o.store.commit();
				return;
			}
			if (isRetryable(error) && !isThrottle(error)) run.sweepFailures++;
		} else run.sweepFailures = 0;
		if (run.gone) return;
		const gap = this.#plan(run).sweepGapMs;
		const idle = this.#refreshMs * this.#factor;
		// Paced from the step's start, so slow answers do not stretch the pass. Nothing to sweep
		// (a small scope) or a failed call: look again a while later (failing in a row: later each time).
		const delay =
			calls > 0 && Number.isFinite(gap)
				? Math.max(0, calls * gap - (this.#o.now() - started))
				: run.sweepFailures > 0
					? faultBackoffMs(idle, run.sweepFailures, this.#random)
					: idle;
		if (run.pass.length === 0 && calls > 0 && Number.isFinite(gap)) run.nextPassAt = run.passStartedAt + gap * (run.passCalls ?? calls);
		this.#sweepLater(run, delay);
	}

	#prune(): void {
		pruneStore(this.#o.store, [...this.#runs.values(), ...[...this.#lingering.values()].map(l => l.run)]);
	}

	/**
	 * ECS says the cluster is not there: every open scope of it stops polling (no timers, no sweep)
	 * and says so, its last rows kept. Going back closes them; refreshNow asks once more.
	 */
	#gone(cluster: string): void {
		const now = this.#o.now();
		for (const run of this.#runs.values()) {
			if (run.adapter.cluster !== cluster || run.closed) continue;
			run.gone = true;
			if (run.timer !== undefined) this.#o.timers.clearTimeout(run.timer);
			if (run.sweepTimer !== undefined) this.#o.timers.clearTimeout(run.sweepTimer);
			run.timer = undefined;
			run.sweepTimer = undefined;
			run.pass = [];
			const old = this.#o.store.scope(run.key);
			this.#o.store.setScope(run.key, {loading: false, stale: true, staleSince: old?.staleSince ?? now, gone: cluster, error: old?.error ?? {name: 'ClusterNotFoundException', message: 'Cluster not found.'}});
		}
	}

	get #random(): () => number {
		return this.#o.random ?? Math.random;
	}

	#api(): void {
		this.#o.store.setApi(apiStatus(this.#o.limiterState?.(), this.#lastError, this.#o.now()));
	}

	/** Keeps the header's API status live while calls wait out a backoff. */
	#beat(): void {
		if (this.#heartbeat !== undefined || this.#stopped || !this.#o.limiterState) return;
		this.#heartbeat = this.#o.timers.setTimeout(() => {
			this.#heartbeat = undefined;
			if (this.#runs.size === 0 || this.#stopped) return;
			this.#api();
			// Only a changed API status: staged background rows wait for their own batch.
			if (this.#o.store.apiDirty) this.#o.store.commit();
			this.#beat();
		}, 1000);
	}
}
