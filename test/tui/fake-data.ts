// A small in-memory store and poller with the contract of source/store/types.ts, for unit tests
// of the shell (windowing, keys, overlays). Scenario tests use the real data layer and simulator.
import type {Cluster, ContainerInstance, Service, Task} from '../../source/domain.js';
import {scopeKey, type PollControl, type ReadableStore, type Scope, type ScopeState, type Snapshot} from '../../source/store/types.js';

const account = '123456789012';
const region = 'eu-west-1';
export const arn = (type: string, path: string) => `arn:aws:ecs:${region}:${account}:${type}/${path}`;

export function makeCluster(name: string, extra: Partial<Cluster> = {}): Cluster {
	return {
		clusterArn: arn('cluster', name),
		clusterName: name,
		status: 'ACTIVE',
		runningTasksCount: 3,
		pendingTasksCount: 0,
		activeServicesCount: 2,
		registeredContainerInstancesCount: 0,
		capacityProviders: [],
		...extra,
	};
}

export function makeService(cluster: string, name: string, extra: Partial<Service> = {}): Service {
	return {
		serviceArn: arn('service', `${cluster}/${name}`),
		serviceName: name,
		clusterArn: arn('cluster', cluster),
		status: 'ACTIVE',
		desiredCount: 2,
		runningCount: 2,
		pendingCount: 0,
		taskDefinition: `arn:aws:ecs:${region}:${account}:task-definition/${name}:3`,
		deployments: [],
		events: [],
		loadBalancers: [],
		placementStrategy: [],
		placementConstraints: [],
		...extra,
	};
}

export function makeTask(cluster: string, id: string, extra: Partial<Task> = {}): Task {
	return {
		taskArn: arn('task', `${cluster}/${id}`),
		clusterArn: arn('cluster', cluster),
		taskDefinitionArn: `arn:aws:ecs:${region}:${account}:task-definition/web:3`,
		lastStatus: 'RUNNING',
		desiredStatus: 'RUNNING',
		group: 'service:web',
		containers: [{name: 'app', image: 'nginx:1', lastStatus: 'RUNNING'}],
		attachments: [],
		...extra,
	};
}

export function makeInstance(cluster: string, id: string, extra: Partial<ContainerInstance> = {}): ContainerInstance {
	return {
		containerInstanceArn: arn('container-instance', `${cluster}/${id}`),
		ec2InstanceId: `i-${id}`,
		status: 'ACTIVE',
		agentConnected: true,
		runningTasksCount: 1,
		pendingTasksCount: 0,
		registeredResources: [],
		remainingResources: [],
		...extra,
	};
}

type Entity = Cluster | Service | Task | ContainerInstance;

export interface FakeData {
	store: ReadableStore;
	poller: PollControl & {opened: string[]; focused: string[]; refreshed: string[]; paused: number};
	/** Sets a scope's rows (entities are stored by ARN) and state. */
	setScope(scope: Scope, rows: Entity[], state?: Partial<ScopeState>): void;
	setApi(api: Snapshot['api']): void;
	setMetrics(metrics: Snapshot['metrics']): void;
	/** A refresh that found nothing new: only the scope's updatedAt moves. */
	touch(scope: Scope, updatedAt: number): void;
}

function entityMap(entity: Entity): 'clusters' | 'services' | 'tasks' | 'instances' {
	if ('clusterName' in entity) return 'clusters';
	if ('serviceArn' in entity) return 'services';
	if ('taskArn' in entity) return 'tasks';
	return 'instances';
}

function idOf(entity: Entity): string {
	if ('clusterName' in entity) return entity.clusterArn;
	if ('serviceArn' in entity) return entity.serviceArn;
	if ('taskArn' in entity) return entity.taskArn;
	return entity.containerInstanceArn;
}

export function fakeData(now = () => Date.now()): FakeData {
	let snapshot: Snapshot = {
		version: 0,
		clusters: new Map(),
		services: new Map(),
		tasks: new Map(),
		instances: new Map(),
		scopes: new Map(),
		api: {state: 'ok'},
		metrics: {enabled: false, readings: new Map()},
	};
	const listeners = new Set<() => void>();
	const publish = (next: Snapshot) => {
		snapshot = {...next, version: snapshot.version + 1};
		for (const l of listeners) l();
	};
	const poller = {
		opened: [] as string[],
		focused: [] as string[],
		refreshed: [] as string[],
		paused: 0,
		open(scope: Scope) {
			poller.opened.push(scopeKey(scope));
			return () => {
				poller.opened = poller.opened.filter(k => k !== scopeKey(scope));
			};
		},
		focus(scope: Scope) {
			poller.focused.push(scopeKey(scope));
		},
		async refreshNow(scope: Scope) {
			poller.refreshed.push(scopeKey(scope));
		},
		pause() {
			poller.paused++;
		},
		resume() {
			poller.paused--;
		},
		async settled() {},
		stop() {},
	};
	return {
		store: {getSnapshot: () => snapshot, subscribe: l => (listeners.add(l), () => listeners.delete(l))},
		poller,
		setScope(scope, rows, state = {}) {
			const maps = {clusters: new Map(snapshot.clusters), services: new Map(snapshot.services), tasks: new Map(snapshot.tasks), instances: new Map(snapshot.instances)};
			for (const row of rows) (maps[entityMap(row)] as Map<string, Entity>).set(idOf(row), row);
			const key = scopeKey(scope);
			const scopes = new Map(snapshot.scopes);
			scopes.set(key, {key, ids: rows.map(idOf), updatedAt: now(), loading: false, stale: false, intervalMs: 2000, ...state});
			publish({...snapshot, ...maps, scopes});
		},
		setMetrics(metrics) {
			publish({...snapshot, metrics});
		},
		setApi(api) {
			publish({...snapshot, api});
		},
		touch(scope, updatedAt) {
			const key = scopeKey(scope);
			const scopes = new Map(snapshot.scopes);
			scopes.set(key, {...scopes.get(key)!, updatedAt});
			publish({...snapshot, scopes});
		},
	};
}
