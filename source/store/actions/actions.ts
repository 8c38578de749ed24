// The mutations, orchestrated: each target's call through the EcsApi (which draws from the
// limiter's 'action' reserve, refuses everything under --read-only and resends only what ECS surely
// did not apply), an audit pair around every request on the wire (the intent on disk first, or
// nothing is sent), and a plain result saying what was done, what was not, what is unknown and
// why. After a lost answer the target is read again, so the result says what ECS shows now.
import {chunk} from '../../aws/chunks.js';
import {batchLimit} from '../../aws/limits.js';
import {describeError} from '../../aws/errors.js';
import {briefId, primaryDeployment, shortId, taskDefinitionName, type ContainerInstance, type Service, type ServiceDeployment, type Task} from '../../domain.js';
import {clean} from '../../text.js';
import type {ServiceUpdate} from '../../aws/ecs-api.js';
import {callError, failureText} from './errors.js';
import {finish, nothingToDo, recorder, type ActionDeps, type ActionResult, type Outcome, type Words} from './result.js';
import {instanceLabel, taskLabel} from './rules.js';

export type {ActionDeps, ActionResult, ActionState, ActionWhere, Operation, Outcome} from './result.js';

const reread = {priority: 'action' as const};

/** After a lost answer: what a fresh read shows, or why there is none. */
async function rereadText(read: () => Promise<string>): Promise<string> {
	try {
		return await read();
	} catch (error) {
		return `could not re-read: ${describeError(error).message}; check before retrying`;
	}
}

function taskNow(deps: ActionDeps, arn: string): Promise<string> {
	return rereadText(async () => {
		// aws ecs describe-tasks --cluster C --tasks T
		const [task] = (await deps.api.describeTasks(deps.where.cluster, [arn], reread)).items;
		if (!task) return 'ECS now shows no such task';
		const desired = task.desiredStatus && task.desiredStatus !== task.lastStatus ? `, desired ${clean(task.desiredStatus)}` : '';
		return `ECS now shows the task ${clean(task.lastStatus)}${desired}`;
	});
}

/** A deployment's start as the user's wall clock shows it (local time; the header's "stale since" is UTC). */
function clock(iso: string | undefined): string {
	const at = iso ? new Date(iso) : undefined;
	return at && !Number.isNaN(at.getTime()) ? at.toTimeString().slice(0, 8) : 'at an unknown time';
}

function serviceNow(deps: ActionDeps, before: Service, redeploy: boolean): Promise<string> {
	return rereadText(async () => {
		// aws ecs describe-services --cluster C --services S
		const [service] = (await deps.api.describeServices(deps.where.cluster, [before.serviceName], reread)).items;
		if (!service) return 'ECS now shows no such service';
		if (!redeploy) return `ECS now shows desired ${service.desiredCount}`;
		const primary = primaryDeployment(service);
		if (!primary) return 'ECS now shows no PRIMARY deployment';
		const known = new Set(before.deployments.map(d => d.id));
		const on = primary.taskDefinition === before.taskDefinition ? '' : ` of ${clean(taskDefinitionName(primary.taskDefinition))}`;
		return known.has(primary.id)
			? `ECS now shows no new deployment (PRIMARY${on} started ${clock(primary.createdAt)}, as before)`
			: `ECS now shows a new deployment${on} (PRIMARY started ${clock(primary.createdAt)})`;
	});
}

function deploymentNow(deps: ActionDeps, arn: string): Promise<string> {
	return rereadText(async () => {
		// aws ecs describe-service-deployments --service-deployment-arns ARN
		const [found] = (await deps.api.describeServiceDeployments([arn], reread)).items;
		if (!found) return 'ECS now shows no such service deployment';
		const rolledBack = found.rollback ? `, rolling back since ${clock(found.rollback.startedAt)}` : '';
		return `ECS now shows the deployment ${clean(found.status ?? 'in an unknown state')}${rolledBack}`;
	});
}

function instancesNow(deps: ActionDeps, arns: readonly string[], labelOf: (arn: string) => string): Promise<string> {
	return rereadText(async () => {
		// aws ecs describe-container-instances --cluster C --container-instances I1 … I10
		const {items} = await deps.api.describeContainerInstances(deps.where.cluster, arns, reread);
		const byStatus = new Map<string, string[]>();
		for (const i of items) byStatus.set(clean(i.status), [...(byStatus.get(clean(i.status)) ?? []), labelOf(i.containerInstanceArn)]);
		const missing = arns.length - items.length;
		const parts = [...byStatus].map(([status, labels]) => `${status}: ${labels.slice(0, 5).join(', ')}${labels.length > 5 ? ` +${labels.length - 5} more` : ''}`);
		if (missing > 0) parts.push(`${missing} not found`);
		return `ECS now shows ${parts.join('; ') || 'none of them'}`;
	});
}

/** StopTask for each task, `reason` shown later as the task's stoppedReason. */
export async function stopTasks(deps: ActionDeps, tasks: readonly Task[], reason: string): Promise<ActionResult> {
	const rec = recorder(deps);
	const done: Outcome[] = [];
	const failed: Outcome[] = [];
	const unknown: Outcome[] = [];
	const notSent: Outcome[] = [];
	const stopped: Task[] = [];
	let halted: string | undefined;
	const one = async (task: Task) => {
		const target = {arn: task.taskArn, label: taskLabel(task)};
		if (halted) {
			notSent.push({...target, why: halted});
			return;
		}
		const onWire = rec.wire<Task>(answer => ({taskArn: answer.taskArn, lastStatus: answer.lastStatus, desiredStatus: answer.desiredStatus, stoppedReason: answer.stoppedReason}));
		try {
			stopped.push(await deps.api.stopTask(deps.where.cluster, task.taskArn, reason, {onWire}));
			done.push(target);
		} catch (error) {
			const e = callError(error, 'StopTask');
			if (e.halts) halted ??= e.message;
			if (e.applied === 'unknown') unknown.push({...target, unknown: true, why: `stop sent, answer lost (${e.message}); ${await taskNow(deps, task.taskArn)}`});
			else failed.push({...target, why: e.message});
		}
	};
	const runEach = async (list: readonly Task[], limit: number) => {
		let i = 0;
		const worker = async () => {
			while (i < list.length) await one(list[i++]!);
		};
		await Promise.all(Array.from({length: Math.max(1, Math.min(limit, list.length))}, worker));
	};
	// The first call goes alone: when it shows the rest would fail too (access denied, throttled,
	// the audit log not writable), they are not sent at all.
	await runEach(tasks.slice(0, 1), 1);
	await runEach(tasks.slice(1), deps.concurrency ?? 4);
	const order = (list: Outcome[]) => list.sort((a, b) => tasks.findIndex(t => t.taskArn === a.arn) - tasks.findIndex(t => t.taskArn === b.arn));
	return finish('StopTask', rec, {past: 'stopped', verb: 'stop', noun: 'task', pending: 'STOPPING → STOPPED'}, {
		done: order(done), failed: order(failed), unknown: order(unknown), notSent: order(notSent), tasks: stopped, instances: [],
	});
}

async function updateService(deps: ActionDeps, service: Service, update: ServiceUpdate, words: Words): Promise<ActionResult> {
	const rec = recorder(deps);
	const target = {arn: service.serviceArn, label: clean(service.serviceName)};
	const onWire = rec.wire<Service>(answer => ({
		serviceArn: answer.serviceArn,
		status: answer.status,
		desiredCount: answer.desiredCount,
		runningCount: answer.runningCount,
		pendingCount: answer.pendingCount,
		deployments: answer.deployments.map(d => ({id: d.id, status: d.status, rolloutState: d.rolloutState, taskDefinition: d.taskDefinition})),
	}));
	const parts = {done: [], failed: [], unknown: [], notSent: [], tasks: [], instances: []};
	try {
		const answer = await deps.api.updateService(deps.where.cluster, service.serviceName, update, {onWire});
		return finish('UpdateService', rec, words, {...parts, done: [target], service: answer});
	} catch (error) {
		const e = callError(error, 'UpdateService');
		if (e.applied === 'unknown') {
			const now = await serviceNow(deps, service, Boolean(update.forceNewDeployment || update.taskDefinition));
			return finish('UpdateService', rec, words, {...parts, unknown: [{...target, unknown: true, why: `UpdateService sent, answer lost (${e.message}); ${now}`}]});
		}
		return finish('UpdateService', rec, words, {...parts, failed: [{...target, why: e.message}]});
	}
}

/** UpdateService desiredCount (no new deployment); nothing is sent when desired is already that. */
export async function scaleService(deps: ActionDeps, service: Service, desiredCount: number): Promise<ActionResult> {
	if (desiredCount === service.desiredCount) return nothingToDo('UpdateService', `desired is already ${desiredCount}`, {service});
	const change = `desired ${service.desiredCount} → ${desiredCount}`;
	return updateService(deps, service, {desiredCount}, {past: 'scaled', verb: 'scale', noun: 'service', pending: change, change});
}

/** UpdateService forceNewDeployment, sent once (resent only after a throttle or a refused connection). */
export function redeployService(deps: ActionDeps, service: Service): Promise<ActionResult> {
	return updateService(deps, service, {forceNewDeployment: true}, {past: 'redeployed', verb: 'redeploy', noun: 'service', pending: 'new deployment started'});
}

/**
 * UpdateService enableExecuteCommand with a new deployment: ECS Exec applies only to tasks started
 * after it, so the running ones are replaced (sent once, like redeploy).
 */
export function enableExecService(deps: ActionDeps, service: Service): Promise<ActionResult> {
	return updateService(deps, service, {enableExecuteCommand: true, forceNewDeployment: true}, {past: 'enabled exec on', verb: 'enable exec on', noun: 'service', pending: 'new deployment started: its tasks will allow exec'});
}

/**
 * UpdateService taskDefinition (a new deployment of that revision; with a desired count when one
 * is given), sent once: a retry could start a second deployment.
 */
export function deployRevision(deps: ActionDeps, service: Service, taskDefinition: string, desiredCount?: number): Promise<ActionResult> {
	const from = clean(taskDefinitionName(service.taskDefinition));
	const to = clean(taskDefinitionName(taskDefinition));
	const scale = desiredCount === undefined || desiredCount === service.desiredCount ? '' : `, desired ${service.desiredCount} → ${desiredCount}`;
	return updateService(deps, service, {taskDefinition, ...(scale ? {desiredCount} : {})}, {
		past: 'deployed', verb: 'deploy', noun: 'service', pending: `a new deployment of ${to} started (from ${from}${scale})`, change: `${from} → ${to}${scale}`,
	});
}

/**
 * StopServiceDeployment with stopType ROLLBACK on a PENDING or IN_PROGRESS deployment, sent once.
 * `label` names it ("cart's deployment of cart:3"); after a lost answer the deployment is read again.
 */
export async function rollBackDeployment(deps: ActionDeps, sd: ServiceDeployment, label: string, back: string): Promise<ActionResult> {
	const rec = recorder(deps);
	const target = {arn: sd.serviceDeploymentArn, label};
	const words = {past: 'rolled back', verb: 'roll back', noun: 'deployment', pending: `ROLLBACK_REQUESTED: ${back} is deployed again`};
	const parts = {done: [], failed: [], unknown: [], notSent: [], tasks: [], instances: []};
	const onWire = rec.wire<{serviceDeploymentArn: string}>(answer => ({serviceDeploymentArn: answer.serviceDeploymentArn}));
	try {
		await deps.api.stopServiceDeployment(sd.serviceDeploymentArn, 'ROLLBACK', {onWire});
		return finish('StopServiceDeployment', rec, words, {...parts, done: [target]});
	} catch (error) {
		const e = callError(error, 'StopServiceDeployment');
		if (e.applied === 'unknown') {
			const now = await deploymentNow(deps, sd.serviceDeploymentArn);
			return finish('StopServiceDeployment', rec, words, {...parts, unknown: [{...target, unknown: true, why: `StopServiceDeployment sent, answer lost (${e.message}); ${now}`}]});
		}
		return finish('StopServiceDeployment', rec, words, {...parts, failed: [{...target, why: e.message}]});
	}
}

/** UpdateContainerInstancesState, 10 instances per call, the batches one after another. */
export async function setInstancesState(deps: ActionDeps, instances: readonly ContainerInstance[], status: 'ACTIVE' | 'DRAINING'): Promise<ActionResult> {
	const rec = recorder(deps);
	const labels = new Map(instances.map(i => [i.containerInstanceArn, instanceLabel(i)]));
	const labelOf = (arn: string) => labels.get(arn) ?? labels.get([...labels.keys()].find(k => k.endsWith(`/${shortId(arn)}`)) ?? '') ?? briefId(arn);
	const done: Outcome[] = [];
	const failed: Outcome[] = [];
	const unknown: Outcome[] = [];
	const notSent: Outcome[] = [];
	const changed: ContainerInstance[] = [];
	let halted: string | undefined;
	for (const batch of chunk(instances.map(i => i.containerInstanceArn), batchLimit.UpdateContainerInstancesState)) {
		if (halted) {
			notSent.push(...batch.map(arn => ({arn, label: labelOf(arn), why: halted})));
			continue;
		}
		const onWire = rec.wire<{items: ContainerInstance[]; failures: unknown[]}>(answer => ({
			containerInstances: answer.items.map(i => ({containerInstanceArn: i.containerInstanceArn, status: i.status})),
			failures: answer.failures,
		}));
		try {
			const answer = await deps.api.updateContainerInstancesState(deps.where.cluster, batch, status, {onWire});
			changed.push(...answer.items);
			const failedArns = new Set<string>();
			for (const f of answer.failures) {
				const arn = f.arn ?? '';
				failedArns.add(arn);
				failed.push({arn, label: labelOf(arn), why: failureText(f)});
			}
			for (const arn of batch) {
				if (!failedArns.has(arn) && ![...failedArns].some(f => shortId(f) === shortId(arn))) done.push({arn, label: labelOf(arn)});
			}
		} catch (error) {
			const e = callError(error, 'UpdateContainerInstancesState');
			if (e.halts) halted = e.message;
			if (e.applied === 'unknown') {
				const why = `UpdateContainerInstancesState ${status} sent, answer lost (${e.message}); ${await instancesNow(deps, batch, labelOf)}`;
				unknown.push(...batch.map(arn => ({arn, label: labelOf(arn), why, unknown: true})));
			} else failed.push(...batch.map(arn => ({arn, label: labelOf(arn), why: e.message})));
		}
	}
	const words = status === 'DRAINING'
		? {past: 'draining', verb: 'drain', noun: 'instance', pending: 'service tasks move elsewhere, running tasks fall to 0'}
		: {past: 'activated', verb: 'activate', noun: 'instance', pending: 'ACTIVE: tasks can be placed on them again'};
	return finish('UpdateContainerInstancesState', rec, words, {done, failed, unknown, notSent, tasks: [], instances: changed});
}
