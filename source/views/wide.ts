// Wide mode (`W`): every column of a table pane at its full content width, scrolled sideways by a
// column with `←`/`→`. Kept per view (its state bag), so it survives refreshes and going back.
// The table records which columns it drew (onScreenKey), so the sort keys step through those only.
import type {ActionContext, Extension, KeyAction, PaneDef, ViewState} from './types.js';
import {viewKey} from './view-state.js';

export interface WideState {
	on: boolean;
	/** The first column drawn. */
	offset: number;
}

export const wideKey = viewKey<WideState>('table.wide');
/** The ids of the columns the table last drew for the view (a render fills it: no redraw). */
export const onScreenKey = viewKey<{ids?: readonly string[]}>('table.on-screen');

export function wideOf(viewState: ViewState): WideState {
	return viewState.get(wideKey) ?? {on: false, offset: 0};
}

export function onScreenColumns(viewState: ViewState): {ids?: readonly string[]} {
	return viewState.cache(onScreenKey, () => ({}));
}

/** Panes the table draws (columns, no body of their own). */
const isTable = (def: PaneDef) => def.columns !== undefined && def.render === undefined;

function scroll(delta: 1 | -1): KeyAction {
	return {
		id: delta > 0 ? 'scroll-right' : 'scroll-left',
		where: isTable,
		disabled: ctx => (wideOf(ctx.viewState).on ? undefined : 'wide mode is off: W shows every column, then ←/→ scroll'),
		run: (ctx: ActionContext) => {
			const state = wideOf(ctx.viewState);
			const count = ctx.def.columns?.(ctx.view).length ?? 0;
			const offset = Math.max(0, Math.min(count - 1, state.offset + delta));
			if (offset === state.offset) return void ctx.status(delta > 0 ? 'at the last column' : 'at the first column');
			ctx.viewState.set(wideKey, {...state, offset});
		},
	};
}

export const wideExtension: Extension = {
	id: 'wide',
	keys: [
		{
			id: 'wide',
			where: isTable,
			run: ctx => {
				const state = wideOf(ctx.viewState);
				ctx.viewState.set(wideKey, {on: !state.on, offset: 0});
				ctx.status(state.on ? 'wide mode off: columns share the width' : 'wide mode: every column whole, ←/→ scroll');
			},
		},
		scroll(-1),
		scroll(1),
	],
};
