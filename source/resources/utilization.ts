// CPU% and MEM%: the utilization columns of clusters, services and tasks, read from CloudWatch by
// the metrics poller (store/metrics/poller.ts) for the rows on screen. A cell is never a bare
// blank: `…` not read yet, `-` CloudWatch has no datapoint (no running tasks, a Fargate-only
// cluster's cluster-level metrics), `no CI` a task whose cluster lacks Container Insights with
// enhanced observability, `off` metrics turned off, `?` the read failed before any reading.
import {targetKey, type MetricsTarget} from '../aws/metrics-api.js';
import {shortId, taskDefinitionName, type Cluster, type Service, type Task} from '../domain.js';
import type {CellColor, CellContext, Column} from '../components/table-layout.js';
import type {UtilizationEntry} from '../store/types.js';
import {col, right} from './cells.js';

/** Column ids (`cpu` and `memory` are the instances' and task definitions' reservations). */
export const utilizationColumnIds = ['cpuUtilization', 'memoryUtilization'] as const;

/** Percent at or above which a cell turns yellow, and red. */
export const warnPercent = 80;
export const alarmPercent = 95;

type Target<Row> = (row: Row, ctx: CellContext) => MetricsTarget | string;

/** The row's reading, when it has one. */
export function readingOf<Row>(target: Target<Row>, row: Row, ctx: CellContext | undefined): UtilizationEntry | undefined {
	if (!ctx?.metrics?.enabled) return undefined;
	const t = target(row, ctx);
	return typeof t === 'string' ? undefined : ctx.metrics.readings.get(targetKey(t));
}

function cell<Row>(target: Target<Row>, which: 'cpu' | 'memory', row: Row, ctx: CellContext): string {
	if (!ctx.metrics) return '';
	if (!ctx.metrics.enabled) return 'off';
	const t = target(row, ctx);
	if (typeof t === 'string') return t;
	const entry = ctx.metrics.readings.get(targetKey(t));
	if (!entry) return ctx.metrics.error ? '?' : '…';
	const value = entry.utilization[which];
	return value === null ? '-' : `${Math.round(value)}%`;
}

function tone(entry: UtilizationEntry | undefined, which: 'cpu' | 'memory'): CellColor | undefined {
	const value = entry?.utilization[which];
	if (which === 'memory' && entry?.memorySustained) return 'red';
	if (value === null || value === undefined) return undefined;
	return value >= alarmPercent ? 'red' : value >= warnPercent ? 'yellow' : undefined;
}

/** CPU% and MEM% for rows whose metrics target `target` names. */
export function utilizationColumns<Row>(target: Target<Row>): Array<Column<Row>> {
	return (['cpu', 'memory'] as const).map(which =>
		col<Row>(`${which}Utilization`, which === 'cpu' ? 'CPU%' : 'MEM%', 5, (row, ctx) => cell(target, which, row, ctx), {
			...right,
			color: (row, ctx) => tone(readingOf(target, row, ctx), which),
			sortValue: (row, ctx) => readingOf(target, row, ctx)?.utilization[which] ?? undefined,
		}),
	);
}

const clusterName = (arn: string) => shortId(arn);

export const clusterTarget: Target<Cluster> = c => ({kind: 'cluster', cluster: c.clusterName});

export const serviceTarget: Target<Service> = s => ({kind: 'service', cluster: clusterName(s.clusterArn), service: s.serviceName});

/** Task utilization comes from Container Insights with enhanced observability only. */
export const taskTarget: Target<Task> = (t, ctx) => {
	if (t.lastStatus === 'STOPPED') return '';
	const insights = ctx.clusters?.get(t.clusterArn)?.containerInsights;
	// A cluster not read yet (a tasks pane opened with --cluster) is asked anyway.
	if (insights !== undefined && insights !== 'enhanced') return 'no CI';
	const family = taskDefinitionName(t.taskDefinitionArn).split(':')[0];
	return {kind: 'task', cluster: clusterName(t.clusterArn), taskId: shortId(t.taskArn), family};
};
