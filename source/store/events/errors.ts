// Which failures a follow loop waits out (the network, throttling, ECS having a bad moment) and
// which end it (a wrong cluster, missing credentials, no permission). The data layer's error
// classification decides; this only names the outcome for the loop.
import {describeError, isRetryable, isThrottle} from '../../aws/errors.js';

export type FailureKind = 'throttled' | 'unreachable' | 'credentials' | 'fatal';

export function classifyFailure(error: unknown): FailureKind {
	if (isThrottle(error)) return 'throttled';
	if (isRetryable(error)) return 'unreachable';
	return isCredentialFailure(error) ? 'credentials' : 'fatal';
}

/**
 * Refused for who we are rather than what we asked: denied, expired or unrecognised credentials,
 * or none found. A stream that was running sees these when a role's session or an SSO token
 * lapses; they are often renewed underneath (a credentials file rewritten, `aws sso login`), so a
 * running follow waits them out instead of ending.
 */
export function isCredentialFailure(error: unknown): boolean {
	const name = (error as {name?: unknown} | undefined)?.name;
	return typeof name === 'string'
		&& /AccessDenied|UnauthorizedOperation|UnrecognizedClient|InvalidClientTokenId|SignatureDoesNotMatch|InvalidSignature|ExpiredToken|TokenRefreshRequired|CredentialsProviderError|^NoCredentials$|^SsoSessionExpired$/.test(name);
}

/** One line, safe to print. */
export function oneLineError(error: unknown): string {
	return describeError(error).message;
}

/** Is this the ECS error name for a missing cluster? */
export function isClusterNotFound(error: unknown): boolean {
	return (error as {name?: unknown} | undefined)?.name === 'ClusterNotFoundException';
}
