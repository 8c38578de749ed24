// Small display helpers for the header and panes (ages, durations and counts: ../format.ts).
import {truncateWidth} from '../text.js';

/** HH:MM:SS in UTC, for "stale since". */
export function clock(ms: number): string {
	return new Date(ms).toISOString().slice(11, 19);
}

/** Cuts text to at most `max` terminal columns (display width, whole graphemes), marking the cut with `…`. */
export function truncate(text: string, max: number): string {
	return truncateWidth(text, max);
}
