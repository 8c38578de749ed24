// The one-line prompts that take the status line: `/` (filter) and `:` (command). A pure line
// editor (so a chunk of keys is applied one by one) and its look: `/web▌  12 of 240 · Enter keeps`.
import {Text} from 'ink';
import type {KeyEvent} from '../components/keys.js';
import {clean} from '../text.js';

/** What a key does to the line; `submit`/`cancel` end the prompt, `other` is a key the editor left alone. */
export type LineEdit = {value: string; submit?: boolean; cancel?: boolean; other?: boolean};

export function editLine(value: string, event: KeyEvent, maxLength = 200): LineEdit {
	switch (event.name) {
		case 'escape':
			return {value, cancel: true};
		case 'enter':
			return {value, submit: true};
		case 'backspace':
			return {value: Array.from(value).slice(0, -1).join('')};
		case 'ctrl+u':
			return {value: ''};
		case 'ctrl+w':
			return {value: value.replace(/\S+\s*$/, '')};
		default:
			break;
	}
	if (!event.text) return {value, other: true};
	if (Array.from(value).length >= maxLength) return {value};
	return {value: value + event.text};
}

export interface PromptLineProps {
	prefix: string;
	value: string;
	width: number;
	color: boolean;
	/** Dim text after the field (counts, keys, completions). */
	note?: string;
	/** Shown in red instead of the note. */
	error?: string;
}

export function PromptLine({prefix, value, width, color, note, error}: PromptLineProps) {
	const tail = error ? `  ✗ ${error}` : note ? `  ${note}` : '';
	// Keep the end of a long value in view, and at least a little of the note.
	const room = Math.max(4, width - prefix.length - 1 - Math.min(tail.length, Math.floor(width / 2)));
	const chars = Array.from(clean(value));
	const shown = chars.length > room ? `…${chars.slice(chars.length - room + 1).join('')}` : chars.join('');
	return (
		<Text wrap="truncate-end">
			<Text bold>{prefix}</Text>
			{shown}
			<Text inverse> </Text>
			{tail ? (
				<Text color={color && error ? 'red' : undefined} dimColor={!error}>
					{clean(tail)}
				</Text>
			) : null}
		</Text>
	);
}
