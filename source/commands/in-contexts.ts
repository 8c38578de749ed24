// What `get`, `events` and `logs` share when they read several contexts (--profile a,b × --region
// r1,r2): every context resolved and read at once, each through its own account and Region's
// limiter; a context that fails says so in one stderr line, `ecs-top: <label>: <reason>`, and the
// others go on; the command exits 1 only when every context failed. One place, so the three
// commands cannot drift apart on what a failure looks like.
import process from 'node:process';
import {contextLabel, type ContextSpec, resolveContext, type ResolvedContext} from '../aws/contexts.js';
import {describeError} from '../aws/errors.js';
import {UserError, type ParsedArgs} from '../cli-args.js';
import {clean} from '../text.js';

/** One stderr line, `ecs-top: LINE`. */
export const warnLine = (line: string): void => {
	process.stderr.write(`ecs-top: ${line}\n`);
};

/** A context's line, `ecs-top: <label>: <reason>`, the label and reason cleaned (they may come from a config file or AWS). */
export const contextLine = (label: string, line: string): void => warnLine(`${clean(label)}: ${clean(line)}`);

/**
 * A line the one-context code writes whole (`ecs-top: throttled by ECS…`), said for one context:
 * `ecs-top: <label>: throttled by ECS…`.
 */
export const labelled = (label: string, line: string): string => {
	const text = line.replace(/^ecs-top: /, '');
	return `ecs-top: ${clean(label)}: ${text}`;
};

/** Why a context failed, in one line: a UserError's own message, else the AWS error described (as `service`'s). */
export function failureReason(error: unknown, service?: string): string {
	return error instanceof UserError ? error.message : describeError(error, service).message;
}

export interface ContextOutcome<T> {
	context: ResolvedContext;
	value: T;
}

/**
 * Runs `body` for every context at once. A context that fails (resolving it: no such profile, no
 * credentials, STS refused; or its body) prints its line and is left out; the others come back in
 * context order (profiles, then regions, as given). An empty answer means every context failed.
 */
export async function inContexts<T>(aws: ParsedArgs['aws'], specs: readonly ContextSpec[], body: (context: ResolvedContext, index: number) => Promise<T>): Promise<Array<ContextOutcome<T>>> {
	const outcomes = await Promise.all(specs.map(async (spec, index) => {
		let context: ResolvedContext | undefined;
		try {
			context = await resolveContext(aws, spec);
			return {context, value: await body(context, index)};
		} catch (error) {
			// Not resolved yet: the call that failed was STS's (`cannot reach STS`, not ECS).
			contextLine(context?.label ?? contextLabel(spec.profile, spec.region), failureReason(error, context ? undefined : 'STS'));
			return undefined;
		}
	}));
	return outcomes.filter(o => o !== undefined);
}

/** A context's flags as the client factories take them (one profile, one region). */
export const contextAws = (context: ResolvedContext): ParsedArgs['aws'] => context.flags as ParsedArgs['aws'];
