// The logs pane (`l` on a service, a task or a container): CloudWatch Logs lines oldest at the
// top, newest at the bottom, each tagged with its task and container; it follows new lines until
// the user moves up, and `G` (or `f`) follows again. `0`–`5` jump in time (the newest lines, 1 m,
// 5 m, 15 m, 1 h, since the task started), `/` filters and highlights (the one pattern engine),
// `w` wraps, `t` shows timestamps, `[`/`]` jump between tasks, Ctrl-S saves what is loaded, `L`
// turns Live Tail on or off (billed per minute: never by itself), `d` shows a line whole, its
// JSON pretty-printed. The lines come from a LogsFeed (source/store/logs/) the view owns: it is
// stopped when the view leaves the stack or the app ends.
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {Box, Text} from 'ink';
import {memo} from 'react';
import {truncate} from '../../components/format.js';
import type {Column} from '../../components/table-layout.js';
import {briefId, type LogEvent} from '../../domain.js';
import {stateDir} from '../../paths.js';
import type {LogsFeed, LogsFeedState, LogsSince, LogsTarget} from '../../store/logs/types.js';
import {clean, displayWidth} from '../../text.js';
import {describeView} from '../describe/view.js';
import {note} from '../describe/lines.js';
import {parseFilter} from '../filter.js';
import {filterKey} from '../filter-sort.js';
import type {ActionContext, Describer, Extension, KeyAction, PaneDef, PaneRenderProps, ViewEntry, ViewState} from '../types.js';
import {viewKey} from '../view-state.js';
import {clockOf, highlights, levelOf, prettyLines, split, tagOf, type Level} from './lines.js';

/** Where the user is: following the newest line, or on a line of their own (by event id). */
interface Cursor {
	follow: boolean;
	at?: string;
	/** Its index when last seen, for when the line is filtered out or dropped from the ring. */
	index?: number;
}

interface Options {
	wrap: boolean;
	timestamps: boolean;
}

const cursorKey = viewKey<Cursor>('logs.cursor');
const optionsKey = viewKey<Options>('logs.options');
const versionKey = viewKey<number>('logs.version');
const sinceKey = viewKey<LogsSince>('logs.since');
/** The first line on screen, kept so the window moves only when the cursor leaves it. */
const topKey = viewKey<{top: number}>('logs.top');

interface LogsParams {
	feed: LogsFeed;
	target: LogsTarget;
}

function paramsOf(view: ViewEntry): LogsParams | undefined {
	return view.params?.feed ? (view.params as unknown as LogsParams) : undefined;
}

export const defaultSince: LogsSince = {kind: 'tail', lines: 100};

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

/** Columns for what works on columns: the `/` filter matches the line as drawn. */
export const logColumns: Array<Column<LogEvent>> = [
	{id: 'time', header: 'TIME (UTC)', width: 12, value: l => clockOf(l.timestamp)},
	{id: 'tag', header: 'TASK/CONTAINER', width: 24, value: tagOf},
	{id: 'message', header: 'MESSAGE', width: 80, value: l => clean(l.message)},
];

function placeholder(state: LogsFeedState | undefined): string {
	if (!state || state.state === 'loading') return 'loading…';
	if (state.error) return state.error;
	if (state.sources.length > 0 && state.sources.every(s => s.kind === 'elsewhere')) return 'no CloudWatch Logs here (see above)';
	return 'no log lines in this time range (0–5 pick another)';
}

export const logsPane: PaneDef<LogEvent> = {
	pane: 'logs',
	scopes: () => [],
	rows: (_snapshot, view) => paramsOf(view)?.feed.getState().lines ?? [],
	rowId: l => l.eventId,
	columns: () => logColumns,
	placeholder: view => placeholder(paramsOf(view)?.feed.getState()),
	render: props => <LogsBody {...props} />,
};

/** The cursor's row in `rows`: the newest when following, else its line (or where it was). */
export function cursorIndex(rows: readonly LogEvent[], cursor: Cursor): number {
	if (rows.length === 0) return -1;
	if (cursor.follow) return rows.length - 1;
	const found = cursor.at === undefined ? -1 : rows.findIndex(r => r.eventId === cursor.at);
	return found >= 0 ? found : Math.max(0, Math.min(cursor.index ?? 0, rows.length - 1));
}

const cursorOf = (viewState: ViewState): Cursor => viewState.get(cursorKey) ?? {follow: true};
const optionsOf = (viewState: ViewState): Options => viewState.get(optionsKey) ?? {wrap: false, timestamps: true};

/** One line's text as drawn (before cutting to the width). */
function lineText(line: LogEvent, options: Options, tagWidth: number): string {
	const tag = tagOf(line);
	const paddedTag = tag + ' '.repeat(Math.max(0, tagWidth - displayWidth(tag)));
	return `${options.timestamps ? `${clockOf(line.timestamp)}  ` : ''}${tagWidth > 0 ? `${paddedTag}  ` : ''}${clean(line.message)}`;
}

/** A text cut into pieces of `width` characters (wrap mode); the first piece alone otherwise. */
function pieces(text: string, width: number, wrap: boolean): string[] {
	if (!wrap) return [truncate(text, width)];
	const chars = Array.from(text);
	const out: string[] = [];
	for (let at = 0; at < chars.length; at += width) out.push(chars.slice(at, at + width).join(''));
	return out.length > 0 ? out : [''];
}

const levelColor: Record<NonNullable<Level>, string> = {error: 'red', warn: 'yellow', debug: 'gray'};

const LogLine = memo(function LogLine({text, level, selected, ranges, color}: {text: string; level: Level; selected: boolean; ranges: ReadonlyArray<[number, number]>; color: boolean}) {
	const tone = color && level ? levelColor[level] : undefined;
	return (
		<Text inverse={selected} color={tone} dimColor={!color && level === 'debug'} wrap="truncate-end">
			{split(text, ranges).map((piece, i) =>
				piece.hit ? (
					<Text key={i} bold underline color={color ? 'cyan' : undefined}>
						{piece.text}
					</Text>
				) : (
					piece.text
				),
			)}
		</Text>
	);
});

function LogsBody({view, size, color, viewState, rows: given}: PaneRenderProps) {
	const params = paramsOf(view);
	const state = params?.feed.getState();
	const rows = (given ?? state?.lines ?? []) as readonly LogEvent[];
	const options = optionsOf(viewState);
	const cursor = cursorOf(viewState);
	const filter = parseFilter(viewState.get(filterKey) ?? '');
	const notes = (state?.notes ?? []).slice(0, 3);
	const height = Math.max(1, size.rows - 1 - notes.length);
	const selected = cursorIndex(rows, cursor);
	// One container shows no tag; a task's containers or a service's tasks each show theirs.
	const tagWidth = params?.target.container ? 0 : Math.min(28, Math.max(4, ...rows.slice(-200).map(r => displayWidth(tagOf(r)))));
	const drawn = (row: LogEvent) => lineText(row, options, tagWidth);
	const window = viewState.cache(topKey, () => ({top: 0}));
	const lines = layout(rows, selected, height, size.columns, options.wrap, window, drawn);
	const marker = state?.live ? 'LIVE · billed per minute' : cursor.follow ? 'following' : 'paused · G follows';
	const heading = `${options.timestamps ? 'TIME (UTC)    ' : ''}${tagWidth > 0 ? `${'TASK/CONTAINER'.padEnd(tagWidth).slice(0, Math.max(tagWidth, 4))}  ` : ''}MESSAGE`;
	const room = Math.max(0, size.columns - marker.length - 1);
	return (
		<Box flexDirection="column" width={size.columns} height={size.rows}>
			<Text wrap="truncate-end">
				<Text bold>{truncate(heading, room).padEnd(room)}</Text> <Text color={color && state?.live ? 'magenta' : undefined} inverse={Boolean(state?.live)}>{marker}</Text>
			</Text>
			{notes.map((n, i) => (
				<Text key={`note${i}`} dimColor wrap="truncate-end">
					{truncate(`  ${clean(n)}`, size.columns)}
				</Text>
			))}
			{lines.length === 0 ? (
				<Text dimColor wrap="truncate-end">{`  ${placeholder(state)}`}</Text>
			) : (
				lines.map(l => <LogLine key={`${l.row.eventId}:${l.piece}`} text={l.text} level={levelOf(l.row.message)} selected={l.selected} ranges={l.piece === 0 || options.wrap ? highlights(l.text, filter) : []} color={color} />)
			)}
		</Box>
	);
}

interface DrawnLine {
	row: LogEvent;
	piece: number;
	text: string;
	selected: boolean;
}

/**
 * The screen lines: rows from the window's top, cut (or wrapped) to the width, as many as fit.
 * The top moves only when the cursor would leave the screen; following, the newest line is last.
 */
export function layout(rows: readonly LogEvent[], selected: number, height: number, width: number, wrap: boolean, window: {top: number}, drawn: (row: LogEvent) => string): DrawnLine[] {
	if (rows.length === 0 || selected < 0) return [];
	const heightOf = (i: number) => (wrap ? pieces(drawn(rows[i]!), width, true).length : 1);
	let top = Math.max(0, Math.min(window.top, rows.length - 1));
	if (selected < top) top = selected;
	// Enough rows from top to show the selected one whole: move top down until it fits.
	let used = 0;
	for (let i = top; i <= selected; i++) used += heightOf(i);
	while (used > height && top < selected) used -= heightOf(top++);
	// Following or at the end: fill the screen from the bottom, no empty lines under the newest.
	if (selected === rows.length - 1) {
		while (top > 0 && used + heightOf(top - 1) <= height) used += heightOf(--top);
	}
	window.top = top;
	const out: DrawnLine[] = [];
	for (let i = top; i < rows.length && out.length < height; i++) {
		const parts = pieces(drawn(rows[i]!), width, wrap);
		parts.forEach((text, piece) => {
			if (out.length < height) out.push({row: rows[i]!, piece, text, selected: i === selected});
		});
	}
	return out;
}

// Keys.

function feedOf(ctx: ActionContext): LogsFeed | undefined {
	return paramsOf(ctx.view)?.feed;
}

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

/** `web`, `3f2a9c1b7d4e`, `3f2a9c1b7d4e/nginx`. */
function crumbOf(target: LogsTarget): string {
	if (target.service) return target.service;
	const task = target.taskArns[0] ? briefId(target.taskArns[0]) : '?';
	return target.container ? `${task}/${target.container}` : task;
}

export const logsExtension: Extension = {
	id: 'logs',
	panes: [logsPane],
	keys: [
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
		{id: 'refresh', panes: ['logs'], run: ctx => feedOf(ctx)?.start(ctx.viewState.get(sinceKey) ?? defaultSince)},
	],
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
