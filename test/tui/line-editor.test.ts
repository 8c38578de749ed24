// The one line editor of every text field: the filter and command prompts and the action dialogs'
// fields must answer the same keys the same way.
import {describe, expect, it} from 'vitest';
import type {KeyEvent} from '../../source/components/keys.js';
import {keyEvents} from '../../source/components/keys.js';
import {editLine, lineTail, type LineRules} from '../../source/components/line-editor.js';
import {editField, type FieldState} from '../../source/components/text-prompt.js';

const key = (name: string): KeyEvent => (name.length === 1 ? {name, text: name} : {name, text: ''});

/** Types `input` as a terminal would deliver it (one chunk), starting from `value`. */
function typed(value: string, input: string, rules?: LineRules): string {
	for (const event of keyEvents(input, {})) value = editLine(value, event, rules).value;
	return value;
}

describe('line editor', () => {
	it('appends typed characters, a chunk of them one by one', () => {
		expect(typed('', 'web api')).toBe('web api');
		expect(typed('a', 'bc')).toBe('abc');
	});

	it('Backspace deletes the last character, a whole emoji included', () => {
		expect(editLine('web', key('backspace')).value).toBe('we');
		expect(editLine('ok🚀', key('backspace')).value).toBe('ok');
		expect(editLine('', key('backspace')).value).toBe('');
	});

	it('Ctrl-U clears the line; Ctrl-W deletes the last word and the spaces after it', () => {
		expect(editLine('cluster prod', key('ctrl+u')).value).toBe('');
		expect(editLine('cluster prod', key('ctrl+w')).value).toBe('cluster ');
		expect(editLine('cluster prod  ', key('ctrl+w')).value).toBe('cluster ');
		expect(editLine('cluster', key('ctrl+w')).value).toBe('');
	});

	it('Enter submits and Esc cancels, the value untouched', () => {
		expect(editLine('web', key('enter'))).toEqual({value: 'web', submit: true});
		expect(editLine('web', key('escape'))).toEqual({value: 'web', cancel: true});
	});

	it('leaves keys it does not edit with (arrows, Tab) to its caller', () => {
		expect(editLine('web', key('down'))).toEqual({value: 'web', other: true});
		expect(editLine('web', key('tab'))).toEqual({value: 'web', other: true});
	});

	it('refuses a character past the limit, or one the rules refuse, saying why', () => {
		expect(editLine('abc', key('d'), {maxLength: 3})).toEqual({value: 'abc', refused: 'at most 3 characters'});
		expect(typed('', 'abcdef', {maxLength: 4})).toBe('abcd');
		const digits: LineRules = {maxLength: 6, refuse: ch => (/\d/.test(ch) ? undefined : 'digits only')};
		expect(editLine('1', key('x'), digits)).toEqual({value: '1', refused: 'digits only'});
		expect(typed('', '4x2', digits)).toBe('42');
	});

	it('a dialog field answers the same keys, Ctrl-W included, and keeps the refusal until the next edit', () => {
		const rules = {maxLength: 40};
		let state: FieldState = {value: 'draining for patching'};
		state = editField(state, key('ctrl+w'), rules).state;
		expect(state.value).toBe('draining for ');
		state = editField({value: 'abc'}, key('d'), {maxLength: 3}).state;
		expect(state).toEqual({value: 'abc', error: 'at most 3 characters'});
		expect(editField(state, key('down'), rules).state).toBe(state);
		expect(editField(state, key('backspace'), rules).state).toEqual({value: 'ab'});
	});

	it('keeps the end of a long value in view', () => {
		expect(lineTail('short', 10)).toBe('short');
		expect(lineTail('a-very-long-service-name', 8)).toBe('…ce-name');
		expect(Array.from(lineTail('🚀'.repeat(20), 5))).toHaveLength(5);
	});
});
