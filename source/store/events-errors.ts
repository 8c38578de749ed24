// Which failures a follow loop waits out (the network, throttling, ECS having a bad moment) and
// which end it (a wrong cluster, missing credentials, no permission). The data layer's error
// classification decides; this only names the outcome for the loop.
import {describeError, isRetryable, isThrottle} from '../aws/errors.js';

export type FailureKind = 'throttled' | 'unreachable' | 'fatal';

export function classifyFailure(error: unknown): FailureKind {
	if (isThrottle(error)) return 'throttled';
	return isRetryable(error) ? 'unreachable' : 'fatal';
}

/** One line, safe to print. */
export function oneLineError(error: unknown): string {
	return describeError(error).message;
}

/** Is this the ECS error name for a missing cluster? */
export function isClusterNotFound(error: unknown): boolean {
	return (error as {name?: unknown} | undefined)?.name === 'ClusterNotFoundException';
}
