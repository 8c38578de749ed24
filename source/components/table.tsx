// Our own windowed table (ink-table cannot load with Ink 6): a bold header and one memoised
// <Text> per VISIBLE row. Rows off screen are never turned into strings or components.
import {Box, Text} from 'ink';
import {memo} from 'react';
import {paint, useTheme} from './theme.js';
import {fitColumns, gutterWidth, headerText, rowSegments, type CellContext, type Column, type Segment} from './table-layout.js';

/** A row's state colour: failed/unhealthy red, in-between yellow, stopped dim. */
export type Tone = 'error' | 'warning' | 'stopped' | 'ok' | undefined;

const toneColor: Record<string, string> = {error: 'red', warning: 'yellow', ok: 'green'};

export interface TableProps<Row> {
	columns: readonly Column<Row>[];
	rows: readonly Row[];
	rowId(row: Row): string;
	/** Index into rows of the selected row. */
	selected: number;
	/** Index of the first row on screen (see windowStart). */
	top: number;
	/** Rows on screen (the header is extra). */
	height: number;
	width: number;
	tone?(row: Row): Tone;
	marked?(id: string): boolean;
	/** False under NO_COLOR: inverse and dim only. */
	color: boolean;
	/** Shown in place of rows when there are none. */
	empty?: string;
	/** Passed to every column's value (the clock for ages, instances for names). */
	cellContext?: CellContext;
	/** Wide mode (`W`): every column whole, from column `offset` on (`←`/`→`). */
	wide?: boolean;
	offset?: number;
	/** Filled with the ids of the columns drawn (the sort keys step through these only). */
	onScreen?: {ids?: readonly string[]};
}

export function Table<Row>(props: TableProps<Row>) {
	const {columns, rows, rowId, selected, top, height, width, tone, marked, color, empty, cellContext} = props;
	const visible = rows.slice(top, top + height);
	// Widths by content over the rows on screen only: a frame's cost stays what it shows.
	const placed = fitColumns(columns, width, {rows: visible, ctx: cellContext, wide: props.wide, offset: props.offset});
	if (props.onScreen) props.onScreen.ids = placed.map(p => p.column.id);
	return (
		<Box flexDirection="column" width={width} height={height + 1}>
			<Text bold wrap="truncate-end">
				{' '.repeat(gutterWidth)}
				{headerText(placed)}
			</Text>
			{visible.length === 0 && empty ? (
				<Text dimColor wrap="truncate-end">
					{`  ${empty}`}
				</Text>
			) : null}
			{visible.map((row, i) => {
				const id = rowId(row);
				const index = top + i;
				const segments = rowSegments(row, placed, color, cellContext);
				// Keyed by screen line, not by row: a page down then updates 36 lines in place instead of
				// unmounting 36 rows and mounting 36 (each an Ink node tree with its Yoga layout nodes).
				return (
					<TableRow
						key={i}
						segments={segments}
						signature={signature(segments)}
						selected={index === selected}
						marked={marked?.(id) ?? false}
						tone={tone?.(row)}
						color={color}
					/>
				);
			})}
		</Box>
	);
}

function signature(segments: Segment[]): string {
	return segments.map(s => `${s.color ?? ''}\u0000${s.text}`).join('\u0001');
}

interface RowProps {
	segments: Segment[];
	signature: string;
	selected: boolean;
	marked: boolean;
	tone: Tone;
	color: boolean;
}

const TableRow = memo(
	function TableRow({segments, selected, marked, tone, color}: RowProps) {
		const theme = useTheme();
		const rowColor = color && tone ? paint(theme, toneColor[tone]) : undefined;
		return (
			<Text inverse={selected} color={rowColor} dimColor={tone === 'stopped'} wrap="truncate-end">
				{selected ? '>' : ' '}
				{marked ? '*' : ' '}
				{segments.map((s, i) =>
					s.color ? (
						<Text key={i} color={s.color === 'dim' ? undefined : paint(theme, s.color)} dimColor={s.color === 'dim'}>
							{s.text}
						</Text>
					) : (
						s.text
					),
				)}
			</Text>
		);
	},
	(a, b) =>
		a.signature === b.signature && a.selected === b.selected && a.marked === b.marked && a.tone === b.tone && a.color === b.color,
);
