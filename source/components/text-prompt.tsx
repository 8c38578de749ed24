// A one-line text field inside a dialog: the line editor plus the reason for the last refusal, and
// its look. Keys a field does not take are refused with a reason shown under it, never silently dropped.
import {Box, Text} from 'ink';
import type {KeyEvent} from './keys.js';
import {editLine, lineTail, type LineRules} from './line-editor.js';

export interface FieldState {
	value: string;
	/** Why the last key or Enter was refused. */
	error?: string;
}

export type FieldOutcome = {state: FieldState; submit?: boolean; cancel?: boolean};

/** A key applied to the field: an edit clears the last refusal; a key it ignores keeps it. */
export function editField(state: FieldState, event: KeyEvent, rules: LineRules): FieldOutcome {
	const edit = editLine(state.value, event, rules);
	if (edit.cancel) return {state, cancel: true};
	if (edit.submit) return {state, submit: true};
	if (edit.other) return {state};
	if (edit.refused) return {state: {value: state.value, error: edit.refused}};
	return {state: {value: edit.value}};
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
	const shown = lineTail(state.value, Math.max(4, width - label.length - 2));
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
