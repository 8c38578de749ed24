// The port-forward field of `F`: LOCAL:REMOTE (`8080:80`), or LOCAL:HOST:REMOTE through the task to a
// host it reaches (`5432:db.internal:5432`); LOCAL 0 picks a free port. Refused in the field, with
// the reason, until it parses.
import {Box, Text} from 'ink';
import {editField, TextPrompt} from '../../components/text-prompt.js';
import {parseForward} from '../../exec/forward-spec.js';
import type {ForwardSpec} from '../../exec/forward.js';
import type {InputStep} from '../actions/dialog.js';

export function forwardInputStep(initial: ForwardSpec, onValue: (spec: ForwardSpec) => void): InputStep {
	const first = initial.remotePort > 0 ? `${initial.localPort}:${initial.remotePort}` : '';
	return {
		field: {value: first},
		render: (size, color, state) => (
			<Box flexDirection="column" width={size.columns}>
				<Text bold wrap="truncate-end">
					Port forward
				</Text>
				<Text> </Text>
				<TextPrompt label="LOCAL:REMOTE " state={state} width={size.columns} color={color} hint="8080:80, or 5432:db.internal:5432 through the task; LOCAL 0 picks a free port" />
				<Text> </Text>
				<Text dimColor wrap="truncate-end">
					Enter continue (a confirmation follows)   Esc cancel   Ctrl-U clear
				</Text>
			</Box>
		),
		onKey(event, state) {
			const outcome = editField(state, event, {maxLength: 300});
			const field = outcome.state;
			if (outcome.cancel) return {outcome: 'cancel', field};
			if (!outcome.submit) return {outcome: 'stay', field};
			const parsed = parseForward(field.value, {allowHost: true});
			if ('error' in parsed) return {outcome: 'stay', field: {value: field.value, error: parsed.error}};
			onValue(parsed.spec);
			return {outcome: 'done', field};
		},
	};
}
