// The app's own keys, where no feature binds them: moving through a table, drilling in and out
// (where a pane's rows lead is its resource's rule: PaneDef.open, .tasks, .instances), the
// stopped-tasks toggle, refresh, help, back and quit. Features (describe, filter and sort, actions,
// events, task definitions) bind theirs in their own modules.
import {helpOverlay} from '../views/help-overlay.js';
import {refreshScopes} from '../views/refresh.js';
import type {ActionContext, Extension, KeyAction, PaneDef, ViewEntry} from '../views/types.js';

/** Movement keys on table panes (panes that draw themselves scroll with their own). */
function move(id: string, delta: (ctx: ActionContext) => number): KeyAction {
	return {
		id,
		where: def => def.rows !== undefined,
		run: ctx => {
			if (ctx.index >= 0) ctx.select(delta(ctx));
		},
	};
}

const nothingSelected = (ctx: ActionContext) => (ctx.selected === undefined ? 'nothing selected' : undefined);

/** A key that leads from the selected row to another view, by the pane's own rule. */
function lead(id: string, has: (def: PaneDef) => boolean, to: (ctx: ActionContext) => ViewEntry | undefined): KeyAction {
	return {
		id,
		where: has,
		disabled: nothingSelected,
		run: ctx => {
			const next = to(ctx);
			if (next) ctx.push(next);
		},
	};
}

const open = (id: string) => lead(id, def => def.open !== undefined, ctx => ctx.def.open?.(ctx.selected, ctx.view, ctx));

/** Esc: first whatever a feature has open on the view (a filter), then back one level. */
function back(extensions: readonly Extension[]): KeyAction {
	return {
		id: 'back',
		run: ctx => {
			if (extensions.some(e => e.closeInnermost?.(ctx))) return;
			if (ctx.pop()) return;
			// A cluster opened from the fleet: its context's top level leads back to the fleet.
			if (!ctx.contexts?.backToFleet()) ctx.status('at the top level (q quits)');
		},
	};
}

export function coreKeys(extensions: readonly Extension[]): KeyAction[] {
	return [
		move('down', ctx => ctx.index + 1),
		move('up', ctx => ctx.index - 1),
		move('top', () => 0),
		move('bottom', ctx => ctx.rows.length - 1),
		move('page-down', ctx => ctx.index + ctx.pageSize),
		move('page-up', ctx => ctx.index - ctx.pageSize),
		open('open-services'),
		open('open-tasks'),
		open('open-containers'),
		open('open-revisions'),
		lead('tasks', def => def.tasks !== undefined, ctx => ctx.def.tasks?.(ctx.selected, ctx.view)),
		{
			id: 'instances',
			where: def => def.instances !== undefined,
			// On services, the cluster's instances whatever the row; on clusters, the selected one's.
			disabled: ctx => (ctx.def.instances?.(ctx.selected, ctx.view) ? undefined : 'nothing selected'),
			run: ctx => {
				const next = ctx.def.instances?.(ctx.selected, ctx.view);
				if (next) ctx.push(next);
			},
		},
		{
			id: 'toggle-stopped',
			run: ctx => {
				const showStopped = !ctx.view.showStopped;
				ctx.replace({...ctx.view, showStopped, stoppedOpen: true});
				ctx.status(showStopped ? 'showing stopped tasks too' : 'hiding stopped tasks');
			},
		},
		{id: 'refresh', run: refreshScopes},
		{id: 'help', run: ctx => ctx.openOverlay(helpOverlay(ctx.view.pane, ctx.readOnly, 0))},
		back(extensions),
		{id: 'quit', run: ctx => ctx.exit()},
	];
}
