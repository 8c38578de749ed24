// The describe view's utilization section: CPU and memory over the range shown (m: 1 h, 3 h, 24 h)
// as a chart of block characters, a column per minute (1 h) or per few minutes (the longer ranges
// folded into the same width, each column the highest value it covers: a spike stays visible),
// and the range's min, average and max. Percent of the reservation, on a fixed 0–100 scale.
import type {UtilizationPoint} from '../../domain.js';
import type {HistoryState} from '../../store/metrics/history.js';
import {alarmPercent, warnPercent} from '../../resources/utilization.js';
import {clean} from '../../text.js';
import {blank, heading, note, type Line, type LineTone} from './lines.js';

/** Columns of the chart: an hour at a minute a column. */
export const chartWidth = 60;
const blocks = '▁▂▃▄▅▆▇█';
const rangeLabel = {'1h': '1 h', '3h': '3 h', '24h': '24 h'} as const;

/** One line of block characters: `width` columns over [start, end); a column without data is a space. */
export function chart(points: readonly UtilizationPoint[], start: number, end: number, width = chartWidth): string {
	const columns: Array<number | undefined> = Array.from({length: width});
	const span = Math.max(1, end - start);
	for (const p of points) {
		if (p.t < start || p.t >= end) continue;
		const at = Math.min(width - 1, Math.floor(((p.t - start) / span) * width));
		columns[at] = Math.max(columns[at] ?? -Infinity, p.v);
	}
	return columns.map(v => (v === undefined ? ' ' : blocks[Math.max(0, Math.min(blocks.length - 1, Math.floor((Math.min(100, Math.max(0, v)) / 100) * blocks.length - 1e-9)))])).join('');
}

const percent = (v: number) => `${Math.round(v)}%`;

function toneOf(max: number): LineTone | undefined {
	return max >= alarmPercent ? 'bad' : max >= warnPercent ? 'warn' : undefined;
}

function seriesLines(label: string, points: readonly UtilizationPoint[], start: number, end: number): Line[] {
	if (points.length === 0) return [note(`${label}  no datapoints in this range`)];
	const values = points.map(p => p.v);
	const max = Math.max(...values);
	const avg = values.reduce((a, b) => a + b, 0) / values.length;
	const stats = `min ${percent(Math.min(...values))} · avg ${percent(avg)} · max ${percent(max)} · latest ${percent(points.at(-1)!.v)}`;
	return [
		{text: `  ${label}  ${stats}`, tone: toneOf(max)},
		{text: `       ${chart(points, start, end)}│`, tone: toneOf(max), indent: 7},
	];
}

/** `unavailable`: why this target has no utilization (metrics off, no Container Insights). */
export function utilizationLines(state: HistoryState | undefined, unavailable?: string): Line[] {
	if (unavailable) return [blank, heading('utilization'), note(clean(unavailable))];
	if (!state) return [];
	const title = `${heading('utilization').text}  last ${rangeLabel[state.range]} (m: 1 h · 3 h · 24 h)`;
	const lines: Line[] = [blank, {text: title, bold: true}];
	if (state.error) lines.push(note(`${clean(state.error.name)}: ${clean(state.error.message)}`, 'bad'));
	if (!state.series || state.start === undefined || state.end === undefined) {
		if (!state.error) lines.push(note('loading…'));
		return lines;
	}
	const minutes = (n: number) => (n === 1 ? 'minute' : `${n} minutes`);
	const perColumn = Math.round((state.end - state.start) / chartWidth / 60_000);
	lines.push(note(`percent of the reservation, 0–100%; a column per ${minutes(perColumn)}, a datapoint every ${minutes(state.series.period / 60)}, newest right`));
	lines.push(...seriesLines('CPU', state.series.cpu, state.start, state.end), ...seriesLines('MEM', state.series.memory, state.start, state.end));
	for (const text of state.notes) lines.push(note(clean(text), 'warn'));
	return lines;
}
