// Small display helpers for the header and panes.
import {truncateWidth} from '../text.js';

/** A compact age: 42s, 5m, 3h, 12d. */
export function age(ms: number): string {
	const s = Math.max(0, Math.floor(ms / 1000));
	if (s < 60) return `${s}s`;
	if (s < 3600) return `${Math.floor(s / 60)}m`;
	if (s < 86_400) return `${Math.floor(s / 3600)}h`;
	return `${Math.floor(s / 86_400)}d`;
}

/** A duration in seconds as people say it: 2s, 1.5s, 30s, 2m. */
export function interval(ms: number): string {
	if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
	const s = ms / 1000;
	return `${Number.isInteger(s) ? s : s.toFixed(1)}s`;
}

/** 2000 → "2,000" (fixed locale: frames must not depend on the machine). */
export function count(n: number): string {
	return n.toLocaleString('en-US');
}

/** HH:MM:SS in UTC, for "stale since". */
export function clock(ms: number): string {
	return new Date(ms).toISOString().slice(11, 19);
}

/** Cuts text to at most `max` terminal columns (display width, whole graphemes), marking the cut with `…`. */
export function truncate(text: string, max: number): string {
	return truncateWidth(text, max);
}
