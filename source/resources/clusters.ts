// Clusters: the top pane, `:clusters`/`:cl`, `:cluster NAME`, `get clusters`.
import type {CallOptions, EcsApi} from '../aws/ecs-api.js';
import {batchLimit} from '../aws/limits.js';
import {shortId, type Cluster, type Failure} from '../domain.js';
import {clean} from '../text.js';
import {clusterLines} from '../views/describe/lines.js';
import type {ActionContext, Describer, PaneDef, ViewEntry} from '../views/types.js';
import {col, right, statusColor, toneOf} from './cells.js';
import {rowsOf} from './rows.js';
import {instancesView} from './instances.js';
import {servicesView} from './services.js';
import {tasksView} from './tasks.js';
import {clusterTarget, utilizationColumns} from './utilization.js';
import {NotFoundError, type Resource} from './types.js';

export const clusterColumns = [
	col<Cluster>('name', 'NAME', 24, c => c.clusterName),
	col<Cluster>('status', 'STATUS', 8, c => c.status, {color: c => statusColor(c.status)}),
	col<Cluster>('services', 'SERVICES', 8, c => c.activeServicesCount, right),
	col<Cluster>('running', 'RUNNING', 7, c => c.runningTasksCount, right),
	col<Cluster>('pending', 'PENDING', 7, c => c.pendingTasksCount, {...right, color: c => (c.pendingTasksCount > 0 ? 'yellow' : undefined)}),
	...utilizationColumns(clusterTarget),
	col<Cluster>('instances', 'INSTANCES', 9, c => c.registeredContainerInstancesCount, right),
	col<Cluster>('capacity', 'CAPACITY PROVIDERS', 28, c => c.capacityProviders.join(',')),
];

export function clusterTone(c: Cluster) {
	return toneOf(c.status);
}

const clusterDescriber: Describer<Cluster> = {find: (snapshot, arn) => snapshot.clusters.get(arn), lines: clusterLines};

export function clustersView(): ViewEntry {
	return {id: 'clusters', pane: 'clusters', crumb: 'clusters', scope: {kind: 'clusters'}};
}

export const clustersPane: PaneDef<Cluster> = {
	pane: 'clusters',
	scopes: () => [{kind: 'clusters'}],
	rows: (snapshot, view) => rowsOf(snapshot.clusters, snapshot, [view.scope ?? {kind: 'clusters'}]),
	rowId: c => c.clusterArn,
	columns: () => clusterColumns,
	tone: clusterTone,
	empty: () => 'no clusters in this region',
	metrics: clusterTarget,
	open: c => servicesView(c.clusterName),
	tasks: c => tasksView(c.clusterName, {crumb: `${c.clusterName} › tasks`}),
	instances: c => (c ? instancesView(c.clusterName, `${c.clusterName} › instances`) : undefined),
	events: c => (c ? {cluster: c.clusterName} : undefined),
	describe: c => (c ? {kind: 'cluster', arn: c.clusterArn, crumb: `describe ${c.clusterName}`, describer: clusterDescriber} : undefined),
};

/** The cluster the user is in: the nearest on the stack, the selected one, or the only one. */
export function currentCluster(ctx: ActionContext): string | undefined {
	for (const view of [...ctx.stack].reverse()) if (view.cluster) return view.cluster;
	if (ctx.view.pane === 'clusters' && ctx.selected) return (ctx.selected as Cluster).clusterName;
	const all = [...ctx.snapshot.clusters.values()];
	return all.length === 1 ? all[0]!.clusterName : undefined;
}

/** The known clusters' names, sorted (Tab completion). */
export function clusterNames(ctx: ActionContext): string[] {
	return [...ctx.snapshot.clusters.values()].map(c => c.clusterName).sort();
}

/** NAME as typed, or the one known cluster it unambiguously names (case and prefix forgiven). */
export function resolveCluster(name: string, known: readonly string[]): {name?: string; error?: string} {
	if (!name) return {error: 'usage: :cluster NAME (Tab completes)'};
	if (known.length === 0 || known.includes(name)) return {name};
	// Names are compared as drawn (clean), so a completed name finds its cluster.
	const lower = name.toLowerCase();
	const exact = known.filter(k => clean(k).toLowerCase() === lower);
	if (exact.length === 1) return {name: exact[0]};
	const prefixed = known.filter(k => clean(k).toLowerCase().startsWith(lower));
	if (prefixed.length === 1) return {name: prefixed[0]};
	if (prefixed.length > 1) return {error: `"${clean(name)}" could be ${prefixed.slice(0, 5).map(clean).join(', ')}`};
	return {error: `no cluster "${clean(name)}" in this region`};
}

/** A `:` command that opens a place inside the current cluster, on the natural path to it. */
export function inCluster(build: (cluster: string) => ViewEntry[]) {
	return (ctx: ActionContext): string | void => {
		const cluster = currentCluster(ctx);
		if (!cluster) return 'which cluster? pick one first, or :cluster NAME';
		ctx.reset([clustersView(), ...build(cluster)]);
	};
}

/** ECS reports unknown names as MISSING failures: one error naming them. */
export function assertFound(failures: readonly Failure[], what: string, cluster?: string): void {
	const missing = failures.filter(f => f.reason === 'MISSING');
	if (missing.length === 0) return;
	// The names come from ECS's answer: cleaned like everything else that reaches the terminal.
	const names = missing.map(f => `"${clean(f.arn ? shortId(f.arn) : '?')}"`).join(', ');
	throw new NotFoundError(`${what} ${names} not found${cluster ? ` in cluster "${clean(cluster)}"` : ''}`);
}

export const clusters: Resource = {
	name: 'clusters',
	panes: [clustersPane],
	commands: [
		{names: ['clusters', 'cl'], run: ctx => ctx.reset([clustersView()])},
		{
			names: ['cluster'],
			takesArgument: true,
			run: (ctx, arg) => {
				const found = resolveCluster(arg, clusterNames(ctx));
				if (!found.name) return found.error;
				ctx.reset([clustersView(), servicesView(found.name)]);
			},
		},
	],
	get: {
		metrics: clusterTarget,
		names: ['clusters', 'cluster'],
		async read(api: EcsApi, request, call: CallOptions) {
			// aws ecs list-clusters (every page), then aws ecs describe-clusters --clusters … (100 a call)
			const arns = request.clusterGiven ? [request.cluster] : await api.listClusterArns(call);
			const {items, failures} = await api.describeClusters(arns, call);
			assertFound(failures, 'cluster');
			return {items, columns: clusterColumns};
		},
	},
	adapters: {
		clusters: api => ({
			kind: 'clusters',
			chunk: batchLimit.DescribeClusters,
			category: 'clusterRead',
			list: options => api.listClusterArns(options),
			describe: (ids, options) => api.describeClusters(ids, options),
			arnOf: item => (item as Cluster).clusterArn,
		}),
	},
};
