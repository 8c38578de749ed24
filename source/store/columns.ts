// Every pane's columns as data: the TUI renders exactly these and `ecs-top get` prints them.
// Values pass through clean() (API strings must never move the cursor). A column may colour its
// cell; row tones are the TUI's business.
import {type Cluster, type Container, type ContainerInstance, type Resource, type Service, type Task, type TaskDefinition, primaryDeployment, serviceOfTask, shortId, statusClass, taskDefinitionName} from '../domain.js';
import {formatAge, formatBar, formatMiB, formatPercent, formatVcpu} from '../format.js';
import {clean} from '../text.js';
import {serviceAttention, taskAttention} from './attention.js';
import type {TaskDefinitionFamily} from './task-definitions.js';

export type CellColor = 'red' | 'yellow' | 'green' | 'dim';

export interface ColumnContext {
	/** Epoch ms for ages (default: Date.now()). */
	now?: number;
	/** Container instances by ARN: a task's instance shows as its EC2 instance ID when known. */
	instances?: ReadonlyMap<string, ContainerInstance>;
}

export interface ColumnDef<Row> {
	id: string;
	header: string;
	width: number;
	align?: 'left' | 'right';
	value(row: Row, ctx?: ColumnContext): string;
	color?(row: Row): CellColor | undefined;
}

function col<Row>(id: string, header: string, width: number, value: (row: Row, ctx: ColumnContext) => unknown, more: Partial<ColumnDef<Row>> = {}): ColumnDef<Row> {
	return {id, header, width, ...more, value: (row, ctx = {}) => clean(value(row, ctx))};
}
const right = {align: 'right'} as const;
const now = (ctx: ColumnContext) => ctx.now ?? Date.now();

// The one status table (domain.ts) as cell colours.
const cellColors = {failed: 'red', between: 'yellow', gone: 'dim'} as const;
const statusColor = (status: string | undefined): CellColor | undefined => {
	const found = statusClass(status);
	return found ? cellColors[found] : undefined;
};

export const clusterColumns: Array<ColumnDef<Cluster>> = [
	col('name', 'NAME', 24, c => c.clusterName),
	col('status', 'STATUS', 8, c => c.status, {color: c => statusColor(c.status)}),
	col('services', 'SERVICES', 8, c => c.activeServicesCount, right),
	col('running', 'RUNNING', 7, c => c.runningTasksCount, right),
	col('pending', 'PENDING', 7, c => c.pendingTasksCount, {...right, color: c => (c.pendingTasksCount > 0 ? 'yellow' : undefined)}),
	col('instances', 'INSTANCES', 9, c => c.registeredContainerInstancesCount, right),
	col('capacity', 'CAPACITY PROVIDERS', 28, c => c.capacityProviders.join(',')),
];

const primary = primaryDeployment;
const launch = (s: {launchType?: string; capacityProviderStrategy?: Array<{capacityProvider: string}>}) =>
	s.launchType ?? s.capacityProviderStrategy?.map(c => c.capacityProvider).join(',') ?? '';

export const serviceColumns: Array<ColumnDef<Service>> = [
	col('attention', '!', 1, (s, ctx) => (serviceAttention(s, now(ctx)) ? '!' : ''), {color: () => 'red'}),
	col('name', 'NAME', 28, s => s.serviceName),
	col('status', 'STATUS', 8, s => s.status, {color: s => statusColor(s.status)}),
	col('desired', 'DESIRED', 7, s => s.desiredCount, right),
	col('running', 'RUNNING', 7, s => s.runningCount, {...right, color: s => (s.runningCount < s.desiredCount ? 'yellow' : undefined)}),
	col('pending', 'PENDING', 7, s => s.pendingCount, right),
	col('rollout', 'ROLLOUT', 11, s => primary(s)?.rolloutState ?? '', {color: s => statusColor(primary(s)?.rolloutState) ?? (primary(s)?.rolloutState === 'COMPLETED' ? 'green' : undefined)}),
	col('taskDefinition', 'TASK DEFINITION', 24, s => taskDefinitionName(s.taskDefinition)),
	col('launch', 'LAUNCH', 12, s => launch(s)),
	col('deployed', 'DEPLOYED', 8, (s, ctx) => formatAge(primary(s)?.createdAt ?? s.createdAt, now(ctx)), right),
	col('reason', 'ATTENTION', 24, (s, ctx) => serviceAttention(s, now(ctx)) ?? '', {color: () => 'red'}),
];

const serviceOf = (t: Task) => serviceOfTask(t) ?? t.group ?? '';
const privateIp = (t: Task) =>
	t.attachments.flatMap(a => a.details).find(d => d.name === 'privateIPv4Address')?.value ??
	t.containers.flatMap(c => c.networkInterfaces ?? []).find(n => n.privateIpv4Address)?.privateIpv4Address ??
	'';
const placedOn = (t: Task, ctx: ColumnContext) =>
	t.containerInstanceArn ? (ctx.instances?.get(t.containerInstanceArn)?.ec2InstanceId ?? shortId(t.containerInstanceArn).slice(0, 12)) : t.launchType === 'FARGATE' || !t.launchType ? 'Fargate' : '';
const exits = (t: Task) => t.containers.filter(c => c.exitCode !== undefined).map(c => c.exitCode).join(',');

export const taskColumns: Array<ColumnDef<Task>> = [
	col('id', 'TASK', 12, t => shortId(t.taskArn).slice(0, 12)),
	col('service', 'SERVICE/GROUP', 20, serviceOf),
	col('lastStatus', 'LAST', 12, t => t.lastStatus, {color: t => statusColor(t.lastStatus)}),
	col('desiredStatus', 'DESIRED', 8, t => t.desiredStatus, {color: t => (t.desiredStatus === 'STOPPED' && t.lastStatus !== 'STOPPED' ? 'yellow' : undefined)}),
	col('health', 'HEALTH', 9, t => t.healthStatus ?? '', {color: t => (t.healthStatus === 'UNHEALTHY' ? 'red' : t.healthStatus === 'HEALTHY' ? 'green' : undefined)}),
	col('taskDefinition', 'TASK DEFINITION', 22, t => taskDefinitionName(t.taskDefinitionArn)),
	col('cpuMemory', 'CPU/MEM', 9, t => (t.cpu || t.memory ? `${formatVcpu(t.cpu)}/${formatMiB(t.memory)}` : '')),
	col('az', 'AZ', 11, t => t.availabilityZone ?? ''),
	col('instance', 'INSTANCE', 19, placedOn),
	col('ip', 'PRIVATE IP', 15, privateIp),
	col('age', 'AGE', 6, (t, ctx) => formatAge(t.startedAt ?? t.createdAt, now(ctx)), right),
];

/** The tasks pane with stopped tasks toggled in: why each one stopped. */
export const stoppedTaskColumns: Array<ColumnDef<Task>> = [
	...taskColumns,
	col('stopCode', 'STOP CODE', 24, t => t.stopCode ?? '', {color: t => (taskAttention(t) ? 'red' : undefined)}),
	col('exitCodes', 'EXIT', 6, exits, {color: t => (t.containers.some(c => (c.exitCode ?? 0) !== 0) ? 'red' : undefined)}),
	col('stoppedReason', 'STOPPED REASON', 48, t => t.stoppedReason ?? ''),
];

const ports = (c: Container) =>
	(c.networkBindings ?? []).map(b => `${b.hostPort && b.hostPort !== b.containerPort ? `${b.hostPort}→` : ''}${b.containerPort ?? ''}/${b.protocol ?? 'tcp'}`).join(',');

export const containerColumns: Array<ColumnDef<Container>> = [
	col('name', 'NAME', 20, c => c.name),
	col('image', 'IMAGE', 36, c => c.image ?? ''),
	col('status', 'STATUS', 10, c => c.lastStatus ?? '', {color: c => statusColor(c.lastStatus)}),
	col('exitCode', 'EXIT', 4, c => c.exitCode ?? '', {...right, color: c => ((c.exitCode ?? 0) !== 0 ? 'red' : undefined)}),
	col('health', 'HEALTH', 9, c => c.healthStatus ?? '', {color: c => (c.healthStatus === 'UNHEALTHY' ? 'red' : c.healthStatus === 'HEALTHY' ? 'green' : undefined)}),
	col('ports', 'PORTS', 18, ports),
	col('reason', 'REASON', 40, c => c.reason ?? ''),
];

const resource = (list: readonly Resource[], name: string) => {
	const r = list.find(x => x.name === name);
	return r?.integerValue ?? r?.longValue ?? r?.doubleValue;
};

/** The share of an instance's registered CPU or memory that tasks have reserved. */
export function reserved(i: ContainerInstance, name: 'CPU' | 'MEMORY'): number | undefined {
	const total = resource(i.registeredResources, name);
	const left = resource(i.remainingResources, name);
	return total && left !== undefined ? (total - left) / total : undefined;
}

const attribute = (i: ContainerInstance, name: string) => i.attributes?.find(a => a.name === name)?.value ?? '';
const usage = (i: ContainerInstance, name: 'CPU' | 'MEMORY') => {
	const f = reserved(i, name);
	return f === undefined ? '' : `${formatBar(f, 6)} ${formatPercent(f).padStart(4)}`;
};
const usageColor = (name: 'CPU' | 'MEMORY') => (i: ContainerInstance) => ((reserved(i, name) ?? 0) >= 0.9 ? 'yellow' : undefined);

const drained = (i: ContainerInstance) => i.status === 'DRAINING' && i.runningTasksCount === 0 && i.pendingTasksCount === 0;

export const instanceColumns: Array<ColumnDef<ContainerInstance>> = [
	col('id', 'ID', 12, i => shortId(i.containerInstanceArn).slice(0, 12)),
	col('ec2InstanceId', 'EC2 INSTANCE', 19, i => i.ec2InstanceId ?? ''),
	// ECS's own status, always (a `/DRAINING` filter finds every draining instance); a finished drain
	// is dimmed here and named in NOTE: ECS has no DRAINED status.
	col('status', 'STATUS', 9, i => i.status, {color: i => (drained(i) ? 'dim' : statusColor(i.status))}),
	col('agent', 'AGENT', 5, i => (i.agentConnected ? 'yes' : 'NO'), {color: i => (i.agentConnected ? undefined : 'red')}),
	col('running', 'RUNNING', 7, i => i.runningTasksCount, right),
	col('pending', 'PENDING', 7, i => i.pendingTasksCount, right),
	col('cpu', 'CPU RESERVED', 12, i => usage(i, 'CPU'), {color: usageColor('CPU')}),
	col('memory', 'MEM RESERVED', 12, i => usage(i, 'MEMORY'), {color: usageColor('MEMORY')}),
	col('az', 'AZ', 11, i => attribute(i, 'ecs.availability-zone')),
	col('instanceType', 'TYPE', 11, i => attribute(i, 'ecs.instance-type')),
	col('agentVersion', 'AGENT VER', 9, i => i.versionInfo?.agentVersion ?? ''),
	// A drain is done when nothing runs on the instance any more: say so.
	col('note', 'NOTE', 7, i => (drained(i) ? 'drained' : ''), {color: () => 'dim'}),
];

export const taskDefinitionFamilyColumns: Array<ColumnDef<TaskDefinitionFamily>> = [
	col('family', 'FAMILY', 32, f => f.family),
	col('status', 'STATUS', 8, f => f.status, {color: f => statusColor(f.status)}),
];

const images = (t: TaskDefinition) => t.containerDefinitions.map(c => c.image.slice(c.image.lastIndexOf('/') + 1)).join(',');

export const taskDefinitionColumns: Array<ColumnDef<TaskDefinition>> = [
	col('revision', 'REVISION', 22, t => `${t.family}:${t.revision}`),
	col('status', 'STATUS', 8, t => t.status ?? '', {color: t => statusColor(t.status)}),
	col('registered', 'REGISTERED', 10, (t, ctx) => formatAge(t.registeredAt, now(ctx)), right),
	col('cpu', 'CPU', 5, t => t.cpu ?? '', right),
	col('memory', 'MEMORY', 6, t => t.memory ?? '', right),
	col('containers', 'CONTAINERS', 10, t => t.containerDefinitions.length, right),
	col('images', 'IMAGES', 40, images),
];

/** Column sets by pane name. */
export const paneColumns = {
	clusters: clusterColumns,
	services: serviceColumns,
	tasks: taskColumns,
	stoppedTasks: stoppedTaskColumns,
	containers: containerColumns,
	instances: instanceColumns,
} as const;
