// `:` command mode: jump anywhere by name. `:clusters`/`:cl`, `:services`/`:svc`, `:tasks`/`:task`,
// `:instances`/`:ci` and `:cluster NAME` replace the navigation stack with that place's natural
// path (Esc then walks up it); `:events`/`:ev` opens the cluster's event feed on top of where you
// are (Esc comes back), and so does `:taskdefs`/`:td`, the region's task definitions. Tab completes command names, and cluster names after `:cluster `.
import type {Cluster} from '../domain.js';
import {clean} from '../text.js';
import {eventsView} from './events-view.js';
import {editLine, PromptLine} from './filter-prompt.js';
import {clustersView, instancesView, servicesView, tasksView} from './panes.js';
import {openTaskDefinitions} from './taskdefs/extension.js';
import type {ActionContext, Extension, Overlay, ViewEntry} from './types.js';
import {viewKey} from './view-state.js';

export const commandPromptId = 'command-prompt';

interface Command {
	names: string[];
	/** Takes the rest of the line; returns an error to show, or nothing. */
	run(ctx: ActionContext, arg: string): string | void;
}

/** The cluster the user is in: the nearest on the stack, the selected one, or the only one. */
export function currentCluster(ctx: ActionContext): string | undefined {
	for (const view of [...ctx.stack].reverse()) if (view.cluster) return view.cluster;
	if (ctx.view.pane === 'clusters' && ctx.selected) return (ctx.selected as Cluster).clusterName;
	const all = [...ctx.snapshot.clusters.values()];
	return all.length === 1 ? all[0]!.clusterName : undefined;
}

function inCluster(build: (cluster: string) => ViewEntry[]) {
	return (ctx: ActionContext): string | void => {
		const cluster = currentCluster(ctx);
		if (!cluster) return 'which cluster? pick one first, or :cluster NAME';
		ctx.reset([clustersView(), ...build(cluster)]);
	};
}

function clusterNames(ctx: ActionContext): string[] {
	return [...ctx.snapshot.clusters.values()].map(c => c.clusterName).sort();
}

/** NAME as typed, or the one known cluster it unambiguously names (case and prefix forgiven). */
export function resolveCluster(name: string, known: readonly string[]): {name?: string; error?: string} {
	if (!name) return {error: 'usage: :cluster NAME (Tab completes)'};
	if (known.length === 0 || known.includes(name)) return {name};
	// Names are compared as drawn (clean), so a completed name finds its cluster.
	const lower = name.toLowerCase();
	const exact = known.filter(k => clean(k).toLowerCase() === lower);
	if (exact.length === 1) return {name: exact[0]};
	const prefixed = known.filter(k => clean(k).toLowerCase().startsWith(lower));
	if (prefixed.length === 1) return {name: prefixed[0]};
	if (prefixed.length > 1) return {error: `"${clean(name)}" could be ${prefixed.slice(0, 5).map(clean).join(', ')}`};
	return {error: `no cluster "${clean(name)}" in this region`};
}

export const commands: readonly Command[] = [
	{names: ['clusters', 'cl'], run: ctx => ctx.reset([clustersView()])},
	{names: ['services', 'svc'], run: inCluster(c => [servicesView(c)])},
	{names: ['tasks', 'task'], run: inCluster(c => [servicesView(c), tasksView(c, {crumb: 'tasks'})])},
	{names: ['instances', 'ci'], run: inCluster(c => [servicesView(c), instancesView(c)])},
	{
		names: ['events', 'ev'],
		run: ctx => {
			const cluster = currentCluster(ctx);
			if (!cluster) return 'which cluster? pick one first, or :cluster NAME';
			ctx.push(eventsView(cluster));
		},
	},
	{names: ['taskdefs', 'td'], run: openTaskDefinitions},
	{
		names: ['cluster'],
		run: (ctx, arg) => {
			const found = resolveCluster(arg, clusterNames(ctx));
			if (!found.name) return found.error;
			ctx.reset([clustersView(), servicesView(found.name)]);
		},
	},
	{names: ['quit', 'q'], run: ctx => ctx.exit()},
];

const names = commands.flatMap(c => c.names);

/** Runs a command line (without the `:`); returns the error to show, if any. */
export function runCommand(ctx: ActionContext, line: string): string | undefined {
	const [word = '', ...rest] = line.trim().split(/\s+/);
	if (!word) return undefined;
	const command = commands.find(c => c.names.includes(word.toLowerCase()));
	if (!command) return `unknown command ":${clean(word)}" (try :clusters :services :tasks :instances :events :taskdefs :cluster NAME)`;
	return command.run(ctx, rest.join(' ')) ?? undefined;
}

/** What Tab may complete the line to (whole lines). */
export function completions(line: string, clusters: readonly string[]): string[] {
	const match = /^(\s*)cluster\s+(.*)$/i.exec(line);
	if (match) {
		const typed = match[2]!.toLowerCase();
		return clusters.filter(c => c.toLowerCase().startsWith(typed)).map(c => `cluster ${c}`);
	}
	if (/\s/.test(line.trim())) return [];
	const typed = line.trim().toLowerCase();
	return names.filter(n => n.startsWith(typed)).map(n => (n === 'cluster' ? 'cluster ' : n));
}

function commonPrefix(list: readonly string[]): string {
	let prefix = list[0] ?? '';
	for (const item of list) while (!item.toLowerCase().startsWith(prefix.toLowerCase())) prefix = prefix.slice(0, -1);
	return prefix;
}

/** What the prompt holds: the line typed, and what Tab found for it. */
export interface CommandLine {
	value: string;
	error?: string;
	/** Tab lists the candidates once their common part is typed; each further Tab takes the next. */
	cycle?: {list: string[]; at: number; value: string};
	/** The candidates shown under the line. */
	shown: string[];
}

const lineKey = viewKey<CommandLine>('command.line');
const emptyLine: CommandLine = {value: '', shown: []};

/** The line after Tab: completed, or the next candidate once Tab has listed them. */
export function tabComplete(line: CommandLine, clusters: readonly string[]): CommandLine {
	const {value, cycle} = line;
	if (cycle && cycle.value === value) {
		const at = (cycle.at + 1) % cycle.list.length;
		const next = cycle.list[at]!;
		return {...line, value: next, cycle: {list: cycle.list, at, value: next}};
	}
	const list = completions(value, clusters);
	const error = list.length === 0 ? 'nothing to complete' : undefined;
	if (list.length === 1) return {value: list[0]!, error, shown: list};
	if (list.length > 1) {
		const prefix = commonPrefix(list);
		return prefix.length > value.length ? {value: prefix, error, shown: list} : {value, error, shown: list, cycle: {list, at: -1, value}};
	}
	return {value, error, shown: list};
}

export function commandPrompt(color = !process.env.NO_COLOR): Overlay {
	return {
		id: commandPromptId,
		placement: 'prompt',
		render: (size, state) => {
			const {value, error, shown} = state.get(lineKey) ?? emptyLine;
			// Candidates by their last word: "data  production  staging", not "cluster data…".
			const note = shown.length > 1 ? shown.map(s => s.trim().split(' ').at(-1)).join('  ') : 'clusters services tasks instances events taskdefs cluster NAME · Tab completes';
			return <PromptLine prefix=":" value={value} width={size.columns} color={color} note={note} error={error} />;
		},
		onKey: (event, ctx, state) => {
			const line = state.get(lineKey) ?? emptyLine;
			if (event.name === 'tab') return state.set(lineKey, tabComplete(line, clusterNames(ctx).map(k => clean(k))));
			const edit = editLine(line.value, event);
			if (edit.cancel) return ctx.closeOverlay(commandPromptId);
			if (edit.submit) {
				ctx.closeOverlay(commandPromptId);
				const failed = runCommand(ctx, line.value);
				if (failed) ctx.status(failed, 'error');
				else ctx.clearError();
				return;
			}
			if (edit.value === line.value) return;
			state.set(lineKey, {value: edit.value, shown: edit.value ? completions(edit.value, clusterNames(ctx)) : []});
		},
	};
}

export const commandExtension: Extension = {
	id: 'command',
	handlers: {
		command: ctx => ctx.openOverlay(commandPrompt()),
	},
};
