// A service's deployments as the deployments pane and `get deployments` show them: listed with
// ListServiceDeployments, described with DescribeServiceDeployments (20 a call), newest first, each
// service revision resolved to the task definition it runs (DescribeServiceRevisions, once per
// revision a session: revisions never change), so no one reads a revision id. Not polled like the
// store's scopes: the pane's feed reads again when the service's own poll (the focused scope, at
// the focused cadence) lands while a deployment is under way, or when the service shows a new
// deployment; in a steady service it costs nothing. An endpoint without the calls (moto answers
// them with an HTML 500) is said so once, and not asked again until `r`.
import type {CallOptions, EcsApi} from '../aws/ecs-api.js';
import {describeError, notImplemented} from '../aws/errors.js';
import type {Service, ServiceDeployment, ServiceRevisionSummary} from '../domain.js';
import {scopeKey, type ReadableStore, type Scope} from './types.js';

/** Statuses of a deployment that has not finished (its numbers still move). */
export const unfinished: ReadonlySet<string> = new Set(['PENDING', 'IN_PROGRESS', 'STOP_REQUESTED', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS']);

/** The pane describes the newest this many (one DescribeServiceDeployments call). */
export const paneDepth = 20;

/** A call the endpoint does not implement, named. */
export class NotSupportedError extends Error {
	override name = 'NotSupported';
	constructor(operation: string, cause: unknown) {
		const status = (cause as {$metadata?: {httpStatusCode?: number}})?.$metadata?.httpStatusCode;
		const how = status === 500 ? 'HTTP 500, an HTML page' : describeError(cause).name;
		super(`${operation} is not supported by this endpoint (${how})`);
	}
}

const revisionCaches = new WeakMap<EcsApi, Map<string, string>>();

/** Service revision ARN → task definition ARN, for this client's session. */
function revisionCache(api: EcsApi): Map<string, string> {
	let cache = revisionCaches.get(api);
	if (!cache) revisionCaches.set(api, (cache = new Map()));
	return cache;
}

function stamp(d: {startedAt?: string; createdAt?: string}): number {
	const ms = Date.parse(d.createdAt ?? d.startedAt ?? '');
	return Number.isFinite(ms) ? ms : 0;
}

/** Runs a call; an endpoint that does not implement it is said so by name (NotSupportedError). */
export async function named<T>(operation: string, call: () => Promise<T>): Promise<T> {
	try {
		return await call();
	} catch (error) {
		throw notImplemented(error) ? new NotSupportedError(operation, error) : error;
	}
}

export interface DeploymentsRead {
	/** Newest first, revisions resolved where DescribeServiceRevisions answered. */
	items: ServiceDeployment[];
	/** How many ListServiceDeployments listed (more than items when cut at `limit`). */
	listed: number;
	/** DescribeServiceRevisions failed: revisions show as ids (why). */
	revisionsError?: string;
}

/**
 * The service's deployments, newest first: every one listed, the newest `limit` described (a
 * deployment the describe did not return keeps its list entry), revisions resolved.
 */
export async function readDeployments(api: EcsApi, cluster: string, service: string, options: CallOptions & {limit?: number} = {}): Promise<DeploymentsRead> {
	const {limit, ...call} = options;
	// aws ecs list-service-deployments --cluster C --service S (every page)
	const briefs = await named('ListServiceDeployments', () => api.listServiceDeployments(cluster, service, call));
	const newest = [...briefs].sort((a, b) => stamp(b) - stamp(a)).slice(0, limit ?? briefs.length);
	if (newest.length === 0) return {items: [], listed: briefs.length};
	// aws ecs describe-service-deployments --service-deployment-arns A1 … A20 (20 a call)
	const described = await named('DescribeServiceDeployments', () => api.describeServiceDeployments(newest.map(b => b.serviceDeploymentArn), call));
	const byArn = new Map(described.items.map(d => [d.serviceDeploymentArn, d]));
	const items: ServiceDeployment[] = newest.map(b => ({...b, ...byArn.get(b.serviceDeploymentArn)}));
	const revisionsError = await resolveRevisions(api, items, call);
	const cache = revisionCache(api);
	const resolve = (r: ServiceRevisionSummary): ServiceRevisionSummary => {
		const taskDefinition = cache.get(r.arn);
		return taskDefinition ? {...r, taskDefinition} : r;
	};
	return {
		items: items.map(d => ({
			...d,
			targetServiceRevision: d.targetServiceRevision ? resolve(d.targetServiceRevision) : d.targetServiceRevisionArn ? resolve({arn: d.targetServiceRevisionArn}) : undefined,
			sourceServiceRevisions: d.sourceServiceRevisions?.map(resolve),
		})),
		listed: briefs.length,
		revisionsError,
	};
}

/** Reads the revisions not yet known; returns why it could not. */
async function resolveRevisions(api: EcsApi, items: readonly ServiceDeployment[], call: CallOptions): Promise<string | undefined> {
	const cache = revisionCache(api);
	const wanted = new Set(items.flatMap(d => [d.targetServiceRevision?.arn ?? d.targetServiceRevisionArn, d.rollback?.serviceRevisionArn, ...(d.sourceServiceRevisions ?? []).map(r => r.arn)]));
	const unknown = [...wanted].filter((arn): arn is string => Boolean(arn) && !cache.has(arn!));
	if (unknown.length === 0) return undefined;
	try {
		// aws ecs describe-service-revisions --service-revision-arns A1 … A20 (20 a call)
		const {items: revisions} = await named('DescribeServiceRevisions', () => api.describeServiceRevisions(unknown, call));
		for (const r of revisions) if (r.taskDefinition) cache.set(r.serviceRevisionArn, r.taskDefinition);
		return undefined;
	} catch (error) {
		return error instanceof NotSupportedError ? error.message : describeError(error).message;
	}
}

/** The task definition ARN a resolved revision runs, if known. */
export function revisionTaskDefinition(api: EcsApi, arn: string | undefined): string | undefined {
	return arn ? revisionCache(api).get(arn) : undefined;
}

export interface DeploymentsState {
	state: 'loading' | 'ok' | 'error';
	read?: DeploymentsRead;
	error?: string;
	/** The endpoint does not implement the deployment calls: no automatic re-read. */
	unsupported?: boolean;
	/** Epoch ms of the last answer. */
	at?: number;
}

export interface DeploymentsFeedOptions {
	api: EcsApi;
	store: ReadableStore;
	cluster: string;
	service: string;
	/** The scope that keeps the service fresh (its refreshes pace the re-reads). */
	scope: Scope;
	now: () => number;
	/** Called after every change of state (the pane redraws). */
	changed: () => void;
}

/** Deployments the service shows now (DescribeServices): when they change, a new deployment started or one ended. */
function deploymentIds(service: Service | undefined): string {
	return (service?.deployments ?? []).map(d => `${d.id}:${d.rolloutState ?? ''}`).join(',');
}

export class DeploymentsFeed {
	#state: DeploymentsState = {state: 'loading'};
	readonly #o: DeploymentsFeedOptions;
	#reading = false;
	#again = false;
	#seenUpdate: number | undefined;
	#seenDeployments: string | undefined;
	#unsubscribe: (() => void) | undefined;
	#disposed = false;
	#arn: string | undefined;

	constructor(options: DeploymentsFeedOptions) {
		this.#o = options;
	}

	get state(): DeploymentsState {
		return this.#state;
	}

	/** The service as the store last described it (found by name once, then by its ARN). */
	service(): Service | undefined {
		const {store, cluster, service} = this.#o;
		const services = store.getSnapshot().services;
		const known = this.#arn === undefined ? undefined : services.get(this.#arn);
		if (known) return known;
		const found = findService(services, cluster, service);
		this.#arn = found?.serviceArn;
		return found;
	}

	/** First read, then follow the service's refreshes. Idempotent. */
	start(): void {
		if (this.#unsubscribe || this.#disposed) return;
		this.#unsubscribe = this.#o.store.subscribe(() => this.#onStore());
		void this.refresh();
	}

	/** Reads again now (`r`, after an action); a read in flight is followed by one more. */
	async refresh(): Promise<void> {
		if (this.#disposed) return;
		if (this.#reading) {
			this.#again = true;
			return;
		}
		this.#reading = true;
		this.#seenDeployments = deploymentIds(this.service());
		if (this.#state.state !== 'loading') this.#set({...this.#state, state: 'loading'});
		const {api, cluster, service, now} = this.#o;
		try {
			const read = await readDeployments(api, cluster, service, {priority: 'interactive', limit: paneDepth});
			this.#set({state: 'ok', read, at: now()});
		} catch (error) {
			const unsupported = error instanceof NotSupportedError;
			this.#set({state: 'error', read: this.#state.read, error: unsupported ? error.message : describeError(error).message, unsupported, at: now()});
		} finally {
			this.#reading = false;
		}
		if (this.#again) {
			this.#again = false;
			await this.refresh();
		}
	}

	dispose(): void {
		this.#disposed = true;
		this.#unsubscribe?.();
	}

	/** A refresh of the service landed: read again while something moves, or when the service shows a change. */
	#onStore(): void {
		if (this.#reading || this.#state.unsupported) return;
		const scope = this.#o.store.getSnapshot().scopes.get(scopeKey(this.#o.scope));
		const updated = scope?.updatedAt;
		if (updated === undefined || updated === this.#seenUpdate) return;
		this.#seenUpdate = updated;
		const moving = this.#state.read?.items.some(d => unfinished.has(d.status ?? '')) ?? false;
		if (moving || deploymentIds(this.service()) !== this.#seenDeployments) void this.refresh();
	}

	#set(state: DeploymentsState): void {
		if (this.#disposed) return;
		this.#state = state;
		this.#o.changed();
	}
}

/** A service of a cluster by name (or ARN) among the store's services. */
export function findService(services: ReadonlyMap<string, Service>, cluster: string, service: string): Service | undefined {
	const name = service.includes('/') ? service.slice(service.lastIndexOf('/') + 1) : service;
	const clusterName = cluster.includes('/') ? cluster.slice(cluster.lastIndexOf('/') + 1) : cluster;
	for (const s of services.values()) {
		if (s.serviceName === name && s.clusterArn.slice(s.clusterArn.lastIndexOf('/') + 1) === clusterName) return s;
	}
	return undefined;
}
