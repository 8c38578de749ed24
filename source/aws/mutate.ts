// One mutation request through the shared rate limiter, as every AWS client of ecs-top sends its
// mutations (ECS's StopTask… ExecuteCommand, Systems Manager's StartSession and TerminateSession):
// a token from the category's 'action' reserve, the audit hook's intent line on disk first (when it
// cannot be written, nothing is sent), then the call; resent only while AWS surely has not applied
// it (throttled, or no connection was made). A lost answer (reset, timeout, 5xx, an unreadable
// body) is thrown, never resent: a resend could stop a second task, scale twice, start a second
// deployment or open a second session.
import type {Mutation, WireCall, WireHook, WireOutcome} from './ecs-api.js';
import {isRetryable, isSafeToResend, isThrottle, surelyNotApplied} from './errors.js';
import {backoffMs, type ReadDeps} from './limited-read.js';
import {operationCategory} from './limiter.js';

export type MutateDeps = Pick<ReadDeps, 'limiter' | 'retry' | 'sleep' | 'random'> & {send(command: unknown): Promise<unknown>};

export async function sendMutation<T>(
	deps: MutateDeps,
	operation: Mutation,
	command: unknown,
	parameters: Record<string, unknown>,
	to: (output: any) => T,
	hook?: WireHook<T>,
): Promise<T> {
	const category = operationCategory[operation] ?? 'clusterResourceModify';
	const {limiter, retry: r} = deps;
	for (let attempt = 1; ; attempt++) {
		await limiter.acquire(category, 'action');
		const call: WireCall = {operation, parameters, attempt};
		// The audit's intent line goes first: when it cannot be written, this throws and nothing is sent.
		await hook?.before(call);
		let outcome: WireOutcome<T>;
		const answered = limiter.sending(category);
		try {
			outcome = {answer: to(await deps.send(command))};
			limiter.succeeded(category);
		} catch (error) {
			if (isThrottle(error)) limiter.throttled(category);
			else if (isRetryable(error)) limiter.failed(category);
			const retrying = isSafeToResend(error) && attempt < r.maxAttempts;
			outcome = {error, applied: surelyNotApplied(error) ? 'no' : 'unknown', retrying};
		} finally {
			answered();
		}
		// The call went out whatever the hook does now: its failure must not hide the answer.
		if (hook) await hook.after(call, outcome).catch(() => {});
		if ('answer' in outcome) return outcome.answer;
		if (!outcome.retrying) throw outcome.error;
		if (!isThrottle(outcome.error)) await deps.sleep(backoffMs(deps, attempt));
	}
}
