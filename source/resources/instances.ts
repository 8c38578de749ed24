// Container instances: a cluster's EC2 capacity, `:instances`/`:ci`, `get instances`.
import {batchLimit} from '../aws/limits.js';
import {briefId, shortId, type ContainerInstance, type Resource as EcsResource} from '../domain.js';
import {formatBar, formatPercent} from '../format.js';
import {scopeKey, type Scope} from '../store/types.js';
import {clean} from '../text.js';
import {instanceLines} from '../views/describe/task.js';
import type {Describer, PaneDef, ViewEntry} from '../views/types.js';
import {col, toneOf, statusColor} from './cells.js';
import {inCluster} from './clusters.js';
import {rowsOf} from './rows.js';
import {servicesView} from './services.js';
import {tasksView} from './tasks.js';
import type {Resource} from './types.js';

const amount = (list: readonly EcsResource[], name: string) => {
	const r = list.find(x => x.name === name);
	return r?.integerValue ?? r?.longValue ?? r?.doubleValue;
};

/** The share of an instance's registered CPU or memory that tasks have reserved. */
export function reserved(i: ContainerInstance, name: 'CPU' | 'MEMORY'): number | undefined {
	const total = amount(i.registeredResources, name);
	const left = amount(i.remainingResources, name);
	return total && left !== undefined ? (total - left) / total : undefined;
}

const attribute = (i: ContainerInstance, name: string) => i.attributes?.find(a => a.name === name)?.value ?? '';
const usage = (i: ContainerInstance, name: 'CPU' | 'MEMORY') => {
	const f = reserved(i, name);
	return f === undefined ? '' : `${formatBar(f, 6)} ${formatPercent(f).padStart(4)}`;
};
const usageColor = (name: 'CPU' | 'MEMORY') => (i: ContainerInstance) => ((reserved(i, name) ?? 0) >= 0.9 ? ('yellow' as const) : undefined);

/** A finished drain: ECS keeps saying DRAINING (it has no DRAINED) once nothing runs there. */
export const drained = (i: ContainerInstance) => i.status === 'DRAINING' && i.runningTasksCount === 0 && i.pendingTasksCount === 0;

export const instanceColumns = [
	col<ContainerInstance>('id', 'ID', 12, i => briefId(i.containerInstanceArn)),
	col<ContainerInstance>('ec2InstanceId', 'EC2 INSTANCE', 19, i => i.ec2InstanceId ?? ''),
	// ECS's own status, always (a `/DRAINING` filter finds every draining instance); a finished drain
	// is dimmed here and named in NOTE: ECS has no DRAINED status.
	col<ContainerInstance>('status', 'STATUS', 9, i => i.status, {color: i => (drained(i) ? 'dim' : statusColor(i.status))}),
	col<ContainerInstance>('agent', 'AGENT', 5, i => (i.agentConnected ? 'yes' : 'NO'), {color: i => (i.agentConnected ? undefined : 'red')}),
	col<ContainerInstance>('running', 'RUNNING', 7, i => i.runningTasksCount, {align: 'right'}),
	col<ContainerInstance>('pending', 'PENDING', 7, i => i.pendingTasksCount, {align: 'right'}),
	col<ContainerInstance>('cpu', 'CPU RESERVED', 12, i => usage(i, 'CPU'), {color: usageColor('CPU'), sortValue: i => reserved(i, 'CPU')}),
	col<ContainerInstance>('memory', 'MEM RESERVED', 12, i => usage(i, 'MEMORY'), {color: usageColor('MEMORY'), sortValue: i => reserved(i, 'MEMORY')}),
	col<ContainerInstance>('az', 'AZ', 11, i => attribute(i, 'ecs.availability-zone')),
	col<ContainerInstance>('instanceType', 'TYPE', 11, i => attribute(i, 'ecs.instance-type')),
	col<ContainerInstance>('agentVersion', 'AGENT VER', 9, i => i.versionInfo?.agentVersion ?? ''),
	// A drain is done when nothing runs on the instance any more: say so.
	col<ContainerInstance>('note', 'NOTE', 7, i => (drained(i) ? 'drained' : ''), {color: () => 'dim'}),
];

export function instanceTone(i: ContainerInstance) {
	if (i.status === 'ACTIVE' && !i.agentConnected) return 'error' as const;
	return toneOf(i.status) ?? toneOf(i.healthStatus?.overallStatus);
}

const instanceDescriber: Describer<ContainerInstance> = {
	find: (snapshot, arn) => snapshot.instances.get(arn),
	lines: (i, ctx) => instanceLines(i, rowsOf(ctx.snapshot.tasks, ctx.snapshot, ctx.extraScopes), ctx.now),
};

export function instancesView(cluster: string, crumb = 'instances'): ViewEntry {
	const scope: Scope = {kind: 'instances', cluster};
	return {id: scopeKey(scope), pane: 'instances', crumb: clean(crumb), cluster, scope};
}

const tasksOn = (i: ContainerInstance, view: ViewEntry) =>
	tasksView(view.cluster ?? '', {containerInstance: i.containerInstanceArn, crumb: i.ec2InstanceId ?? shortId(i.containerInstanceArn)});

export const instancesPane: PaneDef<ContainerInstance> = {
	pane: 'instances',
	scopes: view => (view.scope ? [view.scope] : []),
	rows: (snapshot, view) => rowsOf(snapshot.instances, snapshot, view.scope ? [view.scope] : []),
	rowId: i => i.containerInstanceArn,
	columns: () => instanceColumns,
	tone: instanceTone,
	empty: () => 'no container instances (Fargate only?)',
	open: tasksOn,
	tasks: tasksOn,
	describe: (i, view) => {
		if (!i) return undefined;
		// Its tasks' scope too: the description lists what runs there.
		const onIt: Scope = {kind: 'tasks', cluster: view.cluster ?? i.containerInstanceArn, containerInstance: i.containerInstanceArn};
		return {kind: 'instance', arn: i.containerInstanceArn, crumb: `describe ${i.ec2InstanceId ?? shortId(i.containerInstanceArn)}`, extraScopes: [onIt], describer: instanceDescriber};
	},
};

export const instances: Resource = {
	name: 'instances',
	panes: [instancesPane],
	commands: [{names: ['instances', 'ci'], run: inCluster(c => [servicesView(c), instancesView(c)])}],
	get: {
		names: ['instances', 'instance', 'ci'],
		async read(api, request, call) {
			// aws ecs list-container-instances --cluster C (every page), then describe-container-instances (100 a call)
			const arns = await api.listContainerInstanceArns(request.cluster, {}, call);
			const {items} = await api.describeContainerInstances(request.cluster, arns, call);
			return {items, columns: instanceColumns};
		},
	},
	adapters: {
		instances: (api, scope) => {
			const cluster = (scope as {cluster: string}).cluster;
			return {
				kind: 'instances',
				chunk: batchLimit.DescribeContainerInstances,
				category: 'clusterResourceRead',
				cluster,
				list: options => api.listContainerInstanceArns(cluster, {}, options),
				describe: (ids, options) => api.describeContainerInstances(cluster, ids, options),
				arnOf: item => (item as ContainerInstance).containerInstanceArn,
			};
		},
	},
};
