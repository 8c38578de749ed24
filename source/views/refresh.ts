// `r`: read the view's scopes again now, and say how it went.
import {scopeKey} from '../store/types.js';
import type {ActionContext} from './types.js';

export async function refreshScopes(ctx: ActionContext): Promise<void> {
	const scopes = ctx.def.scopes(ctx.view);
	ctx.status('refreshing…');
	await Promise.all(scopes.map(scope => ctx.poller.refreshNow(scope)));
	const failed = scopes.map(s => ctx.store.getSnapshot().scopes.get(scopeKey(s))).find(s => s?.error);
	ctx.status(failed?.error ? `refresh failed: ${failed.error.message}` : 'refreshed', failed?.error ? 'error' : 'success');
}
