// What the logs pane keeps in its view state: where the cursor is (following the newest line, or
// on a line of the user's own, by event id), wrap and timestamps, the feed's version (each change
// of the feed redraws the view) and where reading started; and the view's params (its feed).
import type {LogEvent} from '../../domain.js';
import type {LogsFeed, LogsSince, LogsTarget} from '../../store/logs/types.js';
import type {ActionContext, ViewEntry, ViewState} from '../types.js';
import {viewKey} from '../view-state.js';

/** Where the user is: following the newest line, or on a line of their own (by event id). */
export interface Cursor {
	follow: boolean;
	at?: string;
	/** Its index when last seen, for when the line is filtered out or dropped from the ring. */
	index?: number;
}

export interface Options {
	wrap: boolean;
	timestamps: boolean;
}

export const cursorKey = viewKey<Cursor>('logs.cursor');
export const optionsKey = viewKey<Options>('logs.options');
export const versionKey = viewKey<number>('logs.version');
export const sinceKey = viewKey<LogsSince>('logs.since');
/** The first line on screen, kept so the window moves only when the cursor leaves it. */
export const topKey = viewKey<{top: number}>('logs.top');

export interface LogsParams {
	feed: LogsFeed;
	target: LogsTarget;
}

export function paramsOf(view: ViewEntry): LogsParams | undefined {
	return view.params?.feed ? (view.params as unknown as LogsParams) : undefined;
}

export function feedOf(ctx: ActionContext): LogsFeed | undefined {
	return paramsOf(ctx.view)?.feed;
}

export const defaultSince: LogsSince = {kind: 'tail', lines: 100};

export const cursorOf = (viewState: ViewState): Cursor => viewState.get(cursorKey) ?? {follow: true};
export const optionsOf = (viewState: ViewState): Options => viewState.get(optionsKey) ?? {wrap: false, timestamps: true};

/** The cursor's row in `rows`: the newest when following, else its line (or where it was). */
export function cursorIndex(rows: readonly LogEvent[], cursor: Cursor): number {
	if (rows.length === 0) return -1;
	if (cursor.follow) return rows.length - 1;
	const found = cursor.at === undefined ? -1 : rows.findIndex(r => r.eventId === cursor.at);
	return found >= 0 ? found : Math.max(0, Math.min(cursor.index ?? 0, rows.length - 1));
}
