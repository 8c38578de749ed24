// Which log lines are on screen: from the window's top, cut (or wrapped) to the width, as many as
// fit, the top moving only when the cursor would leave the screen. Pure: unit-tested.
import {truncate} from '../../components/format.js';
import type {LogEvent} from '../../domain.js';
import {clean, displayWidth} from '../../text.js';
import {clockOf, tagOf} from './lines.js';
import type {Options} from './state.js';

/** One line's text as drawn (before cutting to the width). */
export function lineText(line: LogEvent, options: Options, tagWidth: number): string {
	const tag = tagOf(line);
	const paddedTag = tag + ' '.repeat(Math.max(0, tagWidth - displayWidth(tag)));
	return `${options.timestamps ? `${clockOf(line.timestamp)}  ` : ''}${tagWidth > 0 ? `${paddedTag}  ` : ''}${clean(line.message)}`;
}

/** A text cut into pieces of `width` characters (wrap mode); the first piece alone otherwise. */
function pieces(text: string, width: number, wrap: boolean): string[] {
	if (!wrap) return [truncate(text, width)];
	const chars = Array.from(text);
	const out: string[] = [];
	for (let at = 0; at < chars.length; at += width) out.push(chars.slice(at, at + width).join(''));
	return out.length > 0 ? out : [''];
}

export interface DrawnLine {
	row: LogEvent;
	piece: number;
	text: string;
	selected: boolean;
}

/**
 * The screen lines: rows from the window's top, cut (or wrapped) to the width, as many as fit.
 * The top moves only when the cursor would leave the screen; following, the newest line is last.
 */
export function layout(rows: readonly LogEvent[], selected: number, height: number, width: number, wrap: boolean, window: {top: number}, drawn: (row: LogEvent) => string): DrawnLine[] {
	if (rows.length === 0 || selected < 0) return [];
	const heightOf = (i: number) => (wrap ? pieces(drawn(rows[i]!), width, true).length : 1);
	let top = Math.max(0, Math.min(window.top, rows.length - 1));
	if (selected < top) top = selected;
	// Enough rows from top to show the selected one whole: move top down until it fits.
	let used = 0;
	for (let i = top; i <= selected; i++) used += heightOf(i);
	while (used > height && top < selected) used -= heightOf(top++);
	// Following or at the end: fill the screen from the bottom, no empty lines under the newest.
	if (selected === rows.length - 1) {
		while (top > 0 && used + heightOf(top - 1) <= height) used += heightOf(--top);
	}
	window.top = top;
	const out: DrawnLine[] = [];
	for (let i = top; i < rows.length && out.length < height; i++) {
		const parts = pieces(drawn(rows[i]!), width, wrap);
		parts.forEach((text, piece) => {
			if (out.length < height) out.push({row: rows[i]!, piece, text, selected: i === selected});
		});
	}
	return out;
}
