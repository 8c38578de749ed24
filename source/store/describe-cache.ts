// What the describe views read on demand, beyond the polled store: task definitions (immutable
// once registered, so cached forever by ARN) and a service's deployment history (read when its
// describe view opens and on `r`). Reads use the 'interactive' share of the rate budget: the user
// is waiting for them. One cache per EcsApi, so every view of a session shares it.
import type {EcsApi} from '../aws/ecs-api.js';
import {describeError} from '../aws/errors.js';
import type {ServiceDeployment, ServiceRevisionSummary, TaskDefinition} from '../domain.js';
// An endpoint without the calls (moto) is named as such in the history, not as a server fault.
import {named} from './deployments.js';

export interface Loadable<T> {
	state: 'loading' | 'ok' | 'error';
	value?: T;
	error?: string;
	/** Epoch ms of the last answer. */
	at?: number;
}

/** Deployments shown in a describe view: the newest this many are described. */
export const historyDepth = 10;

export class DescribeCache {
	readonly #api: EcsApi;
	readonly #now: () => number;
	readonly #taskDefinitions = new Map<string, Loadable<TaskDefinition>>();
	readonly #histories = new Map<string, Loadable<ServiceDeployment[]>>();
	/** Service revision ARN → its task definition ARN. */
	readonly #revisions = new Map<string, string>();
	readonly #listeners = new Set<() => void>();
	#version = 0;

	constructor(api: EcsApi, now: () => number = Date.now) {
		this.#api = api;
		this.#now = now;
	}

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	/** Bumped on every change (React reads it through useSyncExternalStore). */
	getVersion = (): number => this.#version;

	taskDefinition(arn: string): Loadable<TaskDefinition> | undefined {
		return this.#taskDefinitions.get(arn);
	}

	/** Starts reading a task definition unless it is known or on its way (a failed read is retried). */
	loadTaskDefinition(arn: string): Promise<void> {
		const known = this.#taskDefinitions.get(arn);
		if (known && known.state !== 'error') return Promise.resolve();
		this.#set(this.#taskDefinitions, arn, {state: 'loading'});
		// aws ecs describe-task-definition --task-definition ARN
		return this.#api.describeTaskDefinition(arn, {priority: 'interactive'}).then(
			value => this.#set(this.#taskDefinitions, arn, {state: 'ok', value, at: this.#now()}),
			error => this.#set(this.#taskDefinitions, arn, {state: 'error', error: describeError(error).message, at: this.#now()}),
		);
	}

	history(cluster: string, service: string): Loadable<ServiceDeployment[]> | undefined {
		return this.#histories.get(historyKey(cluster, service));
	}

	/** Reads the service's deployments again (on open and on `r`); the last answer stays shown meanwhile. */
	loadHistory(cluster: string, service: string): Promise<void> {
		const key = historyKey(cluster, service);
		const known = this.#histories.get(key);
		if (known?.state === 'loading') return Promise.resolve();
		this.#set(this.#histories, key, {...known, state: 'loading'});
		return this.#readHistory(cluster, service).then(
			value => this.#set(this.#histories, key, {state: 'ok', value, at: this.#now()}),
			error => this.#set(this.#histories, key, {value: known?.value, state: 'error', error: describeError(error).message, at: this.#now()}),
		);
	}

	async #readHistory(cluster: string, service: string): Promise<ServiceDeployment[]> {
		// aws ecs list-service-deployments --cluster C --service S
		const briefs = await named('ListServiceDeployments', () => this.#api.listServiceDeployments(cluster, service, {priority: 'interactive'}));
		const newest = [...briefs].sort((a, b) => stamp(b) - stamp(a)).slice(0, historyDepth);
		if (newest.length === 0) return [];
		// aws ecs describe-service-deployments --service-deployment-arns A1 … A10
		const described = await named('DescribeServiceDeployments', () => this.#api.describeServiceDeployments(newest.map(b => b.serviceDeploymentArn), {priority: 'interactive'}));
		const byArn = new Map(described.items.map(d => [d.serviceDeploymentArn, d]));
		// A deployment the describe did not return still has its list entry to show.
		const deployments = newest.map(b => ({...b, ...byArn.get(b.serviceDeploymentArn)}));
		await this.#resolveRevisions(deployments);
		return deployments.map(d => ({
			...d,
			targetServiceRevision: d.targetServiceRevision && this.#withTaskDefinition(d.targetServiceRevision),
			sourceServiceRevisions: d.sourceServiceRevisions?.map(r => this.#withTaskDefinition(r)),
		}));
	}

	/**
	 * Which task definition each revision runs, so the history says `web:7`, not a revision id.
	 * Revisions never change: each is described once per session. A failed read leaves the ids shown.
	 */
	async #resolveRevisions(deployments: readonly ServiceDeployment[]): Promise<void> {
		const wanted = new Set(deployments.flatMap(d => [d.targetServiceRevision?.arn ?? d.targetServiceRevisionArn, ...(d.sourceServiceRevisions ?? []).map(r => r.arn)]));
		const unknown = [...wanted].filter((arn): arn is string => arn !== undefined && !this.#revisions.has(arn));
		if (unknown.length === 0) return;
		try {
			// aws ecs describe-service-revisions --service-revision-arns A1 … A20 (20 a call)
			const {items} = await this.#api.describeServiceRevisions(unknown, {priority: 'interactive'});
			for (const r of items) if (r.taskDefinition) this.#revisions.set(r.serviceRevisionArn, r.taskDefinition);
		} catch {
			// An endpoint without the call (moto) or a denied one: the history shows revision ids.
		}
	}

	#withTaskDefinition(r: ServiceRevisionSummary): ServiceRevisionSummary {
		const taskDefinition = this.#revisions.get(r.arn);
		return taskDefinition ? {...r, taskDefinition} : r;
	}

	/** The task definition of a service revision, once resolved. */
	revisionTaskDefinition(arn: string): string | undefined {
		return this.#revisions.get(arn);
	}

	#set<T>(map: Map<string, Loadable<T>>, key: string, value: Loadable<T>): void {
		map.set(key, value);
		this.#version++;
		for (const listener of this.#listeners) listener();
	}
}

function historyKey(cluster: string, service: string): string {
	return `${cluster}|${service}`;
}

function stamp(d: {startedAt?: string; createdAt?: string}): number {
	const ms = Date.parse(d.startedAt ?? d.createdAt ?? '');
	return Number.isFinite(ms) ? ms : 0;
}

const caches = new WeakMap<EcsApi, DescribeCache>();

/** The session's cache for this client. */
export function describeCacheFor(api: EcsApi, now?: () => number): DescribeCache {
	let cache = caches.get(api);
	if (!cache) caches.set(api, (cache = new DescribeCache(api, now)));
	return cache;
}
