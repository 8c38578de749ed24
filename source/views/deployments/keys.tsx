// B and U, the dangerous keys of deployments (bound by the actions extension, so they share its
// audit log, its calls-in-flight set and its watches). Refusals say why on the status line and open
// nothing; the dialogs are in flows.tsx. U on a revision of the task-definitions pane deploys it to
// the service that runs its family: the one the stack is about, else the only one known, else the
// user picks one by number.
import {Box, Text} from 'ink';
import {primaryDeployment, taskDefinitionName, type Service, type TaskDefinition} from '../../domain.js';
import {paramsOf, type DeploymentRow} from '../../resources/deployments.js';
import type {ActionResult} from '../../store/actions/actions.js';
import {deployRefusal, familyOf, rollbackOf} from '../../store/actions/rules.js';
import {watchStore} from '../../store/actions/watch.js';
import {clean} from '../../text.js';
import type {ActionsOptions} from '../actions/extension.js';
import type {ActionDialog, DialogSpec} from '../actions/dialog.js';
import type {FlowBase} from '../actions/flows.js';
import {watchDeployment, type ActionsRuntime} from '../actions/progress.js';
import type {ActionContext, Overlay} from '../types.js';
import {deploySpec, rollbackSpec} from './flows.js';

export interface KeyEnv {
	options: ActionsOptions;
	rt: ActionsRuntime;
	base(ctx: ActionContext, options: ActionsOptions, arn: string, after: (result: ActionResult) => void, cluster?: string): FlowBase;
	open(ctx: ActionContext, rt: ActionsRuntime, options: ActionsOptions, spec: DialogSpec, arns: readonly string[]): ActionDialog | undefined;
}

const name = (arn: string) => clean(taskDefinitionName(arn));

/** The deployments pane's service, as last polled; says why not when it is not known yet. */
function paneService(ctx: ActionContext): Service | undefined {
	const p = paramsOf(ctx.view);
	if (!ctx.api || !p) return void ctx.status('deployments need an ECS client', 'error');
	const service = p.deployments.service();
	if (!service) ctx.status(`${clean(p.service)} is not described yet: wait for its first refresh`, 'error');
	return service;
}

/** Says when the rollback has landed: the service back on the old revision, its rollout COMPLETED. */
function watchRollback(ctx: ActionContext, rt: ActionsRuntime, service: Service): void {
	const key = `service|${service.serviceArn}`;
	rt.watches.get(key)?.();
	const cancel = watchStore(ctx.store, snapshot => {
		const now = snapshot.services.get(service.serviceArn);
		const primary = now && primaryDeployment(now);
		if (!now || !primary || now.deployments.length > 1 || primary.rolloutState !== 'COMPLETED' || primary.taskDefinition === service.taskDefinition) return undefined;
		return `${clean(service.serviceName)}: rolled back, ${name(primary.taskDefinition)} COMPLETED (${primary.runningCount} running)`;
	}, text => {
		rt.watches.delete(key);
		ctx.status(text, 'success');
	});
	rt.watches.set(key, cancel);
}

/** B on the deployments pane. */
export function rollbackKey(ctx: ActionContext, env: KeyEnv): void {
	const sd = ctx.selected as DeploymentRow | undefined;
	if (!sd) return ctx.status('no deployment selected');
	const service = paneService(ctx);
	if (!service) return;
	const feed = paramsOf(ctx.view)!.deployments;
	const what = rollbackOf(service, sd, feed.state.read?.items);
	if (what.kind === 'refused') return ctx.status(what.why, 'error');
	let dialog: ActionDialog | undefined;
	const common = {redraw: () => dialog?.redraw(), now: () => ctx.now()};
	const flow = env.base(ctx, env.options, service.serviceArn, result => {
		void feed.refresh();
		if (!result.ok) return;
		if (what.kind === 'stop') watchRollback(ctx, env.rt, service);
		else watchDeployment(ctx, env.rt, result);
	});
	const spec = what.kind === 'stop' ? rollbackSpec(flow, service, sd, common) : deploySpec(flow, service, what.taskDefinition, {...common, back: {from: sd}});
	dialog = env.open(ctx, env.rt, env.options, spec, [service.serviceArn]);
}

/** U on the deployments pane (the selected deployment's revision) or on a revision. */
export function deployKey(ctx: ActionContext, env: KeyEnv): void {
	if (!ctx.api) return ctx.status('actions need an ECS client', 'error');
	if (ctx.view.pane === 'deployments') return deployFromDeployment(ctx, env);
	const td = ctx.selected as TaskDefinition | undefined;
	if (!td) return ctx.status('no revision selected');
	const candidates = servicesOf(ctx, td.family);
	if (candidates.length === 0) return ctx.status(`no service known to run ${clean(td.family)}: open its cluster's services first (or use U in the service's deployments pane)`, 'error');
	const refusals = candidates.map(s => deployRefusal(s, td));
	if (candidates.length === 1 && refusals[0]) return ctx.status(refusals[0], 'error');
	// A revision that no service can take (INACTIVE, being deleted) is refused before any choice.
	if (refusals.every(Boolean) && new Set(refusals).size === 1) return ctx.status(refusals[0]!, 'error');
	if (candidates.length === 1) return openDeploy(ctx, env, candidates[0]!, td.taskDefinitionArn);
	ctx.openOverlay(servicePicker(td, candidates, (service, now) => openDeploy(now, env, service, td.taskDefinitionArn)));
}

function deployFromDeployment(ctx: ActionContext, env: KeyEnv): void {
	const sd = ctx.selected as DeploymentRow | undefined;
	if (!sd) return ctx.status('no deployment selected');
	const service = paneService(ctx);
	if (!service) return;
	const td = sd.targetServiceRevision?.taskDefinition;
	if (!td) return ctx.status('which revision this deployment ran is not known (DescribeServiceRevisions did not answer): r reads again', 'error');
	const revision = Number(taskDefinitionName(td).split(':').at(-1));
	// Status is checked when the dialog re-reads the revision; controller and family now.
	const refusal = deployRefusal(service, {family: familyOf(td), revision, status: undefined});
	if (refusal) return ctx.status(refusal, 'error');
	if (td === service.taskDefinition) return ctx.status(`${clean(service.serviceName)} already runs ${name(td)}: nothing to do (R forces a new deployment of it)`);
	openDeploy(ctx, env, service, td);
}

function openDeploy(ctx: ActionContext, env: KeyEnv, service: Service, taskDefinitionArn: string): void {
	const feed = paramsOf(ctx.view)?.deployments;
	let dialog: ActionDialog | undefined;
	// The service's own cluster: the revisions pane has none of its own.
	const cluster = ctx.view.cluster ?? service.clusterArn.slice(service.clusterArn.lastIndexOf('/') + 1);
	const flow = env.base(ctx, env.options, service.serviceArn, result => {
		void feed?.refresh();
		if (result.ok) watchDeployment(ctx, env.rt, result);
	}, cluster);
	dialog = env.open(ctx, env.rt, env.options, deploySpec(flow, service, taskDefinitionArn, {redraw: () => dialog?.redraw(), now: () => ctx.now()}), [service.serviceArn]);
}

/**
 * The ACTIVE services the store knows that run `family`: those in a cluster on the navigation
 * stack when there are any (where the user came from), else all of them.
 */
export function servicesOf(ctx: ActionContext, family: string): Service[] {
	const all = [...ctx.snapshot.services.values()].filter(s => s.status === 'ACTIVE' && familyOf(s.taskDefinition) === family);
	const clusters = new Set(ctx.stack.flatMap(v => (v.cluster ? [v.cluster.slice(v.cluster.lastIndexOf('/') + 1)] : [])));
	const near = all.filter(s => clusters.has(s.clusterArn.slice(s.clusterArn.lastIndexOf('/') + 1)));
	const found = near.length > 0 ? near : all;
	return found.sort((a, b) => (a.clusterArn + a.serviceName < b.clusterArn + b.serviceName ? -1 : 1)).slice(0, 9);
}

export const servicePickerId = 'deploy-service-picker';

/** Which service a revision goes to, by number (1–9); Esc cancels. Nothing is sent from here. */
function servicePicker(td: TaskDefinition, services: readonly Service[], chosen: (service: Service, ctx: ActionContext) => void): Overlay {
	const label = (s: Service) => `${clean(s.clusterArn.slice(s.clusterArn.lastIndexOf('/') + 1))}/${clean(s.serviceName)}  runs ${name(s.taskDefinition)}  ${s.runningCount}/${s.desiredCount} running`;
	return {
		id: servicePickerId,
		placement: 'modal',
		render: size => (
			<Box flexDirection="column" width={size.columns}>
				<Text bold wrap="truncate-end">{`Deploy ${clean(td.family)}:${td.revision} to which service?`}</Text>
				<Text> </Text>
				{services.map((s, i) => (
					<Text key={s.serviceArn} wrap="truncate-end">{`  ${i + 1}  ${label(s)}`}</Text>
				))}
				<Text> </Text>
				<Text dimColor wrap="truncate-end">{`1–${services.length} choose (a confirmation follows)   Esc cancel`}</Text>
			</Box>
		),
		onKey: (event, ctx) => {
			if (event.name === 'escape' || event.name === 'q') {
				ctx.closeOverlay(servicePickerId);
				return ctx.status('cancelled: nothing was sent');
			}
			const n = Number(event.name);
			const service = Number.isInteger(n) && n >= 1 ? services[n - 1] : undefined;
			if (!service) return;
			ctx.closeOverlay(servicePickerId);
			chosen(service, ctx);
		},
	};
}
