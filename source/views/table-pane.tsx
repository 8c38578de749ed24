// A table pane's body: the windowed table, or why there is nothing to show yet
// (loading with progress, an error, or the pane's own "no services in prod").
import {Box} from 'ink';
import {formatCount} from '../format.js';
import {Table} from '../components/table.js';
import type {Column} from '../components/table-layout.js';
import type {ScopeState, Snapshot} from '../store/types.js';
import {clean} from '../text.js';
import type {BodySize, PaneDef, ViewEntry, ViewState} from './types.js';
import {onScreenColumns, wideOf} from './wide.js';

export interface TablePaneProps {
	def: PaneDef;
	view: ViewEntry;
	snapshot: Snapshot;
	viewState: ViewState;
	rows: readonly unknown[];
	/** The columns as drawn (default: the pane's own). */
	columns?: readonly Column<any>[];
	selected: number;
	top: number;
	size: BodySize;
	scopes: ReadonlyArray<ScopeState | undefined>;
	marked?: ReadonlySet<string>;
	color: boolean;
	/** Epoch ms for the ages in cells. */
	now: number;
}

export function emptyText(def: PaneDef, view: ViewEntry, snapshot: Snapshot, scopes: ReadonlyArray<ScopeState | undefined>): string {
	if (def.placeholder) return def.placeholder(view);
	const focused = scopes[0];
	if (!focused || (focused.loading && focused.updatedAt === undefined)) {
		return focused?.total === undefined ? 'loading…' : `loading… ${formatCount(focused.loaded ?? 0)} of ${formatCount(focused.total)}`;
	}
	if (focused.error && focused.updatedAt === undefined) return `${clean(focused.error.name)}: ${clean(focused.error.message)}`;
	return def.empty?.(view, snapshot) ?? 'nothing here';
}

/** Rows exist but an extension (the `/` filter) hid them all. */
function filteredOut(def: PaneDef, view: ViewEntry, snapshot: Snapshot, viewState: ViewState): string | undefined {
	const all = def.rows?.(snapshot, view, viewState).length ?? 0;
	return all > 0 ? `nothing matches the filter (${formatCount(all)} rows hidden; Esc clears it)` : undefined;
}

export function TablePane(props: TablePaneProps) {
	const {def, view, snapshot, rows, selected, top, size, scopes, marked, color, now} = props;
	if (!def.columns || !def.rowId) return <Box height={size.rows} />;
	const wide = wideOf(props.viewState);
	return (
		<Table
			columns={props.columns ?? def.columns(view)}
			rows={rows}
			rowId={def.rowId}
			selected={selected}
			top={top}
			height={Math.max(1, size.rows - 1)}
			width={size.columns}
			tone={def.tone}
			marked={marked ? id => marked.has(id) : undefined}
			color={color}
			empty={rows.length === 0 ? filteredOut(def, view, snapshot, props.viewState) ?? emptyText(def, view, snapshot, scopes) : undefined}
			cellContext={{now, instances: snapshot.instances, clusters: snapshot.clusters, metrics: snapshot.metrics}}
			wide={wide.on}
			offset={wide.offset}
			onScreen={onScreenColumns(props.viewState)}
		/>
	);
}
