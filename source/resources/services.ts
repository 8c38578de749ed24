// Services: a cluster's services, `:services`/`:svc`, `get services`, and the services the
// events scope reads for their events.
import {primaryDeployment, taskDefinitionName, type Service} from '../domain.js';
import {batchLimit} from '../aws/limits.js';
import {formatAge} from '../format.js';
import {serviceAttention} from '../store/attention.js';
import type {Entity} from '../store/entity-store.js';
import {scopeKey, type Scope} from '../store/types.js';
import {clean} from '../text.js';
import {serviceLines} from '../views/describe/lines.js';
import type {Describer, PaneDef, ViewEntry} from '../views/types.js';
import {col, nowOf, right, statusColor, toneOf, youngestFirst} from './cells.js';
import {assertFound, inCluster} from './clusters.js';
import {instancesView} from './instances.js';
import {rowsOf} from './rows.js';
import {tasksView} from './tasks.js';
import {readingOf, serviceTarget, utilizationColumns} from './utilization.js';
import type {CellContext} from '../components/table-layout.js';
import type {AdapterFactory, Resource} from './types.js';

const primary = primaryDeployment;
const launch = (s: {launchType?: string; capacityProviderStrategy?: Array<{capacityProvider: string}>}) =>
	s.launchType ?? s.capacityProviderStrategy?.map(c => c.capacityProvider).join(',') ?? '';

/** The last answer per service (snapshots replace a service that changed, so the object is the key). */
const lastAttention = new WeakMap<Service, {now: number; memorySustained: boolean | undefined; reason: string | undefined}>();

/**
 * Why the service needs attention, its utilization included when it has been read. Two columns ask
 * for it on every frame, each twice (widths, then cells), and a busy service's check reads up to 100
 * recent events: 36 such rows took 7–8 ms a frame (bench-cells). The clock the cells get moves only on
 * its ticks, so the answer is kept until the service, the clock or its memory reading changes.
 */
export function attentionOf(s: Service, now: number, ctx?: CellContext): string | undefined {
	const memorySustained = readingOf(serviceTarget, s, ctx)?.memorySustained;
	const last = lastAttention.get(s);
	if (last && last.now === now && last.memorySustained === memorySustained) return last.reason;
	const reason = serviceAttention(s, now, {memorySustained});
	lastAttention.set(s, {now, memorySustained, reason});
	return reason;
}

export const serviceColumns = [
	col<Service>('attention', '!', 1, (s, ctx) => (attentionOf(s, nowOf(ctx), ctx) ? '!' : ''), {color: () => 'red'}),
	col<Service>('name', 'NAME', 28, s => s.serviceName),
	col<Service>('status', 'STATUS', 8, s => s.status, {color: s => statusColor(s.status)}),
	col<Service>('desired', 'DESIRED', 7, s => s.desiredCount, right),
	col<Service>('running', 'RUNNING', 7, s => s.runningCount, {...right, color: s => (s.runningCount < s.desiredCount ? 'yellow' : undefined)}),
	col<Service>('pending', 'PENDING', 7, s => s.pendingCount, right),
	...utilizationColumns(serviceTarget),
	col<Service>('rollout', 'ROLLOUT', 11, s => primary(s)?.rolloutState ?? '', {color: s => statusColor(primary(s)?.rolloutState) ?? (primary(s)?.rolloutState === 'COMPLETED' ? 'green' : undefined)}),
	col<Service>('taskDefinition', 'TASK DEFINITION', 24, s => taskDefinitionName(s.taskDefinition)),
	col<Service>('launch', 'LAUNCH', 12, s => launch(s)),
	col<Service>('deployed', 'DEPLOYED', 8, (s, ctx) => formatAge(primary(s)?.createdAt ?? s.createdAt, nowOf(ctx)), {...right, sortValue: s => youngestFirst(primary(s)?.createdAt ?? s.createdAt)}),
	col<Service>('reason', 'ATTENTION', 24, (s, ctx) => attentionOf(s, nowOf(ctx), ctx) ?? '', {color: () => 'red'}),
];

export function serviceTone(s: Service) {
	const p = primary(s);
	if (p?.rolloutState === 'FAILED') return 'error';
	if (s.status !== 'ACTIVE') return toneOf(s.status);
	if (p?.rolloutState === 'IN_PROGRESS' || s.deployments.length > 1) return 'warning';
	if (s.runningCount < s.desiredCount || s.pendingCount > 0) return 'warning';
	return undefined;
}

const serviceDescriber: Describer<Service> = {
	find: (snapshot, arn) => snapshot.services.get(arn),
	agesOut: true,
	lines: (s, ctx) => serviceLines(s, ctx.cache?.history(s.clusterArn, s.serviceArn), ctx.now),
};

export function servicesView(cluster: string): ViewEntry {
	const scope: Scope = {kind: 'services', cluster};
	return {id: scopeKey(scope), pane: 'services', crumb: clean(cluster), cluster, scope};
}

export const servicesPane: PaneDef<Service> = {
	pane: 'services',
	scopes: view => (view.scope ? [view.scope] : []),
	rows: (snapshot, view) => rowsOf(snapshot.services, snapshot, view.scope ? [view.scope] : []),
	rowId: s => s.serviceArn,
	columns: () => serviceColumns,
	tone: serviceTone,
	empty: view => `no services in ${view.cluster ?? 'this cluster'}`,
	attention: attentionOf,
	metrics: serviceTarget,
	open: (s, view) => tasksView(view.cluster ?? s.clusterArn, {service: s.serviceName, crumb: s.serviceName}),
	tasks: (s, view) => tasksView(view.cluster ?? s.clusterArn, {service: s.serviceName, crumb: s.serviceName}),
	instances: (_s, view) => (view.cluster ? instancesView(view.cluster) : undefined),
	events: (s, view) => {
		// With no service listed yet: the cluster's feed.
		const cluster = view.cluster ?? s?.clusterArn;
		return cluster ? {cluster, service: s?.serviceName} : undefined;
	},
	// The feed lists the service's tasks itself: running and recently stopped ones.
	logs: (s, view) => (s ? {cluster: view.cluster ?? s.clusterArn, service: s.serviceName, taskArns: []} : undefined),
	describe: s => (s ? {kind: 'service', arn: s.serviceArn, crumb: `describe ${s.serviceName}`, describer: serviceDescriber} : undefined),
	origin: view => view.cluster,
};

const serviceArn = (item: Entity) => (item as Service).serviceArn;

/** A cluster's services (10 a DescribeServices call). */
const servicesAdapter: AdapterFactory = (api, scope) => {
	const cluster = (scope as {cluster: string}).cluster;
	return {
		kind: 'services',
		chunk: batchLimit.DescribeServices,
		category: 'serviceRead',
		cluster,
		list: options => api.listServiceArns(cluster, options),
		describe: (ids, options) => api.describeServices(cluster, ids, options),
		arnOf: serviceArn,
	};
};

/** An events scope reads services for their events: one service every cycle, or the cluster's. */
const eventsAdapter: AdapterFactory = (api, scope) => {
	const {cluster, service} = scope as {cluster: string; service?: string};
	return {
		kind: 'services',
		chunk: batchLimit.DescribeServices,
		category: 'serviceRead',
		cluster,
		fixed: service !== undefined,
		feed: true,
		list: async options => (service === undefined ? api.listServiceArns(cluster, options) : [service]),
		describe: (ids, options) => api.describeServices(cluster, ids, options),
		arnOf: serviceArn,
	};
};

export const services: Resource = {
	name: 'services',
	panes: [servicesPane],
	commands: [{names: ['services', 'svc'], run: inCluster(c => [servicesView(c)])}],
	get: {
		metrics: serviceTarget,
		names: ['services', 'service', 'svc'],
		flags: ['service'],
		async read(api, request, call) {
			// aws ecs list-services --cluster C (every page), then aws ecs describe-services --services … (10 a call)
			const arns = request.services.length > 0 ? [...request.services] : await api.listServiceArns(request.cluster, call);
			const {items, failures} = await api.describeServices(request.cluster, arns, call);
			assertFound(failures, 'service', request.cluster);
			return {items, columns: serviceColumns};
		},
	},
	adapters: {services: servicesAdapter, events: eventsAdapter},
};
