// The deployments pane as a TUI feature (its rows and columns are the resource's,
// source/resources/deployments.ts): `p` on a service opens it, `r` reads the deployments again
// with the service, and the header says what the table leaves out (the newest 20 of more, a read
// that failed while older rows stay shown, revisions that could not be resolved). B and U are the
// actions extension's (keys.tsx), so they share its audit log and its calls in flight.
import {deploymentsView, paramsOf} from '../../resources/deployments.js';
import type {Service} from '../../domain.js';
import {paneDepth} from '../../store/deployments.js';
import {clean} from '../../text.js';
import {refreshScopes} from '../refresh.js';
import type {ActionContext, Extension} from '../types.js';

function openFromService(ctx: ActionContext): void {
	const service = ctx.selected as Service | undefined;
	if (!service || !ctx.api) return;
	const cluster = ctx.view.cluster ?? service.clusterArn;
	ctx.push(deploymentsView({api: ctx.api, store: ctx.store, stateOf: ctx.stateOf, now: () => ctx.now()}, cluster, service.serviceName));
}

/** `r`: the service (and its tasks) and the deployments, read again now. */
async function refresh(ctx: ActionContext): Promise<void> {
	const feed = paramsOf(ctx.view)?.deployments;
	await Promise.all([refreshScopes(ctx), feed?.refresh()]);
	if (feed?.state.state === 'error') ctx.status(`could not read the deployments: ${feed.state.error ?? '?'}`, 'error');
}

export const deploymentsExtension: Extension = {
	id: 'deployments',
	keys: [
		{
			id: 'deployments',
			panes: ['services'],
			run: openFromService,
			disabled: ctx => (!ctx.api ? 'deployments need an ECS client' : ctx.selected === undefined ? 'nothing selected' : undefined),
		},
		{id: 'refresh', panes: ['deployments'], run: refresh},
	],
	headerNote: ctx => {
		const state = paramsOf(ctx.view)?.deployments.state;
		if (ctx.view.pane !== 'deployments' || !state) return undefined;
		const notes: string[] = [];
		const read = state.read;
		if (read && read.listed > read.items.length) notes.push(`newest ${paneDepth} of ${read.listed}`);
		if (state.state === 'error' && read && !state.unsupported) notes.push(`not refreshed: ${clean(state.error ?? '?')}`);
		if (read?.revisionsError) notes.push(`revisions as ids: ${clean(read.revisionsError)}`);
		return notes.length > 0 ? notes.join(' · ') : undefined;
	},
};
