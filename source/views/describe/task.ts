// Describe lines for a task, a container instance and a task definition (see lines.ts).
// Environment variables are listed by NAME only: values may be secrets and a monitor on a shared
// screen must not show them.
import {briefId, serviceOfTask, shortId, type ContainerInstance, type Resource, type Task, type TaskDefinition} from '../../domain.js';
import {formatMiB, formatVcpu} from '../../format.js';
import {reserved} from '../../resources/instances.js';
import {revisionLines} from '../taskdefs/describe.js';
import {taskAttention} from '../../store/attention.js';
import type {Loadable} from '../../store/describe-cache.js';
import {clean} from '../../text.js';
import type {LogsFeedState} from '../../store/logs/types.js';
import {levelOf} from '../logs/lines.js';
import {field, fields, item, note, section, tdName, when, type Line, type LineTone} from './lines.js';

const statusTone = (s: string | undefined): LineTone | undefined =>
	s === 'STOPPED' ? 'dim' : s === 'UNHEALTHY' || s === 'FAILED' ? 'bad' : s && /PENDING|PROVISIONING|ACTIVATING|STOPPING|DEPROVISIONING|DRAINING/.test(s) ? 'warn' : undefined;

function placedOn(t: Task, instances: ReadonlyMap<string, ContainerInstance>): string {
	if (!t.containerInstanceArn) return `${clean(t.launchType ?? 'FARGATE')}${t.platformVersion ? ` platform ${clean(t.platformVersion)}` : ''}`;
	const ec2 = instances.get(t.containerInstanceArn)?.ec2InstanceId;
	return `${clean(t.launchType ?? 'EC2')} on ${ec2 ? clean(ec2) : ''} (container instance ${clean(shortId(t.containerInstanceArn))})`.replace('on  (', 'on (');
}

/** A stopped task's last log lines, right under its containers' exit codes and reasons. */
function lastLogLines(logs: LogsFeedState): Line[] {
	const shown = logs.lines.slice(-20);
	const body = shown.map(l => ({text: `  ${new Date(l.timestamp).toISOString().slice(11, 23)}  ${l.container ? `${clean(l.container)}  ` : ''}${clean(l.message)}`, tone: levelTone(l.message), indent: 4}));
	const empty = logs.state === 'loading' ? 'loading… (CloudWatch Logs)' : logs.error ? `could not read: ${clean(logs.error)}` : (logs.notes[0] ?? 'no log lines (l opens the logs)');
	const hint = shown.length > 0 ? [note('l opens the logs')] : [];
	return section(`last log lines (${shown.length})`, [...logs.notes.slice(0, 2).map(n => note(clean(n))), ...body, ...hint], empty);
}

const levelTone = (message: string): LineTone | undefined => {
	const level = levelOf(message);
	return level === 'error' ? 'bad' : level === 'warn' ? 'warn' : undefined;
};

export function taskLines(t: Task, instances: ReadonlyMap<string, ContainerInstance>, now: number, logs?: LogsFeedState): Line[] {
	const attention = taskAttention(t);
	const stopTone: LineTone | undefined = attention ? 'bad' : undefined;
	const containers = t.containers.flatMap(c => {
		const exit = c.exitCode === undefined ? '' : `  exit ${c.exitCode}`;
		const health = c.healthStatus ? `  health ${clean(c.healthStatus)}` : '';
		const ports = (c.networkBindings ?? []).map(b => `${b.hostPort !== undefined && b.hostPort !== b.containerPort ? `${b.hostPort}→` : ''}${b.containerPort ?? '?'}/${clean(b.protocol ?? 'tcp')}`);
		const ips = (c.networkInterfaces ?? []).map(n => clean(n.privateIpv4Address ?? n.ipv6Address ?? '')).filter(Boolean);
		const bad = (c.exitCode ?? 0) !== 0 || c.healthStatus === 'UNHEALTHY';
		return [
			item(`${clean(c.name)}  ${clean(c.lastStatus ?? '?')}${exit}${health}`, bad ? 'bad' : statusTone(c.lastStatus)),
			...fields([
				['image', c.image],
				['reason', c.reason, 'bad'],
				['ports', ports.join(', ')],
				['IP', ips.join(', ')],
				['cpu / memory', c.cpu || c.memory ? `${c.cpu ?? '-'} units / ${c.memory ?? '-'} MiB` : undefined],
			], 2),
		];
	});
	const attachments = t.attachments.flatMap(a => [
		item(`${clean(a.type ?? 'attachment')} ${clean(a.status ?? '')}`.trim()),
		...fields(a.details.map(d => [d.name, d.value]), 2),
	]);
	return [
		{text: `task ${clean(shortId(t.taskArn))}  ${clean(t.lastStatus)} (desired ${clean(t.desiredStatus)})${t.healthStatus ? `  health ${clean(t.healthStatus)}` : ''}`, bold: true},
		...fields([
			['attention', attention, 'bad'],
			['stop code', t.stopCode, stopTone],
			['stopped reason', t.stoppedReason, stopTone],
			['ARN', t.taskArn],
			['task definition', tdName(t.taskDefinitionArn)],
			['service', serviceOfTask(t)],
			['group', serviceOfTask(t) ? undefined : t.group],
			['started by', t.startedBy],
			['launch', placedOn(t, instances)],
			['capacity provider', t.capacityProviderName],
			['cpu / memory', t.cpu || t.memory ? `${formatVcpu(t.cpu)} vCPU / ${formatMiB(t.memory)}` : undefined],
			['availability zone', t.availabilityZone],
			['connectivity', t.connectivity],
		]),
		...section(`containers (${t.containers.length})`, containers, 'none'),
		...(logs ? lastLogLines(logs) : []),
		...section('network', attachments, 'no attachments (bridge or host networking: see the container ports)'),
		...section(
			'timestamps',
			fields([
				['created', when(t.createdAt, now)],
				['pull started', when(t.pullStartedAt, now)],
				['pull stopped', when(t.pullStoppedAt, now)],
				['started', when(t.startedAt, now)],
				['connectivity', when(t.connectivityAt, now)],
				['stopping', when(t.stoppingAt, now)],
				['execution stopped', when(t.executionStoppedAt, now)],
				['stopped', when(t.stoppedAt, now)],
			]),
		),
	];
}

const amount = (r: Resource | undefined) => r?.integerValue ?? r?.longValue ?? r?.doubleValue;

function resourceLines(i: ContainerInstance): Line[] {
	const names = [...new Set([...i.registeredResources, ...i.remainingResources].map(r => r.name))];
	return names.map(name => {
		const registered = i.registeredResources.find(r => r.name === name);
		const remaining = i.remainingResources.find(r => r.name === name);
		if (registered?.stringSetValue || remaining?.stringSetValue) {
			return field(name, `registered ${(registered?.stringSetValue ?? []).map(clean).join(', ') || '-'} · in use ${(remaining?.stringSetValue ?? []).map(clean).join(', ') || '-'}`);
		}
		const share = name === 'CPU' || name === 'MEMORY' ? reserved(i, name) : undefined;
		const unit = name === 'MEMORY' ? ' MiB' : name === 'CPU' ? ' units' : '';
		const percent = share === undefined ? '' : ` · ${Math.round(share * 100)}% reserved`;
		return field(name, `${amount(registered) ?? '-'}${unit} registered · ${amount(remaining) ?? '-'}${unit} remaining${percent}`, share !== undefined && share >= 0.9 ? 'warn' : undefined);
	});
}

export function instanceLines(i: ContainerInstance, tasks: readonly Task[], now: number): Line[] {
	const v = i.versionInfo;
	const attributes = [...(i.attributes ?? [])].sort((a, b) => a.name.localeCompare(b.name));
	return [
		{text: `instance ${clean(i.ec2InstanceId ?? shortId(i.containerInstanceArn))}  ${clean(i.status)}  agent ${i.agentConnected ? 'connected' : 'DISCONNECTED'}`, bold: true, tone: i.agentConnected ? undefined : 'bad'},
		...fields([
			['status reason', i.statusReason, 'warn'],
			['container instance', i.containerInstanceArn],
			['EC2 instance', i.ec2InstanceId],
			['tasks', `${i.runningTasksCount} running, ${i.pendingTasksCount} pending`],
			['registered', when(i.registeredAt, now)],
			['capacity provider', i.capacityProviderName],
			['health', i.healthStatus?.overallStatus],
		]),
		...section('resources', resourceLines(i), 'none reported'),
		...section(
			'agent',
			fields([
				['connected', i.agentConnected ? 'yes' : 'NO: ECS cannot place tasks here or report their state', i.agentConnected ? undefined : 'bad'],
				['agent version', v?.agentVersion],
				['agent hash', v?.agentHash],
				['docker version', v?.dockerVersion],
				['update status', i.agentUpdateStatus],
			]),
		),
		...section(`attributes (${attributes.length})`, attributes.map(a => field(a.name, a.value ?? '')), 'none'),
		...section(
			`tasks on it (${tasks.length})`,
			tasks.map(t => item(`${clean(briefId(t.taskArn))}  ${clean(t.lastStatus).padEnd(12)} ${clean(serviceOfTask(t) ?? t.group ?? '').padEnd(20)} ${tdName(t.taskDefinitionArn)}`, statusTone(t.lastStatus))),
			'none listed yet',
		),
	];
}

/**
 * `T`: the task definition of a described service or task, as the task-definitions pane describes a
 * revision (source/views/taskdefs/describe.ts: roles, secrets by name, health checks), once read.
 */
export function taskDefinitionLines(arn: string, loaded: Loadable<TaskDefinition> | undefined, now: number): Line[] {
	const title: Line = {text: `task definition ${tdName(arn)}`, bold: true};
	if (!loaded) return [title, note('not available (no ECS client)')];
	if (loaded.state === 'loading') return [title, note('loading… (DescribeTaskDefinition)')];
	if (loaded.state === 'error' || !loaded.value) return [title, note(`could not read: ${clean(loaded.error ?? 'no answer')}`, 'bad')];
	const [head, ...rest] = revisionLines(loaded.value, now);
	return [{...head!, text: `task definition ${head!.text}`}, ...rest];
}
