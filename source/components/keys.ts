// Turns what Ink's useInput hands us into single key presses. Ink delivers a run of plain
// characters as ONE input ("jj" from fast typing, tmux send-keys or a paste, even "8\r"), so
// every character becomes its own event; escape sequences (arrows, PgDn) arrive already split.
import type {Key} from 'ink';

export interface KeyEvent {
	/** The key's name as the keymap spells it: 'j', 'G', 'enter', 'escape', 'down', 'space', 'ctrl+d'. */
	name: string;
	/** The printable character, '' for special keys (text fields append this). */
	text: string;
}

const special: Array<[keyof Key, string]> = [
	['upArrow', 'up'],
	['downArrow', 'down'],
	['leftArrow', 'left'],
	['rightArrow', 'right'],
	['pageUp', 'pageup'],
	['pageDown', 'pagedown'],
	['home', 'home'],
	['end', 'end'],
	['escape', 'escape'],
	['tab', 'tab'],
	['backspace', 'backspace'],
	// Most terminals send DEL (0x7f) for the Backspace key and Ink calls it "delete".
	['delete', 'backspace'],
];

function charEvent(ch: string): KeyEvent {
	if (ch === '\r' || ch === '\n') return {name: 'enter', text: ''};
	if (ch === ' ') return {name: 'space', text: ' '};
	if (ch === '\t') return {name: 'tab', text: ''};
	if (ch === '\u007F' || ch === '\b') return {name: 'backspace', text: ''};
	if (ch === '\u001B') return {name: 'escape', text: ''};
	const code = ch.codePointAt(0) ?? 0;
	if (code > 0 && code < 0x20) return {name: `ctrl+${String.fromCodePoint(code + 96)}`, text: ''};
	if (code < 0x20 || (code >= 0x7F && code <= 0x9F)) return {name: '', text: ''};
	return {name: ch, text: ch};
}

/** Every key press contained in one useInput call, in order. */
export function keyEvents(input: string, key: Partial<Key>): KeyEvent[] {
	if (key.return && (input === '' || input === '\r')) return [{name: 'enter', text: ''}];
	for (const [flag, name] of special) {
		if (key[flag] && input === '') return [{name, text: ''}];
	}
	if (key.escape) return [{name: 'escape', text: ''}];
	if (key.ctrl && input.length === 1) return [{name: `ctrl+${input.toLowerCase()}`, text: ''}];
	const events: KeyEvent[] = [];
	for (const ch of input) {
		const event = charEvent(ch);
		if (event.name) events.push(event);
	}
	return events;
}
