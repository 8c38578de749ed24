// The actions feature as a TUI extension: `space` marks rows (by ARN, so marks survive refreshes
// and re-sorting), and the dangerous keys (x s R D A, absent under --read-only) open the dialogs.
// Refusals (DAEMON, not ACTIVE, not the ECS controller, nothing to do) say why in the status line
// and open nothing.
import {arnAccount, arnRegion, shortId, type ContainerInstance, type Service, type Task} from '../../domain.js';
import type {ActionResult} from '../../store/actions/actions.js';
import {defaultStopReason, instanceLabel, redeployRefusal, scaleRefusal, stateSkip, stopSkip, taskLabel} from '../../store/actions/rules.js';
import {fileAuditLog, type AuditLog} from '../../store/actions/audit.js';
import {clean} from '../../text.js';
import {ActionDialog, type DialogSpec} from './dialog.js';
import {instancesSpec, redeploySpec, scaleSpec, stopSpec, type FlowBase} from './flows.js';
import {deployKey, rollbackKey} from '../deployments/keys.js';
import {ActionsRuntime, afterAny, followStopped, marksKey, marksOf, watchDeployment, watchDrain, watchScale, withFollowed} from './progress.js';
import type {ActionContext, Extension, KeyHandler} from '../types.js';

export interface ActionsOptions {
	audit?: AuditLog;
	now?: () => number;
	color?: boolean;
	stopReason?: () => string;
}

/** The rows an action applies to: the marked ones still listed, else the selected one. */
function targets<T>(ctx: ActionContext): {rows: T[]; gone: number} {
	const marks = marksOf(ctx);
	if (marks.size === 0) return {rows: ctx.selected === undefined ? [] : [ctx.selected as T], gone: 0};
	const rowId = ctx.def.rowId;
	const all = (ctx.def.rows?.(ctx.snapshot, ctx.view, ctx.viewState) ?? []) as T[];
	const rows = rowId ? all.filter(r => marks.has(rowId(r))) : [];
	return {rows, gone: marks.size - rows.length};
}

/** Where an action acts (account, region, cluster, profile, endpoint) and what follows its answer; `cluster`: where the call goes when the view has none (a revision deployed from the task-definitions pane). */
export function base(ctx: ActionContext, options: ActionsOptions, arn: string, after: (result: ActionResult) => void, cluster = ctx.view.cluster ?? ''): FlowBase {
	const account = ctx.account ?? arnAccount(arn);
	const region = ctx.env.region ?? arnRegion(arn);
	const where: Array<[string, string]> = [['account', account ?? '?'], ['region', region ?? '?'], ['cluster', clean(shortId(cluster))]];
	if (ctx.env.profile) where.push(['profile', clean(ctx.env.profile)]);
	if (ctx.env.endpointUrl) where.push(['endpoint', clean(ctx.env.endpointUrl)]);
	return {
		deps: {
			api: ctx.api!,
			where: {account, region, profile: ctx.env.profile, endpoint: ctx.env.endpointUrl, cluster},
			audit: options.audit,
			now: options.now,
		},
		where,
		after: result => {
			// First: a stop's follow-up is registered before the refresh it rides in.
			after(result);
			afterAny(ctx, result);
		},
	};
}

/** Opens the dialog unless a call for one of the targets is still in flight. */
export function open(ctx: ActionContext, rt: ActionsRuntime, options: ActionsOptions, spec: DialogSpec, arns: readonly string[]): ActionDialog | undefined {
	const busy = arns.find(a => rt.busy.has(a));
	if (busy) {
		ctx.status(`a call for ${clean(shortId(busy)).slice(0, 20)} is still running: wait for its answer`, 'error');
		return undefined;
	}
	const run = spec.run;
	spec.run = async () => {
		for (const a of arns) rt.busy.add(a);
		try {
			return await run();
		} finally {
			for (const a of arns) rt.busy.delete(a);
		}
	};
	const dialog = new ActionDialog(spec, options.color ?? !process.env.NO_COLOR);
	dialog.open(ctx);
	return dialog;
}

function ready(ctx: ActionContext): boolean {
	if (ctx.api && ctx.view.cluster) return true;
	ctx.status('actions need an ECS client and a cluster', 'error');
	return false;
}

function say(ctx: ActionContext, what: string, gone: number, skipped: string[]): void {
	const notes = [...(gone > 0 ? [`${gone} marked no longer listed`] : []), ...skipped];
	if (notes.length > 0) ctx.status(`${what}: left out ${notes.join('; ')}`);
}

export function actionsExtension(given: ActionsOptions = {}): Extension {
	// One log (one write queue) for the whole session, so lines land in call order.
	const options = {...given, audit: given.audit ?? fileAuditLog()};
	// Per extension, so per app (app/extensions.ts makes a fresh set for each).
	const rt = new ActionsRuntime();
	const stopTask: KeyHandler = ctx => {
		const {rows, gone} = targets<Task>(ctx);
		if (rows.length === 0) return ctx.status('no task selected');
		const skipped = rows.filter(stopSkip);
		const tasks = rows.filter(t => !stopSkip(t));
		if (tasks.length === 0) return ctx.status(`nothing to stop: ${skipped.map(t => `${taskLabel(t)} ${stopSkip(t)}`).join(', ')}`);
		if (!ready(ctx)) return;
		const flow = base(ctx, options, tasks[0]!.taskArn, result => followStopped(ctx, rt, result));
		open(ctx, rt, options, stopSpec(flow, tasks, ctx.snapshot.instances, (options.stopReason ?? defaultStopReason)()), tasks.map(t => t.taskArn));
		say(ctx, 'stop', gone, skipped.map(t => `${taskLabel(t)} (${stopSkip(t)})`));
	};

	const service = (ctx: ActionContext, refusal: (s: Service) => string | undefined): Service | undefined => {
		const selected = ctx.selected as Service | undefined;
		if (!selected) return void ctx.status('no service selected');
		const why = refusal(selected);
		if (why) return void ctx.status(why, 'error');
		return ready(ctx) ? selected : undefined;
	};

	const instances = (status: 'ACTIVE' | 'DRAINING'): KeyHandler => ctx => {
		const {rows, gone} = targets<ContainerInstance>(ctx);
		if (rows.length === 0) return ctx.status('no instance selected');
		const skipped = rows.filter(i => stateSkip(i, status));
		const go = rows.filter(i => !stateSkip(i, status));
		if (go.length === 0) return ctx.status(`nothing to change: ${skipped.map(i => `${instanceLabel(i)} ${stateSkip(i, status)}`).join(', ')}`);
		if (!ready(ctx)) return;
		const cluster = shortId(ctx.view.cluster!);
		const services = new Map([...ctx.snapshot.services.values()].filter(s => shortId(s.clusterArn) === cluster).map(s => [s.serviceName, s]));
		let dialog: ActionDialog | undefined;
		const flow = {
			...base(ctx, options, go[0]!.containerInstanceArn, result => (status === 'DRAINING' ? watchDrain(ctx, rt, result) : undefined)),
			all: (ctx.def.rows?.(ctx.snapshot, ctx.view, ctx.viewState) ?? []) as ContainerInstance[],
			services,
			redraw: () => dialog?.redraw(),
		};
		dialog = open(ctx, rt, options, instancesSpec(flow, go, status), go.map(i => i.containerInstanceArn));
		say(ctx, status === 'DRAINING' ? 'drain' : 'activate', gone, skipped.map(i => `${instanceLabel(i)} (${stateSkip(i, status)})`));
	};

	return {
		id: 'actions',
		keys: [
			{
				id: 'mark',
				disabled: ctx => (ctx.selectedId ? undefined : 'nothing selected'),
				run: ctx => {
					if (!ctx.selectedId) return;
					const next = new Set(marksOf(ctx));
				if (next.has(ctx.selectedId)) next.delete(ctx.selectedId);
				else next.add(ctx.selectedId);
					ctx.viewState.set(marksKey, next);
					ctx.select(ctx.index + 1);
				},
			},
			{id: 'stop-task', run: stopTask},
			{
				id: 'scale',
				run: ctx => {
					const s = service(ctx, scaleRefusal);
					if (!s) return;
					const flow = base(ctx, options, s.serviceArn, result => (result.service ? watchScale(ctx, rt, s, result.service.desiredCount) : undefined));
					let dialog: ActionDialog | undefined;
					dialog = open(ctx, rt, options, scaleSpec(flow, s, () => dialog?.redraw()), [s.serviceArn]);
				},
			},
			{
				id: 'redeploy',
				run: ctx => {
					const s = service(ctx, redeployRefusal);
					if (s) open(ctx, rt, options, redeploySpec(base(ctx, options, s.serviceArn, result => watchDeployment(ctx, rt, result)), s), [s.serviceArn]);
				},
			},
			// B and U (source/views/deployments/keys.ts): this extension's audit log, busy set and watches.
			{id: 'rollback', run: ctx => rollbackKey(ctx, {options, rt, base, open})},
			{id: 'deploy-revision', run: ctx => deployKey(ctx, {options, rt, base, open})},
			{id: 'drain', run: instances('DRAINING')},
			{id: 'activate', run: instances('ACTIVE')},
		],
		markedIds: ctx => {
			const marks = marksOf(ctx);
			return marks.size > 0 ? marks : undefined;
		},
		headerNote: ctx => {
			const n = marksOf(ctx).size;
			return n > 0 ? `${n} marked` : undefined;
		},
		transformRows: (rows, ctx) => withFollowed(rows, ctx.def, ctx.view, ctx.snapshot),
	};
}
