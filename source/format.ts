// Pure formatting for tables, the header and `ecs-top get`: ages and durations, counts, sizes,
// percentages and bars.
// Fixed locale and UTC everywhere: output must not depend on the machine. Others may append here.
import {displayWidth} from './text.js';

export interface AgeOptions {
	/**
	 * 2 (the default) adds the next unit down for ages of an hour or more: 1h2m, 2d3h, precise
	 * enough for a table column. 1 keeps the largest unit only (1h, 2d): in running text ("updated 3h ago").
	 */
	units?: 1 | 2;
}

/** Milliseconds (or an ISO date against `now`) as a compact age, rounded down: 45s, 3m, 1h2m, 2d3h. */
export function formatAge(from: number | string | undefined, now = Date.now(), options: AgeOptions = {}): string {
	if (from === undefined || from === '') return '';
	const ms = typeof from === 'number' ? from : now - Date.parse(from);
	if (!Number.isFinite(ms)) return '';
	const both = (options.units ?? 2) === 2;
	const s = Math.max(0, Math.floor(ms / 1000));
	if (s < 60) return `${s}s`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m}m`;
	const h = Math.floor(m / 60);
	if (h < 24) return both && m % 60 ? `${h}h${m % 60}m` : `${h}h`;
	const d = Math.floor(h / 24);
	return both && h % 24 ? `${d}d${h % 24}h` : `${d}d`;
}

/** A configured period, exact rather than rounded (unlike an age): 2s, 1.5s, 90s, 2m. */
export function formatInterval(ms: number): string {
	if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
	const s = ms / 1000;
	return `${Number.isInteger(s) ? s : s.toFixed(1)}s`;
}

/**
 * Seconds spelled out in a status message: "5 s", "0.5 s". `tenths` (the default) keeps one
 * decimal, `down` counts whole seconds waited so far, `up` whole seconds still to wait (0.2 s left reads 1 s).
 */
export function formatSeconds(ms: number, round: 'tenths' | 'down' | 'up' = 'tenths'): string {
	const s = Math.max(0, ms) / 1000;
	return `${round === 'down' ? Math.floor(s) : round === 'up' ? Math.ceil(s) : Number(s.toFixed(1))} s`;
}

/**
 * 2000 → "2,000", as `toLocaleString('en-US')` writes a rounded number. Grouped here rather than by
 * ICU: the first toLocaleString call of a process sets up ICU's number formatting, 11–15 ms on its
 * own and 4–7 ms of the TUI's first frame (the header's counts), for three-digit groups and a comma.
 */
export function formatCount(n: number | undefined): string {
	if (n === undefined || !Number.isFinite(n)) return '';
	const rounded = Math.round(n);
	// Past the safe integers (and String() writes exponents from 1e21) ICU does it; no count gets there.
	if (!Number.isSafeInteger(rounded)) return rounded.toLocaleString('en-US');
	const digits = String(Math.abs(rounded));
	let out = digits.slice(0, digits.length % 3 || 3);
	for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
	return rounded < 0 ? `-${out}` : out;
}

/** Mebibytes as people say them: 512M, 1.5G, 61.7G. */
export function formatMiB(mib: number | string | undefined): string {
	const n = Number(mib);
	if (mib === undefined || mib === '' || !Number.isFinite(n)) return '';
	if (n < 1024) return `${Math.round(n)}M`;
	const g = n / 1024;
	return `${g >= 100 || Number.isInteger(g) ? Math.round(g) : g.toFixed(1)}G`;
}

/** CPU units (1024 = one vCPU) as vCPUs: 256 → ".25", 2048 → "2". */
export function formatVcpu(units: number | string | undefined): string {
	const n = Number(units);
	if (units === undefined || units === '' || !Number.isFinite(n)) return '';
	const v = n / 1024;
	return Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0+$/, '').replace(/^0\./, '.');
}

/** A fraction as a whole percentage: 0.423 → "42%". */
export function formatPercent(fraction: number | undefined): string {
	return fraction === undefined || !Number.isFinite(fraction) ? '' : `${Math.round(fraction * 100)}%`;
}

/** A fraction as a bar of `width` cells: ███▌····. Plain characters, no colour. */
export function formatBar(fraction: number | undefined, width: number): string {
	if (fraction === undefined || !Number.isFinite(fraction) || width <= 0) return ''.padEnd(Math.max(0, width));
	const f = Math.min(1, Math.max(0, fraction));
	const halves = Math.round(f * width * 2);
	const full = Math.floor(halves / 2);
	return ('█'.repeat(full) + (halves % 2 ? '▌' : '')).padEnd(width, '·');
}

export interface TableColumn {
	header: string;
	align?: 'left' | 'right';
}

/**
 * An aligned plain-text table (`ecs-top get`): each column as wide as its widest cell, two spaces
 * between columns, no trailing spaces. `paint` may wrap a cell's padded text in colour codes.
 * Widths are terminal columns (CJK and emoji take two), so wide names keep the columns aligned;
 * cells must be clean already (a control character has no width to measure).
 */
export function formatTable(columns: readonly TableColumn[], rows: readonly string[][], paint?: (text: string, row: number, column: number) => string): string {
	// A loop, not Math.max(...rows): a spread of every row runs out of stack on very large clusters.
	const widths = columns.map(c => displayWidth(c.header));
	for (const r of rows) for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, displayWidth(r[i] ?? ''));
	const line = (cells: readonly string[], row: number) =>
		cells
			.map((cell, i) => {
				const pad = ' '.repeat(Math.max(0, widths[i]! - displayWidth(cell)));
				const text = columns[i]?.align === 'right' ? pad + cell : i === cells.length - 1 ? cell : cell + pad;
				return row >= 0 && paint ? paint(text, row, i) : text;
			})
			.join('  ')
			.trimEnd();
	return [line(columns.map(c => c.header), -1), ...rows.map((r, i) => line(r, i))].join('\n') + '\n';
}
