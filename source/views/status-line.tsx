// One line above the hints for what just happened ("refreshed", "not available yet", errors).
// Messages fade after a few seconds; errors stay longer.
import {Text} from 'ink';
import {clean} from '../text.js';
import type {StatusMessage} from './types.js';

const lifetime = {info: 5000, success: 5000, error: 15_000};
const toneColor = {info: undefined, success: 'green', error: 'red'} as const;

export function StatusLine({status, now, color}: {status?: StatusMessage & {at: number}; now: number; color: boolean}) {
	const visible = status && now - status.at < lifetime[status.tone];
	return (
		<Text wrap="truncate-end" color={color && visible ? toneColor[status.tone] : undefined}>
			{visible ? clean(status.text) : ' '}
		</Text>
	);
}
