// The bottom line: the pane's most useful keys, from the keymap. When they do not all fit, the
// last ones give way but `? help` always stays (it lists everything).
import {Text} from 'ink';
import {hintsFor, type Pane} from '../keymap.js';
import {paint, useTheme} from '../components/theme.js';

export function fitHints(hints: Array<[string, string]>, width: number): Array<[string, string]> {
	const size = (list: Array<[string, string]>) => list.reduce((n, [k, l]) => n + k.length + l.length + 3, 0);
	const help = hints.find(([k]) => k === '?');
	const rest = hints.filter(h => h !== help);
	const kept = [...rest];
	while (kept.length > 0 && size(help ? [...kept, help] : kept) > width) kept.pop();
	if (!help) return kept;
	// Keep help in its keymap place relative to the others that survived.
	const order = hints.filter(h => h === help || kept.includes(h));
	return order;
}

export function HintBar({pane, readOnly, width, color}: {pane: Pane; readOnly: boolean; width: number; color: boolean}) {
	const theme = useTheme();
	const seen = new Set<string>();
	// Two keys for the same thing in this pane (Enter and t both open tasks): show the first.
	const unique = hintsFor(pane, {readOnly}).filter(([, label]) => !seen.has(label) && seen.add(label));
	const hints = fitHints(unique, width);
	return (
		<Text wrap="truncate-end">
			{hints.map(([key, label], i) => (
				<Text key={key + label}>
					{i === 0 ? '' : '  '}
					<Text bold color={color ? paint(theme, 'cyan') : undefined}>
						{key}
					</Text>
					{` ${label}`}
				</Text>
			))}
		</Text>
	);
}
