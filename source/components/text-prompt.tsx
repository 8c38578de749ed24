// A one-line text field inside a dialog: the pure key reducer (so a run of keys in one chunk is
// applied one by one, synchronously) and its look. Keys a field does not take are refused with
// a reason shown under it, never silently dropped.
import {Box, Text} from 'ink';
import type {KeyEvent} from './keys.js';

export interface FieldState {
	value: string;
	/** Why the last key or Enter was refused. */
	error?: string;
}

export interface FieldRules {
	maxLength: number;
	/** A reason to refuse a typed character, or undefined to take it. */
	refuse?(ch: string): string | undefined;
}

export type FieldOutcome = {state: FieldState; submit?: boolean; cancel?: boolean};

export function editField(state: FieldState, event: KeyEvent, rules: FieldRules): FieldOutcome {
	switch (event.name) {
		case 'escape':
			return {state, cancel: true};
		case 'enter':
			return {state, submit: true};
		case 'backspace':
			return {state: {value: Array.from(state.value).slice(0, -1).join('')}};
		case 'ctrl+u':
			return {state: {value: ''}};
		default:
			break;
	}
	const ch = event.text;
	if (!ch) return {state};
	const refused = rules.refuse?.(ch);
	if (refused) return {state: {value: state.value, error: refused}};
	if (Array.from(state.value).length >= rules.maxLength) return {state: {value: state.value, error: `at most ${rules.maxLength} characters`}};
	return {state: {value: state.value + ch}};
}

export interface TextPromptProps {
	label: string;
	state: FieldState;
	width: number;
	color: boolean;
	/** Shown dim after the field (the rules, the keys). */
	hint?: string;
}

/** `label value▌`, the tail kept visible when the value is longer than the line. */
export function TextPrompt({label, state, width, color, hint}: TextPromptProps) {
	const room = Math.max(4, width - label.length - 2);
	const chars = Array.from(state.value);
	const shown = chars.length > room ? `…${chars.slice(chars.length - room + 1).join('')}` : state.value;
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end">
				<Text bold>{label}</Text>
				{shown}
				<Text inverse> </Text>
			</Text>
			<Text wrap="truncate-end" color={color && state.error ? 'red' : undefined} dimColor={!state.error}>
				{state.error ? `✗ ${state.error}` : (hint ?? ' ')}
			</Text>
		</Box>
	);
}
