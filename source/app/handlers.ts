// The built-in key handlers, by keymap id: movement, drilling in and out (where each pane's rows
// lead is the resource's own rule: PaneDef.open, .tasks, .instances), quit, help, refresh and the
// stopped-tasks toggle. Features that come later
// (describe, filter, actions, events) plug in through extensions and run before these.
import {scopeKey} from '../store/types.js';
import {helpOverlay} from '../views/help-overlay.js';
import type {ActionContext, KeyHandler, PaneDef, ViewEntry} from '../views/types.js';

function move(delta: (ctx: ActionContext) => number): KeyHandler {
	return ctx => {
		if (ctx.index < 0) return;
		ctx.select(delta(ctx));
	};
}

/** A place the selected row leads to, by the pane's own rule (PaneDef.open, .tasks). */
function follow(to: (def: PaneDef, row: unknown, view: ViewEntry, ctx: ActionContext) => ViewEntry | undefined): KeyHandler {
	return ctx => {
		const next = ctx.selected === undefined ? undefined : to(ctx.def, ctx.selected, ctx.view, ctx);
		if (next) ctx.push(next);
		else if (ctx.rows.length === 0) ctx.status('nothing selected');
	};
}

async function refresh(ctx: ActionContext): Promise<void> {
	const scopes = ctx.def.scopes(ctx.view);
	ctx.status('refreshing…');
	await Promise.all(scopes.map(scope => ctx.poller.refreshNow(scope)));
	const failed = scopes.map(s => ctx.store.getSnapshot().scopes.get(scopeKey(s))).find(s => s?.error);
	ctx.status(failed?.error ? `refresh failed: ${failed.error.message}` : 'refreshed', failed?.error ? 'error' : 'success');
}

const open = follow((def, row, view, ctx) => def.open?.(row, view, ctx));

export const coreHandlers: Readonly<Record<string, KeyHandler>> = {
	down: move(ctx => ctx.index + 1),
	up: move(ctx => ctx.index - 1),
	top: move(() => 0),
	bottom: move(ctx => ctx.rows.length - 1),
	'page-down': move(ctx => ctx.index + ctx.pageSize),
	'page-up': move(ctx => ctx.index - ctx.pageSize),
	'open-services': open,
	'open-tasks': open,
	'open-containers': open,
	'open-revisions': open,
	tasks: follow((def, row, view) => def.tasks?.(row, view)),
	instances: ctx => {
		const next = ctx.def.instances?.(ctx.selected, ctx.view);
		if (next) ctx.push(next);
		else if (ctx.rows.length === 0) ctx.status('nothing selected');
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
