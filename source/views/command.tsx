// `:` command mode: jump anywhere by name. Each resource names its own commands (source/resources/):
// `:clusters`/`:cl`, `:services`/`:svc`, `:tasks`/`:task`, `:instances`/`:ci` and `:cluster NAME`
// replace the navigation stack with that place's natural path (Esc then walks up it);
// `:taskdefs`/`:td`, `:events`/`:ev` (the cluster's event feed) and `:deployments`/`:dp [NAME]`
// (a service's deployments) open on top of where you are (Esc comes back). Tab completes command names, and cluster names after `:cluster `.
import {clusterNames, currentCluster} from '../resources/clusters.js';
import {resourceCommands} from '../resources/index.js';
import type {CommandDef} from '../resources/types.js';
import {clean} from '../text.js';
import {eventsView} from './events-view.js';
import {forwardsView} from './exec/extension.js';
import {openContexts, switchProfile, switchRegion} from './contexts/extension.js';
import {fleetRows} from '../resources/fleet.js';
import {editLine} from '../components/line-editor.js';
import {PromptLine} from './filter-prompt.js';
import type {ActionContext, Extension, Overlay} from './types.js';
import {viewKey} from './view-state.js';

export const commandPromptId = 'command-prompt';

/** Every command: the resources' (source/resources/), then the ones that open a feature or quit. */
export const commands: readonly CommandDef[] = [
	...resourceCommands,
	{
		names: ['events', 'ev'],
		run: ctx => {
			const cluster = currentCluster(ctx);
			if (!cluster) return 'which cluster? pick one first, or :cluster NAME';
			ctx.push(eventsView(cluster));
		},
	},
	// On top of where you are: Esc comes back.
	{names: ['pf', 'port-forwards'], run: ctx => void ctx.push(forwardsView(ctx.sessions, ctx))},
	// Profiles and regions (source/views/contexts/): :ctx on top of where you are; the others switch.
	{names: ['ctx', 'contexts'], run: openContexts},
	{names: ['region'], takesArgument: true, run: switchRegion},
	{names: ['profile'], takesArgument: true, run: switchProfile},
	{names: ['quit', 'q'], run: ctx => ctx.exit()},
];

const names = commands.flatMap(c => c.names);
const withArgument = new Set(commands.filter(c => c.takesArgument).flatMap(c => c.names));

/** What `:` runs as it is in the fleet (several contexts): the ones that do not name a place in one context. */
const fleetCommands = new Set(['ctx', 'region', 'profile', 'pf', 'quit']);

/**
 * The fleet has no one context to open a place in: `:clusters` is the fleet itself, `:cluster NAME`
 * opens that cluster in its context (as Enter does); the rest need one context first.
 */
function inFleet(ctx: ActionContext, name: string, arg: string): string | undefined {
	if (name === 'clusters') {
		while (ctx.pop());
		return undefined;
	}
	if (name === 'cluster') {
		const rows = fleetRows(ctx.snapshot, ctx.contexts?.fleetMembers() ?? [], ctx.now()).filter(r => r.cluster && clean(r.cluster.clusterName).toLowerCase() === arg.trim().toLowerCase());
		if (rows.length === 0) return `no cluster "${clean(arg)}" in the fleet`;
		if (rows.length > 1) return `"${clean(arg)}" is in ${rows.map(r => r.context).join(', ')}: pick its row and press Enter`;
		ctx.contexts?.openCluster(rows[0]!.member, rows[0]!.cluster!.clusterName);
		return undefined;
	}
	return `:${name} needs one context: open a cluster (Enter), or :region / :profile to one`;
}

/** Runs a command line (without the `:`); returns the error to show, if any. */
export function runCommand(ctx: ActionContext, line: string): string | undefined {
	const [word = '', ...rest] = line.trim().split(/\s+/);
	if (!word) return undefined;
	const command = commands.find(c => c.names.includes(word.toLowerCase()));
	// The config file's aliases: a built-in name wins, and an alias expands once (never into another
	// alias), so no file can make `:` loop.
	const alias = command ? undefined : ctx.aliases?.[word];
	if (alias !== undefined) {
		const [target = '', ...words] = alias.split(/\s+/);
		const aliased = commands.find(c => c.names.includes(target.toLowerCase()));
		if (!aliased) return `alias ":${clean(word)}" runs ":${clean(alias)}", which is no command`;
		return aliased.run(ctx, [...words, ...rest].join(' ')) ?? undefined;
	}
	if (!command) return `unknown command ":${clean(word)}" (try :clusters :services :tasks :instances :events :taskdefs :deployments :pf :ctx :region R :profile P :cluster NAME)`;
	if (ctx.stack[0]?.pane === 'fleet' && !fleetCommands.has(command.names[0]!)) return inFleet(ctx, command.names[0]!, rest.join(' '));
	return command.run(ctx, rest.join(' ')) ?? undefined;
}

/** What Tab may complete the line to (whole lines). */
export function completions(line: string, clusters: readonly string[], aliases: readonly string[] = [], profiles: readonly string[] = []): string[] {
	const match = /^(\s*)cluster\s+(.*)$/i.exec(line);
	if (match) {
		const typed = match[2]!.toLowerCase();
		return clusters.filter(c => c.toLowerCase().startsWith(typed)).map(c => `cluster ${c}`);
	}
	// `:profile P`: the profiles of the AWS config files (the last of a comma list is completed).
	const profile = /^\s*profile\s+((?:[^,\s]+,)*)([^,\s]*)$/i.exec(line);
	if (profile) {
		const [, before = '', typed = ''] = profile;
		return profiles.filter(p => p.toLowerCase().startsWith(typed.toLowerCase())).map(p => `profile ${before}${p}`);
	}
	if (/\s/.test(line.trim())) return [];
	const typed = line.trim().toLowerCase();
	const builtin = names.filter(n => n.startsWith(typed)).map(n => (withArgument.has(n) ? `${n} ` : n));
	return [...builtin, ...aliases.filter(a => a.toLowerCase().startsWith(typed) && !names.includes(a.toLowerCase()))];
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
export function tabComplete(line: CommandLine, clusters: readonly string[], aliases: readonly string[] = [], profiles: readonly string[] = []): CommandLine {
	const {value, cycle} = line;
	if (cycle && cycle.value === value) {
		const at = (cycle.at + 1) % cycle.list.length;
		const next = cycle.list[at]!;
		return {...line, value: next, cycle: {list: cycle.list, at, value: next}};
	}
	const list = completions(value, clusters, aliases, profiles);
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
			const note = shown.length > 1 ? shown.map(s => s.trim().split(' ').at(-1)).join('  ') : 'clusters services tasks instances events taskdefs deployments cluster NAME · Tab completes';
			return <PromptLine prefix=":" value={value} width={size.columns} color={color} note={note} error={error} />;
		},
		onKey: (event, ctx, state) => {
			const line = state.get(lineKey) ?? emptyLine;
			const aliases = Object.keys(ctx.aliases ?? {});
			const profiles = (ctx.contexts?.profiles() ?? []).flatMap(p => (p.profile ? [p.profile] : []));
			if (event.name === 'tab') return state.set(lineKey, tabComplete(line, clusterNames(ctx).map(k => clean(k)), aliases, profiles));
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
			state.set(lineKey, {value: edit.value, shown: edit.value ? completions(edit.value, clusterNames(ctx), aliases, profiles) : []});
		},
	};
}

export const commandExtension: Extension = {
	id: 'command',
	keys: [{id: 'command', run: ctx => ctx.openOverlay(commandPrompt())}],
};
