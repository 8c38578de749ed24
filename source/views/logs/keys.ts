// The logs pane's keys: moving (up from the newest line leaves follow mode, down to it follows
// again), `G`/`f` follow, `0`–`5` jump in time, `w` wraps, `t` timestamps, `[`/`]` other tasks,
// Ctrl-S saves what is loaded, `L` Live Tail (billed per minute: never by itself), `d` a line
// whole, `r` reads again; and `l` elsewhere, which opens the pane.
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {LogEvent} from '../../domain.js';
import {stateDir} from '../../paths.js';
import type {LogsSince} from '../../store/logs/types.js';
import {clean} from '../../text.js';
import {describeView} from '../describe/view.js';
import {note} from '../describe/lines.js';
import type {ActionContext, Describer, KeyAction} from '../types.js';
import {clockOf, prettyLines, tagOf} from './lines.js';
import {cursorIndex, cursorKey, cursorOf, defaultSince, feedOf, optionsKey, optionsOf, sinceKey, type Options} from './state.js';
import {crumbOf, logsView} from './view.js';

/** A key that moves the cursor: keeps Live Tail's idle clock running, and leaves follow mode. */
function moveBy(id: string, to: (index: number, count: number, page: number) => number): KeyAction {
	return {
		id,
		panes: ['logs'],
		run: ctx => {
			const rows = ctx.rows as readonly LogEvent[];
			if (rows.length === 0) return;
			const page = Math.max(1, ctx.bodySize.rows - 2);
			const from = cursorIndex(rows, cursorOf(ctx.viewState));
			const index = Math.max(0, Math.min(rows.length - 1, to(from, rows.length, page)));
			// Reaching the newest line by moving down follows again, as `tail -f` users expect.
			if (index === rows.length - 1 && index > from) return ctx.viewState.set(cursorKey, {follow: true});
			ctx.viewState.set(cursorKey, {follow: false, at: rows[index]!.eventId, index});
		},
	};
}

function toggle(id: string, key: keyof Options, say: (on: boolean) => string): KeyAction {
	return {
		id,
		panes: ['logs'],
		run: ctx => {
			const options = optionsOf(ctx.viewState);
			const next = {...options, [key]: !options[key]};
			ctx.viewState.set(optionsKey, next);
			ctx.status(say(next[key]));
		},
	};
}

const jumps: ReadonlyArray<[string, string, LogsSince, string]> = [
	['0', 'logs-tail', {kind: 'tail', lines: 100}, 'the newest 100 lines'],
	['1', 'logs-1m', {kind: 'ago', ms: 60_000}, 'the last minute'],
	['2', 'logs-5m', {kind: 'ago', ms: 300_000}, 'the last 5 minutes'],
	['3', 'logs-15m', {kind: 'ago', ms: 900_000}, 'the last 15 minutes'],
	['4', 'logs-1h', {kind: 'ago', ms: 3_600_000}, 'the last hour'],
	['5', 'logs-start', {kind: 'task-start'}, 'since the task started'],
];

function jump(id: string, since: LogsSince, label: string): KeyAction {
	return {
		id,
		panes: ['logs'],
		run: ctx => {
			const feed = feedOf(ctx);
			if (!feed) return;
			feed.start(since);
			ctx.viewState.set(sinceKey, since);
			ctx.viewState.set(cursorKey, {follow: true});
			ctx.status(`logs: ${label}`);
		},
	};
}

/** `[`/`]`: the nearest line of another task before or after the cursor. */
function otherTask(id: string, step: 1 | -1): KeyAction {
	return {
		id,
		panes: ['logs'],
		run: ctx => {
			const rows = ctx.rows as readonly LogEvent[];
			const from = cursorIndex(rows, cursorOf(ctx.viewState));
			if (from < 0) return;
			const task = rows[from]!.taskId;
			for (let i = from + step; i >= 0 && i < rows.length; i += step) {
				if (rows[i]!.taskId !== task) {
					if (i === rows.length - 1) ctx.viewState.set(cursorKey, {follow: true});
					else ctx.viewState.set(cursorKey, {follow: false, at: rows[i]!.eventId, index: i});
					return ctx.status(`task ${clean(rows[i]!.taskId?.slice(0, 12) ?? '?')}`);
				}
			}
			ctx.status(step > 0 ? 'no other task after this line' : 'no other task before this line');
		},
	};
}

/** Ctrl-S: what is loaded (after the filter), as text lines, into the state directory. */
function save(ctx: ActionContext): void {
	const rows = ctx.rows as readonly LogEvent[];
	const dir = path.join(stateDir(), 'logs');
	const name = `${ctx.view.crumb.replace(/[^\w.-]+/g, '_')}-${new Date(ctx.now()).toISOString().replace(/[:.]/g, '-')}.log`;
	const file = path.join(dir, name);
	try {
		mkdirSync(dir, {recursive: true, mode: 0o700});
		const text = rows.map(r => `${new Date(r.timestamp).toISOString()}  ${tagOf(r)}  ${clean(r.message)}`).join('\n');
		writeFileSync(file, rows.length > 0 ? `${text}\n` : '', {mode: 0o600});
		ctx.status(`saved ${rows.length} lines to ${file}`, 'success');
	} catch (error) {
		ctx.status(`could not save: ${error instanceof Error ? error.message : String(error)}`, 'error');
	}
}

/** `d`: the cursor's line whole, JSON pretty-printed, in a describe view. */
function describeLine(ctx: ActionContext): void {
	const rows = ctx.rows as readonly LogEvent[];
	const line = rows[cursorIndex(rows, cursorOf(ctx.viewState))];
	if (!line) return;
	const describer: Describer<LogEvent> = {
		find: () => line,
		lines: l => [
			{text: `${new Date(l.timestamp).toISOString()}  ${tagOf(l)}`, bold: true},
			note(`${clean(l.logGroup)} · ${clean(l.logStream)}`),
			...prettyLines(l).map(text => ({text, indent: 2})),
		],
	};
	ctx.push(describeView({kind: 'log', arn: line.eventId, scopes: [], describer}, `line ${clockOf(line.timestamp)}`, ctx.view.cluster));
}

const noLogs = 'logs need CloudWatch Logs access (not available here)';

export const logsKeys: KeyAction[] = [
	{
		id: 'logs',
		where: def => def.logs !== undefined,
		disabled: ctx => (!ctx.logsFeed ? noLogs : ctx.def.logs?.(ctx.selected, ctx.view, ctx.snapshot) ? undefined : 'nothing selected'),
		run: ctx => {
			const target = ctx.def.logs?.(ctx.selected, ctx.view, ctx.snapshot);
			const view = target && logsView(ctx, target, crumbOf(target));
			if (view) ctx.push(view);
		},
	},
	moveBy('down', i => i + 1),
	moveBy('up', i => i - 1),
	moveBy('top', () => 0),
	moveBy('page-down', (i, _n, page) => i + page),
	moveBy('page-up', (i, _n, page) => i - page),
	{id: 'bottom', panes: ['logs'], run: ctx => ctx.viewState.set(cursorKey, {follow: true})},
	{
		id: 'logs-follow',
		run: ctx => {
			const rows = ctx.rows as readonly LogEvent[];
			const cursor = cursorOf(ctx.viewState);
			if (cursor.follow) {
				const index = rows.length - 1;
				ctx.viewState.set(cursorKey, {follow: false, at: rows[index]?.eventId, index});
				ctx.status('paused (G or f follows)');
			} else {
				ctx.viewState.set(cursorKey, {follow: true});
				ctx.status('following');
			}
		},
	},
	...jumps.map(([, id, since, label]) => jump(id, since, label)),
	toggle('logs-wrap', 'wrap', on => (on ? 'wrapping long lines' : 'long lines cut')),
	toggle('logs-timestamps', 'timestamps', on => (on ? 'timestamps shown' : 'timestamps hidden')),
	otherTask('logs-next-task', 1),
	otherTask('logs-previous-task', -1),
	{id: 'logs-save', run: save},
	{
		id: 'logs-live',
		run: ctx => {
			const feed = feedOf(ctx);
			if (!feed) return;
			const live = !feed.getState().live;
			feed.setLive(live);
			ctx.status(live ? 'Live Tail on: billed by AWS per minute (L stops it)' : 'Live Tail off: polling');
		},
	},
	{id: 'describe', panes: ['logs'], run: describeLine, disabled: ctx => ((ctx.rows as readonly unknown[]).length === 0 ? 'no line here' : undefined)},
	{id: 'log-line-whole', panes: ['logs'], run: describeLine, disabled: ctx => ((ctx.rows as readonly unknown[]).length === 0 ? 'no line here' : undefined)},
	{id: 'refresh', panes: ['logs'], run: ctx => feedOf(ctx)?.start(ctx.viewState.get(sinceKey) ?? defaultSince)},
];
