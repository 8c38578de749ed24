// The built-in key handlers, by keymap id: movement, drilling in and out, quit, help, refresh,
// tasks/instances of the selection and the stopped-tasks toggle. Features that come later
// (describe, filter, actions, events) plug in through extensions and run before these.
import {shortId, type Cluster, type ContainerInstance, type Service, type Task} from '../domain.js';
import {scopeKey} from '../store/types.js';
import {helpOverlay} from '../views/help-overlay.js';
import {containersView, instancesView, servicesView, tasksView} from '../views/panes.js';
import type {ActionContext, KeyHandler, ViewEntry} from '../views/types.js';

function move(delta: (ctx: ActionContext) => number): KeyHandler {
	return ctx => {
		if (ctx.index < 0) return;
		ctx.select(delta(ctx));
	};
}

/** Where "tasks of the selection" leads from the current pane, if anywhere. */
function tasksOfSelection(ctx: ActionContext): ViewEntry | undefined {
	const {view, selected} = ctx;
	if (!selected) return undefined;
	switch (view.pane) {
		case 'clusters': {
			const cluster = (selected as Cluster).clusterName;
			return tasksView(cluster, {crumb: `${cluster} › tasks`});
		}
		case 'services': {
			const service = selected as Service;
			return tasksView(view.cluster ?? service.clusterArn, {service: service.serviceName, crumb: service.serviceName});
		}
		case 'instances': {
			const instance = selected as ContainerInstance;
			return tasksView(view.cluster ?? '', {
				containerInstance: instance.containerInstanceArn,
				crumb: instance.ec2InstanceId ?? shortId(instance.containerInstanceArn),
			});
		}
		default:
			return undefined;
	}
}

function pushOrSay(ctx: ActionContext, next: ViewEntry | undefined): void {
	if (next) ctx.push(next);
	else if (ctx.rows.length === 0) ctx.status('nothing selected');
}

async function refresh(ctx: ActionContext): Promise<void> {
	const scopes = ctx.def.scopes(ctx.view);
	ctx.status('refreshing…');
	await Promise.all(scopes.map(scope => ctx.poller.refreshNow(scope)));
	const failed = scopes.map(s => ctx.store.getSnapshot().scopes.get(scopeKey(s))).find(s => s?.error);
	ctx.status(failed?.error ? `refresh failed: ${failed.error.message}` : 'refreshed', failed?.error ? 'error' : 'success');
}

export const coreHandlers: Readonly<Record<string, KeyHandler>> = {
	down: move(ctx => ctx.index + 1),
	up: move(ctx => ctx.index - 1),
	top: move(() => 0),
	bottom: move(ctx => ctx.rows.length - 1),
	'page-down': move(ctx => ctx.index + ctx.pageSize),
	'page-up': move(ctx => ctx.index - ctx.pageSize),
	'open-services': ctx => {
		const cluster = ctx.selected as Cluster | undefined;
		pushOrSay(ctx, cluster ? servicesView(cluster.clusterName) : undefined);
	},
	'open-tasks': ctx => pushOrSay(ctx, tasksOfSelection(ctx)),
	'open-containers': ctx => {
		const task = ctx.selected as Task | undefined;
		pushOrSay(ctx, task ? containersView(ctx.view, task) : undefined);
	},
	tasks: ctx => pushOrSay(ctx, tasksOfSelection(ctx)),
	instances: ctx => {
		const {view, selected} = ctx;
		if (view.pane === 'clusters') {
			const cluster = (selected as Cluster | undefined)?.clusterName;
			pushOrSay(ctx, cluster ? instancesView(cluster, `${cluster} › instances`) : undefined);
		} else if (view.cluster) {
			ctx.push(instancesView(view.cluster));
		}
	},
	'toggle-stopped': ctx => {
		const showStopped = !ctx.view.showStopped;
		ctx.replace({...ctx.view, showStopped, stoppedOpen: true});
		ctx.status(showStopped ? 'showing stopped tasks too' : 'hiding stopped tasks');
	},
	refresh: ctx => refresh(ctx),
	help: ctx => ctx.openOverlay(helpOverlay(ctx.view.pane, ctx.readOnly, 0)),
	back: ctx => {
		if (!ctx.pop()) ctx.status('at the top level (q quits)');
	},
	quit: ctx => ctx.exit(),
};
