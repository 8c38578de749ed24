// The scale dialog's number field: digits only (a '-' or '.' is shown so Enter can say why it is
// wrong; letters are refused as keys, with the reason), the current counts above it, and the
// caller's validation on Enter. The reducer is pure; the component only draws.
import {Box, Text} from 'ink';
import type {KeyEvent} from './keys.js';
import {editField, type FieldState, TextPrompt} from './text-prompt.js';

export interface NumberRules {
	maxLength: number;
	/** Why a typed character is refused (undefined: take it). */
	refuse(ch: string): string | undefined;
	/** On Enter: the number, or why the text is not one the caller accepts. */
	parse(text: string): {ok: true; value: number} | {ok: false; reason: string};
}

export type NumberOutcome = {state: FieldState; value?: number; cancel?: boolean};

/** Characters taken into the field although they make it invalid, so Enter can explain. */
const shownAnyway = new Set(['-', '.', ',']);

export function editNumber(state: FieldState, event: KeyEvent, rules: NumberRules): NumberOutcome {
	const outcome = editField(state, event, {
		maxLength: rules.maxLength,
		refuse: ch => (shownAnyway.has(ch) ? undefined : rules.refuse(ch)),
	});
	if (outcome.cancel) return {state: outcome.state, cancel: true};
	if (!outcome.submit) return {state: outcome.state};
	const parsed = rules.parse(outcome.state.value);
	return parsed.ok ? {state: {value: outcome.state.value}, value: parsed.value} : {state: {value: outcome.state.value, error: parsed.reason}};
}

export interface NumberPromptProps {
	title: string;
	/** Facts above the field, e.g. [['desired', '4'], ['running', '4'], ['pending', '0']]. */
	facts: Array<[string, string]>;
	label: string;
	state: FieldState;
	hint: string;
	/** Key help at the bottom. */
	keys: string;
	width: number;
	color: boolean;
}

export function NumberPrompt(props: NumberPromptProps) {
	const {title, facts, label, state, hint, keys, width, color} = props;
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate-end">
				{title}
			</Text>
			<Text wrap="truncate-end">{facts.map(([k, v]) => `${k} ${v}`).join('   ')}</Text>
			<Text> </Text>
			<TextPrompt label={label} state={state} width={width} color={color} hint={hint} />
			<Text> </Text>
			<Text wrap="truncate-end" dimColor>
				{keys}
			</Text>
		</Box>
	);
}
