// The mutations, orchestrated: each target's call through the EcsApi (which draws from the
// limiter's 'action' reserve and refuses everything under --read-only), one audit line per call,
// and a plain result saying what was done, what was not and why. One call per target and batch,
// never a retry here: the client retries only what cannot double-apply (never a new deployment).
import {chunk} from '../aws/chunks.js';
import {shortId, type ContainerInstance, type Service, type Task} from '../domain.js';
import {clean} from '../text.js';
import {callError, failureText} from './actions-errors.js';
import {finish, recorder, type ActionDeps, type ActionResult, type Outcome, type Words} from './actions-result.js';
import {instanceLabel, taskLabel} from './actions-rules.js';

export type {ActionDeps, ActionResult, ActionWhere, Operation, Outcome} from './actions-result.js';

/** StopTask for each task, `reason` shown later as the task's stoppedReason. */
export async function stopTasks(deps: ActionDeps, tasks: readonly Task[], reason: string): Promise<ActionResult> {
	const rec = recorder(deps);
	const done: Outcome[] = [];
	const failed: Outcome[] = [];
	const notSent: Outcome[] = [];
	const stopped: Task[] = [];
	let halted: string | undefined;
	const one = async (task: Task) => {
		const target = {arn: task.taskArn, label: taskLabel(task)};
		if (halted) {
			notSent.push({...target, why: halted});
			return;
		}
		const parameters = {cluster: deps.where.cluster, task: task.taskArn, reason};
		try {
			const answer = await deps.api.stopTask(deps.where.cluster, task.taskArn, reason);
			stopped.push(answer);
			done.push(target);
			await rec.record('StopTask', parameters, {result: {taskArn: answer.taskArn, lastStatus: answer.lastStatus, desiredStatus: answer.desiredStatus, stoppedReason: answer.stoppedReason}});
		} catch (error) {
			const e = callError(error, 'StopTask');
			if (e.halts) halted ??= e.message;
			failed.push({...target, why: e.message, unknown: e.applied === 'unknown'});
			await rec.record('StopTask', parameters, {error: e});
		}
	};
	const runEach = async (list: readonly Task[], limit: number) => {
		let i = 0;
		const worker = async () => {
			while (i < list.length) await one(list[i++]!);
		};
		await Promise.all(Array.from({length: Math.max(1, Math.min(limit, list.length))}, worker));
	};
	// The first call goes alone: when it shows the rest would fail too (access denied, throttled),
	// they are not sent at all.
	await runEach(tasks.slice(0, 1), 1);
	await runEach(tasks.slice(1), deps.concurrency ?? 4);
	const order = (list: Outcome[]) => list.sort((a, b) => tasks.findIndex(t => t.taskArn === a.arn) - tasks.findIndex(t => t.taskArn === b.arn));
	return finish('StopTask', rec, {past: 'stopped', noun: 'task', pending: 'STOPPING → STOPPED', none: 'no task stopped'}, {done: order(done), failed: order(failed), notSent: order(notSent), tasks: stopped, instances: []});
}

async function updateService(deps: ActionDeps, service: Service, update: {desiredCount?: number; forceNewDeployment?: boolean}, words: Words): Promise<ActionResult> {
	const rec = recorder(deps);
	const target = {arn: service.serviceArn, label: clean(service.serviceName)};
	const parameters = {cluster: deps.where.cluster, service: service.serviceName, ...update};
	try {
		const answer = await deps.api.updateService(deps.where.cluster, service.serviceName, update);
		await rec.record('UpdateService', parameters, {
			result: {
				serviceArn: answer.serviceArn,
				status: answer.status,
				desiredCount: answer.desiredCount,
				runningCount: answer.runningCount,
				pendingCount: answer.pendingCount,
				deployments: answer.deployments.map(d => ({id: d.id, status: d.status, rolloutState: d.rolloutState, taskDefinition: d.taskDefinition})),
			},
		});
		return finish('UpdateService', rec, words, {done: [target], failed: [], notSent: [], service: answer, tasks: [], instances: []});
	} catch (error) {
		const e = callError(error, 'UpdateService');
		await rec.record('UpdateService', parameters, {error: e});
		return finish('UpdateService', rec, words, {done: [], failed: [{...target, why: e.message, unknown: e.applied === 'unknown'}], notSent: [], tasks: [], instances: []});
	}
}

/** UpdateService desiredCount (no new deployment). */
export function scaleService(deps: ActionDeps, service: Service, desiredCount: number): Promise<ActionResult> {
	return updateService(deps, service, {desiredCount}, {past: 'scaled', noun: 'service', none: 'not scaled', pending: `desired ${service.desiredCount} → ${desiredCount}`});
}

/** UpdateService forceNewDeployment, sent once (the client never retries it). */
export function redeployService(deps: ActionDeps, service: Service): Promise<ActionResult> {
	return updateService(deps, service, {forceNewDeployment: true}, {past: 'redeployed', noun: 'service', none: 'no new deployment', pending: 'new deployment started'});
}

/** UpdateContainerInstancesState, 10 instances per call, the batches one after another. */
export async function setInstancesState(deps: ActionDeps, instances: readonly ContainerInstance[], status: 'ACTIVE' | 'DRAINING'): Promise<ActionResult> {
	const rec = recorder(deps);
	const labels = new Map(instances.map(i => [i.containerInstanceArn, instanceLabel(i)]));
	const labelOf = (arn: string) => labels.get(arn) ?? labels.get([...labels.keys()].find(k => k.endsWith(`/${shortId(arn)}`)) ?? '') ?? shortId(arn).slice(0, 12);
	const done: Outcome[] = [];
	const failed: Outcome[] = [];
	const notSent: Outcome[] = [];
	const changed: ContainerInstance[] = [];
	let halted: string | undefined;
	for (const batch of chunk(instances.map(i => i.containerInstanceArn), 10)) {
		if (halted) {
			notSent.push(...batch.map(arn => ({arn, label: labelOf(arn), why: halted})));
			continue;
		}
		const parameters = {cluster: deps.where.cluster, containerInstances: batch, status};
		try {
			const answer = await deps.api.updateContainerInstancesState(deps.where.cluster, batch, status);
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
			await rec.record('UpdateContainerInstancesState', parameters, {
				result: {containerInstances: answer.items.map(i => ({containerInstanceArn: i.containerInstanceArn, status: i.status})), failures: answer.failures},
			});
		} catch (error) {
			const e = callError(error, 'UpdateContainerInstancesState');
			if (e.halts) halted = e.message;
			failed.push(...batch.map(arn => ({arn, label: labelOf(arn), why: e.message, unknown: e.applied === 'unknown'})));
			await rec.record('UpdateContainerInstancesState', parameters, {error: e});
		}
	}
	const words = status === 'DRAINING'
		? {past: 'draining', noun: 'instance', pending: 'service tasks move elsewhere, running tasks fall to 0', none: 'no instance set to DRAINING'}
		: {past: 'activated', noun: 'instance', pending: 'ACTIVE: tasks can be placed on them again', none: 'no instance set to ACTIVE'};
	return finish('UpdateContainerInstancesState', rec, words, {done, failed, notSent, tasks: [], instances: changed});
}
