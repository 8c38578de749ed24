// Every string that came from the API passes through clean() before it is drawn or printed:
// a service name or event message must never move the cursor, switch screens, ring the bell,
// reorder what is shown around it (bidi controls) or hide text (invisible format characters).
// ESC sequences (CSI, OSC, two-byte) and 8-bit CSI sequences are removed whole; tabs and line
// breaks (CR, LF, NEL, U+2028/9) become spaces so a row stays one line; the remaining C0/C1
// controls, DEL and the invisible characters below are removed. JSON output keeps the data
// instead: jsonText() writes the same characters as \u escapes, inert on a terminal.
//
// Removed rather than replaced by U+FFFD, as C0 controls always were: the text then reads in the
// order it was typed (which is how names are filtered, completed and compared), and nothing shows
// that ECS did not send. Kept: ZWJ and ZWNJ (emoji sequences, Persian and Indic scripts),
// variation selectors, combining marks, and tag characters inside an emoji tag sequence (🏴 flags).
import stringWidth from 'string-width';
import {narrowSingles, wideSingles} from './grapheme-singles.js';

const escapeSequences = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[PX^_][^\u001B]*(?:\u001B\\)?|[@-Z\\-_])|\u009B[0-?]*[ -/]*[@-~]/g;
const lineBreaks = /[\t\n\r\u0085\u2028\u2029]/g;
/**
 * What is never drawn, besides the C0/C1 controls and DEL: bidi controls (ALM U+061C, LRM/RLM
 * U+200E/F, embeddings and overrides U+202A–E, isolates U+2066–9), invisible characters that
 * hide or split text (soft hyphen U+00AD, Mongolian vowel separator U+180E, zero-width space U+200B,
 * word joiner and invisible operators U+2060–4, deprecated format controls U+206A–F, BOM U+FEFF,
 * interlinear annotation U+FFF9–B) and the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, which
 * terminals draw as blanks of one or two columns while string-width counts none.
 */
const invisible = '\\u00AD\\u061C\\u115F\\u1160\\u180E\\u200B\\u200E\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\u3164\\uFEFF\\uFFA0\\uFFF9-\\uFFFB';
const removed = new RegExp(`[\\u0000-\\u001F\\u007F-\\u009F${invisible}]`, 'g');
// Tag characters (U+E0000–E007F, "ASCII smuggling") are invisible too, except in an emoji tag
// sequence: 🏴, a subdivision code of 4 to 6 tag letters or digits, CANCEL TAG (the flags of
// England, Scotland, Wales); so at most six tag characters stay, and they spell a region code.
const tags = /\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{4,6}\u{E007F}|[\u{E0000}-\u{E007F}]/gu;
/** Anything clean() must look at; tag characters are found by their high surrogate (U+DB40). */
const suspicious = new RegExp(`[\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029${invisible}\\uDB40]`);
const printableAscii = /^[\u0020-\u007E]*$/;

export function clean(value: unknown): string {
	if (value === undefined || value === null) return '';
	const text = String(value);
	// Fast paths: most strings are plain ASCII, and most others have nothing to remove.
	if (printableAscii.test(text)) return text;
	const wellFormed = text.isWellFormed();
	if (wellFormed && !suspicious.test(text)) return text;
	let out = text.replace(escapeSequences, '').replace(lineBreaks, ' ').replace(removed, '');
	if (out.includes('\uDB40')) out = out.replace(tags, tag => (tag.length > 2 ? tag : ''));
	// A lone surrogate reaches the terminal as U+FFFD (one column) while string-width counts none.
	return wellFormed ? out : out.toWellFormed();
}

/** JSON.stringify leaves these raw: C1 controls, DEL, line separators, bidi and invisible characters. */
const jsonRaw = new RegExp(`${tags.source}|[\\u007F-\\u009F\\u2028\\u2029${invisible}]`, 'gu');
const escapeUnit = (unit: string) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * JSON.stringify, with every character that clean() would remove or turn into a space written as
 * a \u escape: the data is all there (JSON.parse gives back the very string) but a terminal
 * showing the raw output sees only ASCII escapes. (JSON.stringify itself escapes C0 controls and
 * lone surrogates; ZWJ, ZWNJ and emoji flags stay as they are.)
 */
export function jsonText(value: unknown, indent?: number): string {
	const text = JSON.stringify(value, null, indent);
	// Fast path: ASCII JSON (its only raw control is the indentation's newline) has nothing to escape.
	if (text === undefined || /^[\n\u0020-\u007E]*$/.test(text)) return text ?? '';
	// A tag character is two UTF-16 units, each written as its own \u escape (valid JSON, and
	// JSON.parse pairs them up again); a whole emoji tag sequence stays, as clean() keeps it.
	return text.replace(jsonRaw, found => (found.length > 2 ? found : found.split('').map(escapeUnit).join('')));
}

// Display width: what a string takes on a terminal, measured as Ink measures it (string-width):
// CJK and emoji take two columns, combining marks and joiners none. A cell is padded and cut by
// this width, never by UTF-16 length or code points, and a cut never splits a grapheme (an
// emoji ZWJ sequence, a flag, a letter with its accents).
//
// Cost: the table draws every visible cell on every frame. Plain ASCII never leaves its fast path;
// other text is split into graphemes once and each distinct grapheme measured once (string-width
// runs emoji regular expressions per call, tens of microseconds for a CJK name), and the cells
// themselves are remembered, since a frame mostly redraws the cells of the one before.
const graphemes = new Intl.Segmenter('en', {granularity: 'grapheme'});
/** Text in which every character is a grapheme of its own (printable ASCII and grapheme-singles.ts). */
const singlesOnly = new RegExp(`^[\\u0020-\\u007E${narrowSingles}${wideSingles}]*$`);
const wide = new RegExp(`[${wideSingles}]`, 'g');
/** Columns of text singlesOnly matches: one a character, two for each wide one. */
const singlesWidth = (text: string) => text.length + (text.match(wide)?.length ?? 0);
const cacheLimit = 4096;
const graphemeWidths = new Map<string, number>();
const regionWidths = new Map<string, number>();
const fittedCells = new Map<string, string>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
	// Cleared when full rather than evicted one by one: cheap, and the next frame refills it.
	if (cache.size >= cacheLimit) cache.clear();
	cache.set(key, value);
	return value;
}

const isPrintableAscii = (code: number) => code >= 0x20 && code < 0x7f;

/** string-width of one grapheme (string-width adds up its graphemes' widths the same way). */
function graphemeWidth(grapheme: string): number {
	if (grapheme.length === 1 && isPrintableAscii(grapheme.charCodeAt(0))) return 1;
	return graphemeWidths.get(grapheme) ?? remember(graphemeWidths, grapheme, singlesOnly.test(grapheme) ? singlesWidth(grapheme) : stringWidth(grapheme));
}

/**
 * Measures text that string-width must: its first call outside the characters counted above
 * compiles its emoji and mark patterns (about 16 ms). The TUI calls it a second after its first
 * frame, whose text (`…` marks what is still loading) needs none of it, so no key pays it later
 * (an accent, an emoji in a tag).
 */
export function warmWidths(): void {
	displayWidth('e\u0301 \u{1F642}');
}

const visible = /\S/;

/**
 * Whether a cell shows anything: a blank one takes no colour, in `get`'s output and in the table
 * (whose selected row, in inverse video, would show a colour as a background).
 */
export function hasText(text: string): boolean {
	return visible.test(text);
}

/** Columns of a stretch displayWidth segments: remembered, as the same few (` … `) recur on every row. */
function regionWidth(region: string): number {
	const known = regionWidths.get(region);
	if (known !== undefined) return known;
	let width = 0;
	// Every character its own grapheme (` … `, `·`, CJK): counted, not segmented.
	if (singlesOnly.test(region)) width = singlesWidth(region);
	else for (const {segment} of graphemes.segment(region)) width += graphemeWidth(segment);
	return remember(regionWidths, region, width);
}

/**
 * Terminal columns `text` takes (plain ASCII: its length), exactly as string-width counts them,
 * for any text without escape sequences (string-width takes those out first).
 *
 * Only the text around characters outside printable ASCII is split into graphemes: a table row
 * with one `…` is not segmented whole (1.3–1.5 µs instead of 12 for 120 columns). A grapheme
 * reaches at most one printable ASCII character beyond such a run: a letter that takes an accent
 * or a keycap after it, or the character after a prepended mark. Between two printable ASCII
 * characters there is always a grapheme break (they are neither extenders, joiners, prepended
 * marks, regional indicators nor emoji), so each run is segmented with one ASCII neighbour on each
 * side, runs one character apart together, and every other ASCII character is one column.
 */
export function displayWidth(text: string): number {
	if (printableAscii.test(text)) return text.length;
	const n = text.length;
	let width = 0;
	let i = 0;
	while (i < n) {
		const start = i;
		while (i < n && isPrintableAscii(text.charCodeAt(i))) i++;
		if (i === n) return width + (i - start);
		const from = i > start ? i - 1 : i;
		width += from - start;
		let end = i;
		while (end < n && (!isPrintableAscii(text.charCodeAt(end)) || (end + 1 < n && !isPrintableAscii(text.charCodeAt(end + 1))))) end++;
		if (end < n) end++;
		width += regionWidth(text.slice(from, end));
		i = end;
	}
	return width;
}

/** Text that singlesOnly matches, one character a grapheme, as Intl.Segmenter would give it. */
function* singles(text: string): Generator<{segment: string; index: number}> {
	for (let index = 0; index < text.length; index++) yield {segment: text[index]!, index};
}

/** `text` cut to at most `width` columns, and the columns it then takes. */
function cutToWidth(text: string, width: number): {text: string; width: number} {
	if (width <= 0) return {text: '', width: 0};
	if (printableAscii.test(text)) {
		if (text.length <= width) return {text, width: text.length};
		return {text: width === 1 ? '…' : `${text.slice(0, width - 1)}…`, width};
	}
	// One pass that stops at the first grapheme past the limit: long messages are never measured whole.
	const room = width - 1;
	let used = 0;
	let cut = 0;
	let cutUsed = 0;
	for (const {segment, index} of singlesOnly.test(text) ? singles(text) : graphemes.segment(text)) {
		used += graphemeWidth(segment);
		if (used > width) return {text: `${text.slice(0, cut)}${' '.repeat(room - cutUsed)}…`, width};
		if (used <= room) {
			cut = index + segment.length;
			cutUsed = used;
		}
	}
	return {text, width: used};
}

/**
 * `text` cut to at most `width` columns, `…` marking a cut. Whole graphemes only: where a wide
 * one would straddle the limit, a space takes its column, then `…`.
 */
export function truncateWidth(text: string, width: number): string {
	if (printableAscii.test(text)) return cutToWidth(text, width).text;
	const key = `${width}t${text}`;
	return fittedCells.get(key) ?? remember(fittedCells, key, cutToWidth(text, width).text);
}

/** `text` padded with spaces to `width` columns (never cut). */
export function padWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	const pad = ' '.repeat(Math.max(0, width - displayWidth(text)));
	return align === 'right' ? pad + text : text + pad;
}

/** `text` as exactly `width` columns: cut with `…` when longer, else padded. */
export function fitWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	if (width <= 0) return '';
	const ascii = printableAscii.test(text);
	const key = ascii ? '' : `${width}${align[0]}${text}`;
	const known = ascii ? undefined : fittedCells.get(key);
	if (known !== undefined) return known;
	const cut = cutToWidth(text, width);
	const pad = ' '.repeat(Math.max(0, width - cut.width));
	const cell = align === 'right' ? pad + cut.text : cut.text + pad;
	return ascii ? cell : remember(fittedCells, key, cell);
}

/**
 * A URL fit to show: any userinfo (`user:password@`, a token as user) becomes `***@`, e.g.
 * `http://***@host:4566/`. A URL without userinfo comes back unchanged; one that does not parse is
 * left as it is except for a `//…@` (or a leading `…@` when there is no scheme) taken out.
 */
export function redactUrl(url: string): string {
	if (!url.includes('@')) return url;
	try {
		const parsed = new URL(url);
		if (parsed.username || parsed.password) {
			parsed.username = '***';
			parsed.password = '';
			// A scheme that refuses the change keeps its userinfo: the patterns below take it out.
			if (parsed.username === '***' && !parsed.password) return parsed.href;
		}
	} catch {
		// Not a URL: the patterns below still apply.
	}
	const redacted = url.replace(/\/\/[^/?#]*@/g, '//***@');
	return redacted.includes('://') ? redacted : redacted.replace(/^[^/?#]*@/, '***@');
}
