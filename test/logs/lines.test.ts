// The logs pane's pure parts: a line's level, where a filter matches it (linear-time engine for
// /regex/), the pieces a highlight splits it into, the pretty JSON of `d`, and the window layout
// that keeps the cursor on screen (wrapped or not).
import {describe, expect, it} from 'vitest';
import type {LogEvent} from '../../source/domain.js';
import {parseFilter} from '../../source/views/filter.js';
import {cursorIndex, layout} from '../../source/views/logs/extension.js';
import {highlights, levelOf, prettyLines, split, tagOf} from '../../source/views/logs/lines.js';

const row = (i: number, message = `line ${i}`): LogEvent => ({eventId: `e${i}`, timestamp: i, message, logGroup: 'g', logStream: `ecs/web/t${i % 2}`, taskId: `t${i % 2}`, container: 'web'});

describe('log lines', () => {
	it('levels from JSON fields (names and pino numbers) and from words', () => {
		expect(levelOf('{"level":"error","msg":"x"}')).toBe('error');
		expect(levelOf('{"severity":"WARNING"}')).toBe('warn');
		expect(levelOf('{"level":50}')).toBe('error');
		expect(levelOf('{"level":40}')).toBe('warn');
		expect(levelOf('{"level":30,"msg":"ok"}')).toBeUndefined();
		expect(levelOf('2026-01-01 ERROR db down')).toBe('error');
		expect(levelOf('WARN slow')).toBe('warn');
		expect(levelOf('java.lang.IllegalStateException: boom')).toBe('error');
		expect(levelOf('GET /health 200')).toBeUndefined();
		// An error inside a word is not an error.
		expect(levelOf('errorless')).toBeUndefined();
	});

	it('highlights substrings (any case) and /regex/ matches; none when inverted', () => {
		expect(highlights('GET /Health and /health', parseFilter('health'))).toEqual([[5, 11], [17, 23]]);
		expect(highlights('status=500 took 12ms', parseFilter('/\\d+ms|5\\d\\d/'))).toEqual([[7, 10], [16, 20]]);
		expect(highlights('anything', parseFilter('!any'))).toEqual([]);
		expect(split('abcXYZdef', [[3, 6]])).toEqual([{text: 'abc', hit: false}, {text: 'XYZ', hit: true}, {text: 'def', hit: false}]);
		// A pathological pattern over a long line returns at once (RE2: linear time).
		const long = 'x'.repeat(20_000);
		expect(highlights(long, parseFilter('/(x+)+y/'))).toEqual([]);
	});

	it('d pretty-prints a JSON message; a plain one stays whole; tags are task/container', () => {
		expect(prettyLines(row(1, '{"a":1,"b":{"c":"d"}}'))).toEqual(['{', '  "a": 1,', '  "b": {', '    "c": "d"', '  }', '}']);
		expect(prettyLines(row(1, 'plain text'))).toEqual(['plain text']);
		expect(tagOf({...row(1), taskId: '3f2a9c1b7d4e5f60'})).toBe('3f2a9c1b7d4e/web');
	});

	it('the cursor follows the newest line, or stays on its own line (by id) as lines arrive', () => {
		const rows = Array.from({length: 5}, (_, i) => row(i));
		expect(cursorIndex(rows, {follow: true})).toBe(4);
		expect(cursorIndex(rows, {follow: false, at: 'e2', index: 2})).toBe(2);
		expect(cursorIndex(rows.slice(3), {follow: false, at: 'e2', index: 2})).toBe(1);
		expect(cursorIndex([], {follow: true})).toBe(-1);
	});

	it('layout: following fills from the bottom; the window moves only when the cursor leaves it; wrapped lines count their pieces', () => {
		const rows = Array.from({length: 20}, (_, i) => row(i));
		const text = (r: LogEvent) => r.message;
		const window = {top: 0};
		const follow = layout(rows, 19, 5, 40, false, window, text);
		expect(follow.map(l => l.text)).toEqual(['line 15', 'line 16', 'line 17', 'line 18', 'line 19']);
		expect(follow.at(-1)!.selected).toBe(true);
		// Up one: the window stays.
		expect(layout(rows, 18, 5, 40, false, window, text)[0]!.text).toBe('line 15');
		// To the top: the window follows the cursor.
		expect(layout(rows, 2, 5, 40, false, window, text)[0]!.text).toBe('line 2');
		// Wrapped: a 25-character line at width 10 takes 3 lines; the selected one is shown whole.
		const wide = rows.map(r => ({...r, message: `${r.message}`.padEnd(25, '.')}));
		const wrapped = layout(wide, 19, 6, 10, true, {top: 0}, text);
		expect(wrapped).toHaveLength(6);
		expect(wrapped.filter(l => l.selected)).toHaveLength(3);
		expect(wrapped.at(-1)!.row.eventId).toBe('e19');
	});
});
