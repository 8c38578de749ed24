// Deployments: one service's service deployments (`p` on a service, `:deployments`/`:dp [NAME]`,
// `get deployments --service S`), newest first: status, the live rollout of the one under way,
// source → target revision as `family:revision`, the target's running/pending/desired, start and
// finish, circuit breaker and alarms, and why it ended (a rollback says what rolled it back). Read
// through the store's deployments feed (source/store/deployments.ts), which re-reads on the
// service's own refreshes while one moves; the service itself is kept fresh by its events scope
// (one DescribeServices a refresh, the focused cadence) and its tasks by a tasks scope (healthy
// counts). What B and U do on these rows is in source/views/deployments/.
import type {EcsApi} from '../aws/ecs-api.js';
import {primaryDeployment, taskDefinitionName, type Service, type ServiceDeployment, type ServiceRevisionSummary, type Task} from '../domain.js';
import {formatAge} from '../format.js';
import {DeploymentsFeed, readDeployments, unfinished} from '../store/deployments.js';
import type {ReadableStore, Scope, Snapshot} from '../store/types.js';
import {clean} from '../text.js';
import {fields, note, section, when, type Line, type LineTone} from '../views/describe/lines.js';
import type {ActionContext, Describer, PaneDef, ViewEntry, ViewState} from '../views/types.js';
import {viewKey} from '../views/view-state.js';
import type {CellColor} from '../components/table-layout.js';
import {col, nowOf, right, statusColor, youngestFirst} from './cells.js';
import {currentCluster} from './clusters.js';
import {rowsOf} from './rows.js';
import type {Resource} from './types.js';

/** A deployment as the pane shows it: ECS's, plus the live rollout of the one under way. */
export interface DeploymentRow extends ServiceDeployment {
	live?: {rolloutState?: string; reason?: string; progress: string};
	/** `get deployments`: the revisions as `family:revision`. */
	targetTaskDefinition?: string;
	sourceTaskDefinitions?: string[];
}

const name = (arn: string) => clean(taskDefinitionName(arn));

/** A revision as people name it (`cart:3`), or its id until DescribeServiceRevisions has answered. */
export function revisionName(r: ServiceRevisionSummary | undefined): string {
	if (!r) return '';
	return r.taskDefinition ? name(r.taskDefinition) : clean(r.arn.slice(r.arn.lastIndexOf('/') + 1));
}

const target = (d: DeploymentRow) => d.targetTaskDefinition ?? revisionName(d.targetServiceRevision);
const sources = (d: DeploymentRow) => (d.sourceTaskDefinitions ?? (d.sourceServiceRevisions ?? []).map(revisionName)).join(',');
const started = (d: DeploymentRow) => d.startedAt ?? d.createdAt;
const finished = (d: DeploymentRow) => d.finishedAt ?? d.stoppedAt;

function deploymentColor(status: string | undefined): CellColor | undefined {
	if (status === 'SUCCESSFUL') return 'green';
	if (status === 'STOPPED') return 'dim';
	return statusColor(status) ?? (status === 'ROLLBACK_SUCCESSFUL' ? 'yellow' : undefined);
}

function breaker(d: DeploymentRow): string {
	const b = d.deploymentCircuitBreaker;
	if (!b?.status) return '';
	return b.status === 'DISABLED' ? 'DISABLED' : `${b.status} ${b.failureCount ?? 0}/${b.threshold ?? '?'}`;
}

function alarms(d: DeploymentRow): string {
	const a = d.alarms;
	if (!a?.status) return '';
	const triggered = a.triggeredAlarmNames ?? [];
	return triggered.length > 0 ? `${a.status}: ${triggered.join(',')}` : a.status;
}

/** Why it ended or where it is: a rollback's reason (who rolled it back), ECS's status reason, the live rollout's. */
function reason(d: DeploymentRow): string {
	return d.rollback?.reason ?? d.statusReason ?? d.live?.reason ?? '';
}

export const deploymentColumns = [
	col<DeploymentRow>('started', 'STARTED', 8, (d, ctx) => formatAge(started(d), nowOf(ctx)), {...right, sortValue: d => youngestFirst(started(d))}),
	col<DeploymentRow>('status', 'STATUS', 20, d => d.status ?? '', {color: d => deploymentColor(d.status)}),
	col<DeploymentRow>('target', 'TARGET', 14, target),
	col<DeploymentRow>('source', 'SOURCE', 14, sources),
	col<DeploymentRow>('progress', 'PROGRESS', 48, d => d.live?.progress ?? ''),
	col<DeploymentRow>('running', 'RUNNING', 7, d => d.targetServiceRevision?.runningTaskCount ?? '', right),
	col<DeploymentRow>('pending', 'PENDING', 7, d => d.targetServiceRevision?.pendingTaskCount ?? '', right),
	col<DeploymentRow>('desired', 'DESIRED', 7, d => d.targetServiceRevision?.requestedTaskCount ?? '', right),
	col<DeploymentRow>('rollout', 'ROLLOUT', 11, d => d.live?.rolloutState ?? '', {color: d => statusColor(d.live?.rolloutState)}),
	col<DeploymentRow>('breaker', 'CIRCUIT BREAKER', 16, breaker, {color: d => (d.deploymentCircuitBreaker?.status === 'TRIGGERED' ? 'red' : undefined)}),
	col<DeploymentRow>('alarms', 'ALARMS', 10, alarms, {color: d => (d.alarms?.status === 'TRIGGERED' ? 'red' : undefined)}),
	col<DeploymentRow>('finished', 'FINISHED', 8, (d, ctx) => formatAge(finished(d), nowOf(ctx)), {...right, sortValue: d => youngestFirst(finished(d))}),
	col<DeploymentRow>('reason', 'REASON', 40, reason),
];

/**
 * The live progress of the deployment that runs now, from the service as last polled (its
 * PRIMARY deployment's counts, the old ones still running) and its tasks (how many of the new
 * revision are healthy, where the containers have health checks). Undefined for the others.
 */
export function liveOf(sd: ServiceDeployment, service: Service | undefined, tasks: readonly Task[]): DeploymentRow['live'] {
	if (!service || !unfinished.has(sd.status ?? '')) return undefined;
	const current = service.currentServiceDeployment
		? service.currentServiceDeployment === sd.serviceDeploymentArn
		: sd.targetServiceRevision?.taskDefinition === service.taskDefinition;
	const primary = primaryDeployment(service);
	if (!current || !primary) return undefined;
	const old = service.deployments.filter(d => d !== primary).reduce((n, d) => n + d.runningCount, 0);
	const mine = tasks.filter(t => t.taskDefinitionArn === primary.taskDefinition && t.desiredStatus === 'RUNNING');
	const checked = mine.some(t => t.healthStatus === 'HEALTHY' || t.healthStatus === 'UNHEALTHY');
	const healthy = mine.filter(t => t.lastStatus === 'RUNNING' && t.healthStatus === 'HEALTHY').length;
	const goal = sd.targetServiceRevision?.taskDefinition;
	// A rollback under way brings the source revision back: say which.
	const back = goal && primary.taskDefinition !== goal ? `back to ${name(primary.taskDefinition)}: ` : '';
	const parts = [`${back}${primary.runningCount}/${primary.desiredCount} started`];
	if (checked) parts.push(`${healthy} healthy`);
	if (primary.pendingCount > 0) parts.push(`${primary.pendingCount} pending`);
	if ((primary.failedTasks ?? 0) > 0) parts.push(`${primary.failedTasks} failed`);
	return {rolloutState: primary.rolloutState, reason: primary.rolloutStateReason, progress: `${parts.join(', ')} · ${old} old running`};
}

const percent = (n: number | undefined) => (n === undefined ? '?' : `${n}%`);

/** `d` on a deployment: every field ECS gives, revisions named, and the live progress of the one under way. */
export function deploymentLines(d: DeploymentRow, now: number): Line[] {
	const status = d.status ?? '?';
	const tone: LineTone | undefined = /FAIL/.test(status) ? 'bad' : unfinished.has(status) ? 'warn' : status === 'SUCCESSFUL' ? 'good' : undefined;
	const revision = (r: ServiceRevisionSummary | undefined) =>
		r ? `${revisionName(r)}  ${r.runningTaskCount ?? 0} running · ${r.pendingTaskCount ?? 0} pending · ${r.requestedTaskCount ?? 0} desired` : undefined;
	const config = d.deploymentConfiguration;
	const breaker = config?.deploymentCircuitBreaker;
	const cb = d.deploymentCircuitBreaker;
	const alarmsOf = d.alarms;
	const service = d.serviceArn ? clean(d.serviceArn.slice(d.serviceArn.lastIndexOf('/') + 1)) : '?';
	return [
		{text: `${service} deployment of ${target(d) || '?'}  ${clean(status)}`, bold: true, tone},
		...fields([
			['ARN', d.serviceDeploymentArn],
			['status reason', d.statusReason, tone],
			['target', revision(d.targetServiceRevision)],
			['target revision', d.targetServiceRevision?.arn],
			['sources', (d.sourceServiceRevisions ?? []).map(r => `${revisionName(r)} ${r.runningTaskCount ?? 0} running`).join(', ') || 'none (the service\'s first)'],
			['progress', d.live?.progress, 'warn'],
			['rollout', d.live ? `${clean(d.live.rolloutState ?? '?')}${d.live.reason ? `: ${clean(d.live.reason)}` : ''}` : undefined],
			['lifecycle stage', d.lifecycleStage],
			['created', when(d.createdAt, now)],
			['started', when(d.startedAt, now)],
			['updated', when(d.updatedAt, now)],
			['finished', when(d.finishedAt, now)],
			['stopped', when(d.stoppedAt, now)],
		]),
		...section('rollback', d.rollback ? fields([
			// ECS says what rolled it back (the circuit breaker, an alarm, a stop request); nothing names who started a deployment.
			['reason', d.rollback.reason, 'bad'],
			['started', when(d.rollback.startedAt, now)],
			['to revision', d.rollback.serviceRevisionArn],
		]) : [], 'none'),
		...section('monitoring', fields([
			['circuit breaker', cb?.status ? `${clean(cb.status)}${cb.status === 'DISABLED' ? '' : ` (${cb.failureCount ?? 0} of ${cb.threshold ?? '?'} failures)`}` : undefined, cb?.status === 'TRIGGERED' ? 'bad' : undefined],
			['alarms', alarmsOf?.status ? `${clean(alarmsOf.status)}${alarmsOf.alarmNames?.length ? `: ${alarmsOf.alarmNames.map(clean).join(', ')}` : ''}` : undefined, alarmsOf?.status === 'TRIGGERED' ? 'bad' : undefined],
			['triggered alarms', (alarmsOf?.triggeredAlarmNames ?? []).map(clean).join(', '), 'bad'],
		]), 'not reported'),
		...section('deployment configuration', config ? fields([
			['strategy', config.strategy],
			['healthy at least', percent(config.minimumHealthyPercent)],
			['running at most', percent(config.maximumPercent)],
			['circuit breaker', breaker ? (breaker.enable ? `on, ${breaker.rollback ? 'rolls back' : 'no rollback'}` : 'off') : undefined],
		]) : [note('not reported')]),
	];
}

const versionKey = viewKey<number>('deployments.version');

/** Under its own key: `params.feed` is the logs pane's (its extension reads any view's). */
export interface DeploymentsParams {
	deployments: DeploymentsFeed;
	service: string;
	tasksScope: Scope;
}

export function paramsOf(view: ViewEntry): DeploymentsParams | undefined {
	return view.params?.deployments instanceof DeploymentsFeed ? (view.params as unknown as DeploymentsParams) : undefined;
}

export interface DeploymentsViewDeps {
	api: EcsApi;
	store: ReadableStore;
	stateOf(viewId: string): ViewState;
	now(): number;
}

/** One service's deployments: its feed starts reading at once and stops with the view. */
export function deploymentsView(deps: DeploymentsViewDeps, cluster: string, service: string): ViewEntry {
	const id = `deployments|${cluster}|${service}`;
	// One DescribeServices of just this service a refresh (the events pane's scope, shared with it).
	const scope: Scope = {kind: 'events', cluster, service};
	const tasksScope: Scope = {kind: 'tasks', cluster, service};
	const state = deps.stateOf(id);
	const feed = new DeploymentsFeed({
		api: deps.api, store: deps.store, cluster, service, scope, now: deps.now,
		changed: () => state.set(versionKey, (state.get(versionKey) ?? 0) + 1),
	});
	feed.start();
	const params: DeploymentsParams = {deployments: feed, service, tasksScope};
	return {id, pane: 'deployments', crumb: `${clean(service)} › deployments`, cluster, scope, params: params as unknown as Record<string, unknown>, dispose: () => feed.dispose()};
}

function placeholder(view: ViewEntry): string {
	const p = paramsOf(view);
	const state = p?.deployments.state;
	if (!p || !state || state.state === 'loading') return 'loading… (ListServiceDeployments, DescribeServiceDeployments)';
	if (state.unsupported) return `${state.error}: no deployments to show; the rest works (Esc goes back)`;
	if (state.state === 'error') return `could not read the deployments: ${state.error ?? '?'} (r reads again)`;
	return `no deployments listed for ${clean(p.service)}`;
}

/** The deployments as last read, the one under way with its live progress from the snapshot. */
function deploymentRows(snapshot: Snapshot, view: ViewEntry): DeploymentRow[] {
	const p = paramsOf(view);
	const items = p?.deployments.state.read?.items ?? [];
	if (!p || items.length === 0) return items;
	const service = p.deployments.service();
	const tasks = items.some(d => unfinished.has(d.status ?? '')) ? rowsOf(snapshot.tasks, snapshot, [p.tasksScope]) : [];
	return items.map(d => {
		const live = liveOf(d, service, tasks);
		return live ? {...d, live} : d;
	});
}

export const deploymentsPane: PaneDef<DeploymentRow> = {
	pane: 'deployments',
	scopes: view => {
		const p = paramsOf(view);
		return [...(view.scope ? [view.scope] : []), ...(p ? [p.tasksScope] : [])];
	},
	rows: (snapshot, view) => deploymentRows(snapshot, view),
	rowId: d => d.serviceDeploymentArn,
	// The poller's visible rows are the focused scope's: the service, not these deployments.
	visibleIds: () => [],
	columns: () => deploymentColumns,
	tone: d => (d.status === 'ROLLBACK_FAILED' ? 'error' : unfinished.has(d.status ?? '') ? 'warning' : d.status === 'STOPPED' ? 'stopped' : undefined),
	placeholder,
	empty: view => placeholder(view),
	describe: (d, view) => {
		const p = paramsOf(view);
		if (!d || !p) return undefined;
		// The row as the pane last read it (with its live progress), kept fresh by the feed.
		const describer: Describer<DeploymentRow> = {
			find: (snapshot, arn) => deploymentRows(snapshot, view).find(r => r.serviceDeploymentArn === arn),
			lines: (row, ctx) => deploymentLines(row, ctx.now),
		};
		return {kind: 'deployment', arn: d.serviceDeploymentArn, crumb: `describe ${target(d) || 'deployment'}`, describer};
	},
};

/** The service a `:dp` or `p` means: the one named, the selected one, or the one the view is about. */
export function serviceInView(ctx: ActionContext): string | undefined {
	if (ctx.view.pane === 'services' && ctx.selected) return (ctx.selected as Service).serviceName;
	for (const view of [...ctx.stack].reverse()) {
		const scope = view.scope;
		if (scope && (scope.kind === 'tasks' || scope.kind === 'events') && scope.service) return scope.service;
	}
	return undefined;
}

/** `:deployments [SERVICE]` / `:dp`: returns an error to show, or nothing. */
export function openDeployments(ctx: ActionContext, arg: string): string | void {
	if (!ctx.api) return 'deployments need an ECS client';
	const cluster = currentCluster(ctx);
	if (!cluster) return 'which cluster? pick one first, or :cluster NAME';
	const service = arg.trim() || serviceInView(ctx);
	if (!service) return 'which service? select one in the services pane (p), or :dp NAME';
	ctx.push(deploymentsView({api: ctx.api, store: ctx.store, stateOf: ctx.stateOf, now: () => ctx.now()}, cluster, service));
}

/** `get deployments --json`: ECS's ServiceDeployment fields, plus the revisions as `family:revision`. */
function jsonItem(d: ServiceDeployment): DeploymentRow {
	// The list's targetServiceRevisionArn is ListServiceDeployments' field, not the described deployment's.
	const {targetServiceRevisionArn, targetServiceRevision, sourceServiceRevisions, ...rest} = d;
	const plain = (r: ServiceRevisionSummary): ServiceRevisionSummary => {
		const {taskDefinition: _, ...summary} = r;
		return summary;
	};
	const goal = targetServiceRevision ?? (targetServiceRevisionArn ? {arn: targetServiceRevisionArn} : undefined);
	return {
		...rest,
		...(targetServiceRevision ? {targetServiceRevision: plain(targetServiceRevision)} : targetServiceRevisionArn ? {targetServiceRevisionArn} : {}),
		...(sourceServiceRevisions ? {sourceServiceRevisions: sourceServiceRevisions.map(plain)} : {}),
		targetTaskDefinition: goal?.taskDefinition ? taskDefinitionName(goal.taskDefinition) : undefined,
		sourceTaskDefinitions: sourceServiceRevisions?.map(r => (r.taskDefinition ? taskDefinitionName(r.taskDefinition) : r.arn)),
	};
}

export const deployments: Resource = {
	name: 'deployments',
	panes: [deploymentsPane],
	commands: [{names: ['deployments', 'dp'], run: openDeployments, takesArgument: true}],
	get: {
		names: ['deployments', 'deployment', 'dp'],
		flags: ['service'],
		required: ['service'],
		async read(api, request, call) {
			const [service] = request.services;
			// Every deployment listed, every one described (20 a call), revisions resolved.
			const read = await readDeployments(api, request.cluster, service!, call);
			if (read.revisionsError) request.warn(`revisions shown as ids: ${read.revisionsError}`);
			return {items: read.items.map(jsonItem), columns: deploymentColumns};
		},
	},
};
