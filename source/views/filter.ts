// The `/` filter as data: what the user typed becomes a test on a row's visible text (the values
// of its columns, as drawn). `web` is a case-insensitive substring, `/we+b$/` a regular
// expression (also case-insensitive, RE2 syntax so it matches in linear time: see pattern.ts),
// and a leading `!` keeps the rows that do NOT match. An invalid or refused expression is
// reported, never thrown: the rows stay unfiltered until it is fixed.
import type {CellContext, Column} from '../components/table-layout.js';
import {compilePattern, requiredLiterals, type Pattern} from '../pattern.js';
import {inSlices} from './slices.js';

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
	// A loop, not map and join with a closure per cell: this runs once per row of the table (issue 25).
	let text = '';
	for (let i = 0; i < columns.length; i++) text += i === 0 ? cell(columns[i]!, row, ctx) : `  ${cell(columns[i]!, row, ctx)}`;
	return text.toLowerCase();
}

/** A cell's value, or '' when its column cannot read this row. */
function cell<Row>(column: Column<Row>, row: Row, ctx: CellContext | undefined): string {
	try {
		return column.value(row, ctx);
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

/** The rows last filtered for a column set, their texts by position, and what filters kept of them. */
interface Filtered {
	rows: readonly unknown[];
	texts: readonly string[];
	filter?: RowFilter;
	kept?: readonly number[];
	/** By filter source, the positions it kept of these rows: going back to a filter (Backspace, then the same key again) reads it here. */
	results: Map<string, readonly number[]>;
	/** The rows last returned and the positions they came from: the same filter again returns the same array (a sort kept with it is found). */
	shown?: {kept: readonly number[]; rows: readonly unknown[]};
}

/**
 * Per column set, the rows last filtered with their texts by position, and the last filter with the
 * positions it kept. While the rows stay the same (each key typed, over the same entities) a key
 * reads the texts from an array, not one WeakMap lookup per row (25,000 per key, issue 25).
 */
const lastFiltered = new Map<string, Filtered>();

/** Results kept per row set: a few, each at most one number per row. */
const resultsKept = 8;

function remember(last: Filtered, source: string, kept: readonly number[]): void {
	last.results.delete(source);
	if (last.results.size >= resultsKept) last.results.delete(last.results.keys().next().value!);
	last.results.set(source, kept);
}

const columnsKey = (columns: readonly Column<never>[]) => columns.map(c => c.id).join('|');

/** The entry for these rows and columns, made (texts read) when the rows changed. */
function filteredFor<Row>(rows: readonly Row[], columns: readonly Column<Row>[], ctx: CellContext | undefined): Filtered {
	const key = columnsKey(columns);
	let last = lastFiltered.get(key);
	if (!last || !sameRows(last.rows, rows)) {
		// Reading ahead for this column set is moot now; what it read is in the per-row cache.
		if (reading?.key === key) endReading(reading);
		last = {rows, texts: readTexts(rows, columns, ctx, key), results: new Map()};
		lastFiltered.set(key, last);
	}
	return last;
}

function readTexts<Row>(rows: readonly Row[], columns: readonly Column<Row>[], ctx: CellContext | undefined, key: string): string[] {
	// The cache is looked up once per call, not once per row.
	const cache = cacheFor(columns, key);
	const texts = new Array<string>(rows.length);
	for (let i = 0; i < rows.length; i++) texts[i] = textOf(rows[i]!, columns, ctx, cache);
	return texts;
}

/**
 * These rows may soon be filtered (the prompt is open, or a key was pressed in a big table: see
 * filter-sort.tsx): their texts are read ahead, in slices between keys, so the first character typed
 * tests them instead of reading every cell of the table first (52–84 ms at 10,000 tasks, 111–197 ms
 * at 25,000; issue 25). Typed before it is done, that character reads only the rest (the texts read
 * are kept per row). Resolves when done, or when other rows or a filter made it moot.
 */
export function readAhead<Row>(rows: readonly Row[], columns: readonly Column<Row>[], ctx?: CellContext): Promise<void> {
	const key = columnsKey(columns);
	const last = lastFiltered.get(key);
	if (last && sameRows(last.rows, rows)) return Promise.resolve();
	if (reading?.key === key && sameRows(reading.rows, rows)) return reading.done;
	if (reading) endReading(reading);
	const cache = cacheFor(columns, key);
	const {promise: done, resolve: stop} = Promise.withResolvers<void>();
	const job: Reading = {key, rows, texts: new Array<string>(rows.length), next: 0, read: row => textOf(row as Row, columns, ctx, cache), stop, done};
	reading = job;
	void inSlices(until => {
		if (reading !== job) return true;
		if (!read(job, until)) return false;
		lastFiltered.set(key, {rows: job.rows, texts: job.texts, results: new Map()});
		endReading(job);
		return true;
	});
	return job.done;
}

/** Texts being read ahead: for which rows (and column set), how far it got, and what it read so far. */
interface Reading {
	key: string;
	rows: readonly unknown[];
	texts: string[];
	next: number;
	/** A row's text, from the per-row cache or read now. */
	read: (row: unknown) => string;
	stop: () => void;
	done: Promise<void>;
}

let reading: Reading | undefined;

/** Reads the job's rows on from where it got to: true when done, false once past `until` (the clock read once per 64 rows). */
function read(job: Reading, until: number): boolean {
	while (job.next < job.rows.length) {
		job.texts[job.next] = job.read(job.rows[job.next]);
		if (++job.next % 64 === 0 && performance.now() > until) return false;
	}
	return true;
}

function endReading(job: Reading): void {
	if (reading === job) reading = undefined;
	job.stop();
}

export function filterRows<Row>(rows: readonly Row[], filter: RowFilter | undefined, columns: readonly Column<Row>[], ctx?: CellContext): readonly Row[] {
	if (!filter || filter.error) return rows;
	const last = filteredFor(rows, columns, ctx);
	const texts = last.texts;
	let kept = last.results.get(filter.source) ?? finish(last, filter.source);
	if (!kept) {
		const scan: number[] = [];
		// The filter grew over the same rows: only the rows it kept can still match.
		if (last.filter && last.kept && narrows(last.filter, filter)) {
			const previous = last.kept;
			for (let p = 0; p < previous.length; p++) if (passes(filter, texts[previous[p]!]!)) scan.push(previous[p]!);
		} else {
			for (let i = 0; i < texts.length; i++) if (passes(filter, texts[i]!)) scan.push(i);
		}
		kept = scan;
	}
	remember(last, filter.source, kept);
	last.filter = filter;
	last.kept = kept;
	if (last.shown?.kept === kept) return last.shown.rows as readonly Row[];
	const out = new Array<Row>(kept.length);
	for (let p = 0; p < kept.length; p++) out[p] = rows[kept[p]!]!;
	last.shown = {kept, rows: out};
	return out;
}

/**
 * A `/regex` being typed, not yet closed by its last `/`, filters as a substring (no row has it);
 * what the regex will keep once closed is worked out meanwhile, in slices of a few milliseconds
 * between keys, so the closing `/` finds it done (a regex over 10,000 rows costs 5–15 ms, more the
 * first time; issue 25). `typed`: the prompt's text; `rows` must be what filterRows was last given
 * for these columns. Resolves when done, or when a later call or a change of rows makes it moot.
 */
export function foresee<Row>(rows: readonly Row[], typed: string, columns: readonly Column<Row>[]): Promise<void> {
	const open = typed.startsWith('!') ? typed.slice(1) : typed;
	if (!open.startsWith('/') || open.length < 2 || open.endsWith('/')) return Promise.resolve();
	const filter = parseFilter(`${typed}/`);
	const key = columnsKey(columns);
	const last = lastFiltered.get(key);
	if (!filter?.regex || !last || !sameRows(last.rows, rows) || last.results.has(filter.source)) return Promise.resolve();
	if (ahead?.last === last && ahead.filter.source === filter.source) return ahead.done;
	ahead?.stop();
	const {promise: done, resolve: stop} = Promise.withResolvers<void>();
	const job: Ahead = {last, filter, kept: [], next: 0, stop, done};
	ahead = job;
	// (Its own promise, not inSlices': finish() and a newer job end it too.)
	void inSlices(until => {
		if (ahead !== job) return true;
		// The rows changed (a refresh) before it was done: moot, as it would not be kept.
		if (lastFiltered.get(key) !== last) {
			end(job);
			return true;
		}
		if (!scan(job, until)) return false;
		remember(last, filter.source, job.kept);
		end(job);
		return true;
	});
	return job.done;
}

/** The regex foresee is working out: its rows (their entry), how far it got, and what it kept so far. */
interface Ahead {
	last: Filtered;
	filter: RowFilter;
	kept: number[];
	next: number;
	stop: () => void;
	done: Promise<void>;
}

let ahead: Ahead | undefined;

/** The rest of foresee's work on this filter, done now (its closing `/` was typed before it finished). */
function finish(last: Filtered, source: string): readonly number[] | undefined {
	const job = ahead;
	if (!job || job.last !== last || job.filter.source !== source) return undefined;
	scan(job);
	end(job);
	return job.kept;
}

/** Tests the job's rows on from where it got to: true when done, false once past `until` (the clock read once per 256 rows, not per row). */
function scan(job: Ahead, until = Infinity): boolean {
	const texts = job.last.texts;
	while (job.next < texts.length) {
		if (passes(job.filter, texts[job.next]!)) job.kept.push(job.next);
		if (++job.next % 256 === 0 && performance.now() > until) return false;
	}
	return true;
}

function end(job: Ahead): void {
	if (ahead === job) ahead = undefined;
	job.stop();
}

/** How the header names the filter: `web`, `!web`, `/re/`, or `/re(/ invalid`. */
export function filterLabel(filter: RowFilter): string {
	return filter.error ? `${filter.source} invalid` : filter.source;
}
