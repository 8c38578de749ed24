// The describe views as plain lines: headings, `label  value` fields and indented details, each
// already clean (every API string goes through clean() here). The view wraps and scrolls them.
// This file: the building blocks, a cluster and a service; task.ts: tasks, instances and
// task definitions.
import {formatAge} from '../../format.js';
import {shortId, taskDefinitionName, type Cluster, type Deployment, type Service, type ServiceDeployment, type ServiceRevisionSummary} from '../../domain.js';
import {serviceAttention} from '../../store/attention.js';
import type {Loadable} from '../../store/describe-cache.js';
import {clean, padWidth} from '../../text.js';

export type LineTone = 'bad' | 'warn' | 'good' | 'dim';

export interface Line {
	text: string;
	tone?: LineTone;
	bold?: boolean;
	/** Where a wrapped continuation starts (default: under the value of a field). */
	indent?: number;
}

const labelWidth = 20;

export const blank: Line = {text: ''};
export const heading = (text: string): Line => ({text: clean(text).toUpperCase(), bold: true});

/**
 * `  label               value` (label and value cleaned: some labels are API strings, such as
 * attribute and attachment detail names; empty values are left out by fields()). Padded by display
 * width, so a wide label keeps its value in the value column.
 */
export function field(label: string, value: unknown, tone?: LineTone, depth = 1): Line {
	const pad = '  '.repeat(depth);
	return {text: `${pad}${padWidth(clean(label), labelWidth)} ${clean(value)}`, tone, indent: pad.length + labelWidth + 1};
}

/** Fields whose value is present. */
export function fields(list: Array<[string, unknown, LineTone?]>, depth = 1): Line[] {
	return list.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([label, value, tone]) => field(label, value, tone, depth));
}

/** A dim remark ("none", "loading…"); text already clean. */
export function note(text: string, tone: LineTone = 'dim', depth = 1): Line {
	return {text: `${'  '.repeat(depth)}${text}`, tone, indent: depth * 2 + 2};
}

/** A list item; text already clean. */
export function item(text: string, tone?: LineTone): Line {
	return {text: `  ${text}`, tone, indent: 4};
}

/** `2026-01-01 10:00:00Z (5m ago)`. */
export function when(iso: string | undefined, now: number): string | undefined {
	if (!iso) return undefined;
	const ms = Date.parse(iso);
	if (!Number.isFinite(ms)) return clean(iso);
	const ago = now >= ms ? `${formatAge(now - ms, now, {units: 1})} ago` : `in ${formatAge(ms - now, now, {units: 1})}`;
	return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z (${ago})`;
}

export function section(title: string, body: Line[], empty?: string): Line[] {
	return [blank, heading(title), ...(body.length > 0 ? body : empty ? [note(empty)] : [])];
}

export const tdName = (arn: string | undefined) => (arn ? clean(taskDefinitionName(arn)) : '');
const list = (items: readonly unknown[] | undefined) => (items ?? []).map(clean).join(', ');

export function clusterLines(c: Cluster): Line[] {
	return [
		{text: `${clean(c.clusterName)}  ${clean(c.status)}`, bold: true},
		...fields([
			['ARN', c.clusterArn],
			['services', c.activeServicesCount],
			['tasks', `${c.runningTasksCount} running, ${c.pendingTasksCount} pending`, c.pendingTasksCount > 0 ? 'warn' : undefined],
			['container instances', c.registeredContainerInstancesCount],
			['capacity providers', list(c.capacityProviders)],
			['default strategy', (c.defaultCapacityProviderStrategy ?? []).map(s => `${clean(s.capacityProvider)} weight ${s.weight ?? 0} base ${s.base ?? 0}`).join(', ')],
		]),
		...section('statistics', fields((c.statistics ?? []).map(s => [s.name, s.value])), 'none reported'),
		...section('tags', fields((c.tags ?? []).map(t => [t.key, t.value])), 'none'),
	];
}

function deploymentLines(d: Deployment, now: number): Line[] {
	const rollout = d.rolloutState ?? '';
	const tone: LineTone | undefined = rollout === 'FAILED' ? 'bad' : rollout === 'IN_PROGRESS' ? 'warn' : undefined;
	const head = `  ${padWidth(clean(d.status), 8)} ${padWidth(tdName(d.taskDefinition), 22)} ${padWidth(clean(rollout || '-'), 12)}`;
	const counts = `desired ${d.desiredCount} · running ${d.runningCount} · pending ${d.pendingCount} · failed ${d.failedTasks ?? 0}`;
	return [
		{text: `${head} ${counts}`, tone, indent: 4},
		...fields([
			['reason', d.rolloutStateReason, tone],
			['started', when(d.createdAt, now)],
			['updated', when(d.updatedAt, now)],
			['launch', d.launchType ?? (d.capacityProviderStrategy ?? []).map(s => s.capacityProvider).join(', ')],
		], 2),
	];
}

/** A service revision as people name it: the task definition it runs (`web:7`), else its id. */
function revisionName(r: ServiceRevisionSummary): string {
	return r.taskDefinition ? tdName(r.taskDefinition) : clean(shortId(r.arn));
}

function historyLines(history: Loadable<ServiceDeployment[]> | undefined, now: number): Line[] {
	if (!history) return [note('not available (no ECS client)')];
	const lines: Line[] = [];
	if (history.state === 'loading') lines.push(note(history.value ? 'refreshing…' : 'loading… (ListServiceDeployments, DescribeServiceDeployments)'));
	if (history.state === 'error') lines.push(note(`could not read: ${clean(history.error)}`, 'bad'));
	const items = history.value ?? [];
	if (history.state === 'ok' && items.length === 0) lines.push(note('no service deployments listed'));
	for (const d of items) {
		const status = d.status ?? '?';
		const tone: LineTone | undefined = /FAIL|ROLL|STOP/.test(status) ? 'bad' : /IN_PROGRESS|PENDING/.test(status) ? 'warn' : undefined;
		const target = d.targetServiceRevision;
		lines.push({text: `  ${padWidth(clean(status), 22)} ${clean(shortId(d.serviceDeploymentArn))}`, tone, indent: 4});
		const breaker = d.deploymentCircuitBreaker;
		lines.push(
			...fields([
				['started', when(d.startedAt ?? d.createdAt, now)],
				['finished', when(d.finishedAt ?? d.stoppedAt, now)],
				['reason', d.statusReason, tone],
				['target revision', target ? `${revisionName(target)} (${target.runningTaskCount ?? 0} running of ${target.requestedTaskCount ?? 0})` : d.targetServiceRevisionArn && shortId(d.targetServiceRevisionArn)],
				['source revisions', (d.sourceServiceRevisions ?? []).map(r => `${revisionName(r)} (${r.runningTaskCount ?? 0} running)`).join(', ')],
				['circuit breaker', breaker?.status ? `${clean(breaker.status)} (${breaker.failureCount ?? 0} of ${breaker.threshold ?? '?'} failures)` : undefined, breaker?.status === 'TRIGGERED' ? 'bad' : undefined],
				['rollback', d.rollback ? `${clean(d.rollback.reason ?? '')} ${d.rollback.startedAt ? `at ${when(d.rollback.startedAt, now)}` : ''}`.trim() : undefined, 'bad'],
			], 2),
		);
	}
	return lines;
}

function deploymentConfig(s: Service): string {
	const c = s.deploymentConfiguration;
	if (!c) return '';
	const breaker = c.deploymentCircuitBreaker;
	const parts = [`min ${c.minimumHealthyPercent ?? '?'}%`, `max ${c.maximumPercent ?? '?'}%`];
	parts.push(breaker?.enable ? `circuit breaker on${breaker.rollback ? ', rollback on' : ', no rollback'}` : 'circuit breaker off');
	return parts.join(' · ');
}

const placement = (p: {type: string; field?: string; expression?: string}) =>
	`${clean(p.type)}${p.field ? `(${clean(p.field)})` : ''}${p.expression ? `(${clean(p.expression)})` : ''}`;

/** Attention reasons whose answer is in the tasks' logs (a crash loop, tasks that fail to start). */
const failingTasks = /failing|circuit breaker|rollout failed|unhealthy/;

export function serviceLines(s: Service, history: Loadable<ServiceDeployment[]> | undefined, now: number): Line[] {
	const attention = serviceAttention(s, now);
	const vpc = s.networkConfiguration?.awsvpcConfiguration;
	return [
		{text: `${clean(s.serviceName)}  ${clean(s.status)}  desired ${s.desiredCount} · running ${s.runningCount} · pending ${s.pendingCount}`, bold: true},
		...fields([
			['attention', attention && (failingTasks.test(attention) ? `${attention} · l: its tasks' logs, stopped ones too` : attention), 'bad'],
			['ARN', s.serviceArn],
			['task definition', tdName(s.taskDefinition)],
			['launch', s.launchType ?? (s.capacityProviderStrategy ?? []).map(c => c.capacityProvider).join(', ')],
			['platform version', s.platformVersion],
			['scheduling', s.schedulingStrategy],
			['controller', s.deploymentController?.type],
			['deployment config', deploymentConfig(s)],
			['health grace', s.healthCheckGracePeriodSeconds === undefined ? undefined : `${s.healthCheckGracePeriodSeconds} s`],
			['execute command', s.enableExecuteCommand === undefined ? undefined : s.enableExecuteCommand ? 'enabled' : 'disabled'],
			['created', [when(s.createdAt, now), s.createdBy && `by ${clean(s.createdBy)}`].filter(Boolean).join(' ')],
		]),
		...section('deployments', s.deployments.flatMap(d => deploymentLines(d, now)), 'none'),
		...section('deployment history (newest first)', historyLines(history, now)),
		...section(
			'load balancers',
			s.loadBalancers.map(lb =>
				item(`${clean(lb.targetGroupArn ? shortId(lb.targetGroupArn.replace(/\/[0-9a-f]+$/, '')) : lb.loadBalancerName ?? '?')} → container ${clean(lb.containerName ?? '?')}:${lb.containerPort ?? '?'}  ${clean(lb.targetGroupArn ?? '')}`),
			),
			'none',
		),
		...section(
			'network',
			vpc
				? fields([['awsvpc subnets', list(vpc.subnets)], ['security groups', list(vpc.securityGroups)], ['public IP', vpc.assignPublicIp]])
				: [note('no awsvpc configuration (bridge or host networking)')],
		),
		...section('placement', fields([['strategy', s.placementStrategy.map(placement).join(', ')], ['constraints', s.placementConstraints.map(placement).join(', ')]]), 'no strategy or constraints'),
		...section(
			'recent events (newest first)',
			s.events.slice(0, 20).map(e => ({text: `  ${e.createdAt.slice(5, 19).replace('T', ' ')}  ${clean(e.message)}`, indent: 18, tone: /unable|fail|unhealthy|circuit breaker/i.test(e.message) ? ('bad' as const) : undefined})),
			'none',
		),
	];
}
