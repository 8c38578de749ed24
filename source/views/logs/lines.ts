// A log line as the logs pane draws it: its level (from a JSON `level`/`severity` field, or an
// ERROR/WARN word), its tag (task/container), the text with or without a timestamp, the places a
// filter matches (highlighted), and a JSON message pretty-printed for `d`. Pure: unit-tested.
import type {LogEvent} from '../../domain.js';
import {clean} from '../../text.js';
import type {RowFilter} from '../filter.js';

export type Level = 'error' | 'warn' | 'debug' | undefined;

const levels: Record<string, Level> = {
	error: 'error', err: 'error', fatal: 'error', critical: 'error', crit: 'error', panic: 'error', alert: 'error', emerg: 'error', emergency: 'error',
	warn: 'warn', warning: 'warn',
	debug: 'debug', trace: 'debug',
};

/** A message that is one JSON object, parsed (else undefined). Only `{…}`: cheap to rule out. */
export function jsonOf(message: string): Record<string, unknown> | undefined {
	const text = message.trim();
	if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
	try {
		const value: unknown = JSON.parse(text);
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

const words = /\b(FATAL|PANIC|ERROR|CRITICAL|WARN|WARNING|DEBUG|TRACE)\b|Exception\b|Traceback \(most recent/;

export function levelOf(message: string): Level {
	const json = jsonOf(message);
	if (json) {
		const named = json.level ?? json.severity ?? json.lvl ?? json.log_level;
		if (typeof named === 'string') return levels[named.toLowerCase()];
		// Numbers as pino/bunyan write them: 50 error, 60 fatal, 40 warn, 20 debug, 10 trace.
		if (typeof named === 'number') return named >= 50 ? 'error' : named >= 40 ? 'warn' : named <= 20 ? 'debug' : undefined;
	}
	const found = words.exec(message);
	if (!found) return undefined;
	if (!found[1]) return 'error';
	return levels[found[1].toLowerCase()];
}

/** `3f2a9c1b7d4e/web`: the first 12 characters of the task id, and the container. */
export function tagOf(line: LogEvent): string {
	const task = line.taskId ? line.taskId.slice(0, 12) : '';
	return clean([task, line.container].filter(Boolean).join('/') || line.logStream);
}

/** `02:00:01.123` (UTC): the day is in the header's range, the millisecond orders lines. */
export function clockOf(timestamp: number): string {
	return new Date(timestamp).toISOString().slice(11, 23);
}

/** Where the filter matches a line's text (what is drawn), to highlight; none for an inverted filter. */
export function highlights(text: string, filter: RowFilter | undefined): Array<[number, number]> {
	if (!filter || filter.invert || filter.error) return [];
	if (filter.regex) return filter.regex.ranges(text);
	const needle = filter.needle ?? '';
	if (!needle) return [];
	const found: Array<[number, number]> = [];
	const lower = text.toLowerCase();
	for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) found.push([at, at + needle.length]);
	return found;
}

/** Text pieces of a line with the matched ones marked, in order. */
export function split(text: string, ranges: ReadonlyArray<[number, number]>): Array<{text: string; hit: boolean}> {
	const pieces: Array<{text: string; hit: boolean}> = [];
	let at = 0;
	for (const [start, end] of ranges) {
		if (start > at) pieces.push({text: text.slice(at, start), hit: false});
		pieces.push({text: text.slice(start, end), hit: true});
		at = end;
	}
	if (at < text.length || pieces.length === 0) pieces.push({text: text.slice(at), hit: false});
	return pieces;
}

/** `d` on a line: its JSON pretty-printed (keys in their order), else the message as it is. */
export function prettyLines(line: LogEvent): string[] {
	const json = jsonOf(line.message);
	const body = json ? JSON.stringify(json, null, 2).split('\n') : [line.message];
	return body.map(l => clean(l.replace(/\t/g, '  ')));
}
