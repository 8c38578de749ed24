// Patches to Ink's frame path, applied to the bundle only (tests run Ink as published). They
// change no output, only what each repaint recomputes:
// - Output builds a fresh tokenising cache per frame, so every repaint re-tokenised every line of
//   the screen (about half a frame at 120x40): one cache shared across frames makes unchanged lines
//   free; it is dropped when it outgrows a few screens' worth of distinct lines (300: each line is
//   ~120 cell objects, ~20 KB; at 4,000 lines, after a filter had shown many, it held 70 MB).
// - Every text node's width was measured from scratch each frame (Intl.Segmenter on any non-ASCII
//   line): it now goes through measureText's cache,
// - whose cache never shrank (every text ever drawn stayed in memory): now cleared past 10,000.
// - Output.get() filled a grid of 4,800 cell objects and re-serialised all 40 lines every frame,
//   though a refresh changes one or two: each line now records its writes (x and text, after
//   clipping and transforms, in order) and is built, exactly as before, only when those differ
//   from a line built earlier at this width.
const sharedCaches = `
let sharedOutputCaches;
function sharedCaches() {
	const c = sharedOutputCaches;
	if (!c || c.styledChars.size > 300 || c.widths.size > 20000 || c.blockWidths.size > 4000) sharedOutputCaches = new OutputCaches();
	return sharedOutputCaches;
}
let builtLines = new Map();
let builtWidth = -1;
function buildLine(writes, width, caches) {
	if (width !== builtWidth || builtLines.size > 2000) {
		builtLines = new Map();
		builtWidth = width;
	}
	const key = writes.join('\u0000');
	let text = builtLines.get(key);
	if (text !== undefined) return text;
	const currentLine = [];
	for (let x = 0; x < width; x++) currentLine.push({type: 'char', value: ' ', fullWidth: false, styles: []});
	for (let i = 0; i < writes.length; i += 2) {
		let offsetX = writes[i];
		// Not through the styled-chars cache: a line is rebuilt only when new, and its ~120 cell
		// objects should die young (kept in a cache across frames they were promoted, and paging
		// through 10,000 rows grew the old generation by 25 MB).
		for (const character of styledCharsFromTokens(tokenize(writes[i + 1]))) {
			currentLine[offsetX] = character;
			const characterWidth = Math.max(1, caches.getStringWidth(character.value));
			for (let index = 1; index < characterWidth; index++) {
				currentLine[offsetX + index] = {type: 'char', value: '', fullWidth: false, styles: character.styles};
			}
			offsetX += characterWidth;
		}
	}
	text = styledCharsToString(currentLine.filter(item => item !== undefined)).trimEnd();
	builtLines.set(key, text);
	return text;
}
`;
export const inkPatches = {
	'output.js': [
		['caches = new OutputCaches();', 'caches = sharedCaches();'],
		[/const row = \[\];\s*for \(let x = 0; x < this\.width; x\+\+\) \{\s*row\.push\(\{[^}]*\}\);\s*\}\s*output\.push\(row\);/, 'output.push([]);'],
		[/const characters = this\.caches\.getStyledChars\(line\);[\s\S]*?offsetX \+= characterWidth;\s*\}\s*offsetY\+\+;/, 'currentLine.push(x, line);\n                    offsetY++;'],
		[/output\s*\.map\(line => \{[\s\S]*?return styledCharsToString\(lineWithoutEmptyItems\)\.trimEnd\(\);\s*\}\)/, 'output.map(writes => buildLine(writes, this.width, this.caches))'],
		[/$/, sharedCaches],
	],
	'render-node-to-output.js': [
		["import widestLine from 'widest-line';", "import measureText from './measure-text.js';"],
		['const currentWidth = widestLine(text);', 'const currentWidth = measureText(text).width;'],
	],
	'measure-text.js': [['cache.set(text, dimensions);', 'if (cache.size >= 10000) cache.clear();\n    cache.set(text, dimensions);']],
	// Yoga (Ink's layout engine) fetched its own wasm from a data: URL whenever a global fetch
	// exists: on Node that loads the whole of undici first, ~40 ms of a 0.5 s start. It decodes
	// the same base64 synchronously instead, as it does where there is no fetch.
	'yoga-wasm-base64-esm.js': [['function ya(){return w||"function"!=typeof fetch?', 'function ya(){return true?']],
};

/** The file's source with its patches, or undefined (and a warning) when Ink changed under them. */
export function patchInk(file, source, warn = () => {}) {
	const edits = inkPatches[file];
	if (!edits) return source;
	for (const [from, to] of edits) {
		if (typeof from === 'string' ? !source.includes(from) : !from.test(source)) {
			warn(`changed, left unpatched (${from})`);
			return undefined;
		}
		source = source.replace(from, to);
	}
	return source;
}
