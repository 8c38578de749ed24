// Pieces of the poller that need no timers: each scope's demand on the budget, entity pruning,
// the snapshot's API status, and the cluster-counter cache shared by every scope of a cluster.
import type {EcsApi, Priority} from '../../aws/ecs-api.js';
import type {ErrorInfo} from '../../aws/errors.js';
import {listPageSize} from '../../aws/limits.js';
import type {Cluster} from '../../domain.js';
import type {Demand} from './budget.js';
import type {EntityStore} from '../entity-store.js';
import {isSmall, type Run, type Tuning, visibleOf} from './scope-run.js';
import type {ApiStatus} from '../types.js';

/** What one scope asks of its category's budget: calls per refresh cycle and per background pass. */
export function demandOf(run: Run, ids: readonly string[], focused: boolean, tuning: Tuning): Demand {
	const chunks = (n: number) => Math.ceil(n / run.adapter.chunk);
	// Followed tasks ride in the cycle's describe: they count only when they make it a call longer.
	const followed = run.followed.size;
	const pages = Math.ceil(ids.length / listPageSize);
	const small = isSmall(run, tuning, ids.length);
	const onScreen = Math.min(visibleOf(run, ids, tuning).length, ids.length);
	const lists = run.adapter.listCalls ?? 1;
	return {
		key: run.key,
		category: run.adapter.category,
		focused,
		// A small scope is described whole and re-listed (each cycle when one page, else every 5th).
		cycleCalls: small ? chunks(ids.length + followed) + (run.adapter.fixed ? 0 : ids.length <= listPageSize ? lists : pages / 5) : chunks(onScreen + followed),
		// A big one re-describes its off-screen rows per pass; a task list moves so often it is re-listed each pass.
		// (Once a pass has begun, its own size: a changing cluster's pass skips settled tasks.)
		passCalls: small ? 0 : (run.passCalls ?? chunks(ids.length - onScreen) + (run.adapter.kind === 'tasks' ? pages * lists : 0)),
		// Off screen (a view further back), a scope sweeps at the quiet pace: it speeds up again the
		// moment it is focused, and its visible rows are re-read on the way back.
		active: focused && (run.passActive || run.dirty || run.adapter.feed === true),
	};
}

/** Drops entities no open scope lists any more. Clusters stay (few, and the header uses them). */
export function pruneStore(store: EntityStore, runs: Iterable<Run>): void {
	const referenced = {services: new Set<string>(), tasks: new Set<string>(), instances: new Set<string>()};
	for (const run of runs) {
		const kind = run.adapter.kind;
		if (kind === 'clusters') continue;
		const state = store.scope(run.key);
		for (const id of state?.ids ?? []) referenced[kind].add(id);
		for (const id of state?.followed ?? []) referenced[kind].add(id);
	}
	store.prune('services', referenced.services);
	store.prune('tasks', referenced.tasks);
	store.prune('instances', referenced.instances);
}

/** The longest wait between two polls of a failing scope (unless its own interval is longer). */
export const faultBackoffCapMs = 32_000;

/**
 * When to poll again after `failures` polls in a row failed on a server fault or a network error:
 * exponential with full jitter (a random point below a ceiling that doubles each time, from twice
 * the interval up to 32 s), and never sooner than the scope's own interval: each failed poll makes
 * at most the calls of a normal one, so an outage never costs more calls than normal polling.
 */
export function faultBackoffMs(intervalMs: number, failures: number, random: () => number): number {
	const ceiling = Math.min(Math.max(faultBackoffCapMs, intervalMs), intervalMs * 2 ** failures);
	return Math.max(intervalMs, random() * ceiling);
}

/** A call with no answer for this long shows as "waiting for ECS". */
export const waitingAfterMs = 5000;

/** What the limiter reports: its throttle state and the oldest call still on the wire. */
export type LimiterState = ApiStatus & {outstandingSince?: number};

/**
 * The latest truth first: a call unanswered for 5 s (whatever came before); then throttling (the
 * limiter drops a category's throttle mark once a fault follows it); then errors that concern the
 * whole API (network, server, credentials), not one scope.
 */
export function apiStatus(limiter: LimiterState | undefined, lastError: ErrorInfo | undefined, now: number): ApiStatus {
	const since = limiter?.outstandingSince;
	if (since !== undefined && now - since >= waitingAfterMs) return {state: 'waiting', waitingSince: since};
	if (limiter && limiter.state !== 'ok') {
		const {outstandingSince: _, ...status} = limiter;
		return status;
	}
	if (lastError && /Network|Server|Credentials|AccessDenied|Expired|NoRegion|Sso/.test(lastError.name)) return {state: 'error', message: lastError.message};
	return {state: 'ok'};
}

/**
 * The cluster a failed call proves gone, if it does: every call on a deleted cluster's services,
 * tasks and instances answers ClusterNotFoundException (DescribeClusters alone still shows it, INACTIVE).
 */
export function goneCluster(error: unknown, cluster: string | undefined): string | undefined {
	if (cluster === undefined) return undefined;
	const name = (error as {name?: string} | undefined)?.name;
	return name === 'ClusterNotFoundException' ? cluster : undefined;
}

/** DescribeClusters for the change signal, at most once per `maxAgeMs` per cluster however many scopes ask. */
export class ClusterCache {
	#entries = new Map<string, {at: number; value: Promise<Cluster | undefined>}>();

	constructor(
		private readonly api: EcsApi,
		private readonly store: EntityStore,
		private readonly now: () => number,
		private readonly maxAgeMs: number,
	) {}

	get(name: string, priority: Priority, signal: AbortSignal): Promise<Cluster | undefined> {
		const cached = this.#entries.get(name);
		const now = this.now();
		if (cached && now - cached.at < this.maxAgeMs) return cached.value;
		// aws ecs describe-clusters --clusters NAME --include STATISTICS
		const value = this.api.describeClusters([name], {priority, signal, scheduled: true}).then(result => {
			const cluster = result.items[0];
			if (cluster) this.store.put('clusters', [cluster], c => c.clusterArn);
			return cluster;
		});
		this.#entries.set(name, {at: now, value});
		value.catch(() => this.#entries.delete(name));
		return value;
	}
}
