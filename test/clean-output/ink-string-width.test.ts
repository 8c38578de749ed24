// displayWidth (text.ts) counts exactly as string-width does, while splitting text into graphemes
// only around characters outside printable ASCII; and the bundle's string-width for Ink
// (components/ink-string-width.ts, swapped in by scripts/build.mjs) agrees with string-width on any
// string, escape sequences included. Random strings over characters that change grapheme breaks
// next to ASCII: accents and other extenders, joiners, variation selectors, keycaps, prepended
// marks, spacing marks, regional indicators, emoji, wide and halfwidth forms, Hangul jamo,
// controls, lone surrogates, invisible characters.
import {readFileSync} from 'node:fs';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import inkStringWidth from '../../source/components/ink-string-width.js';
import {Rng} from '../../source/sim/random.js';
import {displayWidth} from '../../source/text.js';

const ascii = ['a', 'Z', ' ', '0', '9', '#', '*', '~', '.'];
const tricky = [
	'\u0301', '\u0308', '\u200D', '\uFE0F', '\uFE0E', '\u20E3', '\u0600', '\u0605', '\u06DD', '\u0D4E', '\u0903', '\u093F', '\u0915', '\u094D',
	'\u{1F1EF}', '\u{1F1F5}', '\u{1F680}', '\u{1F469}', '\u{1F4BB}', '\u{1F3F4}', '\u{E0067}', '\u{E007F}', '\u{1F3FB}',
	'日', 'ｶ', 'ﾞ', '\uFF01', '\u3000', '\u1100', '\u1161', '\u11A8', '\uAC00', '\u0E01', '\u0E33',
	'\t', '\r', '\n', '\u0000', '\u007F', '\u0085', '\u00AD', '\u200B', '\u2060', '\uD800', '\uDC00', '…', '›', 'é', '\u00A0',
];
const escapes = ['\u001B[31m', '\u001B[39m', '\u001B[7m', '\u001B[27m', '\u001B[38;2;1;2;3m', '\u001B]8;;https://example.com\u0007', '\u001B]8;;\u0007', '\u009B1m'];

function randomText(rng: Rng, withEscapes: boolean): string {
	const length = Math.floor(rng.next() * 14);
	let text = '';
	for (let i = 0; i < length; i++) {
		const r = rng.next();
		const from = withEscapes && r < 0.1 ? escapes : r < 0.55 ? ascii : tricky;
		text += from[Math.floor(rng.next() * from.length)];
	}
	return text;
}

describe('displayWidth', () => {
	it('counts as string-width does, on 60,000 random texts without escape sequences', () => {
		const rng = new Rng(25);
		let differs: string | undefined;
		for (let k = 0; k < 60_000 && differs === undefined; k++) {
			const text = randomText(rng, false);
			if (displayWidth(text) !== stringWidth(text)) differs = `${JSON.stringify(text)}: ${displayWidth(text)}, string-width ${stringWidth(text)}`;
		}
		expect(differs).toBeUndefined();
	});

	it('counts a grapheme that reaches into the ASCII around it', () => {
		// An accent on the letter before it, a keycap on the digit, a prepended mark on the letter after.
		for (const text of ['abce\u0301fg', 'ab1\uFE0F\u20E3cd', 'ab\u0600cd', 'x\u0915\u094D\u0915y', 'a\u0301b\u0301', 'a…b…c', '\u{1F1EF}\u{1F1F5}\u{1F1EF}x']) {
			expect(displayWidth(text), JSON.stringify(text)).toBe(stringWidth(text));
		}
		expect(displayWidth('ab1\uFE0F\u20E3cd')).toBe(6);
	});
});

describe("Ink's string-width in the bundle", () => {
	it('agrees with string-width on 30,000 random texts with escape sequences, and with its options', () => {
		const rng = new Rng(26);
		const optionSets = [undefined, {countAnsiEscapeCodes: true}, {ambiguousIsNarrow: false}, {ambiguousIsNarrow: true, countAnsiEscapeCodes: false}];
		let differs: string | undefined;
		for (let k = 0; k < 30_000 && differs === undefined; k++) {
			const text = randomText(rng, true);
			for (const options of k % 10 === 0 ? optionSets : [undefined]) {
				if (inkStringWidth(text, options) !== stringWidth(text, options)) differs = `${JSON.stringify(text)} ${JSON.stringify(options)}: ${inkStringWidth(text, options)}, string-width ${stringWidth(text, options)}`;
			}
		}
		expect(differs).toBeUndefined();
		expect(inkStringWidth('')).toBe(0);
	});

	it('is what Ink measures with in the built bundle (the one global-setup built)', () => {
		const source = readFileSync(new URL('../../dist/ecs-top.js', import.meta.url), 'utf8');
		// widest-line (Ink's text nodes) and Ink's line-update (each changed line of a frame).
		// (A boolean, so a failure does not print the 3 MB bundle.)
		expect(source.includes('lineWidth=Math.max(lineWidth,inkStringWidth(line))'), 'widest-line measures with inkStringWidth').toBe(true);
		expect(source.includes('column=inkStringWidth(nextText.slice(0,textLength))'), "Ink's line-update measures with inkStringWidth").toBe(true);
	});
});
