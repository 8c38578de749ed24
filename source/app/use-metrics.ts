// Tells the metrics poller what the top view shows: the utilization of the rows on screen, or of
// every row of the pane while it is sorted by CPU% or MEM% (or attention first where utilization
// is a reason), since that order needs them all. Views below the top are not on screen: they ask
// again when they are back on top.
import {useEffect} from 'react';
import {targetKey, type MetricsTarget} from '../aws/metrics-api.js';
import type {CellContext} from '../components/table-layout.js';
import {utilizationColumnIds} from '../resources/utilization.js';
import type {MetricsControl} from '../store/metrics/poller.js';
import type {Snapshot} from '../store/types.js';
import {sortKey} from '../views/filter-sort.js';
import type {PaneDef, ViewState} from '../views/types.js';

/** The poller's owner name for the pane on top (describe views want theirs under their own). */
export const paneOwner = 'pane';

const sortedByUtilization = new Set<string>(utilizationColumnIds);

/** The targets the pane wants read: visible rows, or all rows for a utilization order. */
export function wantedTargets(def: PaneDef, viewState: ViewState, rows: readonly unknown[], visible: readonly unknown[], snapshot: Snapshot): MetricsTarget[] {
	if (!def.metrics || !snapshot.metrics.enabled) return [];
	const sort = viewState.get(sortKey);
	// Attention first reads utilization only where the pane's attention uses it (services).
	const all = (sort?.column !== undefined && sortedByUtilization.has(sort.column)) || (sort?.attention === true && def.pane === 'services');
	if (!all) return targetsOf(def, visible, snapshot);
	// Every row, on every frame (each `j` is one): kept while the rows and clusters stand still.
	const hit = allRows.get(rows);
	if (hit && hit.def === def && hit.clusters === snapshot.clusters) return hit.targets;
	const targets = targetsOf(def, rows, snapshot);
	allRows.set(rows, {def, clusters: snapshot.clusters, targets});
	return targets;
}

const allRows = new WeakMap<readonly unknown[], {def: PaneDef; clusters: Snapshot['clusters']; targets: MetricsTarget[]}>();

function targetsOf(def: PaneDef, rows: readonly unknown[], snapshot: Snapshot): MetricsTarget[] {
	const ctx: CellContext = {clusters: snapshot.clusters};
	const targets: MetricsTarget[] = [];
	for (const row of rows) {
		const target = def.metrics!(row, ctx);
		if (typeof target !== 'string') targets.push(target);
	}
	return targets;
}

/** The targets' identity for the effect below, once per targets array (25,000 keys joined on every frame otherwise). */
const keys = new WeakMap<readonly MetricsTarget[], string>();

function keyOf(targets: readonly MetricsTarget[]): string {
	let key = keys.get(targets);
	if (key === undefined) keys.set(targets, (key = targets.map(targetKey).join('\n')));
	return key;
}

export function useMetricsWants(metrics: MetricsControl | undefined, targets: readonly MetricsTarget[]): void {
	const key = keyOf(targets);
	useEffect(() => {
		metrics?.want(paneOwner, targets);
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [metrics, key]);
}
