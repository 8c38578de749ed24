// Small display helpers for the header and panes (ages and durations: ../format.ts).
import {truncateWidth} from '../text.js';

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
