// How each scope kind is listed and described: the poller is generic over these adapters.
import type {CallOptions, Described, EcsApi} from '../aws/ecs-api.js';
import type {Category} from '../aws/limiter.js';
import {batchLimit} from '../aws/limits.js';
import {shortId, type Task} from '../domain.js';
import type {Entity, EntityKind} from './entity-store.js';
import type {Scope} from './types.js';

export interface ScopeAdapter {
	/** Where the scope's entities live. */
	kind: Exclude<EntityKind, 'clusters'> | 'clusters';
	/** The Describe call's batch limit. */
	chunk: number;
	/** The throttle category of its List and Describe calls. */
	category: Category;
	/** The cluster whose counters signal changes (none for the cluster list). */
	cluster?: string;
	list(options: CallOptions): Promise<string[]>;
	describe(ids: readonly string[], options: CallOptions): Promise<Described<Entity>>;
	arnOf(item: Entity): string;
	/** A single-service events scope: describe the one service every cycle, no list call. */
	fixed?: boolean;
	/**
	 * An entity unlikely to change unseen: a changing cluster's sweep re-describes these only every
	 * slow pass (its state changes that matter move the cluster's counters or the ARN list).
	 */
	settled?(item: Entity, now: number): boolean;
}

/** A task with health checks reports UNKNOWN until its first result: young UNKNOWN tasks are still moving. */
const healthGraceMs = 5 * 60_000;

/**
 * RUNNING and meant to run, no container still starting, and healthy (or UNKNOWN long enough that
 * it has no health check). Such a task changes next by stopping, which takes it off the RUNNING
 * listing; PENDING, ACTIVATING, STOPPING, unhealthy and stopped tasks are re-described every pass.
 */
export function taskSettled(task: Task, now: number): boolean {
	if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING') return false;
	if (task.healthStatus === 'UNHEALTHY') return false;
	if (task.containers.some(c => c.lastStatus !== undefined && c.lastStatus !== 'RUNNING')) return false;
	if (task.healthStatus === 'HEALTHY') return true;
	const started = task.startedAt === undefined ? NaN : Date.parse(task.startedAt);
	return Number.isFinite(started) && now - started >= healthGraceMs;
}

export function adapterFor(api: EcsApi, scope: Scope): ScopeAdapter {
	switch (scope.kind) {
		case 'clusters':
			return {
				kind: 'clusters',
				chunk: batchLimit.DescribeClusters,
				category: 'clusterRead',
				list: options => api.listClusterArns(options),
				describe: (ids, options) => api.describeClusters(ids, options),
				arnOf: item => (item as {clusterArn: string}).clusterArn,
			};
		case 'services':
			return {
				kind: 'services',
				chunk: batchLimit.DescribeServices,
				category: 'serviceRead',
				cluster: scope.cluster,
				list: options => api.listServiceArns(scope.cluster, options),
				describe: (ids, options) => api.describeServices(scope.cluster, ids, options),
				arnOf: serviceArn,
			};
		case 'events':
			return {
				kind: 'services',
				chunk: batchLimit.DescribeServices,
				category: 'serviceRead',
				cluster: scope.cluster,
				fixed: scope.service !== undefined,
				list: async options => (scope.service === undefined ? api.listServiceArns(scope.cluster, options) : [scope.service]),
				describe: (ids, options) => api.describeServices(scope.cluster, ids, options),
				arnOf: serviceArn,
			};
		case 'instances':
			return {
				kind: 'instances',
				chunk: batchLimit.DescribeContainerInstances,
				category: 'clusterResourceRead',
				cluster: scope.cluster,
				list: options => api.listContainerInstanceArns(scope.cluster, {}, options),
				describe: (ids, options) => api.describeContainerInstances(scope.cluster, ids, options),
				arnOf: item => (item as {containerInstanceArn: string}).containerInstanceArn,
			};
		case 'tasks': {
			const filter = {
				...(scope.service === undefined ? {} : {serviceName: shortId(scope.service)}),
				...(scope.containerInstance === undefined ? {} : {containerInstance: scope.containerInstance}),
			};
			return {
				kind: 'tasks',
				chunk: batchLimit.DescribeTasks,
				category: 'clusterResourceRead',
				cluster: scope.cluster,
				async list(options) {
					// ListTasks shows desiredStatus RUNNING by default; recently stopped tasks need a second listing.
					const running = await api.listTaskArns(scope.cluster, {...filter, desiredStatus: 'RUNNING'}, options);
					if (!scope.stopped) return running;
					const stopped = await api.listTaskArns(scope.cluster, {...filter, desiredStatus: 'STOPPED'}, options);
					return [...new Set([...running, ...stopped])];
				},
				describe: (ids, options) => api.describeTasks(scope.cluster, ids, options),
				arnOf: item => (item as {taskArn: string}).taskArn,
				settled: (item, now) => taskSettled(item as Task, now),
			};
		}
	}
}

function serviceArn(item: Entity): string {
	return (item as {serviceArn: string}).serviceArn;
}
