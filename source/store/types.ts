// The contract between the data layer and the UI. The store holds normalised entities by ARN and
// per-scope state; the UI reads immutable snapshots through useSyncExternalStore and asks the
// poller which scopes are on screen. Extend these types; do not change what exists without
// updating every user.
import type {ErrorInfo} from '../aws/errors.js';
import type {Cluster, ContainerInstance, Failure, Service, Task, Utilization} from '../domain.js';

/** What a pane shows. A scope is polled while it is open; the focused one most often. */
export type Scope =
	| {kind: 'clusters'}
	| {kind: 'services'; cluster: string}
	| {kind: 'tasks'; cluster: string; service?: string; containerInstance?: string; stopped?: boolean}
	| {kind: 'instances'; cluster: string}
	| {kind: 'events'; cluster: string; service?: string};

/** A stable string for a scope (used as a map key). */
export function scopeKey(scope: Scope): string {
	switch (scope.kind) {
		case 'clusters':
			return 'clusters';
		case 'services':
		case 'instances':
			return `${scope.kind}|${scope.cluster}`;
		case 'tasks':
			return `tasks|${scope.cluster}|${scope.service ?? ''}|${scope.containerInstance ?? ''}|${scope.stopped ? 'stopped' : ''}`;
		case 'events':
			return `events|${scope.cluster}|${scope.service ?? ''}`;
	}
}

// Defined in aws/errors.ts (describeError builds it there; aws/ may not import store/).
export type {ErrorInfo} from '../aws/errors.js';

export interface ScopeState {
	key: string;
	/** ARNs of the scope's rows, in the order ECS listed them. Entities live in the snapshot maps. */
	ids: readonly string[];
	/** Epoch ms of the last successful refresh. */
	updatedAt?: number;
	loading: boolean;
	/** The last refresh failed: the rows are the last good data. */
	stale: boolean;
	/** Epoch ms since which the data has been stale. */
	staleSince?: number;
	error?: ErrorInfo;
	/** During a big first load: how many rows are described so far, of how many listed. */
	loaded?: number;
	total?: number;
	/**
	 * The planned refresh interval (ms): `--refresh` for the focused scope (5× for others), longer only
	 * when the shared API budget cannot pay for it. A poll held back by a dialog or a pause is not a
	 * slower interval: the header would read it as a slow API.
	 */
	intervalMs: number;
	/** The budget stretched intervalMs beyond the refresh asked for (the header marks it). */
	budgetStretched?: boolean;
	/** Per-item failures of the last describe (e.g. MISSING), from ECS's `failures[]`. */
	failures?: readonly Failure[];
	/**
	 * The scope's cluster was deleted (or never existed): ECS answered ClusterNotFoundException, or
	 * DescribeClusters says INACTIVE. Its name; the scope is no longer polled (refreshNow tries again).
	 */
	gone?: string;
	/**
	 * Tasks the user stopped from this scope's pane (ARNs): ECS no longer lists them as RUNNING,
	 * so the scope keeps describing them with its own refreshes until STOPPED and a few refreshes
	 * after (see PollControl.followUntilStopped). Kept in the store while here; the pane shows them.
	 */
	followed?: readonly string[];
}

export interface ApiStatus {
	/** `waiting`: a call has had no answer for a while (a black-holed network, a stopped endpoint). */
	state: 'ok' | 'throttled' | 'error' | 'waiting';
	/** When throttled: epoch ms until which calls back off. */
	backoffUntil?: number;
	/** When waiting: epoch ms the oldest unanswered call was sent. */
	waitingSince?: number;
	message?: string;
}

/** One target's utilization as last read (store/metrics/poller.ts). */
export interface UtilizationEntry {
	utilization: Utilization;
	/** Memory at or above 95 % in each of the last 5 complete minutes CloudWatch has. */
	memorySustained: boolean;
	/** Epoch ms it was read. */
	readAt: number;
	/** What CloudWatch (or ecs-top) said instead of data for this target. */
	note?: string;
}

/** CPU and memory utilization of what is on screen (CloudWatch, once a minute). */
export interface MetricsState {
	/** False with --no-metrics (or where no CloudWatch client exists): no call is made. */
	enabled: boolean;
	/** By MetricsTarget key (aws/metrics-api.ts targetKey: `service:CLUSTER/NAME`…). */
	readings: ReadonlyMap<string, UtilizationEntry>;
	/** Epoch ms of the last successful read. */
	updatedAt?: number;
	/** The last read failed: the readings are the last good ones. */
	error?: ErrorInfo;
}

export interface Snapshot {
	/** Bumped on every notification. */
	version: number;
	clusters: ReadonlyMap<string, Cluster>;
	services: ReadonlyMap<string, Service>;
	tasks: ReadonlyMap<string, Task>;
	instances: ReadonlyMap<string, ContainerInstance>;
	scopes: ReadonlyMap<string, ScopeState>;
	api: ApiStatus;
	metrics: MetricsState;
}

export interface ReadableStore {
	getSnapshot(): Snapshot;
	subscribe(listener: () => void): () => void;
}

/** What the UI asks of the poller. */
export interface PollControl {
	/** Start polling a scope (idempotent); returns a function that closes it. */
	open(scope: Scope): () => void;
	/** The scope on screen: polled every `--refresh` seconds when the budget allows. */
	focus(scope: Scope): void;
	refreshNow(scope: Scope): Promise<void>;
	pause(): void;
	resume(): void;
	/** Resolves when no fetch is in flight (tests). */
	settled(): Promise<void>;
	/**
	 * The rows of a scope now on screen (ARNs). They are re-described every refresh; the rest of a
	 * big scope is reconciled in the background. Without it the first screenful (50 rows) counts as visible.
	 */
	setVisible?(scope: Scope, ids: readonly string[]): void;
	/**
	 * Tasks just stopped from a tasks scope's pane (StopTask's answers): the scope re-describes them
	 * in its own refresh cycles (the same DescribeTasks, counted in the budget) until they are
	 * STOPPED, keeps them a few refreshes after, and lists them in its state's `followed`. Ends
	 * with the scope.
	 */
	followUntilStopped?(scope: Scope, tasks: readonly Task[]): void;
	stop(): void;
}
