// The logs pane (`l` on a service, a task or a container): CloudWatch Logs lines oldest at the
// top, newest at the bottom, each tagged with its task and container; it follows new lines until
// the user moves up, and `G` (or `f`) follows again. `0`–`5` jump in time (the newest lines, 1 m,
// 5 m, 15 m, 1 h, since the task started), `/` filters and highlights (the one pattern engine),
// `w` wraps, `t` shows timestamps, `[`/`]` jump between tasks, Ctrl-S saves what is loaded, `L`
// turns Live Tail on or off (billed per minute: never by itself), `d` shows a line whole, its
// JSON pretty-printed. The lines come from a LogsFeed (source/store/logs/) the view owns: it is
// stopped when the view leaves the stack or the app ends.
// Its parts: state.ts (view state), view.ts (opening it), pane.tsx (drawing), layout.ts (what is
// on screen), keys.ts (key actions).
import type {Extension} from '../types.js';
import {logsKeys} from './keys.js';
import {logsPane} from './pane.js';
import {paramsOf} from './state.js';

export {layout} from './layout.js';
export {logColumns, logsPane} from './pane.js';
export {cursorIndex, defaultSince} from './state.js';
export {logsView} from './view.js';

export const logsExtension: Extension = {
	id: 'logs',
	panes: [logsPane],
	keys: logsKeys,
	// Any key in the pane: the user is there (Live Tail, billed per minute, stops after 10 idle minutes).
	keyPressed: view => paramsOf(view)?.feed.touch(),
	headerNote: ctx => {
		const state = paramsOf(ctx.view)?.feed.getState();
		if (!state) return undefined;
		const notes = [
			state.live ? 'LIVE · billed per minute' : undefined,
			state.liveNote,
			state.dropped > 0 ? `${state.dropped} older lines dropped` : undefined,
			state.error && state.lines.length > 0 ? `stale: ${state.error}` : undefined,
		].filter(Boolean);
		return notes.length > 0 ? notes.join(' · ') : undefined;
	},
};
