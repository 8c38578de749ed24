// source/grapheme-singles.ts lists characters that are always a grapheme of their own and their
// widths, so displayWidth counts text made of them without segmenting it or asking string-width.
// Every listed character is checked here against Intl.Segmenter and string-width, alone, doubled
// and between ASCII; random texts over them and ASCII measure and cut as the segmenting path does;
// and string-width is never asked about such text (its first call costs ~16 ms of the cold start).
import {describe, expect, it, vi} from 'vitest';
import {narrowSingles, wideSingles} from '../../source/grapheme-singles.js';
import {Rng} from '../../source/sim/random.js';

const asked = vi.hoisted(() => ({texts: [] as string[]}));
vi.mock('string-width', async original => {
	const real = ((await original()) as {default: (text: string, options?: object) => number}).default;
	return {
		default: (text: string, options?: object) => {
			asked.texts.push(text);
			return real(text, options);
		},
	};
});
const {displayWidth, fitWidth, truncateWidth} = await import('../../source/text.js');
// The oracle: string-width itself, not the counting stand-in text.ts gets above.
const stringWidth = (await vi.importActual<typeof import('string-width')>('string-width')).default;

/** The characters a class body of `\uXXXX` and `\uXXXX-\uYYYY` items names. */
function charactersOf(ranges: string): string[] {
	const out: string[] = [];
	for (const [, from, to] of ranges.matchAll(/\\u([0-9A-F]{4})(?:-\\u([0-9A-F]{4}))?/g)) {
		for (let code = parseInt(from!, 16); code <= parseInt(to ?? from!, 16); code++) out.push(String.fromCharCode(code));
	}
	return out;
}

const narrow = charactersOf(narrowSingles);
const wide = charactersOf(wideSingles);
const graphemes = new Intl.Segmenter('en', {granularity: 'grapheme'});
const count = (text: string) => [...graphemes.segment(text)].length;

describe('grapheme-singles', () => {
	it('lists only characters that are a grapheme of their own, with string-width’s columns', () => {
		expect(narrow.length).toBeGreaterThan(4000);
		expect(wide.length).toBeGreaterThan(39_000);
		const wrong: string[] = [];
		for (const [list, columns] of [[narrow, 1], [wide, 2]] as const) {
			for (const c of list) {
				const ok = stringWidth(c) === columns && stringWidth(`a${c}b`) === columns + 2 && stringWidth(c + c) === 2 * columns
					&& count(`a${c}b`) === 3 && count(c + c) === 2 && count(`0${c}`) === 2 && count(`${c}#`) === 2;
				if (!ok) wrong.push(`U+${c.charCodeAt(0).toString(16).toUpperCase()}`);
			}
		}
		expect(wrong.slice(0, 20)).toEqual([]);
	});

	it('measures and cuts random texts over them and ASCII as the segmenting path does, without asking string-width', () => {
		const rng = new Rng(27);
		const pick = (list: readonly string[]) => list[Math.floor(rng.next() * list.length)]!;
		const ascii = [...' abcXYZ019#*~.-'];
		const differs: string[] = [];
		asked.texts.length = 0;
		for (let k = 0; k < 20_000; k++) {
			let text = '';
			for (let i = Math.floor(rng.next() * 16); i > 0; i--) {
				const r = rng.next();
				text += r < 0.5 ? pick(ascii) : r < 0.8 ? pick(narrow) : pick(wide);
			}
			const columns = stringWidth(text);
			if (count(text) !== text.length) differs.push(`${JSON.stringify(text)}: ${count(text)} graphemes`);
			if (displayWidth(text) !== columns) differs.push(`${JSON.stringify(text)}: ${displayWidth(text)} columns, string-width ${columns}`);
			// Cut at every width: whole characters, a wide one straddling the limit leaves a space before the `…`.
			const width = Math.floor(rng.next() * (columns + 2));
			const cut = truncateWidth(text, width);
			if (stringWidth(cut) > width || (columns <= width && cut !== text)) differs.push(`${JSON.stringify(text)} cut to ${width}: ${JSON.stringify(cut)}`);
			if (columns > width && width > 0 && !(cut.endsWith('…') && stringWidth(cut) === width && text.startsWith(cut.slice(0, -1).trimEnd()))) differs.push(`${JSON.stringify(text)} cut to ${width}: ${JSON.stringify(cut)}`);
			if (stringWidth(fitWidth(text, width)) !== width) differs.push(`${JSON.stringify(text)} fit to ${width}`);
		}
		expect(differs.slice(0, 10)).toEqual([]);
		expect(asked.texts).toEqual([]);
	});

	it('asks string-width about any other text (the stand-in above sees it)', () => {
		asked.texts.length = 0;
		expect(displayWidth('ab e\u0301 cd')).toBe(7);
		expect(displayWidth('x\u{1F642}')).toBe(3);
		expect(asked.texts).toEqual(['e\u0301', '\u{1F642}']);
	});
});
