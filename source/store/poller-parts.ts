// Pieces of the poller that need no timers: each scope's demand on the budget, entity pruning,
// the snapshot's API status, and the cluster-counter cache shared by every scope of a cluster.
import type {EcsApi, Priority} from '../aws/ecs-api.js';
import type {ErrorInfo} from '../aws/errors.js';
import type {Cluster} from '../domain.js';
import type {Demand} from './budget.js';
import type {EntityStore} from './entity-store.js';
import {isSmall, type Run, type Tuning, visibleOf} from './scope-run.js';
import type {ApiStatus} from './types.js';

/** What one scope asks of its category's budget: calls per refresh cycle and per background pass. */
export function demandOf(run: Run, ids: readonly string[], focused: boolean, tuning: Tuning): Demand {
	const chunks = (n: number) => Math.ceil(n / run.adapter.chunk);
	const pages = Math.ceil(ids.length / 100);
	const small = isSmall(run, tuning, ids.length);
	const onScreen = Math.min(visibleOf(run, ids, tuning).length, ids.length);
	const lists = run.scope.kind === 'tasks' && run.scope.stopped ? 2 : 1;
	return {
		key: run.key,
		category: run.adapter.category,
		focused,
		// A small scope is described whole and re-listed (each cycle when one page, else every 5th).
		cycleCalls: small ? chunks(ids.length) + (run.adapter.fixed ? 0 : ids.length <= 100 ? lists : pages / 5) : chunks(onScreen),
		// A big one re-describes its off-screen rows per pass; a task list moves so often it is re-listed each pass.
		// (Once a pass has begun, its own size: a changing cluster's pass skips settled tasks.)
		passCalls: small ? 0 : (run.passCalls ?? chunks(ids.length - onScreen) + (run.adapter.kind === 'tasks' ? pages * lists : 0)),
		// Off screen (a view further back), a scope sweeps at the quiet pace: it speeds up again the
		// moment it is focused, and its visible rows are re-read on the way back.
		active: focused && (run.passActive || run.dirty || run.scope.kind === 'events'),
	};
}

/** Drops entities no open scope lists any more. Clusters stay (few, and the header uses them). */
export function pruneStore(store: EntityStore, runs: Iterable<Run>): void {
	const referenced = {services: new Set<string>(), tasks: new Set<string>(), instances: new Set<string>()};
	for (const run of runs) {
		const kind = run.adapter.kind;
		if (kind === 'clusters') continue;
		for (const id of store.scope(run.key)?.ids ?? []) referenced[kind].add(id);
	}
	store.prune('services', referenced.services);
	store.prune('tasks', referenced.tasks);
	store.prune('instances', referenced.instances);
}

/** Throttling first; then errors that concern the whole API (network, credentials), not one scope. */
export function apiStatus(limiter: ApiStatus | undefined, lastError: ErrorInfo | undefined): ApiStatus {
	if (limiter && limiter.state !== 'ok') return limiter;
	if (lastError && /Network|Server|Credentials|AccessDenied|Expired|NoRegion|Sso/.test(lastError.name)) return {state: 'error', message: lastError.message};
	return {state: 'ok'};
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
		const value = this.api.describeClusters([name], {priority, signal}).then(result => {
			const cluster = result.items[0];
			if (cluster) this.store.put('clusters', [cluster], c => c.clusterArn);
			return cluster;
		});
		this.#entries.set(name, {at: now, value});
		value.catch(() => this.#entries.delete(name));
		return value;
	}
}
