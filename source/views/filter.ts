// The `/` filter as data: what the user typed becomes a test on a row's visible text (the values
// of its columns, as drawn). `web` is a case-insensitive substring, `/we+b$/` a regular
// expression (also case-insensitive, RE2 syntax so it matches in linear time: see pattern.ts),
// and a leading `!` keeps the rows that do NOT match. An invalid or refused expression is
// reported, never thrown: the rows stay unfiltered until it is fixed.
import type {CellContext, Column} from '../components/table-layout.js';
import {compilePattern, requiredLiterals, type Pattern} from '../pattern.js';

export interface RowFilter {
	/** What the user typed. */
	source: string;
	invert: boolean;
	/** Lower-cased substring, when not a regular expression. */
	needle?: string;
	regex?: Pattern;
	/** Lower-cased text every match of the regex contains (requiredLiterals): rows without it are ruled out first. */
	literals?: readonly string[];
	/** Why the regular expression is invalid. */
	error?: string;
}

const parsed = new Map<string, RowFilter | undefined>();

/** The filter for a typed text, or undefined when it filters nothing ('' or a lone '!'). */
export function parseFilter(source: string): RowFilter | undefined {
	if (parsed.has(source)) return parsed.get(source);
	const filter = parse(source);
	// Typing produces one text per key; a small cache keeps re-renders from re-compiling.
	if (parsed.size > 200) parsed.clear();
	parsed.set(source, filter);
	return filter;
}

function parse(source: string): RowFilter | undefined {
	const invert = source.startsWith('!');
	const body = invert ? source.slice(1) : source;
	if (body === '') return undefined;
	if (body.length >= 2 && body.startsWith('/') && body.endsWith('/')) {
		const pattern = body.slice(1, -1);
		try {
			const regex = compilePattern(pattern, {ignoreCase: true});
			const literals = requiredLiterals(pattern);
			return literals.length > 0 ? {source, invert, regex, literals} : {source, invert, regex};
		} catch (error) {
			return {source, invert, error: error instanceof Error ? error.message : String(error)};
		}
	}
	return {source, invert, needle: body.toLowerCase()};
}

/** Does a row's (lower-cased) text pass the filter? An invalid filter passes everything. */
export function passes(filter: RowFilter, text: string): boolean {
	if (filter.error) return true;
	const hit = filter.regex ? ruledOut(filter.literals, text) ? false : filter.regex.test(text) : text.includes(filter.needle ?? '');
	return hit !== filter.invert;
}

/**
 * A literal the regex needs is missing from the (lower-cased) text. The literals are printable ASCII,
 * and RE2's case folding matches an ASCII letter only to itself in either case, to the Kelvin sign
 * (`k`: lower-casing makes it `k`) and to `ſ` (`s`: lower-casing keeps it): so a text with an `ſ`
 * always goes to RE2. (A test of the whole text for non-ASCII cost more than the rest of the check.)
 */
function ruledOut(literals: readonly string[] | undefined, text: string): boolean {
	if (!literals) return false;
	for (const literal of literals) if (!text.includes(literal)) return !text.includes('ſ');
	return false;
}

// A row's text is built once per row object and column set: the store keeps an unchanged
// entity's identity across refreshes, so typing a filter over 10,000 rows re-reads no cells.
// (Ages in the text are those of when the row was first seen; nobody filters on "5m".)
const texts = new Map<string, WeakMap<object, string>>();

function cacheFor(columns: readonly Column<never>[], key = columns.map(c => c.id).join('|')): WeakMap<object, string> {
	let cache = texts.get(key);
	if (!cache) texts.set(key, (cache = new WeakMap()));
	return cache;
}

function textOf<Row>(row: Row, columns: readonly Column<Row>[], ctx: CellContext | undefined, cache: WeakMap<object, string>): string {
	if (typeof row !== 'object' || row === null) return rowText(row, columns, ctx);
	let text = cache.get(row);
	if (text === undefined) cache.set(row, (text = rowText(row, columns, ctx)));
	return text;
}

function rowText<Row>(row: Row, columns: readonly Column<Row>[], ctx: CellContext | undefined): string {
	return columns.map(c => safe(() => c.value(row, ctx))).join('  ').toLowerCase();
}

function safe(value: () => string): string {
	try {
		return value();
	} catch {
		return '';
	}
}

/**
 * Can `next` be applied to what `previous` kept instead of to every row? When both are plain
 * substrings (not inverted) and the new one contains the old one: every row it matches, the old one
 * matched. Typing a filter grows it one character at a time, so each key scans only the rows left.
 */
export function narrows(previous: RowFilter, next: RowFilter): boolean {
	return !previous.invert && !next.invert && previous.needle !== undefined && next.needle !== undefined && !previous.error && !next.error && next.needle.includes(previous.needle);
}

/** The same rows in the same order (the pane rebuilds its row array on each key, from the same entities). */
function sameRows(a: readonly unknown[], b: readonly unknown[]): boolean {
	if (a === b) return true;
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/**
 * Per column set, the rows last filtered with their texts by position, and the last filter with the
 * positions it kept. While the rows stay the same (each key typed, over the same entities) a key
 * reads the texts from an array, not one WeakMap lookup per row (25,000 per key, issue 25).
 */
const lastFiltered = new Map<string, {rows: readonly unknown[]; texts: readonly string[]; filter?: RowFilter; kept?: readonly number[]}>();

export function filterRows<Row>(rows: readonly Row[], filter: RowFilter | undefined, columns: readonly Column<Row>[], ctx?: CellContext): readonly Row[] {
	if (!filter || filter.error) return rows;
	const key = columns.map(c => c.id).join('|');
	let last = lastFiltered.get(key);
	if (!last || !sameRows(last.rows, rows)) {
		// The cache is looked up once per call, not once per row.
		const cache = cacheFor(columns, key);
		last = {rows, texts: rows.map(row => textOf(row, columns, ctx, cache))};
		lastFiltered.set(key, last);
	}
	const texts = last.texts;
	const kept: number[] = [];
	// The filter grew over the same rows: only the rows it kept can still match.
	if (last.filter && last.kept && narrows(last.filter, filter)) {
		for (const i of last.kept) if (passes(filter, texts[i]!)) kept.push(i);
	} else {
		for (let i = 0; i < texts.length; i++) if (passes(filter, texts[i]!)) kept.push(i);
	}
	last.filter = filter;
	last.kept = kept;
	return kept.map(i => rows[i]!);
}

/** How the header names the filter: `web`, `!web`, `/re/`, or `/re(/ invalid`. */
export function filterLabel(filter: RowFilter): string {
	return filter.error ? `${filter.source} invalid` : filter.source;
}
