// Containers: the containers of one task (Enter on a task). They come with the task: no scope of
// their own, the task's tasks scope keeps them fresh.
import {briefId, shortId, type Container, type Task} from '../domain.js';
import type {LogsTarget} from '../store/logs/types.js';
import type {Snapshot} from '../store/types.js';
import {clean} from '../text.js';
import type {PaneDef, ViewEntry} from '../views/types.js';
import {col, healthColor, right, statusColor, toneOf} from './cells.js';
import {lastLinesOf, taskDescriber, tasksScopes} from './tasks.js';
import type {Resource} from './types.js';

const ports = (c: Container) =>
	(c.networkBindings ?? []).map(b => `${b.hostPort && b.hostPort !== b.containerPort ? `${b.hostPort}→` : ''}${b.containerPort ?? ''}/${b.protocol ?? 'tcp'}`).join(',');

export const containerColumns = [
	col<Container>('name', 'NAME', 20, c => c.name),
	col<Container>('image', 'IMAGE', 36, c => c.image ?? ''),
	col<Container>('status', 'STATUS', 10, c => c.lastStatus ?? '', {color: c => statusColor(c.lastStatus)}),
	col<Container>('exitCode', 'EXIT', 4, c => c.exitCode ?? '', {...right, color: c => ((c.exitCode ?? 0) !== 0 ? 'red' : undefined)}),
	col<Container>('health', 'HEALTH', 9, c => c.healthStatus ?? '', {color: c => healthColor(c.healthStatus)}),
	col<Container>('ports', 'PORTS', 18, ports),
	col<Container>('reason', 'REASON', 40, c => c.reason ?? ''),
];

export function containerTone(c: Container) {
	if (c.healthStatus === 'UNHEALTHY') return 'error' as const;
	if (c.lastStatus === 'STOPPED') return c.exitCode !== undefined && c.exitCode !== 0 ? ('error' as const) : ('stopped' as const);
	return toneOf(c.lastStatus);
}

export function containersView(parent: ViewEntry, task: Task): ViewEntry {
	return {
		id: `containers|${task.taskArn}`,
		pane: 'containers',
		crumb: clean(shortId(task.taskArn)),
		cluster: parent.cluster,
		scope: parent.scope,
		showStopped: parent.showStopped,
		stoppedOpen: parent.stoppedOpen,
		taskArn: task.taskArn,
	};
}

/** The containers' task, once stopped: its last log lines in its description. */
function lastOf(view: ViewEntry, snapshot: Snapshot): LogsTarget | undefined {
	const task = view.taskArn ? snapshot.tasks.get(view.taskArn) : undefined;
	return task ? lastLinesOf(task, view) : undefined;
}

export const containersPane: PaneDef<Container> = {
	pane: 'containers',
	// The task's own tasks scope keeps it fresh (and in the store).
	scopes: tasksScopes,
	rows: (snapshot, view) => (view.taskArn ? (snapshot.tasks.get(view.taskArn)?.containers ?? []) : []),
	rowId: c => c.name,
	visibleIds: view => (view.taskArn ? [view.taskArn] : []),
	columns: () => containerColumns,
	tone: containerTone,
	empty: () => 'the task is no longer listed',
	logs: (c, view) => (c && view.taskArn ? {cluster: view.cluster ?? '', taskArns: [view.taskArn], container: c.name} : undefined),
	// A container is described as part of its task.
	describe: (_c, view, snapshot) => (view.taskArn ? {kind: 'task', arn: view.taskArn, crumb: `describe ${briefId(view.taskArn)}`, describer: taskDescriber, logs: lastOf(view, snapshot)} : undefined),
	origin: view => view.taskArn,
};

export const containers: Resource = {name: 'containers', panes: [containersPane]};
