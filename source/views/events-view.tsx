// The events pane (`e`, `:events`): one service's events, or a feed merging every service of a
// cluster. Oldest at the top, newest at the bottom; it follows new events until the user scrolls
// up, then counts them ("12 new") until the user comes back down (G, or scrolling to the end).
// The rows come from the store's 'events' scope (the data layer reads DescribeServices in batches
// of 10, spread within its budget); an EventTimeline per view merges and deduplicates them by id.
import {Box, Text} from 'ink';
import {memo} from 'react';
import type {Column} from '../components/table-layout.js';
import {truncate} from '../components/format.js';
import {shortId, type Service} from '../domain.js';
import {eventTone} from '../store/events/format.js';
import {EventTimeline, eventsWindow, scrollTo, type ScrollState, type TimelineEvent} from '../store/events/timeline.js';
import {scopeKey, type Scope, type Snapshot} from '../store/types.js';
import {clean, displayWidth, padWidth} from '../text.js';
import {emptyText} from './table-pane.js';
import type {ActionContext, Extension, KeyHandler, Overlay, PaneDef, PaneRenderProps, ViewEntry, ViewState} from './types.js';
import {scrollKeys} from './scroll-keys.js';
import {wrapText} from '../components/wrap.js';
import {paint, useTheme} from '../components/theme.js';
import {viewKey} from './view-state.js';

const scrollKey = viewKey<ScrollState>('events.scroll');
const timelineKey = viewKey<EventTimeline>('events.timeline');

/** The view's timeline: kept as long as the view is on the navigation stack. */
export function timelineFor(viewState: ViewState): EventTimeline {
	return viewState.cache(timelineKey, () => new EventTimeline());
}

/** Lines of events on screen: the body less the heading. */
const eventsHeight = (rows: number) => Math.max(1, rows - 1);

export function eventsView(cluster: string, service?: string): ViewEntry {
	const scope: Scope = service ? {kind: 'events', cluster, service} : {kind: 'events', cluster};
	const crumb = service ? `${clean(service)} events` : `${clean(shortId(cluster))} events`;
	return {id: scopeKey(scope), pane: 'events', crumb, cluster, scope};
}

function ids(snapshot: Snapshot, scope: Scope): readonly string[] {
	return snapshot.scopes.get(scopeKey(scope))?.ids ?? [];
}

/** The services whose events the view shows. */
export function eventServices(snapshot: Snapshot, view: ViewEntry): Service[] {
	const scope = view.scope;
	if (scope?.kind !== 'events') return [];
	let arns = ids(snapshot, scope);
	// Until the events scope has loaded, the cluster's services pane (usually just below on the
	// stack) already holds the same DescribeServices answers, events included.
	if (arns.length === 0 && !scope.service) arns = ids(snapshot, {kind: 'services', cluster: scope.cluster});
	const found = arns.map(arn => snapshot.services.get(arn)).filter((s): s is Service => s !== undefined);
	if (found.length > 0 || !scope.service) return found;
	const cluster = shortId(scope.cluster);
	for (const service of snapshot.services.values()) {
		if ((service.serviceName === scope.service || service.serviceArn === scope.service) && shortId(service.clusterArn) === cluster) return [service];
	}
	return [];
}

const time = (row: TimelineEvent) => `${row.createdAt.slice(5, 10)} ${row.createdAt.slice(11, 19)}`;

/** Columns for features that work on columns (the `/` filter matches their text). */
export const eventColumns: Array<Column<TimelineEvent>> = [
	{id: 'time', header: 'TIME (UTC)', width: 14, value: time},
	{id: 'service', header: 'SERVICE', width: 24, value: r => r.service},
	{id: 'message', header: 'MESSAGE', width: 80, value: r => r.message},
];

export const eventsPane: PaneDef<TimelineEvent> = {
	pane: 'events',
	scopes: view => (view.scope ? [view.scope] : []),
	rows: (snapshot, view, viewState) => timelineFor(viewState).update(eventServices(snapshot, view), clean(shortId(view.cluster ?? ''))),
	rowId: row => row.key,
	columns: () => eventColumns,
	empty: view => (view.scope?.kind === 'events' && view.scope.service ? 'no events for this service yet' : 'no service events in this cluster yet'),
	render: props => <EventsBody {...props} />,
};

const toneColor = {bad: 'red', good: 'green'} as const;

const EventLine = memo(function EventLine({text, tone, color}: {text: string; tone: 'bad' | 'good' | undefined; color: boolean}) {
	const theme = useTheme();
	return (
		<Text color={color && tone ? paint(theme, toneColor[tone]) : undefined} wrap="truncate-end">
			{text}
		</Text>
	);
});

export function EventsBody(props: PaneRenderProps & {rows?: readonly unknown[]}) {
	const {view, snapshot, size, color, viewState} = props;
	// The shell hands over the rows after extensions (the filter) when it can; else they are read here.
	const rows = (props.rows ?? eventsPane.rows!(snapshot, view, viewState)) as readonly TimelineEvent[];
	const height = eventsHeight(size.rows);
	const window = eventsWindow(rows, height, viewState.get(scrollKey) ?? {follow: true});
	const visible = rows.slice(window.top, window.top + height);
	const single = view.scope?.kind === 'events' && view.scope.service !== undefined;
	// Terminal columns, not characters: a CJK or emoji service name keeps the messages aligned.
	const serviceWidth = single ? 0 : Math.min(24, Math.max(7, ...visible.map(r => displayWidth(r.service))));
	const line = (t: string, service: string, message: string) =>
		truncate(`${t.padEnd(14)}  ${single ? '' : `${padWidth(truncate(service, serviceWidth), serviceWidth)}  `}${message}`, size.columns);
	const marker = window.follow ? 'following' : window.fresh > 0 ? `${window.fresh} new ↓ G` : 'paused · G follows';
	const heading = line('TIME (UTC)', 'SERVICE', 'MESSAGE');
	const room = Math.max(0, size.columns - marker.length - 1);
	const scope = view.scope ? snapshot.scopes.get(scopeKey(view.scope)) : undefined;
	return (
		<Box flexDirection="column" width={size.columns} height={size.rows}>
			<Text wrap="truncate-end">
				<Text bold>{padWidth(truncate(heading, room), room)}</Text>{' '}
				<Text color={color && !window.follow && window.fresh > 0 ? 'yellow' : undefined} inverse={!window.follow && window.fresh > 0}>
					{marker}
				</Text>
			</Text>
			{visible.length === 0 ? (
				<Text dimColor wrap="truncate-end">{`  ${emptyText(eventsPane, view, snapshot, [scope])}`}</Text>
			) : (
				visible.map(row => <EventLine key={row.key} text={line(time(row), row.service, row.message)} tone={eventTone(row.message)} color={color} />)
			)}
		</Box>
	);
}

/** Scrolls the events pane. */
function scroll(to: (top: number, height: number, count: number) => number): KeyHandler {
	return (ctx: ActionContext) => {
		const rows = ctx.rows as readonly TimelineEvent[];
		const height = eventsHeight(ctx.bodySize.rows);
		const state = ctx.viewState.get(scrollKey) ?? {follow: true};
		const {top} = eventsWindow(rows, height, state);
		ctx.viewState.set(scrollKey, scrollTo(rows, height, state, to(top, height, rows.length), timelineFor(ctx.viewState).lastSeq));
	};
}

export const eventsWholeId = 'events-whole';
/** Lines up from the bottom (the newest event's last line). */
const wholeOffsetKey = viewKey<number>('events-whole.offset');

/**
 * Enter: the events on screen, each whole and wrapped under its time and service, the newest at
 * the bottom as in the pane. The events are taken when it opens (a snapshot to read, not a feed).
 */
export function eventsWholeOverlay(events: readonly TimelineEvent[], single: boolean): Overlay {
	const linesFor = (columns: number) =>
		events.flatMap(e => [
			{text: `${time(e)}${single ? '' : `  ${clean(e.service)}`}`, bold: true, tone: undefined},
			...wrapText(clean(e.message), Math.max(10, columns - 2)).map(text => ({text: `  ${text}`, bold: false, tone: eventTone(e.message)})),
		]);
	return {
		id: eventsWholeId,
		placement: 'modal',
		render: (size, state) => {
			const lines = linesFor(size.columns);
			const room = Math.max(1, size.rows - 1);
			const offset = Math.max(0, Math.min(state.get(wholeOffsetKey) ?? 0, lines.length - room));
			const end = lines.length - offset;
			const shown = lines.slice(Math.max(0, end - room), end);
			const color = !process.env.NO_COLOR;
			return (
				<Box flexDirection="column" width={size.columns} height={size.rows}>
					<Text bold wrap="truncate-end">{`Events on screen, whole. Esc closes${lines.length > room ? ', j/k scroll' : ''}.`}</Text>
					{shown.map((l, i) => (
						<Text key={i} bold={l.bold} color={color && l.tone ? toneColor[l.tone] : undefined} wrap="truncate-end">
							{l.text}
						</Text>
					))}
				</Box>
			);
		},
		onKey: (event, ctx, state) => {
			const scroll = (delta: number) => state.set(wholeOffsetKey, Math.max(0, (state.get(wholeOffsetKey) ?? 0) + delta));
			if (event.name === 'escape' || event.name === 'q' || event.name === 'enter') ctx.closeOverlay(eventsWholeId);
			else if (event.name === 'k' || event.name === 'up') scroll(1);
			else if (event.name === 'j' || event.name === 'down') scroll(-1);
			else if (event.name === 'pageup') scroll(10);
			else if (event.name === 'pagedown' || event.name === 'space') scroll(-10);
			else if (event.name === 'G' || event.name === 'end') state.set(wholeOffsetKey, 0);
		},
	};
}

function openWhole(ctx: ActionContext): void {
	const rows = ctx.rows as readonly TimelineEvent[];
	const height = eventsHeight(ctx.bodySize.rows);
	const window = eventsWindow(rows, height, ctx.viewState.get(scrollKey) ?? {follow: true});
	const visible = rows.slice(window.top, window.top + height);
	if (visible.length === 0) return void ctx.status('no events here yet');
	ctx.openOverlay(eventsWholeOverlay(visible, ctx.view.scope?.kind === 'events' && ctx.view.scope.service !== undefined));
}

/** `e`: the selected service's events, or the selected cluster's feed. */
export function openEvents(ctx: ActionContext): void {
	const whose = ctx.def.events?.(ctx.selected, ctx.view);
	if (whose) ctx.push(eventsView(whose.cluster, whose.service));
}

export const eventsExtension: Extension = {
	id: 'events',
	panes: [eventsPane],
	keys: [
		{id: 'events', where: def => def.events !== undefined, run: openEvents, disabled: ctx => (ctx.def.events?.(ctx.selected, ctx.view) ? undefined : 'nothing selected')},
		...scrollKeys(['events'], scroll),
		{id: 'events-whole', run: openWhole},
	],
};
