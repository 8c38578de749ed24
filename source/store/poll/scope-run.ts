// What one poll of a scope does. A cold load lists and describes everything, describing each list
// page as it arrives. A refresh cycle re-describes the rows on screen (a small scope: all of it,
// re-listed as needed) and reads the cluster's counters (DescribeClusters) as a cheap change signal.
// The rest of a big scope is reconciled by a background sweep in passes: a pass re-lists the ARN set
// when the counters say it moved (or every few minutes), then re-describes the off-screen rows chunk
// by chunk, paced by the budget planner. Every call is `scheduled`: a fault is not retried within
// the call, the poller's next cycle (backed off) is the retry. Tasks the user stopped ride along in
// the refresh's own DescribeTasks until STOPPED (followed; ListTasks drops them at once).
import type {Described, EcsApi, Priority} from '../../aws/ecs-api.js';
import {listPageSize} from '../../aws/limits.js';
import type {Cluster, Failure, Task} from '../../domain.js';
import type {Entity, EntityStore} from '../entity-store.js';
import {ChunkPipeline} from './pipeline.js';
import type {ScopeAdapter} from './adapter.js';
import type {Scope} from '../types.js';

export interface Tuning {
	/** Rows counted as on screen when the UI never said (a screenful). */
	visibleDefault: number;
	/** A scope of at most this many describe chunks is described whole every cycle. */
	smallChunks: number;
	/** A big scope whose list did not visibly change is re-listed this often. */
	relistMs: number;
	/** Describe chunks in flight during a cold load. */
	concurrency: number;
	/**
	 * A big list whose count moved is re-listed at most once per this many ms per page: 10,000
	 * tasks (100 pages) every 2 minutes, 2,000 services every 24 s. Re-listing a busy 10,000-task
	 * cluster at every pass was half of an idle minute's calls.
	 */
	listPageMs: number;
}

export interface Run {
	scope: Scope;
	key: string;
	adapter: ScopeAdapter;
	refs: number;
	auto: boolean;
	closed: boolean;
	loaded: boolean;
	busy?: Promise<void>;
	timer?: unknown;
	sweepTimer?: unknown;
	sweepBusy: boolean;
	due: boolean;
	visible?: readonly string[];
	lastStart?: number;
	lastListAt: number;
	signal?: {list: string; all: string};
	/** The counters moved since the current pass began. */
	dirty: boolean;
	/** The listed count moved since the last list. */
	listDirty: boolean;
	/** The current pass runs at the active pace. */
	passActive: boolean;
	/** Off-screen ARNs the current pass has still to describe. */
	pass: string[];
	/** Calls the current (or last) pass makes: what the budget planner paces. */
	passCalls?: number;
	/** When the current pass began, and when the next may begin (a short pass still takes its planned time). */
	passStartedAt: number;
	nextPassAt: number;
	/** When the last pass that included settled rows began. */
	fullPassAt: number;
	controller: AbortController;
	/** Cycles in a row that failed with a server fault or network error (the backoff grows with it). */
	failures: number;
	/** Sweep steps in a row that failed so. */
	sweepFailures: number;
	/** The cluster is gone: no more polls until refreshNow finds it again. */
	gone: boolean;
	/** Tasks followed until STOPPED (PollControl.followUntilStopped): ARN → refreshes seen STOPPED. */
	followed: Map<string, number>;
	/** Opened again from lingering, its first cycle not yet begun (the poller's #revive). */
	revived?: boolean;
	/** Its first poll after the cold load was scheduled (and, when due with many others, spread: see the poller's #schedule). */
	phased?: boolean;
}

export interface RunContext {
	api: EcsApi;
	store: EntityStore;
	now: () => number;
	tuning: Tuning;
	/** The cluster entity, described at most once per 10 s (or half a refresh) however many scopes ask. */
	cluster(name: string, priority: Priority, signal: AbortSignal): Promise<Cluster | undefined>;
	prune(): void;
}

const missingOf = (failures: readonly Failure[]) => new Set(failures.filter(f => f.reason === 'MISSING' && f.arn).map(f => f.arn!));

export function isSmall(run: Run, tuning: Tuning, count: number): boolean {
	return run.adapter.fixed === true || count <= run.adapter.chunk * tuning.smallChunks;
}

/** The rows on screen; an events scope has none (its services are all swept for their events). */
export function visibleOf(run: Run, ids: readonly string[], tuning: Tuning): readonly string[] {
	if (run.adapter.feed) return [];
	return run.visible ?? ids.slice(0, tuning.visibleDefault);
}

const idSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** A scope's ID list as a set, built once per list (lists are immutable, replaced on change). */
function idSet(ids: readonly string[]): ReadonlySet<string> {
	let set = idSets.get(ids);
	if (!set) {
		set = new Set(ids);
		idSets.set(ids, set);
	}
	return set;
}

/** Stages described entities; returns the ARNs ECS reported MISSING. */
function apply(ctx: RunContext, run: Run, result: Described<Entity>): Set<string> {
	ctx.store.put(run.adapter.kind, result.items, run.adapter.arnOf);
	return missingOf(result.failures);
}

function setIds(ctx: RunContext, run: Run, next: readonly string[], failures?: readonly Failure[]): void {
	const old = ctx.store.scope(run.key)?.ids ?? [];
	const same = old === next || (old.length === next.length && old.every((v, i) => v === next[i]));
	ctx.store.setScope(run.key, {ids: same ? old : next, failures: failures?.length ? failures : undefined});
	if (!same) {
		const kept = new Set(next);
		if (old.some(id => !kept.has(id))) ctx.prune();
	}
}

/** Lists and describes the whole scope; rows appear chunk by chunk (commitSoon: at most ~10/s). */
export async function coldLoad(ctx: RunContext, run: Run, priority: Priority): Promise<void> {
	const {store} = ctx;
	const {adapter, key, controller} = run;
	const listed: string[] = [];
	const seen = new Set<string>();
	const described = new Set<string>();
	const missing = new Set<string>();
	const failures: Failure[] = [];
	const pipeline = new ChunkPipeline(adapter.chunk, ctx.tuning.concurrency, async ids => {
		const result = await adapter.describe(ids, {priority, signal: controller.signal, scheduled: true});
		if (run.closed) return;
		for (const arn of apply(ctx, run, result)) missing.add(arn);
		for (const item of result.items) described.add(adapter.arnOf(item));
		failures.push(...result.failures);
		const shown = adapter.fixed ? [...described] : listed.filter(id => described.has(id));
		store.setScope(key, {ids: shown, loaded: described.size, total: Math.max(listed.length, described.size)});
		store.commitSoon();
	});
	const take = (arns: readonly string[]) => {
		const fresh = arns.filter(arn => !seen.has(arn));
		for (const arn of fresh) seen.add(arn);
		listed.push(...fresh);
		pipeline.push(fresh);
	};
	store.setScope(key, {loading: true});
	store.commitSoon();
	const all = await adapter.list({priority, signal: controller.signal, scheduled: true, onPage: take});
	take(all); // a list that did not report pages (a fixed scope, a fake API)
	await pipeline.drain();
	run.lastListAt = ctx.now();
	run.fullPassAt = ctx.now();
	if (run.closed) return;
	const ids = adapter.fixed ? [...described] : listed.filter(id => !missing.has(id) && described.has(id));
	setIds(ctx, run, ids, failures);
}

/** Refreshes a followed task stays on screen once STOPPED, so the user sees how it ended. */
export const followKeepRefreshes = 3;

/**
 * One refresh's turn of the followed tasks: a STOPPED one counts one more refresh and is let go
 * after followKeepRefreshes. Returns those still moving, to be described with the scope's rows.
 */
function followTurn(ctx: RunContext, run: Run): string[] {
	const moving: string[] = [];
	for (const [arn, stoppedFor] of run.followed) {
		if (ctx.store.get<Task>('tasks', arn)?.lastStatus !== 'STOPPED') moving.push(arn);
		else if (stoppedFor + 1 > followKeepRefreshes) run.followed.delete(arn);
		else run.followed.set(arn, stoppedFor + 1);
	}
	return moving;
}

/** Publishes the followed ARNs in the scope's state (the pane shows them; pruning keeps them). */
export function publishFollowed(ctx: Pick<RunContext, 'store'>, run: Run): void {
	ctx.store.setScope(run.key, {followed: run.followed.size > 0 ? [...run.followed.keys()] : undefined});
}

/** The cluster's counters: `list` moves when the scope's ARN set may have changed, `all` when anything may have. */
async function readSignals(ctx: RunContext, run: Run, priority: Priority): Promise<void> {
	if (!run.adapter.cluster) return;
	const c = await ctx.cluster(run.adapter.cluster, priority, run.controller.signal);
	if (!c) return;
	const count = {clusters: 0, services: c.activeServicesCount, tasks: c.runningTasksCount + c.pendingTasksCount, instances: c.registeredContainerInstancesCount}[run.adapter.kind];
	const now = {list: String(count), all: [c.activeServicesCount, c.runningTasksCount, c.pendingTasksCount, c.registeredContainerInstancesCount].join('/')};
	if (run.signal && now.list !== run.signal.list) run.listDirty = true;
	if (run.signal && now.all !== run.signal.all) run.dirty = true;
	run.signal = now;
}

/** One refresh cycle of a loaded scope. `forceList`: refreshNow (after a user action, or `r`). */
export async function refresh(ctx: RunContext, run: Run, priority: Priority, forceList: boolean, relistMs: number): Promise<void> {
	const {store, tuning} = ctx;
	const {adapter, key, controller} = run;
	let ids: readonly string[] = store.scope(key)?.ids ?? [];
	const small = isSmall(run, tuning, ids.length);
	if (!small) await readSignals(ctx, run, priority);
	// One list page costs what a signal call costs: small listings are simply re-listed each cycle.
	const relist = !adapter.fixed && (forceList || (small && (ids.length <= listPageSize || ctx.now() - run.lastListAt >= relistMs)));
	const wanted = new Set<string>();
	if (relist) {
		const before = new Set(ids);
		ids = await adapter.list({priority, signal: controller.signal, scheduled: true});
		run.lastListAt = ctx.now();
		run.listDirty = false;
		for (const id of ids) if (!before.has(id) || !store.has(adapter.kind, id)) wanted.add(id);
	}
	// Every cycle of a 10,000-row scope: no copy or set of the whole list unless it was re-listed.
	const listed = relist ? new Set(ids) : idSet(ids);
	for (const id of small ? ids : visibleOf(run, ids, tuning)) if (listed.has(id) || adapter.fixed) wanted.add(id);
	// In the same call as the rows (up to 100 tasks a call): following a stop costs no call of its own.
	const following = run.followed.size;
	for (const id of followTurn(ctx, run)) wanted.add(id);
	const result = wanted.size > 0 ? await adapter.describe([...wanted], {priority, signal: controller.signal, scheduled: true}) : {items: [], failures: []};
	if (run.closed) return;
	const missing = apply(ctx, run, result);
	if (adapter.fixed) ids = result.items.map(adapter.arnOf);
	// A followed task ECS no longer knows (its retention ran out) has nothing more to show.
	const followedGone = result.failures.filter(f => f.arn !== undefined && run.followed.delete(f.arn));
	const failures = followedGone.length > 0 ? result.failures.filter(f => !followedGone.includes(f)) : result.failures;
	publishFollowed(ctx, run);
	setIds(ctx, run, missing.size > 0 ? ids.filter(id => !missing.has(id)) : ids, failures);
	if (run.followed.size < following) ctx.prune();
}

/**
 * A sweep chunk's changes are off screen (a pass takes up to a minute): published at most this
 * often, or with the next refresh (a re-list's new rows go out at once). Each notification
 * repaints the whole frame and re-derives 10,000 rows, and a busy cluster changes something in
 * nearly every chunk.
 */
export const sweepCommitGapMs = 5000;

/**
 * One step of a big scope's background pass. Returns how many calls it made (0: nothing to sweep).
 * `fullPassMs`: how often a changing scope's pass includes its settled rows.
 */
export async function sweepStep(ctx: RunContext, run: Run, relistMs: number, fullPassMs = 0): Promise<number> {
	const {store, tuning} = ctx;
	const {adapter, key, controller} = run;
	let ids = store.scope(key)?.ids ?? [];
	if (isSmall(run, tuning, ids.length)) return 0;
	const options = {priority: 'poll' as const, signal: controller.signal, scheduled: true};
	if (run.pass.length === 0) {
		// A new pass: at the active pace when the cluster moved during the last one.
		run.passActive = run.dirty || run.adapter.feed === true;
		run.dirty = false;
		run.passStartedAt = ctx.now();
		// Settled rows (tasks RUNNING and healthy) ride only every slow pass: at 10,000 tasks a
		// changing cluster otherwise re-describes them all every minute for the few that move.
		const full = !adapter.settled || ctx.now() - run.fullPassAt >= fullPassMs;
		if (full) run.fullPassAt = ctx.now();
		const due = (id: string) => {
			if (full) return true;
			const item = store.get(adapter.kind, id);
			return item === undefined || !adapter.settled!(item, ctx.now());
		};
		const sinceList = ctx.now() - run.lastListAt;
		if ((run.listDirty && sinceList >= Math.ceil(ids.length / listPageSize) * tuning.listPageMs) || sinceList >= relistMs) {
			run.listDirty = false;
			const before = new Set(ids);
			const listed = await adapter.list(options);
			run.lastListAt = ctx.now();
			const fresh = listed.filter(id => !before.has(id) || !store.has(adapter.kind, id));
			const result = fresh.length > 0 ? await adapter.describe(fresh, options) : {items: [], failures: []};
			if (run.closed) return 0;
			const missing = apply(ctx, run, result);
			setIds(ctx, run, listed.filter(id => !missing.has(id) && store.has(adapter.kind, id)));
			store.commitSoon();
			ids = store.scope(key)?.ids ?? [];
			const visible = new Set(visibleOf(run, ids, tuning));
			const done = new Set(fresh);
			run.pass = ids.filter(id => !visible.has(id) && !done.has(id) && due(id));
			const calls = Math.ceil(listed.length / listPageSize) + Math.ceil(fresh.length / adapter.chunk);
			run.passCalls = calls + Math.ceil(run.pass.length / adapter.chunk);
			return calls;
		}
		const visible = new Set(visibleOf(run, ids, tuning));
		run.pass = ids.filter(id => !visible.has(id) && due(id));
		run.passCalls = Math.ceil(run.pass.length / adapter.chunk);
		if (run.pass.length === 0) return 0;
	}
	const batch = run.pass.splice(0, adapter.chunk);
	const result = await adapter.describe(batch, options);
	if (run.closed) return 0;
	const missing = apply(ctx, run, result);
	if (missing.size > 0) setIds(ctx, run, (store.scope(key)?.ids ?? []).filter(id => !missing.has(id)));
	store.commitSoon(sweepCommitGapMs);
	return 1;
}
