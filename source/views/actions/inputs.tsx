// The two input steps of the action dialogs: the scale field (digits only, 0..5000, refused with
// the reason in the field) and the stop reason editor (Enter keeps it, Esc restores the old one).
import {Box, Text} from 'ink';
import {NumberPrompt, editNumber} from '../../components/number-prompt.js';
import {editField, TextPrompt} from '../../components/text-prompt.js';
import type {Service} from '../../domain.js';
import {maxDesiredCount, maxReasonLength, parseDesiredCount, refusedDigit} from '../../store/actions/rules.js';
import {clean} from '../../text.js';
import type {InputStep} from './dialog.js';

/** The scale field; `service` gives the counts as last read (the dialog re-reads them as it opens). */
export function scaleInput(service: () => Service, onValue: (n: number) => void): InputStep {
	return {
		field: {value: ''},
		render: (size, color, state) => (
			<NumberPrompt
				title={`Scale service ${clean(service().serviceName)}`}
				facts={[
					['desired', String(service().desiredCount)],
					['running', String(service().runningCount)],
					['pending', String(service().pendingCount)],
				]}
				label="new desired count: "
				state={state}
				hint={`a whole number from 0 to ${maxDesiredCount}`}
				keys="Enter continue (a confirmation follows)   Esc cancel   Backspace delete"
				width={size.columns}
				color={color}
			/>
		),
		onKey(event, state) {
			const outcome = editNumber(state, event, {maxLength: 6, refuse: refusedDigit, parse: parseDesiredCount});
			const field = outcome.state;
			if (outcome.cancel) return {outcome: 'cancel', field};
			if (outcome.value === undefined) return {outcome: 'stay', field};
			onValue(outcome.value);
			return {outcome: 'done', field};
		},
	};
}

export function reasonInput(current: string, onValue: (reason: string) => void): InputStep {
	return {
		field: {value: current},
		render: (size, color, state) => (
			<Box flexDirection="column" width={size.columns}>
				<Text bold wrap="truncate-end">
					Stop reason (shown as the task's stoppedReason)
				</Text>
				<Text> </Text>
				<TextPrompt label="reason: " state={state} width={size.columns} color={color} hint={`up to ${maxReasonLength} characters`} />
				<Text> </Text>
				<Text dimColor wrap="truncate-end">
					Enter back to the confirmation   Esc keep the old reason   Ctrl-U clear
				</Text>
			</Box>
		),
		onKey(event, state) {
			const outcome = editField(state, event, {maxLength: maxReasonLength});
			const field = outcome.state;
			if (outcome.cancel) return {outcome: 'cancel', field};
			if (!outcome.submit) return {outcome: 'stay', field};
			const reason = clean(field.value).trim();
			if (reason === '') return {outcome: 'stay', field: {value: field.value, error: 'a reason is required: whoever reads the stopped task later will need it'}};
			onValue(reason);
			return {outcome: 'done', field};
		},
	};
}
