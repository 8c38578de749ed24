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

/**
 * Literal text every match of `source` must contain (lower-cased ASCII, at least 2 characters):
 * a cheap `includes` then rules out most rows before the regex engine runs (re2js is linear but
 * slow: ~35 ms for 25,000 rows). Conservative: characters inside groups, classes and escapes, and
 * any character a quantifier applies to, are left out; an alternation outside a group, `(?`-flags
 * or `\Q` give no literals at all.
 */
export function requiredLiterals(source: string): string[] {
	const literals: string[] = [];
	let run = '';
	const end = () => {
		if (run.length >= 2) literals.push(run);
		run = '';
	};
	for (let i = 0; i < source.length; i++) {
		const ch = source[i]!;
		const next = source[i + 1];
		if (ch === '|') return [];
		if (ch === '\\') {
			if (next === 'Q') return [];
			end();
			i++;
			continue;
		}
		if (ch === '(') {
			if (next === '?' && source[i + 2] !== ':') return [];
			end();
			// Skip the group whole (nested groups, classes and escapes inside it).
			let depth = 0;
			for (; i < source.length; i++) {
				const c = source[i]!;
				if (c === '\\') i++;
				else if (c === '[') i = classEnd(source, i);
				else if (c === '(') depth++;
				else if (c === ')' && --depth === 0) break;
			}
			continue;
		}
		if (ch === '[') {
			end();
			i = classEnd(source, i);
			continue;
		}
		if (ch === '*' || ch === '?' || ch === '{' || ch === '+') {
			// The quantified character may be absent (or repeated): it is not part of the literal.
			run = run.slice(0, -1);
			end();
			if (ch === '{') {
				const close = source.indexOf('}', i);
				if (close < 0) return [];
				i = close;
			}
			continue;
		}
		if (ch === '.' || ch === '^' || ch === '$' || ch === ')' || ch === ']' || ch === '}') {
			end();
			continue;
		}
		const code = ch.charCodeAt(0);
		if (code < 32 || code > 126) {
			end();
			continue;
		}
		// A character a quantifier follows is dropped when the quantifier is read (above).
		run += ch.toLowerCase();
	}
	end();
	return literals;
}

/** The index of the `]` closing the class opened at `start` (`[]a]` and `[^]a]` include the first `]`). */
function classEnd(source: string, start: number): number {
	let i = start + 1;
	if (source[i] === '^') i++;
	if (source[i] === ']') i++;
	for (; i < source.length; i++) {
		if (source[i] === '\\') i++;
		else if (source[i] === '[' && source[i + 1] === ':') {
			const close = source.indexOf(':]', i + 2);
			if (close >= 0) i = close + 1;
		} else if (source[i] === ']') return i;
	}
	return source.length;
}
