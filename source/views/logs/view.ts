// Opening the logs view of a target (`l` on a service, a task or a container): its feed starts
// reading now, every change of it redraws the view, and it is stopped when the view leaves the
// stack or the app ends.
import {briefId} from '../../domain.js';
import type {LogsTarget} from '../../store/logs/types.js';
import {clean} from '../../text.js';
import type {ActionContext, ViewEntry} from '../types.js';
import {defaultSince, type LogsParams, versionKey} from './state.js';

/** The logs view of a target: its feed starts reading now and stops when the view goes. */
export function logsView(ctx: ActionContext, target: LogsTarget, crumb: string): ViewEntry | undefined {
	if (!ctx.logsFeed) return undefined;
	const who = target.service ? `service:${target.service}` : `task:${target.taskArns.join(',')}`;
	const id = `logs|${target.cluster}|${who}|${target.container ?? ''}`;
	const feed = ctx.logsFeed(target);
	const state = ctx.stateOf(id);
	// Each change of the feed is a change of the view's state: its rows are read again, and drawn.
	const unsubscribe = feed.subscribe(() => state.set(versionKey, feed.getState().version));
	feed.start(defaultSince);
	const params: LogsParams = {feed, target};
	return {
		id,
		pane: 'logs',
		crumb: `${clean(crumb)} logs`,
		cluster: target.cluster,
		params: params as unknown as Record<string, unknown>,
		dispose: () => {
			unsubscribe();
			feed.stop();
		},
	};
}

/** `web`, `3f2a9c1b7d4e`, `3f2a9c1b7d4e/nginx`. */
export function crumbOf(target: LogsTarget): string {
	if (target.service) return target.service;
	const task = target.taskArns[0] ? briefId(target.taskArns[0]) : '?';
	return target.container ? `${task}/${target.container}` : task;
}
