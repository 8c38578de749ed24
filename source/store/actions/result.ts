// The bookkeeping of an action: where its calls go, the write-ahead audit pair of every request
// on the wire, and the plain result (what was done, what was not, what is unknown, and why) the
// status line and result dialog show. Every line starts with what is known: "done:", "NOT done:",
// "outcome unknown:" (or "partly done:" for a summary of mixed groups), never with a note at the end.
import {randomBytes} from 'node:crypto';
import type {EcsApi, WireCall, WireHook} from '../../aws/ecs-api.js';
import {describeError} from '../../aws/errors.js';
import type {ContainerInstance, Service, Task} from '../../domain.js';
import {clean} from '../../text.js';
import {AuditRefusal, callError} from './errors.js';
import {withoutUserinfo, type AuditContext, type AuditLog} from './audit.js';

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
	/** How long an audit line may take to write (default 2000 ms); an intent line slower than this means nothing is sent. */
	auditTimeoutMs?: number;
	/** The id shared by a request's intent and result lines (default: 16 random hex digits). */
	newId?: () => string;
}

/** The calls an action sends (ExecuteCommand and StartSession: a session, reported by its dialog). */
export type Operation = 'StopTask' | 'UpdateService' | 'UpdateContainerInstancesState' | 'StopServiceDeployment' | 'ExecuteCommand' | 'StartSession';

export interface Outcome {
	arn: string;
	label: string;
	/** Why it failed or was not attempted; for an unknown outcome, what was lost and what ECS now shows. */
	why?: string;
	/** The answer was lost: it may have been applied. */
	unknown?: boolean;
}

export type ActionState = 'done' | 'not done' | 'unknown' | 'partial' | 'nothing to do';

export interface ActionResult {
	operation: Operation;
	/** What is known, in one word: 'unknown' as soon as one answer was lost. */
	state: ActionState;
	/** Requests put on the wire (retries included, answered or not). */
	calls: number;
	done: Outcome[];
	/** Surely not done: ECS refused it, or it was never sent (audit log, connection refused…). */
	failed: Outcome[];
	/** Sent, and the answer lost: it may or may not have been applied (`why` says what a re-read showed). */
	unknown: Outcome[];
	/** Not sent because an earlier call showed it would fail too (access denied, throttled…). */
	notSent: Outcome[];
	/** Everything asked was done (or there was nothing to do). */
	ok: boolean;
	/** One line for the status line. */
	summary: string;
	/** The result dialog's lines: one per group (done, not done, unknown, not sent), then any audit problem. */
	details: string[];
	/** The audit log lost a result line (the call itself went through or not as above). */
	auditError?: string;
	tasks: Task[];
	service?: Service;
	instances: ContainerInstance[];
}

/** What the result line of an answer records (a few fields, not the whole object). */
export type Summarize<T> = (answer: T) => unknown;

export interface Recorder {
	/** Requests put on the wire. */
	calls: number;
	auditError?: string;
	/**
	 * The hook for one mutation: an intent line before each request, a result line after it. `about`
	 * goes on the intent line as it is: what the parameters do not name (a session's container).
	 */
	wire<T>(summarize: Summarize<T>, about?: Record<string, unknown>): WireHook<T>;
}

const defaultTimeoutMs = 2000;

function reason(error: unknown, file: string): string {
	// Node names the path in its message: it is said once, first.
	return clean((error as Error)?.message ?? error).replace(`, open '${file}'`, '');
}

class AuditTimeout extends Error {
	constructor(ms: number) {
		super(`the write took longer than ${ms} ms`);
	}
}

export function recorder(deps: ActionDeps): Recorder {
	const now = deps.now ?? Date.now;
	const timeoutMs = deps.auditTimeoutMs ?? defaultTimeoutMs;
	const newId = deps.newId ?? (() => randomBytes(8).toString('hex'));
	const context = (): AuditContext => {
		const {where} = deps;
		return {
			time: new Date(now()).toISOString(),
			account: where.account ?? null,
			profile: where.profile ?? null,
			region: where.region ?? null,
			...(where.endpoint ? {endpoint: withoutUserinfo(where.endpoint)} : {}),
			cluster: where.cluster,
		};
	};
	/** The write, or a rejection once it has taken longer than the timeout (the write itself goes on). */
	const timed = (write: Promise<void>): Promise<void> => {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const late = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new AuditTimeout(timeoutMs)), timeoutMs);
		});
		return Promise.race([write, late]).finally(() => clearTimeout(timer));
	};
	const rec: Recorder = {
		calls: 0,
		wire<T>(summarize: Summarize<T>, about?: Record<string, unknown>): WireHook<T> {
			const ids = new Map<number, string>();
			return {
				async before(call: WireCall) {
					const id = newId();
					ids.set(call.attempt, id);
					const {audit} = deps;
					if (audit) {
						const write = audit.append({id, phase: 'intent', ...context(), operation: call.operation, parameters: call.parameters, ...(about ? {about} : {}), attempt: call.attempt});
						try {
							await timed(write);
						} catch (error) {
							if (error instanceof AuditTimeout) {
								// Landed after all: say in the log that this intent was never sent, so no reader takes it for a lost answer.
								void write.then(
									() => audit.append({id, phase: 'result', ...context(), operation: call.operation, attempt: call.attempt, error: {name: 'AuditLogTooSlow', message: `the intent line took longer than ${timeoutMs} ms to write: nothing was sent`, outcome: 'not done'}}),
								).catch(() => {});
							}
							throw new AuditRefusal(`audit log not writable (${audit.path()}: ${reason(error, audit.path())}): nothing was sent; fix the path or set XDG_STATE_HOME`);
						}
					}
					rec.calls++;
				},
				async after(call: WireCall, outcome) {
					const {audit} = deps;
					if (!audit) return;
					const base = {id: ids.get(call.attempt) ?? newId(), phase: 'result' as const, ...context(), operation: call.operation, attempt: call.attempt};
					let body;
					if ('answer' in outcome) body = {result: summarize(outcome.answer)};
					else {
						const e = callError(outcome.error, call.operation);
						// A lost answer says what was lost; anything else, ECS's (or the network's) own words.
						const message = outcome.applied === 'unknown' ? e.message : describeError(outcome.error).message;
						body = {error: {name: e.name, message, outcome: outcome.applied === 'no' ? 'not done' as const : 'unknown' as const, ...(outcome.retrying ? {retried: true} : {})}};
					}
					try {
						await timed(audit.append({...base, ...body}));
					} catch (error) {
						rec.auditError = `audit log: the result line of ${call.operation} was not written (${audit.path()}: ${reason(error, audit.path())}); the call went out`;
					}
				},
			};
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
	/** Done, as a past participle: 'stopped'. */
	past: string;
	/** What was asked, as a verb: 'stop'. */
	verb: string;
	noun: string;
	/** What happens next, after a full success. */
	pending?: string;
	/** The change asked, named where it was not made: 'desired 4 → 5'. */
	change?: string;
}

type Parts = Pick<ActionResult, 'done' | 'failed' | 'unknown' | 'notSent' | 'tasks' | 'instances' | 'service'>;

function groups(outcomes: readonly Outcome[]): Array<[string, Outcome[]]> {
	const byReason = new Map<string, Outcome[]>();
	for (const o of outcomes) byReason.set(o.why ?? 'failed', [...(byReason.get(o.why ?? 'failed') ?? []), o]);
	return [...byReason];
}

export function finish(operation: Operation, rec: Pick<Recorder, 'calls' | 'auditError'>, words: Words, parts: Parts): ActionResult {
	const {done, failed, unknown, notSent} = parts;
	const notDone = [...failed, ...notSent];
	const total = done.length + notDone.length + unknown.length;
	const named = (outcomes: readonly Outcome[], max = 3) => (outcomes.length === 1 ? outcomes[0]!.label : `${plural(outcomes.length, words.noun)} (${list(outcomes, max)})`);
	const change = words.change ? ` (${words.change})` : '';
	const firstWhy = failed[0]?.why ?? (notSent[0] ? `not sent, after ${notSent[0].why ?? 'an error'}` : 'failed');
	const state: ActionState = unknown.length > 0 ? 'unknown' : notDone.length === 0 ? 'done' : done.length === 0 ? 'not done' : 'partial';
	let summary: string;
	switch (state) {
		case 'done':
			summary = `done: ${words.past} ${named(done)}${words.pending ? `: ${words.pending}` : ''}`;
			break;
		case 'not done':
			summary = `NOT done: ${words.verb} ${named(notDone)}${change}: ${firstWhy}`;
			break;
		case 'partial':
			summary = `partly done: ${words.past} ${done.length} of ${plural(total, words.noun)}; NOT done: ${list(notDone)} (${firstWhy})`;
			break;
		default:
			summary = `outcome unknown: ${words.verb} ${named(unknown)}${change}: ${unknown[0]!.why}`;
			if (done.length > 0) summary += `; done: ${words.past} ${list(done)}`;
			if (notDone.length > 0) summary += `; NOT done: ${list(notDone)} (${firstWhy})`;
	}
	if (rec.auditError) summary += `; ${rec.auditError}`;
	const details: string[] = [];
	if (done.length > 0) details.push(`done: ${words.past} ${named(done, 10)}${state === 'done' && words.pending ? `: ${words.pending}` : ''}`);
	for (const [why, group] of groups(unknown)) details.push(`outcome unknown: ${words.verb} ${named(group, 10)}: ${why}`);
	for (const [why, group] of groups(failed)) details.push(`NOT done: ${words.verb} ${named(group, 10)}${change}: ${why}`);
	if (notSent.length > 0) details.push(`NOT done: ${plural(notSent.length, words.noun)} not sent, after the error above: ${list(notSent, 10)}`);
	if (rec.auditError) details.push(rec.auditError);
	return {operation, state, calls: rec.calls, ...parts, ok: state === 'done', summary, details, auditError: rec.auditError};
}

/** Nothing to send: the change asked is already so. */
export function nothingToDo(operation: Operation, summary: string, parts: Partial<Parts> = {}): ActionResult {
	return {operation, state: 'nothing to do', calls: 0, done: [], failed: [], unknown: [], notSent: [], tasks: [], instances: [], ...parts, ok: true, summary: `nothing to do: ${summary}`, details: [`nothing to do: ${summary}`]};
}
