// Every pattern a user types (the `/re/` filter, `events --grep`) is compiled by re2js, a port of
// RE2: matching takes time linear in the text whatever the pattern, so `/(x+)+y/` cannot freeze the
// TUI (V8's backtracking RegExp took minutes on it, with Ctrl-C and SIGTERM unanswered because the
// event loop never came back). RE2 refuses what it cannot do in linear time — back-references and
// look-around — and we say so in words instead of echoing the parser's.
import {RE2JS} from 're2js';

export interface Pattern {
	/** What the user typed, without the slashes. */
	readonly source: string;
	test(text: string): boolean;
	/** Where it matches, as [start, end) UTF-16 offsets, left to right, non-overlapping (highlights). */
	ranges(text: string): Array<[number, number]>;
}

/** A pattern RE2 refuses; the message is one line for a status bar or a usage error. */
export class PatternError extends Error {
	override name = 'PatternError';
}

export function compilePattern(source: string, options: {ignoreCase?: boolean} = {}): Pattern {
	let compiled: RE2JS;
	try {
		compiled = RE2JS.compile(source, options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
	} catch (error) {
		throw new PatternError(explain(error instanceof Error ? error.message : String(error)));
	}
	return {
		source,
		test: text => compiled.test(text),
		ranges: text => {
			const found: Array<[number, number]> = [];
			const matcher = compiled.matcher(text);
			// Each find() is linear in what it scans; an empty match moves on by one.
			let from = 0;
			while (from <= text.length && matcher.find(from)) {
				const start = matcher.start();
				const end = matcher.end();
				if (end > start) found.push([start, end]);
				from = end > start ? end : end + 1;
			}
			return found;
		},
	};
}

/** The parser's "error parsing regexp: invalid escape sequence: `\1`" in the user's terms. */
export function explain(message: string): string {
	// re2js compiles case-insensitive patterns as `(?i)…` and quotes them so; the user typed no (?i).
	const reason = message.replace(/^error parsing regexp: /, '').replace('`(?i)', '`').split('\n')[0]!;
	if (/invalid escape sequence: `\\([1-9]|k)/.test(reason)) {
		return 'back-references (\\1, \\k<name>) are not supported: patterns use RE2 syntax, which always matches in linear time';
	}
	if (/`\(\?<?[=!]/.test(reason)) {
		return 'look-ahead and look-behind ((?=, (?!, (?<=, (?<!) are not supported: patterns use RE2 syntax, which always matches in linear time';
	}
	return reason;
}
