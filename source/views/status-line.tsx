// One line above the hints for what just happened ("refreshed", "not available yet", errors).
// Messages fade after a few seconds; errors a little later, or as soon as the user moves on. A pane whose cluster is gone says how to
// leave it.
import {Text} from 'ink';
import {clean} from '../text.js';
import {paint, useTheme} from '../components/theme.js';
import type {StatusMessage} from './types.js';

// Errors stay a little longer (they may need reading twice) and go when the user moves on; what a
// call to AWS did stays 15 s whatever the user does next.
const lifetime = {info: 5000, success: 5000, error: 8000};
const outcomeLifetime = 15_000;
const toneColor = {info: undefined, success: 'green', error: 'red'} as const;

export function StatusLine({status, now, color, gone}: {status?: StatusMessage & {at: number}; now: number; color: boolean; gone?: string}) {
	const theme = useTheme();
	const visible = status && now - status.at < (status.outcome ? outcomeLifetime : lifetime[status.tone]);
	// A pane whose cluster is gone offers the way out until the user takes it (Esc pops the stack).
	if (!visible && gone !== undefined) {
		return (
			<Text wrap="truncate-end" color={color ? paint(theme, 'red') : undefined}>
				{`cluster ${clean(gone)} is gone: Esc back to clusters`}
			</Text>
		);
	}
	return (
		<Text wrap="truncate-end" color={color && visible ? paint(theme, toneColor[status.tone]) : undefined}>
			{visible ? clean(status.text) : ' '}
		</Text>
	);
}
