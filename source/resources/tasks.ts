// Tasks: of a cluster, a service or an instance, running and (on `z`) recently stopped;
// `:tasks`/`:task`, `get tasks`.
import {batchLimit} from '../aws/limits.js';
import {briefId, serviceGroup, serviceOfTask, shortId, taskDefinitionName, type Task} from '../domain.js';
import {formatAge, formatMiB, formatVcpu} from '../format.js';
import {taskAttention} from '../store/attention.js';
import {scopeKey, type Scope, type Snapshot} from '../store/types.js';
import {clean} from '../text.js';
import type {Column} from '../components/table-layout.js';
import {taskLines} from '../views/describe/task.js';
import type {LogsTarget} from '../store/logs/types.js';
import type {Describer, PaneDef, ViewEntry} from '../views/types.js';
import {col, healthColor, ipv4Order, nowOf, right, statusColor, toneOf, youngestFirst} from './cells.js';
import {inCluster} from './clusters.js';
import {containersView} from './containers.js';
import {loadedAt, rowsOf} from './rows.js';
import {servicesView} from './services.js';
import type {AdapterFactory, Resource} from './types.js';
import {taskTarget, utilizationColumns} from './utilization.js';
import type {CellContext} from '../components/table-layout.js';

const serviceOf = (t: Task) => serviceOfTask(t) ?? t.group ?? '';
const privateIp = (t: Task) =>
	t.attachments.flatMap(a => a.details).find(d => d.name === 'privateIPv4Address')?.value ??
	t.containers.flatMap(c => c.networkInterfaces ?? []).find(n => n.privateIpv4Address)?.privateIpv4Address ??
	'';
const placedOn = (t: Task, ctx: CellContext) =>
	t.containerInstanceArn ? (ctx.instances?.get(t.containerInstanceArn)?.ec2InstanceId ?? briefId(t.containerInstanceArn)) : t.launchType === 'FARGATE' || !t.launchType ? 'Fargate' : '';
const exits = (t: Task) => t.containers.filter(c => c.exitCode !== undefined).map(c => c.exitCode).join(',');

export const taskColumns = [
	// Hex IDs sort character by character (their digits are not numbers), natively: 10,000 in a few ms.
	col<Task>('id', 'TASK', 12, t => briefId(t.taskArn), {sortText: t => briefId(t.taskArn).toLowerCase()}),
	col<Task>('service', 'SERVICE/GROUP', 20, serviceOf),
	col<Task>('lastStatus', 'LAST', 12, t => t.lastStatus, {color: t => statusColor(t.lastStatus)}),
	col<Task>('desiredStatus', 'DESIRED', 8, t => t.desiredStatus, {color: t => (t.desiredStatus === 'STOPPED' && t.lastStatus !== 'STOPPED' ? 'yellow' : undefined)}),
	col<Task>('health', 'HEALTH', 9, t => t.healthStatus ?? '', {color: t => healthColor(t.healthStatus)}),
	...utilizationColumns(taskTarget),
	col<Task>('taskDefinition', 'TASK DEFINITION', 22, t => taskDefinitionName(t.taskDefinitionArn)),
	col<Task>('cpuMemory', 'CPU/MEM', 9, t => (t.cpu || t.memory ? `${formatVcpu(t.cpu)}/${formatMiB(t.memory)}` : ''), {sortValue: t => (t.cpu ? Number(t.cpu) : undefined)}),
	col<Task>('az', 'AZ', 11, t => t.availabilityZone ?? ''),
	col<Task>('instance', 'INSTANCE', 19, placedOn),
	col<Task>('ip', 'PRIVATE IP', 15, privateIp, {sortValue: t => ipv4Order(privateIp(t))}),
	col<Task>('age', 'AGE', 6, (t, ctx) => formatAge(t.startedAt ?? t.createdAt, nowOf(ctx)), {...right, sortValue: t => youngestFirst(t.startedAt ?? t.createdAt)}),
];

/** The tasks pane with stopped tasks toggled in (and `get tasks --stopped`): why each one stopped. */
export const stoppedTaskColumns = [
	...taskColumns,
	col<Task>('stopCode', 'STOP CODE', 24, t => t.stopCode ?? '', {color: t => (taskAttention(t) ? 'red' : undefined)}),
	col<Task>('exitCodes', 'EXIT', 6, exits, {color: t => (t.containers.some(c => (c.exitCode ?? 0) !== 0) ? 'red' : undefined)}),
	col<Task>('stoppedReason', 'STOPPED REASON', 48, t => t.stoppedReason ?? ''),
];

/** In the TUI, why a task stopped goes right after its status, where it is seen. */
const stoppedFirst = ['id', 'service', 'lastStatus', 'desiredStatus', 'stopCode', 'exitCodes', 'stoppedReason'];
export const stoppedColumns: ReadonlyArray<Column<Task>> = [
	...stoppedFirst.flatMap(id => stoppedTaskColumns.filter(c => c.id === id)),
	...stoppedTaskColumns.filter(c => !stoppedFirst.includes(c.id)),
];

/**
 * The TUI's `!` column, as on services (there it comes first, here after the ID): a task needing attention (unhealthy, failed to start, a
 * crash loop) is marked without colour too (NO_COLOR, the terminal-default theme).
 */
const attentionColumn = col<Task>('attention', '!', 1, t => (taskAttention(t) ? '!' : ''), {color: t => (taskAttention(t) ? 'red' : undefined)});

export function taskTone(t: Task) {
	if (t.lastStatus === 'STOPPED') return 'stopped' as const;
	if (t.healthStatus === 'UNHEALTHY') return 'error' as const;
	if (t.desiredStatus === 'STOPPED') return 'warning' as const;
	return toneOf(t.lastStatus);
}

/** A task described (also a container's, from the containers pane), with its last log lines once stopped. */
export const taskDescriber: Describer<Task> = {
	find: (snapshot, arn) => snapshot.tasks.get(arn),
	agesOut: true,
	lines: (t, ctx) => taskLines(t, ctx.snapshot.instances, ctx.now, ctx.logs),
};

/** A stopped task's describe view shows its last log lines: why it died, in one key. */
export function lastLinesOf(t: Task, view: ViewEntry): LogsTarget | undefined {
	return t.lastStatus === 'STOPPED' ? {cluster: view.cluster ?? t.clusterArn, taskArns: [t.taskArn]} : undefined;
}

export function tasksView(cluster: string, by: {service?: string; containerInstance?: string; crumb: string}): ViewEntry {
	const scope: Scope = {kind: 'tasks', cluster, service: by.service, containerInstance: by.containerInstance};
	return {id: scopeKey(scope), pane: 'tasks', crumb: clean(by.crumb), cluster, scope};
}

/** The scopes a tasks view reads: running, and once shown, recently stopped ones too. */
export function tasksScopes(view: ViewEntry): Scope[] {
	const scope = view.scope;
	if (!scope || scope.kind !== 'tasks') return [];
	// A stopped scope lists running AND recently stopped tasks (two ListTasks calls). Once shown,
	// both scopes stay open while the view is, so toggling either way is instant.
	const stopped: Scope = {...scope, stopped: true};
	if (view.showStopped) return [stopped, scope];
	return view.stoppedOpen ? [scope, stopped] : [scope];
}

/**
 * A service's tasks are those ListTasks returns for its serviceName, and ECS puts each in the group
 * `service:NAME`. Emulators that ignore the serviceName filter (moto) list the whole cluster, so
 * the group is checked too: on ECS it removes nothing. A task without a group is kept.
 */
export function inServiceGroup(services: readonly string[]): ((task: Task) => boolean) | undefined {
	if (services.length === 0) return undefined;
	const groups = new Set(services.map(serviceGroup));
	return task => task.group === undefined || groups.has(task.group);
}

function taskRows(snapshot: Snapshot, view: ViewEntry): readonly Task[] {
	const scopes = tasksScopes(view);
	const service = view.scope?.kind === 'tasks' ? view.scope.service : undefined;
	const ofService = inServiceGroup(service ? [service] : []);
	if (view.showStopped) {
		// The stopped scope, or the running tasks while it loads.
		const shown = scopes.find(s => loadedAt(snapshot, s) >= 0) ?? scopes[0];
		const rows = shown ? rowsOf(snapshot.tasks, snapshot, [shown]) : [];
		return ofService ? rows.filter(ofService) : rows;
	}
	// The fresher of the two lists; a task known to have stopped since is not "running" any more.
	const fresher = scopes.reduce<Scope | undefined>((best, s) => (!best || loadedAt(snapshot, s) > loadedAt(snapshot, best) ? s : best), undefined);
	return fresher ? running(rowsOf(snapshot.tasks, snapshot, [fresher]), service) : [];
}

/** The running tasks of a list, kept per list (rowsOf's arrays are kept while nothing changes) and service. */
const runningOf = new WeakMap<readonly Task[], {service: string | undefined; rows: readonly Task[]}>();

function running(rows: readonly Task[], service: string | undefined): readonly Task[] {
	const hit = runningOf.get(rows);
	if (hit && hit.service === service) return hit.rows;
	const ofService = inServiceGroup(service ? [service] : []);
	const kept = rows.filter(t => t.lastStatus !== 'STOPPED' && (!ofService || ofService(t)));
	runningOf.set(rows, {service, rows: kept});
	return kept;
}

export const tasksPane: PaneDef<Task> = {
	pane: 'tasks',
	scopes: tasksScopes,
	rows: taskRows,
	rowId: t => t.taskArn,
	columns: view => {
		// The `!` right after the task ID (the ID stays first: it is what the row is called).
		const columns = (view.showStopped ? stoppedColumns : taskColumns).flatMap(c => (c.id === 'id' ? [c, attentionColumn] : [c]));
		// The tasks of one service all share it: its column would only take room from the reasons.
		return view.scope?.kind === 'tasks' && view.scope.service ? columns.filter(c => c.id !== 'service') : columns;
	},
	tone: taskTone,
	empty: view => (view.showStopped ? 'no tasks' : 'no running tasks (z shows stopped ones)'),
	attention: t => taskAttention(t),
	metrics: taskTarget,
	open: (t, view) => containersView(view, t),
	logs: (t, view) => (t ? {cluster: view.cluster ?? t.clusterArn, taskArns: [t.taskArn]} : undefined),
	describe: (t, view) => (t ? {kind: 'task', arn: t.taskArn, crumb: `describe ${briefId(t.taskArn)}`, describer: taskDescriber, logs: lastLinesOf(t, view)} : undefined),
	origin: view => (view.scope?.kind === 'tasks' ? (view.scope.service ?? view.scope.containerInstance) : undefined),
};

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

const tasksAdapter: AdapterFactory = (api, scope) => {
	const {cluster, service, containerInstance, stopped} = scope as Extract<Scope, {kind: 'tasks'}>;
	const filter = {
		...(service === undefined ? {} : {serviceName: shortId(service)}),
		...(containerInstance === undefined ? {} : {containerInstance}),
	};
	return {
		kind: 'tasks',
		chunk: batchLimit.DescribeTasks,
		category: 'clusterResourceRead',
		cluster,
		listCalls: stopped ? 2 : 1,
		async list(options) {
			// aws ecs list-tasks --cluster C [--service-name S] [--container-instance I] --desired-status RUNNING
			// (the default), and for recently stopped tasks a second listing with --desired-status STOPPED
			const running = await api.listTaskArns(cluster, {...filter, desiredStatus: 'RUNNING'}, options);
			if (!stopped) return running;
			const gone = await api.listTaskArns(cluster, {...filter, desiredStatus: 'STOPPED'}, options);
			return [...new Set([...running, ...gone])];
		},
		// aws ecs describe-tasks --cluster C --tasks … (100 a call)
		describe: (ids, options) => api.describeTasks(cluster, ids, options),
		arnOf: item => (item as Task).taskArn,
		settled: (item, now) => taskSettled(item as Task, now),
	};
};

export const tasks: Resource = {
	name: 'tasks',
	panes: [tasksPane],
	commands: [{names: ['tasks', 'task'], run: inCluster(c => [servicesView(c), tasksView(c, {crumb: 'tasks'})])}],
	get: {
		metrics: taskTarget,
		names: ['tasks', 'task'],
		flags: ['service', 'stopped'],
		async read(api, request, call) {
			const filters = request.services.length > 0 ? request.services.map(serviceName => ({serviceName})) : [{}];
			const statuses = request.stopped ? (['RUNNING', 'STOPPED'] as const) : (['RUNNING'] as const);
			const arns: string[] = [];
			for (const filter of filters) {
				// aws ecs list-tasks --cluster C [--service-name S] --desired-status RUNNING|STOPPED (every page)
				for (const desiredStatus of statuses) arns.push(...(await api.listTaskArns(request.cluster, {...filter, desiredStatus}, call)));
			}
			// aws ecs describe-tasks --cluster C --tasks … (100 a call)
			const {items} = await api.describeTasks(request.cluster, [...new Set(arns)], call);
			const mine = inServiceGroup(request.services);
			return {items: mine ? items.filter(mine) : items, columns: request.stopped ? stoppedTaskColumns : taskColumns};
		},
	},
	adapters: {tasks: tasksAdapter},
};
