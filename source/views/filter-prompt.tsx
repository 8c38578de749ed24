// The look of the one-line prompts that take the status line, `/` (filter) and `:` (command):
// `/web▌  12 of 240 · Enter keeps`. Their keys are the line editor's (components/line-editor.ts).
import {Text} from 'ink';
import {lineTail} from '../components/line-editor.js';
import {clean} from '../text.js';

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
	const shown = lineTail(clean(value), room);
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
