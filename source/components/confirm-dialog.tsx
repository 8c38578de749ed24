// The one confirmation step every dangerous action ends in: where (account, region, cluster),
// the exact targets (up to 10, then "+N more"), the API call and its effect, warnings, and the
// keys. Whatever the terminal size and however many warnings, the title, the account/region/
// cluster line, the targets (at least the first, and how many more) and the y/n line stay on
// screen: long lines wrap (never cut mid-word without a marker), and what does not fit is
// summarised ("+37 more warnings — d shows all"), readable in full in the details view.
// While the call runs it says so; afterwards it shows what was and was not done.
import {Box, Text} from 'ink';
import {cutLine, wrapText} from './wrap.js';

export type DialogPhase = 'checking' | 'confirm' | 'running' | 'result';

export interface ConfirmDialogProps {
	title: string;
	/** [label, value] pairs on one line: account, region, cluster (and profile, endpoint). */
	where: Array<[string, string]>;
	/** One line per target, already clean. */
	targets: readonly string[];
	/** The API call, e.g. `StopTask ×3`. */
	call: string;
	/** The AWS CLI equivalent. */
	cli?: string;
	/** What the call does, one line each. */
	effect: readonly string[];
	warnings?: readonly string[];
	/** Extra [label, value] lines: the stop reason. */
	extras?: Array<[string, string]>;
	/** A configuration diff (the task definition running now → the one deployed), one line each, toned. */
	diff?: readonly DialogLine[];
	/** Keys in the confirm phase: [['y', 'stop'], ['n/Esc', 'cancel']]. */
	keys: Array<[string, string]>;
	phase: DialogPhase;
	/** The running phase's line. */
	progress?: string;
	/** The result phase: what was done and what was not. */
	result?: {ok: boolean; lines: readonly string[]};
	/** The details view (d): every line, scrolled to this line. */
	details?: {scroll: number};
	width: number;
	height: number;
	color: boolean;
}

export type LineTone = 'warn' | 'error' | 'ok' | 'dim' | 'bold' | 'title';

export interface DialogLine {
	text: string;
	tone?: LineTone;
}

export const maxTargetsShown = 10;

const pad = ' '.repeat(8);
const labelled = (label: string, text: string, width: number, tone?: LineTone): DialogLine[] =>
	wrapText(`${label.padEnd(8)}${text}`, width, pad).map(t => ({text: t, tone}));

interface Parts {
	head: DialogLine[];
	targets: DialogLine[];
	call: DialogLine[];
	extras: DialogLine[];
	result: DialogLine[];
	effect: DialogLine[];
	diff: DialogLine[];
	cli: DialogLine[];
	/** One group of wrapped lines per warning. */
	warnings: DialogLine[][];
	foot: DialogLine[];
}

function parts(props: ConfirmDialogProps): Parts {
	const {title, where, targets, call, cli, effect, warnings = [], extras = [], diff = [], keys, phase, progress, result, width} = props;
	const resultLines: DialogLine[] = [];
	if (phase === 'result') {
		for (const line of result?.lines ?? []) {
			const tone: LineTone | undefined = /^(NOT|not)\b/.test(line) ? 'error' : /^outcome unknown/.test(line) ? 'warn' : result?.ok ? 'ok' : undefined;
			resultLines.push(...wrapText(line, width, '  ').map(text => ({text, tone})));
		}
	}
	const foot: DialogLine[] =
		phase === 'confirm' ? wrapText(keys.map(([k, what]) => `${k} ${what}`).join('   '), width).map(text => ({text, tone: 'bold' as const}))
		: phase === 'checking' ? [{text: cutLine('checking the current state with ECS… (y waits for it)', width), tone: 'dim'}]
		: phase === 'running' ? wrapText(progress ?? 'sending…', width).map(text => ({text, tone: 'dim' as const}))
		: [{text: 'Enter or Esc closes', tone: 'dim'}];
	return {
		head: [
			...wrapText(title, width).slice(0, 2).map(text => ({text, tone: 'title' as const})),
			...wrapText(where.map(([k, v]) => `${k} ${v}`).join('   '), width).map(text => ({text})),
			{text: `${targets.length === 1 ? 'target' : `${targets.length} targets`}:`, tone: 'bold' as const},
		].map((l: DialogLine) => ({...l, text: cutLine(l.text, width)})),
		targets: targets.map(t => ({text: cutLine(`  ${t}`, width)})),
		call: labelled('call', call, width),
		extras: extras.flatMap(([label, value]) => labelled(label, value, width, 'bold')),
		result: resultLines,
		effect: effect.flatMap((line, i) => labelled(i === 0 ? 'effect' : '', line, width)),
		diff: diff.flatMap(line => wrapText(line.text, width, '    ').map(text => ({text, tone: line.tone}))),
		cli: cli ? labelled('cli', cli, width, 'dim') : [],
		warnings: warnings.map(w => wrapText(`! ${w}`, width, '  ').map(text => ({text, tone: 'warn' as const}))),
		foot: [{text: ' '}, ...foot],
	};
}

/** Every line of the dialog, uncut: the details view. */
export function allLines(props: ConfirmDialogProps): DialogLine[] {
	const p = parts(props);
	return [...p.head, ...p.targets, ...p.call, ...p.extras, ...p.result, ...p.effect, ...p.diff, ...p.cli, ...p.warnings.flat()];
}

/**
 * The lines that fit `height`, in reading order. Room goes first to what must always show: the
 * head (title, account/region/cluster, the target count), the first target and a "+N more" line,
 * one line for the warnings and the keys. Then, in order of importance: the call, the stop
 * reason, the result, up to 10 targets, the effect, the diff, the CLI equivalent, every warning.
 */
export function fitLines(props: ConfirmDialogProps): DialogLine[] {
	const p = parts(props);
	const {height, width} = props;
	const n = p.targets.length;
	const warningLines = p.warnings.flat().length;
	let room = height - p.head.length - p.foot.length - Math.min(1, n) - (n > 1 ? 1 : 0) - (warningLines > 0 ? 1 : 0);
	const take = (want: number) => {
		const got = Math.max(0, Math.min(want, room));
		room -= got;
		return got;
	};
	const callN = take(p.call.length);
	const extrasN = take(p.extras.length);
	const resultN = take(p.result.length);
	// Lines for targets: the first and the "+N more" line are already counted. Past 10 targets,
	// 10 of them and "+N more".
	const wantedLines = n <= maxTargetsShown ? n : maxTargetsShown + 1;
	const targetLines = Math.min(1, n) + (n > 1 ? 1 : 0) + take(Math.max(0, wantedLines - Math.min(2, n)));
	const effectN = take(p.effect.length);
	const diffN = take(p.diff.length);
	const cliN = take(p.cli.length);
	const warningsRoom = (warningLines > 0 ? 1 : 0) + take(Math.max(0, warningLines - 1));

	const targets = n <= targetLines ? p.targets : [...p.targets.slice(0, targetLines - 1), {text: cutLine(`  +${n - (targetLines - 1)} more (d shows all)`, width)}];
	let warnings: DialogLine[] = [];
	if (warningsRoom >= warningLines) warnings = p.warnings.flat();
	else if (warningsRoom > 0) {
		// Whole warnings while they fit, then one line counting the rest.
		let used = 0;
		let shown = 0;
		for (const group of p.warnings) {
			if (used + group.length > warningsRoom - 1) break;
			warnings.push(...group);
			used += group.length;
			shown++;
		}
		const rest = p.warnings.length - shown;
		warnings.push({text: cutLine(`! +${rest} more warning${rest === 1 ? '' : 's'}${shown === 0 ? ` (${p.warnings[0]![0]!.text.slice(2)}…)` : ''} — d shows all`, width), tone: 'warn'});
	}
	const cut = (lines: DialogLine[], count: number): DialogLine[] => {
		if (count >= lines.length) return lines;
		if (count === 0) return [];
		return [...lines.slice(0, count - 1), {...lines[count - 1]!, text: cutLine(`${lines[count - 1]!.text} …`, width)}];
	};
	return [...p.head, ...targets, ...cut(p.call, callN), ...cut(p.extras, extrasN), ...cut(p.result, resultN), ...cut(p.effect, effectN), ...cut(p.diff, diffN), ...cut(p.cli, cliN), ...warnings, ...p.foot];
}

export function ConfirmDialog(props: ConfirmDialogProps) {
	const {width, height, color, details} = props;
	let lines: DialogLine[];
	if (details) {
		const all = allLines(props);
		const room = Math.max(1, height - 2);
		const scroll = Math.max(0, Math.min(details.scroll, all.length - room));
		lines = [
			...all.slice(scroll, scroll + room),
			{text: ' '},
			{text: cutLine(`lines ${scroll + 1}–${Math.min(all.length, scroll + room)} of ${all.length}   j/k PgDn/PgUp scroll   d or Esc back to the confirmation`, width), tone: 'dim'},
		];
	} else lines = fitLines(props);
	const tone = (t?: LineTone) => (!color ? undefined : t === 'warn' || t === 'title' ? 'yellow' : t === 'error' ? 'red' : t === 'ok' ? 'green' : undefined);
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{lines.slice(0, height).map((line, i) => (
				<Text key={i} wrap="truncate-end" color={tone(line.tone)} bold={line.tone === 'bold' || line.tone === 'title'} dimColor={line.tone === 'dim'}>
					{line.text}
				</Text>
			))}
		</Box>
	);
}
