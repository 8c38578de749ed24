// Contexts in the TUI: `:ctx` lists the profiles of the AWS config files (region, SSO or not, its own
// endpoint, whether its credentials resolve now) and Enter shows the selected one, or the marked ones
// as a fleet; `:region R` and `:profile P` switch directly (commas: several, the fleet). The fleet
// pane (source/resources/fleet.ts) lists every context's clusters; its Enter opens the cluster in
// its own context, where Esc at the top comes back to the fleet.
import type {CellColor} from '../../components/table-layout.js';
import {fleetPane, type FleetRow} from '../../resources/fleet.js';
import {col} from '../../resources/cells.js';
import {clean} from '../../text.js';
import {marksOf} from '../actions/progress.js';
import type {ActionContext, Extension, PaneDef, ViewEntry} from '../types.js';
import {viewKey} from '../view-state.js';
import type {ContextsControl, ProfileRow} from './types.js';

const versionKey = viewKey<number>('contexts.version');

const credentialsText = (row: ProfileRow): string => {
	const c = row.credentials;
	return c.state === 'failed' ? `no: ${c.reason}` : c.state === 'ok' ? 'ok' : c.state === 'checking' ? 'checking…' : '-';
};
const credentialsColor = (row: ProfileRow): CellColor | undefined => (row.credentials.state === 'ok' ? 'green' : row.credentials.state === 'failed' ? 'red' : 'dim');

export const profileColumns = [
	col<ProfileRow>('active', ' ', 1, r => (r.active ? '●' : ''), {color: () => 'green'}),
	col<ProfileRow>('profile', 'PROFILE', 22, r => r.id),
	col<ProfileRow>('region', 'REGION', 16, r => r.region ?? '-'),
	col<ProfileRow>('sso', 'SSO', 4, r => (r.sso ? 'yes' : '')),
	col<ProfileRow>('endpoint', 'ENDPOINT', 26, r => r.endpoint ?? ''),
	col<ProfileRow>('credentials', 'CREDENTIALS', 40, credentialsText, {color: credentialsColor}),
];

export function contextsView(): ViewEntry {
	return {id: 'contexts', pane: 'contexts', crumb: 'contexts'};
}

function contextsPane(control: ContextsControl | undefined): PaneDef<ProfileRow> {
	return {
		pane: 'contexts',
		scopes: () => [],
		// The view state's version moves when the profiles change (see openContexts): the rows follow.
		rows: () => control?.profiles() ?? [],
		rowId: r => r.id,
		columns: () => profileColumns,
		tone: r => (r.credentials.state === 'failed' ? 'error' : undefined),
		placeholder: () => (control ? 'reading the AWS config files…' : 'contexts are not available here'),
		empty: () => 'no profiles in the AWS config files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE)',
	};
}

/** `:ctx`: the profiles pane on top of where you are; its rows follow the control's changes. */
export function openContexts(ctx: ActionContext): string | undefined {
	const control = ctx.contexts;
	if (!control) return 'contexts are not available here';
	let version = 0;
	let off: (() => void) | undefined;
	const view: ViewEntry = {...contextsView(), dispose: () => off?.()};
	ctx.push(view);
	const state = ctx.stateOf(view.id);
	off = control.subscribe(() => state.set(versionKey, ++version));
	control.check();
	return undefined;
}

/** `:region a,b` / `:profile p,q`: a comma list, as the flags take it. */
export function splitList(text: string): string[] {
	return text
		.split(',')
		.map(s => s.trim())
		.filter(Boolean);
}

export function switchRegion(ctx: ActionContext, arg: string): string | undefined {
	if (!ctx.contexts) return 'contexts are not available here';
	const regions = splitList(arg);
	if (regions.length === 0) return 'usage: :region REGION[,REGION…]';
	if (regions.some(r => !/^[a-z0-9-]{2,32}$/.test(r))) return `"${clean(arg)}" is not a region (like eu-west-1)`;
	ctx.contexts.use({regions}, (text, tone) => ctx.status(text, tone));
	return undefined;
}

export function switchProfile(ctx: ActionContext, arg: string): string | undefined {
	if (!ctx.contexts) return 'contexts are not available here';
	const profiles = splitList(arg);
	if (profiles.length === 0) return 'usage: :profile PROFILE[,PROFILE…] (:ctx lists them)';
	const known = ctx.contexts.profiles();
	const unknown = known ? profiles.filter(p => !known.some(k => k.profile === p)) : [];
	if (unknown.length > 0) return `no profile ${unknown.map(p => `"${clean(p)}"`).join(', ')} in the AWS config files (:ctx lists them)`;
	ctx.contexts.use({profiles}, (text, tone) => ctx.status(text, tone));
	return undefined;
}

/** A fresh one per app: its panes read that app's control. */
export function contextsExtension(control?: ContextsControl): Extension {
	return {
		id: 'contexts',
		panes: [contextsPane(control), fleetPane(() => control?.fleetMembers() ?? [])],
		keys: [
			{
				id: 'use-contexts',
				disabled: ctx => (ctx.selected === undefined && marksOf(ctx).size === 0 ? 'nothing selected' : undefined),
				run: ctx => {
					const rows = ctx.rows as readonly ProfileRow[];
					const marks = marksOf(ctx);
					const chosen = marks.size > 0 ? rows.filter(r => marks.has(r.id)) : [ctx.selected as ProfileRow];
					ctx.pop();
					ctx.contexts?.use({profiles: chosen.map(r => r.profile)}, (text, tone) => ctx.status(text, tone));
				},
			},
			{
				id: 'open-context-cluster',
				disabled: ctx => {
					const row = ctx.selected as FleetRow | undefined;
					if (!row) return 'nothing selected';
					return row.cluster ? undefined : (row.note ?? 'no cluster on this row');
				},
				run: ctx => {
					const row = ctx.selected as FleetRow;
					ctx.contexts?.openCluster(row.member, row.cluster!.clusterName);
				},
			},
		],
	};
}
