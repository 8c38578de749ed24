// The mutations, orchestrated: each target's call through the EcsApi (which draws from the
// limiter's 'action' reserve and refuses everything under --read-only), one audit line per call,
// and a plain result saying what was done, what was not and why. One call per target and batch,
// never a retry here: the client retries only what cannot double-apply (never a new deployment).
import {chunk} from '../aws/chunks.js';
import type {EcsApi} from '../aws/ecs-api.js';
import {shortId, type ContainerInstance, type Service, type Task} from '../domain.js';
import {clean} from '../text.js';
import {callError, failureText, type CallError} from './actions-errors.js';
import {instanceLabel, taskLabel} from './actions-rules.js';
import type {AuditEntry, AuditLog} from './audit.js';

/** Where a call goes, as the confirmation named it (and the audit log records it). */
export interface ActionWhere {
	account?: string;
	profile?: string;
	region?: string;
	endpoint?: string;
	/** The cluster as the user gave it (name or ARN): sent as `cluster`. */
	cluster: string;
}

export interface ActionDeps {
	api: EcsApi;
	where: ActionWhere;
	audit?: AuditLog;
	now?: () => number;
	/** StopTask calls in flight at once (the limiter paces them further). */
	concurrency?: number;
}

export type Operation = 'StopTask' | 'UpdateService' | 'UpdateContainerInstancesState';

export interface Outcome {
	arn: string;
	label: string;
	/** Why it failed or was not attempted. */
	why?: string;
	/** The answer was lost: it may have been applied. */
	unknown?: boolean;
}

export interface ActionResult {
	operation: Operation;
	/** Calls sent (answered or not). */
	calls: number;
	done: Outcome[];
	failed: Outcome[];
	/** Not sent because an earlier call showed it would fail too (access denied, throttled…). */
	notSent: Outcome[];
	/** Everything asked was done. */
	ok: boolean;
	/** One line for the status line. */
	summary: string;
	/** The result dialog's lines: what was done, what was not and why. */
	details: string[];
	/** The audit log could not be written (the call itself went through or not as above). */
	auditError?: string;
	tasks: Task[];
	service?: Service;
	instances: ContainerInstance[];
}

interface Recorder {
	calls: number;
	auditError?: string;
	record(operation: Operation, parameters: Record<string, unknown>, outcome: {result: unknown} | {error: CallError}): Promise<void>;
}

function recorder(deps: ActionDeps): Recorder {
	const now = deps.now ?? Date.now;
	const rec: Recorder = {
		calls: 0,
		async record(operation, parameters, outcome) {
			// Refused under --read-only before any request: no call to count or audit.
			if ('error' in outcome && outcome.error.name === 'ReadOnlyError') return;
			rec.calls++;
			if (!deps.audit) return;
			const {where} = deps;
			const entry: AuditEntry = {
				time: new Date(now()).toISOString(),
				account: where.account ?? null,
				profile: where.profile ?? null,
				region: where.region ?? null,
				...(where.endpoint ? {endpoint: where.endpoint} : {}),
				cluster: where.cluster,
				operation,
				parameters,
				...('result' in outcome ? {result: outcome.result} : {error: {name: outcome.error.name, message: outcome.error.message}}),
			};
			try {
				await deps.audit.append(entry);
			} catch (error) {
				rec.auditError = `audit log not written (${deps.audit.path()}): ${clean((error as Error).message ?? error)}`;
			}
		},
	};
	return rec;
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function list(outcomes: readonly Outcome[], max = 3): string {
	const names = outcomes.slice(0, max).map(o => o.label);
	return outcomes.length > max ? `${names.join(', ')} +${outcomes.length - max} more` : names.join(', ');
}

interface Words {
	past: string;
	noun: string;
	/** What happens next, after a full success. */
	pending?: string;
	/** When nothing was done. */
	none?: string;
}

function finish(
	operation: Operation,
	rec: Recorder,
	words: Words,
	parts: Pick<ActionResult, 'done' | 'failed' | 'notSent' | 'tasks' | 'instances' | 'service'>,
): ActionResult {
	const {done, failed, notSent} = parts;
	const total = done.length + failed.length + notSent.length;
	const ok = failed.length === 0 && notSent.length === 0;
	const unknown = failed.filter(f => f.unknown);
	let summary: string;
	if (ok) summary = `${words.past} ${total === 1 ? done[0]!.label : `${plural(total, words.noun)} (${list(done)})`}${words.pending ? `: ${words.pending}` : ''}`;
	else if (done.length === 0) summary = `${words.none ?? `nothing ${words.past}`}: ${failed[0]?.why ?? notSent[0]?.why ?? 'failed'}`;
	else summary = `${words.past} ${done.length} of ${plural(total, words.noun)}; NOT ${words.past}: ${list([...failed, ...notSent])} (${failed[0]?.why ?? notSent[0]?.why})`;
	if (unknown.length > 0) summary += ` (outcome unknown for ${list(unknown)}: check before retrying)`;
	if (rec.auditError) summary += `; ${rec.auditError}`;
	const details: string[] = [];
	if (done.length > 0) details.push(`${words.past} (${done.length}): ${list(done, 10)}`);
	const byReason = new Map<string, Outcome[]>();
	for (const f of failed) byReason.set(f.why ?? 'failed', [...(byReason.get(f.why ?? 'failed') ?? []), f]);
	for (const [why, group] of byReason) {
		const unknownNote = group.some(f => f.unknown) ? ' (outcome unknown: check before retrying)' : '';
		details.push(`NOT ${words.past}${group.length > 1 ? ` (${group.length})` : ''}: ${list(group, 10)}: ${why}${unknownNote}`);
	}
	if (notSent.length > 0) details.push(`not sent (${notSent.length}), after the error above: ${list(notSent, 10)}`);
	if (rec.auditError) details.push(rec.auditError);
	return {operation, calls: rec.calls, ...parts, ok, summary, details, auditError: rec.auditError};
}

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
