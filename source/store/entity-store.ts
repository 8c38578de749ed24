// The normalised store: entities by ARN and per-scope state, published as immutable snapshots.
// Writers stage changes into draft maps (cloned on first write); commit() publishes one new snapshot
// and notifies once. Unchanged entities keep their object identity so memoised rows skip renders.
import type {Cluster, ContainerInstance, Service, Task} from '../domain.js';
import {deepEqual} from './equal.js';
import type {ApiStatus, MetricsState, ReadableStore, ScopeState, Snapshot} from './types.js';

/** The entity maps of a snapshot. */
export const entityKinds = ['clusters', 'services', 'tasks', 'instances'] as const;
export type EntityKind = (typeof entityKinds)[number];
export type Entity = Cluster | Service | Task | ContainerInstance;

export interface EntityStoreOptions {
	now?: () => number;
	timers?: {setTimeout(callback: () => void, ms: number): unknown; clearTimeout(handle: unknown): void};
	/** Minimum gap between notifications from commitSoon() (cold loads): 100 ms = at most 10/s. */
	minNotifyGapMs?: number;
}

const empty = <T>() => new Map<string, T>() as ReadonlyMap<string, T>;

export class EntityStore implements ReadableStore {
	#snapshot: Snapshot = {
		version: 0,
		clusters: empty(),
		services: empty(),
		tasks: empty(),
		instances: empty(),
		scopes: empty(),
		api: {state: 'ok'},
		metrics: {enabled: false, readings: empty()},
	};
	#drafts: Partial<Record<EntityKind | 'scopes', Map<string, unknown>>> = {};
	#api?: ApiStatus;
	#metrics?: MetricsState;
	#listeners = new Set<() => void>();
	#lastNotify = -Infinity;
	#pending: unknown;
	readonly #now: () => number;
	readonly #timers: NonNullable<EntityStoreOptions['timers']>;
	readonly #gap: number;

	constructor(options: EntityStoreOptions = {}) {
		this.#now = options.now ?? Date.now;
		this.#timers = options.timers ?? {setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: h => clearTimeout(h as NodeJS.Timeout)};
		this.#gap = options.minNotifyGapMs ?? 100;
	}

	getSnapshot = (): Snapshot => this.#snapshot;

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	#draft<T>(kind: EntityKind | 'scopes'): Map<string, T> {
		let draft = this.#drafts[kind];
		if (!draft) {
			draft = new Map(this.#snapshot[kind] as ReadonlyMap<string, unknown>);
			this.#drafts[kind] = draft;
		}
		return draft as Map<string, T>;
	}

	/** The current value, staged or published. */
	get<T extends Entity>(kind: EntityKind, arn: string): T | undefined {
		return ((this.#drafts[kind] ?? this.#snapshot[kind]) as ReadonlyMap<string, T>).get(arn);
	}

	has(kind: EntityKind, arn: string): boolean {
		return ((this.#drafts[kind] ?? this.#snapshot[kind]) as ReadonlyMap<string, unknown>).has(arn);
	}

	/** Stages entities; those equal to what is stored keep the stored object. Returns how many changed. */
	put<T extends Entity>(kind: EntityKind, items: readonly T[], arnOf: (item: T) => string): number {
		let changed = 0;
		for (const item of items) {
			const arn = arnOf(item);
			const old = this.get<T>(kind, arn);
			if (old !== undefined && deepEqual(old, item)) continue;
			this.#draft<T>(kind).set(arn, item);
			changed++;
		}
		return changed;
	}

	remove(kind: EntityKind, arns: Iterable<string>): void {
		for (const arn of arns) if (this.has(kind, arn)) this.#draft(kind).delete(arn);
	}

	scope(key: string): ScopeState | undefined {
		return ((this.#drafts.scopes ?? this.#snapshot.scopes) as ReadonlyMap<string, ScopeState>).get(key);
	}

	/** Stages a scope's new state (merged into the old one); no-op when nothing differs. */
	setScope(key: string, patch: Partial<ScopeState>): void {
		const old = this.scope(key);
		const next: ScopeState = {key, ids: [], loading: false, stale: false, intervalMs: 0, ...old, ...patch};
		for (const name of Object.keys(next) as Array<keyof ScopeState>) if (next[name] === undefined) delete next[name];
		if (old && deepEqual(old, next)) return;
		this.#draft<ScopeState>('scopes').set(key, next);
	}

	removeScope(key: string): void {
		if (this.scope(key)) this.#draft('scopes').delete(key);
	}

	/** Drops entities no scope lists any more (closed scopes, rows gone from ECS). Clusters stay. */
	prune(kind: Exclude<EntityKind, 'clusters'>, referenced: ReadonlySet<string>): void {
		const current = (this.#drafts[kind] ?? this.#snapshot[kind]) as ReadonlyMap<string, unknown>;
		const gone = [...current.keys()].filter(arn => !referenced.has(arn));
		if (gone.length === 0) return;
		if (gone.length * 2 < current.size) return this.remove(kind, gone);
		// Most go (a closed 10,000-task scope, on a `:services` jump): the new map is made of those that
		// stay, not a copy of them all with most then deleted (that copy, in the key's frame, was a
		// 10,000-entry map and its collection; issue 25).
		const kept = new Map<string, unknown>();
		current.forEach((entity, arn) => void (referenced.has(arn) && kept.set(arn, entity)));
		this.#drafts[kind] = kept;
	}

	setApi(status: ApiStatus): void {
		if (!deepEqual(status, this.#api ?? this.#snapshot.api)) this.#api = status;
	}

	/** Utilization as the metrics poller last read it (a new object each time: the frame redraws). */
	setMetrics(metrics: MetricsState): void {
		this.#metrics = metrics;
	}

	/** The API status changed since the last commit. */
	get apiDirty(): boolean {
		return this.#api !== undefined;
	}

	get dirty(): boolean {
		return Object.keys(this.#drafts).length > 0 || this.#api !== undefined || this.#metrics !== undefined;
	}

	/** Publishes staged changes as one snapshot and notifies once. */
	commit(): void {
		if (this.#pending !== undefined) {
			this.#timers.clearTimeout(this.#pending);
			this.#pending = undefined;
		}
		if (!this.dirty) return;
		const d = this.#drafts;
		const s = this.#snapshot;
		this.#snapshot = {
			version: s.version + 1,
			clusters: (d.clusters as Map<string, Cluster>) ?? s.clusters,
			services: (d.services as Map<string, Service>) ?? s.services,
			tasks: (d.tasks as Map<string, Task>) ?? s.tasks,
			instances: (d.instances as Map<string, ContainerInstance>) ?? s.instances,
			scopes: (d.scopes as Map<string, ScopeState>) ?? s.scopes,
			api: this.#api ?? s.api,
			metrics: this.#metrics ?? s.metrics,
		};
		this.#drafts = {};
		this.#api = undefined;
		this.#metrics = undefined;
		this.#lastNotify = this.#now();
		for (const listener of [...this.#listeners]) listener();
	}

	/**
	 * Commits now or within the notification gap: rows appear as chunks land, at most ~10 times a
	 * second. A larger `gapMs` batches background changes (any commit() publishes them sooner).
	 */
	commitSoon(gapMs = this.#gap): void {
		if (this.#pending !== undefined) return;
		const wait = this.#lastNotify + gapMs - this.#now();
		if (wait <= 0) {
			this.commit();
			return;
		}
		this.#pending = this.#timers.setTimeout(() => {
			this.#pending = undefined;
			this.commit();
		}, wait);
		// A publish nobody will see must not hold the process: before, `q` (or
		// --exit-after-first-render) with a background sweep's batched commit pending, up to 5 s
		// away, left the shell waiting that long after the screen was restored.
		(this.#pending as {unref?: () => void}).unref?.();
	}
}
