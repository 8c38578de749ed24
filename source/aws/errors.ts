// Turns whatever the SDK, the credential chain or the network throws into one actionable line,
// and classifies errors for the retry loop. ECS's model has no ThrottlingException class
// (aws/aws-sdk #821), so everything here goes by error name/code, never by class.
import {formatSeconds} from '../format.js';
import {clean} from '../text.js';

export interface ErrorInfo {
	/** ECS's error name (ThrottlingException, AccessDeniedException, ClusterNotFoundException…) or a local one. */
	name: string;
	/** One line, safe to draw. */
	message: string;
}

/** A mutation was asked of a client built with --read-only. Nothing was sent. */
export class ReadOnlyError extends Error {
	override name = 'ReadOnlyError';
	constructor(operation: string) {
		super(`read-only mode: ${operation} was not sent`);
	}
}

/** Configuration problems found before any request (no region, no credentials): the message says how to fix it. */
export class AwsConfigError extends Error {
	constructor(
		override name: 'NoRegion' | 'NoCredentials' | 'SsoSessionExpired' | 'CredentialProcessTimeout',
		message: string,
	) {
		super(message);
	}
}

export const noRegionMessage = 'no AWS region: pass --region or set AWS_REGION (or a region in your profile)';

/** A profile's credential_process ran past its time limit (and was killed, with its process group). */
export function credentialProcessTimeoutMessage(profile: string, ms: number): string {
	return `credential_process for profile "${profile}" did not answer in ${formatSeconds(ms)}`;
}

/** A profile's credential_process failed: `how` is its exit code and the first line it wrote to stderr. */
export function credentialProcessFailedMessage(profile: string, how: string): string {
	return `credential_process for profile "${profile}" failed (${how})`;
}

const throttleNames = new Set([
	'ThrottlingException',
	'Throttling',
	'ThrottledException',
	'RequestThrottledException',
	'TooManyRequestsException',
	'RequestLimitExceeded',
	'Rate exceeded',
]);

const networkCodes = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENOTFOUND',
	'EAI_AGAIN',
	'TimeoutError',
	'RequestTimeout',
]);

interface SdkLike {
	name?: string;
	code?: string;
	message?: string;
	$fault?: string;
	$metadata?: {httpStatusCode?: number};
	$response?: {statusCode?: number};
	cause?: unknown;
}

function fields(error: unknown): SdkLike {
	return typeof error === 'object' && error !== null ? (error as SdkLike) : {message: String(error)};
}

function status(error: SdkLike): number | undefined {
	return error.$metadata?.httpStatusCode ?? error.$response?.statusCode;
}

export function isThrottle(error: unknown): boolean {
	const e = fields(error);
	return throttleNames.has(e.name ?? '') || throttleNames.has(e.code ?? '') || status(e) === 429;
}

export function isNetworkError(error: unknown): boolean {
	const e = fields(error);
	if (networkCodes.has(e.code ?? '') || networkCodes.has(e.name ?? '')) return true;
	return /socket hang up|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT/.test(e.message ?? '');
}

/** A server fault or an unreadable answer (HTML error pages, truncated JSON): worth a retry. */
export function isServerError(error: unknown): boolean {
	const e = fields(error);
	const code = status(e);
	if (code !== undefined && code >= 500) return true;
	if (e.$fault === 'server') return true;
	return e.name === 'ServerException' || e.name === 'ServiceUnavailableException' || e.name === 'InternalFailure';
}

/** Errors a retry can fix. Client errors (4xx other than throttling) are final. */
export function isRetryable(error: unknown): boolean {
	return isThrottle(error) || isServerError(error) || isNetworkError(error);
}

interface NodeLike extends SdkLike {
	syscall?: string;
}

// Certificate checks fail during the TLS handshake, before a byte of the request is written.
const handshakeCodes = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|ERR_TLS_CERT_ALTNAME_INVALID$|HOSTNAME_MISMATCH$)/;

/**
 * No connection was ever made, so no request went out: refused, no such host, no route while
 * connecting, or the connect timeout (the SDK's "did not establish a connection"). Once a
 * connection is up, a reset or a timeout may come after ECS read the request: not these.
 */
export function isConnectFailure(error: unknown): boolean {
	const e = fields(error) as NodeLike;
	if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return true;
	if (e.syscall === 'connect' || e.syscall === 'getaddrinfo') return true;
	return e.name === 'TimeoutError' && /did not establish a connection/.test(e.message ?? '');
}

/** The request never left this machine: no connection, a failed TLS handshake, or nothing to sign it with. */
export function neverSent(error: unknown): boolean {
	if (error instanceof ReadOnlyError || error instanceof AwsConfigError) return true;
	const e = fields(error);
	if (e.name === 'CredentialsProviderError' || e.name === 'TokenProviderError') return true;
	return isConnectFailure(error) || handshakeCodes.test(e.code ?? '');
}

/**
 * A mutation that failed so was surely not applied: never sent, throttled, or refused by ECS
 * with one of its own errors (a 4xx answer it could read). Everything else (a reset or timeout
 * after the request went out, a 5xx, an answer that cannot be read) may have been applied.
 */
export function surelyNotApplied(error: unknown): boolean {
	if (neverSent(error) || isThrottle(error)) return true;
	const code = status(fields(error));
	return code !== undefined && code >= 400 && code < 500 && !isUnreadableAnswer(error);
}

/** A mutation may be sent again after this error: ECS did not apply it and a retry can help. */
export function isSafeToResend(error: unknown): boolean {
	return isThrottle(error) || isConnectFailure(error);
}

/** The SDK could not read the answer (an HTML page, truncated JSON): whatever ECS did, we do not know. */
export function isUnreadableAnswer(error: unknown): boolean {
	const e = fields(error);
	return /Deserialization error/.test(e.message ?? '') || (e.name === 'SyntaxError' && status(e) !== undefined);
}

/**
 * The endpoint does not implement the operation: an UnknownOperationException (the simulator, some
 * emulators), a 404 or 501, or an HTML error page with HTTP 500 — what moto answers for an ECS call it
 * has no handler for. ECS itself never answers with HTML; a proxy's error page comes with 502–504.
 */
export function notImplemented(error: unknown): boolean {
	const e = fields(error);
	if (e.name === 'UnknownOperationException' || e.name === 'UnknownOperation' || e.code === 'UnknownOperationException') return true;
	const code = status(e);
	if (code === 404 || code === 501) return true;
	return code === 500 && isUnreadableAnswer(error) && /<!doctype|<html/i.test(e.message ?? '');
}

function firstLine(text: string | undefined): string {
	return clean((text ?? '').split('\n')[0]?.trim() ?? '').slice(0, 300);
}

/** One line for the header, the status bar or `ecs-top get`'s stderr; `service` names who failed (CloudWatch Logs' calls say so). */
export function describeError(error: unknown, service = 'ECS'): ErrorInfo {
	const e = fields(error);
	const name = e.name && e.name !== 'Error' ? e.name : (e.code ?? 'Error');
	const message = firstLine(e.message);
	if (error instanceof AwsConfigError || error instanceof ReadOnlyError) return {name, message};
	if (isThrottle(error)) return {name: 'ThrottlingException', message: `throttled by ${service} (Rate exceeded): backing off`};
	if (/AccessDenied|UnauthorizedOperation|UnrecognizedClient|InvalidClientTokenId|SignatureDoesNotMatch/.test(name)) {
		return {name, message: `access denied: ${message || name}`};
	}
	if (/ExpiredToken|TokenRefreshRequired/.test(name)) {
		return {name, message: 'AWS credentials have expired: refresh them (for SSO: aws sso login)'};
	}
	if (name === 'CredentialsProviderError') return {name: 'NoCredentials', message: `no AWS credentials: ${message}`};
	if (isNetworkError(error)) {
		const code = e.code ?? e.name ?? 'network error';
		return {name: 'NetworkError', message: `cannot reach ${service} (${code}): check the network or --endpoint-url`};
	}
	if (isServerError(error) || isUnreadableAnswer(error)) {
		const code = status(e);
		const looksHtml = isUnreadableAnswer(error) || /<html|<!doctype|Unexpected token|JSON/i.test(e.message ?? '');
		const what = looksHtml ? 'an unreadable answer' : 'a server error';
		return {name: 'ServerError', message: `${service} returned ${what}${code ? ` (HTTP ${code})` : ''}`};
	}
	return {name, message: message || name};
}
