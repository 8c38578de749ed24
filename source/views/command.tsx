// `:` command mode: jump anywhere by name. Each resource names its own commands (source/resources/):
// `:clusters`/`:cl`, `:services`/`:svc`, `:tasks`/`:task`, `:instances`/`:ci` and `:cluster NAME`
// replace the navigation stack with that place's natural path (Esc then walks up it);
// `:taskdefs`/`:td` and `:events`/`:ev` (the cluster's event feed) open on top of where you are
// (Esc comes back). Tab completes command names, and cluster names after `:cluster `.
import {clusterNames, currentCluster} from '../resources/clusters.js';
import {resourceCommands} from '../resources/index.js';
import type {CommandDef} from '../resources/types.js';
import {clean} from '../text.js';
import {eventsView} from './events-view.js';
import {editLine} from '../components/line-editor.js';
import {PromptLine} from './filter-prompt.js';
import type {ActionContext, Extension, Overlay} from './types.js';

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
	{names: ['quit', 'q'], run: ctx => ctx.exit()},
];

const names = commands.flatMap(c => c.names);
const withArgument = new Set(commands.filter(c => c.takesArgument).flatMap(c => c.names));

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
	return names.filter(n => n.startsWith(typed)).map(n => (withArgument.has(n) ? `${n} ` : n));
}

function commonPrefix(list: readonly string[]): string {
	let prefix = list[0] ?? '';
	for (const item of list) while (!item.toLowerCase().startsWith(prefix.toLowerCase())) prefix = prefix.slice(0, -1);
	return prefix;
}

export function commandPrompt(color = !process.env.NO_COLOR): Overlay {
	let value = '';
	let error: string | undefined;
	/** Tab lists the candidates once their common part is typed; each further Tab takes the next. */
	let cycle: {list: string[]; at: number; value: string} | undefined;
	let shown: string[] = [];
	const overlay: Overlay = {
		id: commandPromptId,
		placement: 'prompt',
		render: size => {
			// Candidates by their last word: "data  production  staging", not "cluster data…".
			const note = shown.length > 1 ? shown.map(s => s.trim().split(' ').at(-1)).join('  ') : 'clusters services tasks instances events taskdefs cluster NAME · Tab completes';
			return <PromptLine prefix=":" value={value} width={size.columns} color={color} note={note} error={error} />;
		},
		onKey: (event, ctx) => {
			const redraw = () => ctx.openOverlay(overlay);
			if (event.name === 'tab') {
				if (cycle && cycle.value === value) {
					cycle.at = (cycle.at + 1) % cycle.list.length;
					value = cycle.value = cycle.list[cycle.at]!;
					return redraw();
				}
				const list = completions(value, clusterNames(ctx).map(k => clean(k)));
				error = list.length === 0 ? 'nothing to complete' : undefined;
				shown = list;
				cycle = undefined;
				if (list.length === 1) value = list[0]!;
				else if (list.length > 1) {
					const prefix = commonPrefix(list);
					if (prefix.length > value.length) value = prefix;
					else cycle = {list, at: -1, value};
				}
				return redraw();
			}
			const edit = editLine(value, event);
			if (edit.cancel) return ctx.closeOverlay(commandPromptId);
			if (edit.submit) {
				ctx.closeOverlay(commandPromptId);
				const failed = runCommand(ctx, value);
				if (failed) ctx.status(failed, 'error');
				else ctx.clearError();
				return;
			}
			if (edit.value === value) return;
			value = edit.value;
			error = undefined;
			cycle = undefined;
			shown = value ? completions(value, clusterNames(ctx)) : [];
			redraw();
		},
	};
	return overlay;
}

export const commandExtension: Extension = {
	id: 'command',
	handlers: {
		command: ctx => ctx.openOverlay(commandPrompt()),
	},
};
