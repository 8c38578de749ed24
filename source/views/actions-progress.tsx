// What happens after an answer: the affected scope refreshes at once, the tasks we stopped stay
// on screen until STOPPED (followed), and the status line says when a scale, a deployment or a
// drain has landed. State lives per app (keyed by its store) and per view (in its state bag).
import {briefId, primaryDeployment, type Service} from '../domain.js';
import type {ActionResult} from '../store/actions.js';
import {TaskFollower, watchStore} from '../store/actions-follow.js';
import {scopeKey, type ReadableStore} from '../store/types.js';
import {clean} from '../text.js';
import type {ActionContext, StatusTone} from './types.js';

export const marksKey = 'actions.marks';
export const followedKey = 'actions.followed';

interface Runtime {
	followers: Map<string, TaskFollower>;
	watches: Map<string, () => void>;
	/** Targets with a call in flight: a second dialog for them is refused. */
	busy: Set<string>;
}

const runtimes = new WeakMap<ReadableStore, Runtime>();

export function runtime(store: ReadableStore): Runtime {
	let rt = runtimes.get(store);
	if (!rt) runtimes.set(store, (rt = {followers: new Map(), watches: new Map(), busy: new Set()}));
	return rt;
}

export function marksOf(ctx: Pick<ActionContext, 'viewState'>): ReadonlySet<string> {
	return ctx.viewState.get<ReadonlySet<string>>(marksKey) ?? new Set();
}

/** Refresh at once, and unmark what was done (what failed stays marked, ready for another try). */
export function afterAny(ctx: ActionContext, result: ActionResult): void {
	for (const scope of ctx.def.scopes(ctx.view)) void ctx.poller.refreshNow(scope);
	const marks = marksOf(ctx);
	if (marks.size > 0 && result.done.length > 0) {
		const next = new Set(marks);
		for (const d of result.done) next.delete(d.arn);
		ctx.viewState.set(marksKey, next);
	}
}

function watch<T extends {text: string; tone: StatusTone}>(ctx: ActionContext, key: string, check: Parameters<typeof watchStore<T>>[1]): void {
	const rt = runtime(ctx.store);
	rt.watches.get(key)?.();
	const cancel = watchStore(ctx.store, check, answer => {
		rt.watches.delete(key);
		ctx.status(answer.text, answer.tone);
	});
	rt.watches.set(key, cancel);
}

/** The stopped tasks stay in the pane, refreshed with it, until STOPPED. */
export function followStopped(ctx: ActionContext, result: ActionResult): void {
	const api = ctx.api;
	const scope = ctx.def.scopes(ctx.view)[0];
	if (!api || !scope || result.tasks.length === 0 || !ctx.view.cluster) return;
	const rt = runtime(ctx.store);
	let follower = rt.followers.get(ctx.view.id);
	if (!follower) {
		let moving = 0;
		follower = new TaskFollower({
			api,
			cluster: ctx.view.cluster,
			store: ctx.store,
			scopeKey: scopeKey(scope),
			onChange: tasks => {
				ctx.viewState.set(followedKey, tasks);
				const still = tasks.filter(t => t.lastStatus !== 'STOPPED').length;
				if (moving > 0 && still === 0 && tasks.length > 0) ctx.status(`${tasks.length === 1 ? 'task' : `${tasks.length} tasks`} STOPPED: ${tasks.map(t => briefId(t.taskArn)).join(', ')}`, 'success');
				moving = still;
			},
		});
		rt.followers.set(ctx.view.id, follower);
	}
	follower.follow(result.tasks);
}

export function watchScale(ctx: ActionContext, service: Service, desired: number): void {
	const name = clean(service.serviceName);
	watch(ctx, `service|${service.serviceArn}`, snapshot => {
		const s = snapshot.services.get(service.serviceArn);
		if (!s || s.desiredCount !== desired || s.runningCount !== desired || s.pendingCount !== 0) return undefined;
		return {text: `${name}: ${desired} running, steady at the new count`, tone: 'success' as const};
	});
}

export function watchDeployment(ctx: ActionContext, result: ActionResult): void {
	const service = result.service;
	const id = (service && primaryDeployment(service))?.id;
	if (!service || !id) return;
	const name = clean(service.serviceName);
	watch(ctx, `service|${service.serviceArn}`, snapshot => {
		const d = snapshot.services.get(service.serviceArn)?.deployments.find(x => x.id === id);
		if (d?.rolloutState === 'COMPLETED') return {text: `${name}: the new deployment COMPLETED`, tone: 'success' as const};
		if (d?.rolloutState === 'FAILED') return {text: `${name}: the new deployment FAILED: ${clean(d.rolloutStateReason ?? '')}`, tone: 'error' as const};
		return undefined;
	});
}

export function watchDrain(ctx: ActionContext, result: ActionResult): void {
	const arns = result.done.map(d => d.arn);
	if (arns.length === 0) return;
	const labels = result.done.map(d => d.label).join(', ');
	watch(ctx, `drain|${arns.join(',')}`, snapshot => {
		const all = arns.map(a => snapshot.instances.get(a));
		if (all.some(i => !i || i.status !== 'DRAINING' || i.runningTasksCount > 0 || i.pendingTasksCount > 0)) return undefined;
		return {text: `drained: ${labels} (no tasks left)`, tone: 'success' as const};
	});
}
