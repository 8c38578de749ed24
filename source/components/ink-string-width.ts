// string-width for Ink and the packages it draws with (widest-line, cli-truncate, slice-ansi,
// wrap-ansi): scripts/build.mjs points their `string-width` here. The same count, from displayWidth
// (text.ts), which splits text into graphemes only around characters outside printable ASCII and
// remembers what it measured. string-width segments a whole line when it holds one such character,
// about 30 µs for 120 columns, and Ink measures each changed line several times a frame: a PgDn on
// a screen of services (`…` in CPU% and MEM% until they are read) spent 8 ms of its frame there.
import stringWidth, {type Options} from 'string-width';
import stripAnsi from 'strip-ansi';
import {displayWidth} from '../text.js';

export default function inkStringWidth(input: string, options?: Options): number {
	// Other than the defaults (wrap-ansi counts escape codes as characters): string-width itself.
	if (options && (options.ambiguousIsNarrow === false || options.countAnsiEscapeCodes === true)) return stringWidth(input, options);
	if (typeof input !== 'string' || input.length === 0) return 0;
	// As string-width does: escape sequences out first, only when there is one.
	return displayWidth(input.includes('\u001B') || input.includes('\u009B') ? stripAnsi(input) : input);
}
