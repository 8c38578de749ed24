// What a user does with task definitions beyond listing them (the lists are the resource,
// source/resources/taskdefs.ts): `d` one revision described, `c` a revision compared with the one
// before it (or the two marked with Space), coloured like git diff; `r` reads a list again.
import {Box, Text} from 'ink';
import type {TaskDefinition} from '../../domain.js';
import {familiesView, loadOf, revisionLimit, revisionsView, type Revisions} from '../../resources/taskdefs.js';
import {clean} from '../../text.js';
import {marksOf} from '../actions/progress.js';
import {note, type Line} from '../describe/lines.js';
import {wrapLines} from '../describe/view.js';
import {scrollKeys} from '../scroll-keys.js';
import type {ActionContext, BodySize, Extension, KeyHandler, PaneDef, PaneRenderProps, ViewEntry} from '../types.js';
import {viewKey} from '../view-state.js';
import {revisionLines} from './describe.js';
import {diff, diffLines} from './diff.js';

const topKey = viewKey<number>('taskdefs.top');

// The line views: one revision described, two compared.

interface LinesParams {
	lines: (now: number) => Line[];
}

function linesView(id: string, pane: 'revision' | 'revision-diff', crumb: string, lines: (now: number) => Line[]): ViewEntry {
	const params: LinesParams = {lines};
	return {id, pane, crumb: clean(crumb), params: params as unknown as Record<string, unknown>};
}

const nameOf = (t: TaskDefinition) => `${clean(t.family)}:${t.revision}`;

export function revisionView(td: TaskDefinition): ViewEntry {
	return linesView(`taskdef|${td.taskDefinitionArn}`, 'revision', nameOf(td), now => revisionLines(td, now));
}

export function compareLines(older: TaskDefinition, newer: TaskDefinition): Line[] {
	const changes = diff(older, newer);
	const title: Line = {text: `${nameOf(older)} → ${nameOf(newer)}  ${changes.length} field${changes.length === 1 ? '' : 's'} changed`, bold: true};
	if (changes.length === 0) return [title, note('the same configuration')];
	return [title, ...diffLines(changes).map(l => ({text: l.text, tone: l.sign === '-' ? ('bad' as const) : ('good' as const), indent: 2}))];
}

export function compareView(older: TaskDefinition, newer: TaskDefinition): ViewEntry {
	return linesView(`taskdef-diff|${older.taskDefinitionArn}|${newer.taskDefinitionArn}`, 'revision-diff', `${nameOf(older)} → ${nameOf(newer)}`, () => compareLines(older, newer));
}

const toneColor = {bad: 'red', warn: 'yellow', good: 'green'} as const;

function clampTop(top: number, count: number, height: number): number {
	return Math.max(0, Math.min(top, count - height));
}

/** The lines on screen at `size`, wrapped; the render and the scroll keys both count these. */
function wrappedLines(view: ViewEntry, now: number, size: BodySize): {lines: Line[]; height: number} {
	const params = view.params as unknown as LinesParams;
	return {lines: wrapLines(params.lines(now), Math.max(1, size.columns)), height: Math.max(1, size.rows - 1)};
}

function LinesBody({view, size, color, viewState, now}: PaneRenderProps) {
	const {lines, height} = wrappedLines(view, now ?? Date.now(), size);
	const top = clampTop(viewState.get(topKey) ?? 0, lines.length, height);
	const visible = lines.slice(top, top + height);
	const where = lines.length > height ? `lines ${top + 1}-${top + visible.length} of ${lines.length} · j/k PgDn/PgUp scroll` : `${lines.length} lines`;
	return (
		<Box flexDirection="column" width={size.columns} height={size.rows}>
			<Text dimColor wrap="truncate-end">{`${where} · Esc back`}</Text>
			{visible.map((line, i) => (
				<Text key={i} bold={line.bold} dimColor={line.tone === 'dim'} color={color && line.tone && line.tone !== 'dim' ? toneColor[line.tone] : undefined} wrap="truncate-end">
					{line.text || ' '}
				</Text>
			))}
		</Box>
	);
}

const linesPane = (pane: 'revision' | 'revision-diff'): PaneDef => ({pane, scopes: () => [], render: props => <LinesBody {...props} />});

function scroll(to: (top: number, height: number, count: number) => number): KeyHandler {
	return (ctx: ActionContext) => {
		const {lines, height} = wrappedLines(ctx.view, ctx.now(), ctx.bodySize);
		const count = lines.length;
		const top = clampTop(ctx.viewState.get(topKey) ?? 0, count, height);
		ctx.viewState.set(topKey, clampTop(to(top, height, count), count, height));
	};
}

// Keys.

const nothingSelected = (ctx: ActionContext) => (ctx.selected === undefined ? 'nothing selected' : undefined);

function describeRevision(ctx: ActionContext): void {
	ctx.push(revisionView(ctx.selected as TaskDefinition));
}

function compare(ctx: ActionContext): void {
	// Every described revision, newest first (not the filtered or re-sorted rows): "the one
	// before" is the next older revision whatever the table shows.
	const all = loadOf<Revisions>(ctx.view)?.value?.described ?? [];
	const marks = marksOf(ctx);
	if (marks.size > 0) {
		const marked = all.filter(t => marks.has(t.taskDefinitionArn));
		if (marks.size !== 2 || marked.length !== 2) return ctx.status(`mark exactly two revisions to compare them (${marks.size} marked)`, 'error');
		const [newer, older] = marked as [TaskDefinition, TaskDefinition];
		return ctx.push(compareView(older, newer));
	}
	const td = ctx.selected as TaskDefinition | undefined;
	if (!td) return ctx.status('nothing selected');
	const older = all[all.findIndex(t => t.taskDefinitionArn === td.taskDefinitionArn) + 1];
	if (!older) return ctx.status(`no revision before ${nameOf(td)} listed`, 'error');
	ctx.push(compareView(older, td));
}

/** `r` on a family or revision list: read it again (same view id, so the cursor stays). */
function refresh(ctx: ActionContext): void {
	const {view, api} = ctx;
	if (!api) return;
	ctx.replace(view.pane === 'taskdefs' ? familiesView(api, ctx.stateOf) : revisionsView(api, String(view.params?.family), ctx.stateOf));
}

export const taskDefinitionsExtension: Extension = {
	id: 'taskdefs',
	panes: [linesPane('revision'), linesPane('revision-diff')],
	keys: [
		{id: 'describe', panes: ['revisions'], run: describeRevision, disabled: nothingSelected},
		{id: 'compare', panes: ['revisions'], run: compare},
		{id: 'refresh', panes: ['taskdefs', 'revisions'], run: refresh, disabled: ctx => (ctx.api ? undefined : 'task definitions need an ECS client')},
		...scrollKeys(['revision', 'revision-diff'], scroll),
	],
	headerNote: ctx => {
		if (ctx.view.pane !== 'revisions') return undefined;
		const arns = loadOf<Revisions>(ctx.view)?.value?.arns.length ?? 0;
		return arns > revisionLimit ? `newest ${revisionLimit} of ${arns}` : undefined;
	},
};
