// `?`: the keys of the pane on screen, straight from the keymap (dangerous ones are absent under
// --read-only, as in the hint bar). Scrolls when the terminal is short.
import {Box, Text} from 'ink';
import {bindingsFor, keyLabel, type Pane} from '../keymap.js';
import type {Overlay} from './types.js';
import {viewKey} from './view-state.js';

export const helpOverlayId = 'help';
const offsetKey = viewKey<number>('help.offset');

export function helpLines(pane: Pane, readOnly: boolean): Array<[string, string]> {
	return bindingsFor(pane, {readOnly}).map(b => [b.keys.map(keyLabel).join(' '), b.dangerous ? `${b.description} (changes AWS)` : b.description]);
}

/** `initial`: the line at the top when it opens. */
export function helpOverlay(pane: Pane, readOnly: boolean, initial: number): Overlay {
	const lines = helpLines(pane, readOnly);
	return {
		id: helpOverlayId,
		placement: 'modal',
		render: (size, state) => {
			const offset = state.get(offsetKey) ?? initial;
			const room = Math.max(1, size.rows - 1);
			const top = Math.max(0, Math.min(offset, lines.length - room));
			const keyWidth = Math.max(...lines.map(([k]) => k.length)) + 2;
			const more = top + room < lines.length ? ' (j/k scroll)' : '';
			return (
				<Box flexDirection="column" width={size.columns} height={size.rows}>
					<Text bold wrap="truncate-end">
						{`Keys: ${pane}${readOnly ? ' (read-only)' : ''}. Esc, ? or q closes.${more}`}
					</Text>
					{lines.slice(top, top + room).map(([keys, description]) => (
						<Text key={keys + description} wrap="truncate-end">
							<Text bold>{`  ${keys.padEnd(keyWidth)}`}</Text>
							{description}
						</Text>
					))}
				</Box>
			);
		},
		onKey: (event, ctx, state) => {
			const scroll = (delta: number) => state.set(offsetKey, Math.max(0, Math.min((state.get(offsetKey) ?? initial) + delta, lines.length - 1)));
			if (event.name === 'escape' || event.name === '?' || event.name === 'q') ctx.closeOverlay(helpOverlayId);
			else if (event.name === 'j' || event.name === 'down') scroll(1);
			else if (event.name === 'k' || event.name === 'up') scroll(-1);
			else if (event.name === 'pagedown' || event.name === 'space') scroll(10);
			else if (event.name === 'pageup') scroll(-10);
		},
	};
}
