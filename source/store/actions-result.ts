// The bookkeeping of an action: where its calls go, one audit line per call, and the plain
// result (what was done, what was not and why) the status line and result dialog show.
import type {EcsApi} from '../aws/ecs-api.js';
import type {ContainerInstance, Service, Task} from '../domain.js';
import {clean} from '../text.js';
import type {CallError} from './actions-errors.js';
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

export interface Recorder {
	calls: number;
	auditError?: string;
	record(operation: Operation, parameters: Record<string, unknown>, outcome: {result: unknown} | {error: CallError}): Promise<void>;
}

export function recorder(deps: ActionDeps): Recorder {
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

export interface Words {
	past: string;
	noun: string;
	/** What happens next, after a full success. */
	pending?: string;
	/** When nothing was done. */
	none?: string;
}

export function finish(
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
