// `d`: a scrollable description of the selected row, drawn by its resource's describer
// (source/resources/), and `T` in it: the task definition of the described service or task. The entity comes live from
// the store (the parent view's scope stays polled, with the described ARN kept "visible" so it is
// re-described every refresh); deployment history and task definitions are read on demand
// (store/describe-cache.ts). Long values wrap under their field; j/k/PgDn/PgUp/g/G scroll; Esc back.
import {Box, Text} from 'ink';
import {useEffect, useSyncExternalStore} from 'react';
import {primaryDeployment, shortId, taskDefinitionName, type Service, type Task} from '../../domain.js';
import {describeCacheFor, type DescribeCache} from '../../store/describe-cache.js';
import type {LogsFeed, LogsTarget} from '../../store/logs/types.js';
import type {Scope, Snapshot} from '../../store/types.js';
import {clean} from '../../text.js';
import {note, type Line} from './lines.js';
import {taskDefinitionLines} from './task.js';
import {utilizationLines} from './utilization.js';
import {historyRanges, type MetricsHistoryFeed} from '../../store/metrics/history.js';
import type {ActionContext, BodySize, Describer, Extension, KeyHandler, PaneDef, PaneRenderProps, ViewEntry, ViewState} from '../types.js';
import {refreshScopes} from '../refresh.js';
import {scrollKeys} from '../scroll-keys.js';
import {viewKey} from '../view-state.js';
import {paint, useTheme} from '../../components/theme.js';

export type DescribeKind = 'cluster' | 'service' | 'task' | 'instance' | 'log' | 'deployment' | 'taskDefinition';

export interface DescribeTarget {
	kind: DescribeKind;
	arn: string;
	/** The store scopes that keep the entity fresh (the parent view's). */
	scopes: Scope[];
	/** The resource's describer (none for a task definition, which `T` reads on demand). */
	describer?: Describer;
}

const topKey = viewKey<number>('describe.top');
/** The entity as last seen, for when it drops out of the lists (a stopped task ages out). */
const lastSeenKey = viewKey<{entity?: unknown}>('describe.last-seen');

export function targetOf(view: ViewEntry): DescribeTarget | undefined {
	return view.params?.target as DescribeTarget | undefined;
}

/** What the view reads on demand through (deployment history, task definitions). */
function cacheOf(view: ViewEntry): DescribeCache | undefined {
	return view.params?.cache as DescribeCache | undefined;
}

export function describeView(target: DescribeTarget, crumb: string, cluster: string | undefined, cache?: DescribeCache): ViewEntry {
	return {id: `describe|${target.kind}|${target.arn}`, pane: 'describe', crumb: clean(crumb), cluster, scope: target.scopes[0], params: cache ? {target, cache} : {target}};
}

function entity(snapshot: Snapshot, viewState: ViewState, target: DescribeTarget): unknown {
	const found = target.describer?.find(snapshot, target.arn);
	const lastSeen = viewState.cache(lastSeenKey, () => ({}));
	if (found) lastSeen.entity = found;
	return found ?? lastSeen.entity;
}

/** The description as lines (clean, unwrapped): the resource's own describer draws them. */
export function describeLines(view: ViewEntry, viewState: ViewState, snapshot: Snapshot, now: number): Line[] {
	const target = targetOf(view);
	if (!target) return [note('nothing to describe')];
	const cache = cacheOf(view);
	if (target.kind === 'taskDefinition') return taskDefinitionLines(target.arn, cache?.taskDefinition(target.arn), now);
	const found = entity(snapshot, viewState, target);
	if (!found || !target.describer) return [note(`loading ${clean(shortId(target.arn))}…`)];
	const logs = (view.params?.logs as LogsFeed | undefined)?.getState();
	const lines = target.describer.lines(found, {snapshot, now, cache, extraScopes: target.scopes.slice(1), logs});
	const gone = target.describer.agesOut === true && target.describer.find(snapshot, target.arn) === undefined;
	const history = (view.params?.history as MetricsHistoryFeed | undefined)?.getState();
	const utilization = utilizationLines(history, view.params?.historyUnavailable as string | undefined);
	return gone ? [note('no longer listed: as last seen', 'warn', 0), ...lines, ...utilization] : [...lines, ...utilization];
}

/** Lines cut to the width; a long one continues on the next lines under its value. */
export function wrapLines(lines: readonly Line[], width: number): Line[] {
	const out: Line[] = [];
	for (const line of lines) {
		const chars = Array.from(line.text);
		if (chars.length <= width) {
			out.push(line);
			continue;
		}
		const indent = Math.min(line.indent ?? 4, Math.floor(width / 2));
		out.push({...line, text: chars.slice(0, width).join('')});
		for (let at = width; at < chars.length; at += width - indent) {
			out.push({...line, bold: false, text: ' '.repeat(indent) + chars.slice(at, at + width - indent).join('')});
		}
	}
	return out;
}

const toneColor = {bad: 'red', warn: 'yellow', good: 'green'} as const;

/** The lines on screen at `size`, wrapped; the render and the scroll keys both count these. */
function wrappedLines(view: ViewEntry, viewState: ViewState, snapshot: Snapshot, now: number, size: BodySize): {lines: Line[]; height: number} {
	return {lines: wrapLines(describeLines(view, viewState, snapshot, now), Math.max(1, size.columns)), height: Math.max(1, size.rows - 1)};
}

function DescribeBody({view, snapshot, size, color, viewState, now}: PaneRenderProps) {
	const cache = cacheOf(view);
	useSyncExternalStore(cache?.subscribe ?? noSubscribe, cache?.getVersion ?? zero);
	const target = targetOf(view);
	const service = target?.kind === 'service' ? (entity(snapshot, viewState, target) as Service | undefined) : undefined;
	useEffect(() => {
		if (!cache || !target) return;
		if (target.kind === 'taskDefinition') void cache.loadTaskDefinition(target.arn);
	}, [cache, target]);
	const serviceKey = service ? `${service.clusterArn}|${service.serviceArn}` : '';
	useEffect(() => {
		if (cache && service && !cache.history(service.clusterArn, service.serviceArn)) void cache.loadHistory(service.clusterArn, service.serviceArn);
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [cache, serviceKey]);

	const theme = useTheme();
	const {lines, height} = wrappedLines(view, viewState, snapshot, now ?? Date.now(), size);
	const top = clampTop(viewState.get(topKey) ?? 0, lines.length, height);
	const visible = lines.slice(top, top + height);
	const where = lines.length > height ? `lines ${top + 1}-${top + visible.length} of ${lines.length} · j/k PgDn/PgUp scroll` : `${lines.length} lines`;
	const keys = (target?.kind === 'service' || target?.kind === 'task' ? ' · T task definition' : '') + (historyOf(view) ? ' · m range' : '');
	return (
		<Box flexDirection="column" width={size.columns} height={size.rows}>
			<Text dimColor wrap="truncate-end">{`${where}${keys} · Esc back`}</Text>
			{visible.map((line, i) => (
				<Text key={i} bold={line.bold} dimColor={line.tone === 'dim'} color={color && line.tone && line.tone !== 'dim' ? paint(theme, toneColor[line.tone]) : undefined} wrap="truncate-end">
					{line.text || ' '}
				</Text>
			))}
		</Box>
	);
}

const noSubscribe = () => () => {};
const zero = () => 0;

function clampTop(top: number, count: number, height: number): number {
	return Math.max(0, Math.min(top, count - height));
}

export const describePane: PaneDef = {
	pane: 'describe',
	scopes: view => targetOf(view)?.scopes ?? [],
	// Only the described entity needs re-describing each refresh.
	visibleIds: view => {
		const target = targetOf(view);
		return target && target.kind !== 'taskDefinition' && target.kind !== 'cluster' && target.kind !== 'log' && target.kind !== 'deployment' ? [target.arn] : [];
	},
	render: props => <DescribeBody {...props} />,
	// `l` in a task's or a service's description: its logs.
	logs: (_row, view, snapshot) => {
		const target = targetOf(view);
		const cluster = view.cluster;
		if (!target || !cluster) return undefined;
		if (target.kind === 'task') return {cluster, taskArns: [target.arn]};
		const s = target.kind === 'service' ? snapshot.services.get(target.arn) : undefined;
		return s ? {cluster, service: s.serviceName, taskArns: []} : undefined;
	},
};

function scroll(to: (top: number, height: number, count: number) => number): KeyHandler {
	return (ctx: ActionContext) => {
		const {lines, height} = wrappedLines(ctx.view, ctx.viewState, ctx.snapshot, ctx.now(), ctx.bodySize);
		const count = lines.length;
		const top = clampTop(ctx.viewState.get(topKey) ?? 0, count, height);
		ctx.viewState.set(topKey, clampTop(to(top, height, count), count, height));
	};
}

function apiCache(ctx: ActionContext): DescribeCache | undefined {
	return ctx.api ? describeCacheFor(ctx.api) : undefined;
}

/** `d` on a table row: what the row's resource says it describes (PaneDef.describe). */
export function openDescribe(ctx: ActionContext): void {
	const {view, def} = ctx;
	const request = def.describe?.(ctx.selected, view, ctx.snapshot);
	if (!request) return;
	const target: DescribeTarget = {kind: request.kind, arn: request.arn, scopes: [...def.scopes(view), ...(request.extraScopes ?? [])], describer: request.describer};
	const described = describeView(target, request.crumb, view.cluster, apiCache(ctx));
	const withLogs = request.logs ? withLastLines(ctx, described, request.logs) : described;
	ctx.push(withHistory(ctx, withLogs));
}

const historyVersion = viewKey<number>('describe.history');

/**
 * A cluster's, service's or running task's description with its CPU and memory history, read
 * when the view opens (and extended each minute while it is open); or why there is none.
 */
function withHistory(ctx: ActionContext, view: ViewEntry): ViewEntry {
	const metricsOf = ctx.def.metrics;
	if (!metricsOf || ctx.selected === undefined) return view;
	if (!ctx.metricsHistory || !ctx.snapshot.metrics.enabled) return {...view, params: {...view.params, historyUnavailable: 'metrics are off (--no-metrics)'}};
	const target = metricsOf(ctx.selected, {clusters: ctx.snapshot.clusters});
	if (typeof target === 'string') {
		const why = target === 'no CI' ? "this task's cluster has no Container Insights with enhanced observability (task metrics need it)" : target;
		return why ? {...view, params: {...view.params, historyUnavailable: why}} : view;
	}
	const feed = ctx.metricsHistory(target);
	const state = ctx.stateOf(view.id);
	const unsubscribe = feed.subscribe(() => state.set(historyVersion, feed.getState().version));
	feed.setRange('1h');
	const dispose = view.dispose;
	return {
		...view,
		params: {...view.params, history: feed},
		dispose: () => {
			dispose?.();
			unsubscribe();
			feed.stop();
		},
	};
}

function historyOf(view: ViewEntry): MetricsHistoryFeed | undefined {
	return view.params?.history as MetricsHistoryFeed | undefined;
}

/** `m`: the chart's next range (1 h, 3 h, 24 h). */
function nextRange(ctx: ActionContext): void {
	const feed = historyOf(ctx.view)!;
	const at = historyRanges.indexOf(feed.getState().range);
	feed.setRange(historyRanges[(at + 1) % historyRanges.length]!);
}

/** A stopped task's describe view shows this many of its last log lines. */
export const lastLines = 20;
const lastLinesVersion = viewKey<number>('describe.last-lines');

/** The describe view of a stopped task, with a feed of its last 20 log lines (read once, not followed). */
function withLastLines(ctx: ActionContext, view: ViewEntry, target: LogsTarget): ViewEntry {
	if (!ctx.logsFeed) return view;
	const feed = ctx.logsFeed(target);
	const state = ctx.stateOf(view.id);
	const unsubscribe = feed.subscribe(() => state.set(lastLinesVersion, feed.getState().version));
	feed.setFollow(false);
	feed.start({kind: 'tail', lines: lastLines});
	return {
		...view,
		params: {...view.params, logs: feed},
		dispose: () => {
			unsubscribe();
			feed.stop();
		},
	};
}

/** The task definition of the described service (its primary deployment's) or task. */
function describedTaskDefinition(ctx: ActionContext): string | undefined {
	const target = targetOf(ctx.view);
	const found = target ? entity(ctx.snapshot, ctx.viewState, target) : undefined;
	if (target?.kind === 'service' && found) {
		const s = found as Service;
		return primaryDeployment(s)?.taskDefinition ?? s.taskDefinition;
	}
	return target?.kind === 'task' && found ? (found as Task).taskDefinitionArn : undefined;
}

/** `T` in a service's or task's description. */
function openTaskDefinition(ctx: ActionContext): void {
	const target = targetOf(ctx.view)!;
	const arn = describedTaskDefinition(ctx)!;
	const cache = apiCache(ctx);
	if (cache) void cache.loadTaskDefinition(arn);
	ctx.push(describeView({kind: 'taskDefinition', arn, scopes: target.scopes}, taskDefinitionName(arn), ctx.view.cluster, cache));
}

/** `r` re-reads what the view fetched on demand, and its scopes. */
function refreshDescribe(ctx: ActionContext): Promise<void> {
	const target = targetOf(ctx.view);
	const cache = cacheOf(ctx.view);
	if (target && cache) {
		if (target.kind === 'taskDefinition' && cache.taskDefinition(target.arn)?.state === 'error') void cache.loadTaskDefinition(target.arn);
		const s = target.kind === 'service' ? (entity(ctx.snapshot, ctx.viewState, target) as Service | undefined) : undefined;
		if (s) void cache.loadHistory(s.clusterArn, s.serviceArn);
	}
	return refreshScopes(ctx);
}

export const describeExtension: Extension = {
	id: 'describe',
	panes: [describePane],
	keys: [
		{id: 'describe', where: def => def.describe !== undefined, run: openDescribe, disabled: ctx => (ctx.def.describe?.(ctx.selected, ctx.view, ctx.snapshot) ? undefined : 'nothing selected')},
		{
			id: 'task-definition',
			panes: ['describe'],
			run: openTaskDefinition,
			disabled: ctx => (describedTaskDefinition(ctx) ? undefined : 'no task definition here: describe a service or a task first'),
		},
		{id: 'refresh', panes: ['describe'], run: refreshDescribe},
		{id: 'utilization-range', panes: ['describe'], run: nextRange, disabled: ctx => (historyOf(ctx.view) ? undefined : 'no utilization chart here')},
		...scrollKeys(['describe'], scroll),
	],
};
