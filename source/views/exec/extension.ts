// Into the container, as a TUI feature: `s` a shell (the terminal handed to session-manager-plugin
// or to ecs-top's own session client, and taken back on the same pane and row), `F` a port forward running in the background, `E` ECS
// Exec enabled on the service, `:pf` the forwards (x stops one). All three keys are dangerous:
// absent under --read-only, each through one confirmation, audited. Before any dialog, what the
// store already knows is checked (exec enabled, the agent, the platform): the first failing
// condition is said on the status line with its fix, and nothing is sent.
import {serviceOfTask, shortId, type Container, type Service, type Task} from '../../domain.js';
import {execReadiness} from '../../exec/checks.js';
import type {ForwardEntry, SessionsFeature} from '../../exec/forwards.js';
import type {SessionTransport} from '../../exec/transport.js';
import {fileAuditLog} from '../../store/actions/audit.js';
import {clean} from '../../text.js';
import {formatAge} from '../../format.js';
import {col, right} from '../../resources/cells.js';
import {base, open, type ActionsOptions} from '../actions/extension.js';
import {ActionsRuntime, afterAny} from '../actions/progress.js';
import type {ActionContext, Extension, PaneDef, ViewEntry} from '../types.js';
import {viewKey} from '../view-state.js';
import {enableExecSpec, forwardSpec, shellSpec} from './flows.js';

/** The task and container `s`/`F` act on: a task's first container (its only one, mostly), or the container row. */
function where(ctx: ActionContext): {task: Task; container: Container} | string {
	if (ctx.view.pane === 'containers') {
		const task = ctx.view.taskArn ? ctx.snapshot.tasks.get(ctx.view.taskArn) : undefined;
		const container = ctx.selected as Container | undefined;
		if (!task || !container) return 'no container selected';
		return {task, container};
	}
	const task = ctx.selected as Task | undefined;
	if (!task) return 'no task selected';
	const container = task.containers[0];
	if (!container) return `task ${clean(shortId(task.taskArn)).slice(0, 12)} has no containers yet`;
	return {task, container};
}

/** Why `s`/`F` cannot go ahead, from what is known without a call; undefined: open the dialog. */
function refusal(ctx: ActionContext, sessions: SessionsFeature | undefined, task: Task, container: Container): string | undefined {
	if (!sessions || !ctx.api || !ctx.view.cluster) return 'exec and port forwarding are not available here';
	const instance = task.containerInstanceArn ? ctx.snapshot.instances.get(task.containerInstanceArn) : undefined;
	const ready = execReadiness(task, {container: container.name, instance});
	if (!ready.ok) return ready.message;
	const transport = sessions.transport();
	if ('refusal' in transport) return transport.refusal;
	return undefined;
}

function portOf(container: Container): number | undefined {
	return container.networkBindings?.find(b => b.containerPort)?.containerPort;
}

const forwardsVersion = viewKey<number>('forwards.version');

export function forwardsView(sessions: SessionsFeature | undefined, ctx: ActionContext): ViewEntry {
	const view: ViewEntry = {id: 'forwards', pane: 'forwards', crumb: 'port forwards', ...(ctx.view.cluster ? {cluster: ctx.view.cluster} : {})};
	if (!sessions) return view;
	const state = ctx.stateOf(view.id);
	const unsubscribe = sessions.forwards.subscribe(() => state.set(forwardsVersion, sessions.forwards.version));
	return {...view, params: {forwards: sessions.forwards}, dispose: unsubscribe};
}

// `stopped` only once the stop has finished (the plugin ends before TerminateSession is answered).
const stateText = (e: ForwardEntry) =>
	e.stopping ? (e.stopped ? 'stopped' : 'stopping') : e.state.state === 'ended' ? `ended: ${e.state.reason}` : e.state.state === 'listening' && e.state.note ? `listening (${e.state.note})` : e.state.state;

const forwardColumns = [
	col<ForwardEntry>('local', 'LOCAL', 21, e => e.local),
	col<ForwardEntry>('remote', 'TARGET', 44, e => e.remote),
	col<ForwardEntry>('state', 'STATE', 24, stateText, {color: e => (e.state.state === 'ended' ? 'dim' : e.state.state === 'listening' ? 'green' : 'yellow')}),
	col<ForwardEntry>('since', 'SINCE', 7, (e, ctx) => formatAge((ctx.now ?? Date.now()) - e.startedAt), right),
	col<ForwardEntry>('session', 'SESSION', 40, e => e.id),
];

export const forwardsPane: PaneDef<ForwardEntry> = {
	pane: 'forwards',
	scopes: () => [],
	rows: (_snapshot, view) => (view.params?.forwards as SessionsFeature['forwards'] | undefined)?.list() ?? [],
	rowId: e => e.id,
	columns: () => forwardColumns,
	empty: () => 'no port forwards: F on a task or a container starts one',
	placeholder: () => 'no port forwards: F on a task or a container starts one',
};

export function execExtension(given: ActionsOptions = {}): Extension {
	const options = {...given, audit: given.audit ?? fileAuditLog()};
	const rt = new ActionsRuntime();
	const session = (ctx: ActionContext): {task: Task; container: Container; transport: SessionTransport; sessions: SessionsFeature} | undefined => {
		const found = where(ctx);
		if (typeof found === 'string') return void ctx.status(found);
		const why = refusal(ctx, ctx.sessions, found.task, found.container);
		if (why) return void ctx.status(why, 'error');
		return {...found, transport: ctx.sessions!.transport() as SessionTransport, sessions: ctx.sessions!};
	};
	return {
		id: 'exec',
		panes: [forwardsPane],
		keys: [
			{
				id: 'shell',
				run: ctx => {
					const s = session(ctx);
					if (!s) return;
					if (!ctx.handOver) return void ctx.status('a shell needs the terminal: this app has none to hand over', 'error');
					const flow = base(ctx, options, s.task.taskArn, result => afterAny(ctx, result));
					open(ctx, rt, options, shellSpec({base: flow, sessions: s.sessions, transport: s.transport, handOver: ctx.handOver, task: s.task, container: s.container.name, command: s.sessions.execCommand}), [s.task.taskArn]);
				},
			},
			{
				id: 'port-forward',
				run: ctx => {
					const s = session(ctx);
					if (!s) return;
					const flow = base(ctx, options, s.task.taskArn, result => afterAny(ctx, result));
					open(ctx, rt, options, forwardSpec({base: flow, sessions: s.sessions, transport: s.transport, task: s.task, container: s.container.name, port: portOf(s.container)}), [s.task.taskArn]);
				},
			},
			{
				id: 'enable-exec',
				run: ctx => {
					const service = serviceOf(ctx);
					if (typeof service === 'string') return void ctx.status(service, 'error');
					if (!ctx.api || !ctx.view.cluster) return void ctx.status('actions need an ECS client and a cluster', 'error');
					if (service.enableExecuteCommand) {
						return void ctx.status(`exec is already enabled on ${clean(service.serviceName)}: tasks started before that need replacing (R redeploys)`);
					}
					open(ctx, rt, options, enableExecSpec(base(ctx, options, service.serviceArn, result => afterAny(ctx, result)), service), [service.serviceArn]);
				},
			},
			{
				id: 'stop-forward',
				disabled: ctx => (ctx.selected ? undefined : 'no forward selected'),
				run: async ctx => {
					const entry = ctx.selected as ForwardEntry;
					if (entry.state.state === 'ended') return ctx.status(`${entry.local} has ended already`);
					ctx.status(`stopping ${entry.local} (TerminateSession)…`);
					const problem = await ctx.sessions?.forwards.stop(entry.id);
					ctx.status(problem ?? `stopped ${entry.local} -> ${clean(entry.remote)}`, problem ? 'error' : 'success');
				},
			},
		],
	};
}

/** The service E acts on: the selected one, or the selected task's (or the containers' task's). */
function serviceOf(ctx: ActionContext): Service | string {
	if (ctx.view.pane === 'services') return (ctx.selected as Service | undefined) ?? 'no service selected';
	const task = ctx.view.pane === 'containers' ? (ctx.view.taskArn ? ctx.snapshot.tasks.get(ctx.view.taskArn) : undefined) : (ctx.selected as Task | undefined);
	if (!task) return 'no task selected';
	const name = serviceOfTask(task);
	if (!name) return 'a standalone task has no service to enable exec on: run it again with --enable-execute-command';
	const found = [...ctx.snapshot.services.values()].find(s => s.serviceName === name && s.clusterArn === task.clusterArn);
	return found ?? `service ${clean(name)} is not loaded here: press E on it in the services pane`;
}
