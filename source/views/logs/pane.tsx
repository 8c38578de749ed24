// The logs pane's drawing: a heading with the follow or LIVE marker, up to three notes (where other
// drivers' logs go, …), then the lines on screen, each coloured by its level, the `/` filter's
// matches highlighted.
import {Box, Text} from 'ink';
import {memo} from 'react';
import {truncate} from '../../components/format.js';
import type {Column} from '../../components/table-layout.js';
import type {LogEvent} from '../../domain.js';
import type {LogsFeedState} from '../../store/logs/types.js';
import {clean, displayWidth} from '../../text.js';
import {parseFilter} from '../filter.js';
import {filterKey} from '../filter-sort.js';
import type {PaneDef, PaneRenderProps} from '../types.js';
import {layout, lineText} from './layout.js';
import {clockOf, highlights, levelOf, split, tagOf, type Level} from './lines.js';
import {cursorIndex, cursorOf, optionsOf, paramsOf, topKey} from './state.js';
import {paint, useTheme} from '../../components/theme.js';

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

const levelColor: Record<NonNullable<Level>, string> = {error: 'red', warn: 'yellow', debug: 'gray'};

const LogLine = memo(function LogLine({text, level, selected, ranges, color}: {text: string; level: Level; selected: boolean; ranges: ReadonlyArray<[number, number]>; color: boolean}) {
	const theme = useTheme();
	const tone = color && level ? paint(theme, levelColor[level]) : undefined;
	return (
		<Text inverse={selected} color={tone} dimColor={!color && level === 'debug'} wrap="truncate-end">
			{split(text, ranges).map((piece, i) =>
				piece.hit ? (
					<Text key={i} bold underline color={color ? paint(theme, 'cyan') : undefined}>
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
	const theme = useTheme();
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
				<Text bold>{truncate(heading, room).padEnd(room)}</Text> <Text color={color && state?.live ? paint(theme, 'magenta') : undefined} inverse={Boolean(state?.live)}>{marker}</Text>
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
