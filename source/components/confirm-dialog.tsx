// The one confirmation step every dangerous action ends in: where (account, region, cluster),
// the exact targets (up to 10, then "+N more"), the API call and its effect, warnings, and the
// keys. It fits the body it is given: targets give way first, the keys line always shows.
// While the call runs it says so; afterwards it can show what was and was not done.
import {Box, Text} from 'ink';

export type DialogPhase = 'confirm' | 'running' | 'result';

export interface ConfirmDialogProps {
	title: string;
	/** [label, value] pairs on one line: account, region, cluster (and profile, endpoint). */
	where: Array<[string, string]>;
	/** One line per target, already clean. */
	targets: readonly string[];
	/** The API call, e.g. `StopTask ×3`. */
	call: string;
	/** The AWS CLI equivalent (shown after the call when there is room). */
	cli?: string;
	/** What the call does, one line each. */
	effect: readonly string[];
	warnings?: readonly string[];
	/** Extra [label, value] lines: the stop reason. */
	extras?: Array<[string, string]>;
	/** Keys in the confirm phase: [['y', 'stop'], ['n/Esc', 'cancel']]. */
	keys: Array<[string, string]>;
	phase: DialogPhase;
	/** The running phase's line. */
	progress?: string;
	/** The result phase: what was done and what was not. */
	result?: {ok: boolean; lines: readonly string[]};
	width: number;
	height: number;
	color: boolean;
}

export const maxTargetsShown = 10;

/** How many target lines to draw (the rest become "+N more") given the lines left. */
export function targetRows(count: number, room: number): {shown: number; more: number} {
	const limit = Math.min(maxTargetsShown, count);
	if (room >= limit) return {shown: limit, more: count - limit};
	// Keep a line for "+N more" whenever something is cut.
	const shown = Math.max(1, room - 1);
	return {shown: Math.min(shown, count), more: count - Math.min(shown, count)};
}

export function ConfirmDialog(props: ConfirmDialogProps) {
	const {title, where, targets, call, cli, effect, warnings = [], extras = [], keys, phase, progress, result, width, height, color} = props;
	const tail: Array<{text: string; tone?: 'warn' | 'error' | 'ok' | 'dim' | 'bold'}> = [];
	effect.forEach((line, i) => tail.push({text: `${i === 0 ? 'effect' : ''}`.padEnd(8) + line}));
	for (const [label, value] of extras) tail.push({text: `${label.padEnd(8)}${value}`, tone: 'bold'});
	for (const w of warnings) tail.push({text: `! ${w}`, tone: 'warn'});
	tail.push({text: ' '});
	if (phase === 'confirm') tail.push({text: keys.map(([k, what]) => `${k} ${what}`).join('   '), tone: 'bold'});
	else if (phase === 'running') tail.push({text: progress ?? 'sending… (keys are ignored until ECS answers)', tone: 'dim'});
	else {
		for (const line of result?.lines ?? []) tail.push({text: line, tone: result?.ok ? 'ok' : line.startsWith('NOT') || line.startsWith('not') ? 'error' : undefined});
		tail.push({text: 'Enter or Esc closes', tone: 'dim'});
	}
	// title, where, targets header, call = 4 fixed lines above the tail.
	const room = Math.max(1, height - 4 - tail.length);
	const {shown, more} = targetRows(targets.length, room);
	const tone = (t?: string) => (!color ? undefined : t === 'warn' ? 'yellow' : t === 'error' ? 'red' : t === 'ok' ? 'green' : undefined);
	const callLine = cli ? `call    ${call}   (${cli})` : `call    ${call}`;
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text bold wrap="truncate-end" color={color ? 'yellow' : undefined}>
				{title}
			</Text>
			<Text wrap="truncate-end">{where.map(([k, v]) => `${k} ${v}`).join('   ')}</Text>
			<Text wrap="truncate-end" bold>
				{`${targets.length === 1 ? 'target' : `${targets.length} targets`}:`}
			</Text>
			{targets.slice(0, shown).map((line, i) => (
				<Text key={`t${i}`} wrap="truncate-end">
					{`  ${line}`}
				</Text>
			))}
			{more > 0 ? <Text wrap="truncate-end">{`  +${more} more`}</Text> : null}
			<Text wrap="truncate-end">{callLine}</Text>
			{tail.map((line, i) => (
				<Text key={`l${i}`} wrap="truncate-end" color={tone(line.tone)} bold={line.tone === 'bold'} dimColor={line.tone === 'dim'}>
					{line.text}
				</Text>
			))}
		</Box>
	);
}
