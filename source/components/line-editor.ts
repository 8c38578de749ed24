// The one line editor behind every text field: the `/` filter, the `:` command, the scale and
// stop-reason fields. Pure, so a chunk of keys (fast typing, a paste) is applied one by one. Typing
// appends; there is no cursor to move, so the value is always edited at its end.
import type {KeyEvent} from './keys.js';

export interface LineRules {
	/** The longest value, in characters. */
	maxLength: number;
	/** Why a typed character is refused, or undefined to take it. */
	refuse?(ch: string): string | undefined;
}

/**
 * What a key did to the line. `submit` (Enter) and `cancel` (Esc) end the edit; `refused` says why a
 * typed character was not taken; `other` is a key the editor leaves to its caller (arrows, Tab).
 */
export type LineEdit = {value: string; submit?: boolean; cancel?: boolean; refused?: string; other?: boolean};

/** The prompts' length limit: far beyond any name or filter, short of a runaway paste. */
export const promptMaxLength = 200;

export function editLine(value: string, event: KeyEvent, rules: LineRules = {maxLength: promptMaxLength}): LineEdit {
	switch (event.name) {
		case 'escape':
			return {value, cancel: true};
		case 'enter':
			return {value, submit: true};
		case 'backspace':
			// By code point, so an emoji goes in one press rather than leaving half a surrogate pair.
			return {value: Array.from(value).slice(0, -1).join('')};
		case 'ctrl+u':
			return {value: ''};
		case 'ctrl+w':
			return {value: value.replace(/\S+\s*$/, '')};
		default:
			break;
	}
	const ch = event.text;
	if (!ch) return {value, other: true};
	const refused = rules.refuse?.(ch);
	if (refused) return {value, refused};
	if (Array.from(value).length >= rules.maxLength) return {value, refused: `at most ${rules.maxLength} characters`};
	return {value: value + ch};
}

/** The end of a value too long for `room` columns, cut with `…` so what is being typed stays in view. */
export function lineTail(value: string, room: number): string {
	const chars = Array.from(value);
	return chars.length > room ? `…${chars.slice(chars.length - room + 1).join('')}` : value;
}
