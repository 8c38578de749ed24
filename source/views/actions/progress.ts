// What happens after an answer: the affected scope refreshes at once, the tasks we stopped stay
// on screen until STOPPED (the poller follows them in the scope's own refreshes), and the status
// line says when a stop, a scale, a deployment or a drain has landed. What this needs between key
// presses lives in an ActionsRuntime owned by the app's actions extension (one per app); the marks
// live in the view's state.
import {briefId, primaryDeployment, type Service, type Task} from '../../domain.js';
import type {ActionResult} from '../../store/actions/actions.js';
import {watchStore} from '../../store/actions/watch.js';
import {scopeKey, type Snapshot} from '../../store/types.js';
import {clean} from '../../text.js';
import type {ActionContext, PaneDef, StatusTone, ViewEntry} from '../types.js';

export const marksKey = 'actions.marks';

/** The actions' state outside any one view: calls in flight and the store watches behind the "landed" messages. */
export class ActionsRuntime {
	/** Targets with a call in flight: a second dialog for them is refused. */
	readonly busy = new Set<string>();
	/** Watches by what they watch: a newer action on the same target replaces the older watch. */
	readonly watches = new Map<string, () => void>();
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

function watch<T extends {text: string; tone: StatusTone}>(ctx: ActionContext, rt: ActionsRuntime, key: string, check: (snapshot: Snapshot) => T | undefined): void {
	rt.watches.get(key)?.();
	const cancel = watchStore(ctx.store, check, answer => {
		rt.watches.delete(key);
		ctx.status(answer.text, answer.tone);
	});
	rt.watches.set(key, cancel);
}

/**
 * The stopped tasks stay in the pane until STOPPED: the pane's scope re-describes them with its
 * rows (PollControl.followUntilStopped). Call before the scope's refreshNow, so that refresh has them.
 */
export function followStopped(ctx: ActionContext, rt: ActionsRuntime, result: ActionResult): void {
	const scope = ctx.def.scopes(ctx.view)[0];
	if (!scope || result.tasks.length === 0) return;
	ctx.poller.followUntilStopped?.(scope, result.tasks);
	const arns = result.tasks.map(t => t.taskArn);
	watch(ctx, rt, `stop|${arns.join(',')}`, snapshot => {
		// Those ECS no longer knows are left out: nothing more can be said of them.
		const tasks = arns.flatMap(arn => snapshot.tasks.get(arn) ?? []);
		if (tasks.length === 0 || tasks.some(t => t.lastStatus !== 'STOPPED')) return undefined;
		return {text: `${tasks.length === 1 ? 'task' : `${tasks.length} tasks`} STOPPED: ${tasks.map(t => briefId(t.taskArn)).join(', ')}`, tone: 'success' as const};
	});
}

/** A tasks pane's rows plus the tasks its scopes follow that no listing shows any more (stopped by us). */
export function withFollowed(rows: readonly unknown[], def: PaneDef, view: ViewEntry, snapshot: Snapshot): readonly unknown[] {
	if (def.pane !== 'tasks') return rows;
	const followed = new Set(def.scopes(view).flatMap(scope => snapshot.scopes.get(scopeKey(scope))?.followed ?? []));
	if (followed.size === 0) return rows;
	for (const task of rows as readonly Task[]) followed.delete(task.taskArn);
	const extra = [...followed].flatMap(arn => snapshot.tasks.get(arn) ?? []);
	return extra.length > 0 ? [...rows, ...extra] : rows;
}

export function watchScale(ctx: ActionContext, rt: ActionsRuntime, service: Service, desired: number): void {
	const name = clean(service.serviceName);
	watch(ctx, rt, `service|${service.serviceArn}`, snapshot => {
		const s = snapshot.services.get(service.serviceArn);
		if (!s || s.desiredCount !== desired || s.runningCount !== desired || s.pendingCount !== 0) return undefined;
		return {text: `${name}: ${desired} running, steady at the new count`, tone: 'success' as const};
	});
}

export function watchDeployment(ctx: ActionContext, rt: ActionsRuntime, result: ActionResult): void {
	const service = result.service;
	const id = (service && primaryDeployment(service))?.id;
	if (!service || !id) return;
	const name = clean(service.serviceName);
	watch(ctx, rt, `service|${service.serviceArn}`, snapshot => {
		const d = snapshot.services.get(service.serviceArn)?.deployments.find(x => x.id === id);
		if (d?.rolloutState === 'COMPLETED') return {text: `${name}: the new deployment COMPLETED`, tone: 'success' as const};
		if (d?.rolloutState === 'FAILED') return {text: `${name}: the new deployment FAILED: ${clean(d.rolloutStateReason ?? '')}`, tone: 'error' as const};
		return undefined;
	});
}

export function watchDrain(ctx: ActionContext, rt: ActionsRuntime, result: ActionResult): void {
	const arns = result.done.map(d => d.arn);
	if (arns.length === 0) return;
	const labels = result.done.map(d => d.label).join(', ');
	watch(ctx, rt, `drain|${arns.join(',')}`, snapshot => {
		const all = arns.map(a => snapshot.instances.get(a));
		if (all.some(i => !i || i.status !== 'DRAINING' || i.runningTasksCount > 0 || i.pendingTasksCount > 0)) return undefined;
		return {text: `drained: ${labels} (no tasks left)`, tone: 'success' as const};
	});
}
