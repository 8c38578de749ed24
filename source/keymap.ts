// THE key table. Handlers, the hint bar, the `?` help and README's key table are all derived
// from this one list, so they cannot disagree (test/tui/keymap.test.ts checks README and that no
// key means two things in one pane). Handlers are attached by id (see source/app/handlers.ts).

import type {Pane} from './resources/panes.js';

export type {Pane} from './resources/panes.js';
export {panes} from './resources/panes.js';

export interface Binding {
	id: string;
	/** Key names as components/keys.ts produces them: 'j', 'G', 'down', 'enter', 'escape', 'space'. */
	keys: string[];
	panes: Pane[] | 'all';
	description: string;
	/** Changes something in AWS: absent under --read-only (keymap, hint bar and help alike). */
	dangerous?: boolean;
	/** Shown in the hint bar (in keymap order, so the most useful keys come first), with this short label. */
	hint?: boolean;
	label?: string;
}

const tables: Pane[] = ['clusters', 'services', 'tasks', 'containers', 'instances'];
/** The task-definition panes (source/views/taskdefs/): families, then one family's revisions. */
const taskdefTables: Pane[] = ['taskdefs', 'revisions'];

/** Where `y`, `Y` and `O` act: every table pane, describe views and the events pane. */
const copyPanes: Pane[] = [...tables, ...taskdefTables, 'deployments', 'logs', 'events', 'describe'];

export const keymap: readonly Binding[] = [
	{id: 'down', keys: ['j', 'down'], panes: 'all', description: 'move down'},
	{id: 'up', keys: ['k', 'up'], panes: 'all', description: 'move up'},
	{id: 'top', keys: ['g', 'home'], panes: 'all', description: 'go to the first row'},
	{id: 'bottom', keys: ['G', 'end'], panes: 'all', description: 'go to the last row'},
	{id: 'page-down', keys: ['pagedown'], panes: 'all', description: 'page down'},
	{id: 'page-up', keys: ['pageup'], panes: 'all', description: 'page up'},
	{id: 'open-services', keys: ['enter'], panes: ['clusters'], description: 'services of the cluster', hint: true, label: 'services'},
	{id: 'open-tasks', keys: ['enter'], panes: ['services', 'instances'], description: 'tasks of the service or instance', hint: true, label: 'tasks'},
	{id: 'open-containers', keys: ['enter'], panes: ['tasks'], description: 'containers of the task', hint: true, label: 'containers'},
	{id: 'log-line-whole', keys: ['enter'], panes: ['logs'], description: 'the line whole, wrapped, JSON pretty-printed (as d)'},
	{id: 'events-whole', keys: ['enter'], panes: ['events'], description: 'the events on screen whole, wrapped (j/k scroll, Esc closes)'},
	{id: 'open-context-cluster', keys: ['enter'], panes: ['fleet'], description: "the cluster's services, in its own context (Esc at its top comes back to the fleet)", hint: true, label: 'services'},
	{id: 'use-contexts', keys: ['enter'], panes: ['contexts'], description: 'show the selected profile, or the marked ones together as a fleet', hint: true, label: 'use'},
	{id: 'open-revisions', keys: ['enter'], panes: ['taskdefs'], description: "revisions of the task-definition family", hint: true, label: 'revisions'},
	{id: 'stop-task', keys: ['x'], panes: ['tasks'], description: 'stop the task(s)', dangerous: true, hint: true, label: 'stop'},
	{id: 'scale', keys: ['s'], panes: ['services'], description: 'scale the service', dangerous: true, hint: true, label: 'scale'},
	{id: 'redeploy', keys: ['R'], panes: ['services'], description: 'force a new deployment', dangerous: true, hint: true, label: 'redeploy'},
	{id: 'shell', keys: ['s'], panes: ['tasks', 'containers'], description: 'a shell in the container (ECS Exec through session-manager-plugin or the built-in client; the first container of a task)', dangerous: true, hint: true, label: 'shell'},
	{id: 'port-forward', keys: ['F'], panes: ['tasks', 'containers'], description: 'forward a local port to the container, or through the task to a host (:pf lists them)', dangerous: true},
	{id: 'enable-exec', keys: ['E'], panes: ['services', 'tasks', 'containers'], description: "enable ECS Exec on the service (UpdateService, then a new deployment replaces its tasks)", dangerous: true},
	{id: 'stop-forward', keys: ['x'], panes: ['forwards'], description: 'stop the port forward (TerminateSession)', hint: true, label: 'stop'},
	{id: 'drain', keys: ['D'], panes: ['instances'], description: 'drain the instance(s)', dangerous: true, hint: true, label: 'drain'},
	{id: 'activate', keys: ['A'], panes: ['instances'], description: 'activate the instance(s)', dangerous: true, hint: true, label: 'activate'},
	{id: 'rollback', keys: ['B'], panes: ['deployments'], description: 'roll back the deployment (in progress: StopServiceDeployment ROLLBACK; finished: deploy the revision before it)', dangerous: true, hint: true, label: 'roll back'},
	{id: 'deploy-revision', keys: ['U'], panes: ['deployments', 'revisions'], description: "deploy the deployment's or the selected revision to the service (UpdateService taskDefinition)", dangerous: true, hint: true, label: 'deploy'},
	{id: 'mark', keys: ['space'], panes: ['tasks', 'instances', 'revisions', 'contexts'], description: 'mark or unmark the row', hint: true, label: 'mark'},
	{id: 'tasks', keys: ['t'], panes: ['clusters', 'services', 'instances'], description: 'tasks of the selection', hint: true, label: 'tasks'},
	{id: 'instances', keys: ['i'], panes: ['clusters', 'services'], description: 'container instances of the cluster', hint: true, label: 'instances'},
	{id: 'toggle-stopped', keys: ['z'], panes: ['tasks'], description: 'show or hide stopped tasks', hint: true, label: 'stopped'},
	{id: 'describe', keys: ['d'], panes: [...tables, 'revisions', 'deployments', 'logs'], description: 'describe the selection (a log line: whole, JSON pretty-printed)', hint: true, label: 'describe'},
	{id: 'compare', keys: ['c'], panes: ['revisions'], description: 'compare the revision with the one before it, or the two marked ones', hint: true, label: 'compare'},
	{id: 'events', keys: ['e'], panes: ['clusters', 'services'], description: 'service events (of the service, or of the cluster)', hint: true, label: 'events'},
	// Not in the hint bar: the services pane's hints already overflow 100 columns; `?` lists it.
	{id: 'deployments', keys: ['p'], panes: ['services'], description: 'deployments of the service: newest first, live progress, B rolls back, U deploys a revision'},
	{id: 'logs', keys: ['l'], panes: ['services', 'tasks', 'containers', 'describe'], description: "logs (the service's tasks merged, the task's containers, or the container)", hint: true, label: 'logs'},
	{id: 'filter', keys: ['/'], panes: [...tables, 'events', ...taskdefTables, 'deployments', 'logs', 'fleet', 'contexts'], description: 'filter rows', hint: true, label: 'filter'},
	{id: 'utilization-range', keys: ['m'], panes: ['describe'], description: 'utilization chart: the last 1 h, 3 h or 24 h'},
	{id: 'task-definition', keys: ['T'], panes: ['describe'], description: 'the task definition of the described service or task', hint: true, label: 'task def'},
	{id: 'sort-next', keys: ['>'], panes: [...tables, ...taskdefTables, 'deployments', 'fleet'], description: 'sort by the next column', hint: true, label: 'sort'},
	{id: 'sort-previous', keys: ['<'], panes: [...tables, ...taskdefTables, 'deployments', 'fleet'], description: 'sort by the previous column'},
	{id: 'sort-reverse', keys: ['o'], panes: [...tables, ...taskdefTables, 'deployments', 'fleet'], description: 'reverse the sort order'},
	{id: 'attention-first', keys: ['!'], panes: ['services', 'tasks', 'fleet'], description: 'attention first: unhealthy, short of desired, failed rollouts, crash loops', hint: true, label: 'attention'},
	{id: 'logs-follow', keys: ['f'], panes: ['logs'], description: 'follow new lines, or pause (G follows too)', hint: true, label: 'follow'},
	{id: 'logs-live', keys: ['L'], panes: ['logs'], description: 'Live Tail on or off (billed by AWS per minute; stops after 10 idle minutes)', hint: true, label: 'live'},
	{id: 'logs-tail', keys: ['0'], panes: ['logs'], description: 'the newest 100 lines'},
	{id: 'logs-1m', keys: ['1'], panes: ['logs'], description: 'the last minute'},
	{id: 'logs-5m', keys: ['2'], panes: ['logs'], description: 'the last 5 minutes'},
	{id: 'logs-15m', keys: ['3'], panes: ['logs'], description: 'the last 15 minutes'},
	{id: 'logs-1h', keys: ['4'], panes: ['logs'], description: 'the last hour'},
	{id: 'logs-start', keys: ['5'], panes: ['logs'], description: 'since the task started'},
	{id: 'logs-wrap', keys: ['w'], panes: ['logs'], description: 'wrap long lines, or cut them', hint: true, label: 'wrap'},
	{id: 'logs-timestamps', keys: ['t'], panes: ['logs'], description: 'show or hide timestamps'},
	{id: 'logs-previous-task', keys: ['['], panes: ['logs'], description: "the previous task's lines"},
	{id: 'logs-next-task', keys: [']'], panes: ['logs'], description: "the next task's lines"},
	{id: 'logs-save', keys: ['ctrl+s'], panes: ['logs'], description: 'save the loaded lines to a file (under the state directory)'},
	{id: 'wide', keys: ['W'], panes: [...tables, ...taskdefTables, 'deployments'], description: 'wide mode: every column whole, ←/→ scroll sideways by a column'},
	{id: 'scroll-left', keys: ['left'], panes: [...tables, ...taskdefTables, 'deployments'], description: 'wide mode: scroll left by a column'},
	{id: 'scroll-right', keys: ['right'], panes: [...tables, ...taskdefTables, 'deployments'], description: 'wide mode: scroll right by a column'},
	{id: 'copy-arn', keys: ['y'], panes: copyPanes, description: "copy the selection's ARN (OSC 52, or the system clipboard command)"},
	{id: 'copy-name', keys: ['Y'], panes: copyPanes, description: "copy the selection's name or ID"},
	{id: 'open-console', keys: ['O'], panes: copyPanes, description: "open the selection's AWS console page, or show its URL where no browser can open"},
	{id: 'command', keys: [':'], panes: 'all', description: 'command mode (:clusters :services :tasks :instances :events :taskdefs :deployments :pf :ctx :region R :profile P :cluster NAME; Tab completes)'},
	{id: 'refresh', keys: ['r'], panes: 'all', description: 'refresh now'},
	// Not in the hint bar: the main panes' hints already overflow 100 columns, and one more would push
	// `Esc back` and `q quit` off sooner; `?` lists it.
	{id: 'spend', keys: ['$'], panes: 'all', description: 'what ecs-top has called and spent: AWS calls per throttle category, billed metrics and Live Tail minutes, a USD estimate'},
	{id: 'help', keys: ['?'], panes: 'all', description: 'help: the keys of this pane', hint: true, label: 'help'},
	{id: 'back', keys: ['escape'], panes: 'all', description: 'close the innermost thing: dialog, prompt, filter, then back one level', hint: true, label: 'back'},
	{id: 'quit', keys: ['q'], panes: 'all', description: 'quit', hint: true, label: 'quit'},
];

export interface KeymapOptions {
	readOnly: boolean;
}

export function appliesTo(binding: Binding, pane: Pane): boolean {
	return binding.panes === 'all' || binding.panes.includes(pane);
}

/** The bindings in force in a pane. */
export function bindingsFor(pane: Pane, options: KeymapOptions, map: readonly Binding[] = keymap): Binding[] {
	return map.filter(b => appliesTo(b, pane) && !(options.readOnly && b.dangerous));
}

/** The binding id a key name triggers in a pane, if any. */
export function lookup(pane: Pane, keyName: string, options: KeymapOptions, map: readonly Binding[] = keymap): string | undefined {
	return bindingsFor(pane, options, map).find(b => b.keys.includes(keyName))?.id;
}

const display: Record<string, string> = {
	down: '↓',
	up: '↑',
	left: '←',
	right: '→',
	enter: 'Enter',
	escape: 'Esc',
	pagedown: 'PgDn',
	pageup: 'PgUp',
	home: 'Home',
	end: 'End',
	space: 'Space',
	tab: 'Tab',
};

export function keyLabel(keyName: string): string {
	return display[keyName] ?? (keyName.startsWith('ctrl+') ? `Ctrl-${keyName.slice(5)}` : keyName);
}

/** The hint bar: the pane's most useful keys, as [key, label] pairs in keymap order. */
export function hintsFor(pane: Pane, options: KeymapOptions, map: readonly Binding[] = keymap): Array<[string, string]> {
	return bindingsFor(pane, options, map)
		.filter(b => b.hint)
		.map(b => [keyLabel(b.keys[0]!), b.label ?? b.description]);
}

function paneList(binding: Binding): string {
	return binding.panes === 'all' ? 'all' : binding.panes.join(', ');
}

/** README's key table (markdown), generated from the keymap; scripts/keys-table.ts prints it. */
export function keysTableMarkdown(map: readonly Binding[] = keymap): string {
	const lines = ['| Key | Panes | Action |', '| --- | --- | --- |'];
	for (const b of map) {
		const keys = b.keys.map(k => `\`${keyLabel(k)}\``).join(' / ');
		const action = b.dangerous ? `${b.description} (not with \`--read-only\`)` : b.description;
		lines.push(`| ${keys.replaceAll('|', '\\|')} | ${paneList(b)} | ${action.replaceAll('|', '\\|')} |`);
	}
	return lines.join('\n');
}
