// What a failed mutation means for the user: one plain line, and whether the change was
// certainly not made or may have been (a lost answer: the request may have reached ECS).
import {describeError, isConnectFailure, isNetworkError, isServerError, isThrottle, isUnreadableAnswer, neverSent, ReadOnlyError, surelyNotApplied} from '../../aws/errors.js';
import type {Failure} from '../../domain.js';
import {clean} from '../../text.js';

export interface CallError {
	/** ECS's error name (AccessDeniedException, ServiceNotActiveException…) or a local one. */
	name: string;
	/** One line, safe to draw. For a lost answer: what was lost (ECONNRESET: socket hang up, HTTP 500…). */
	message: string;
	/** 'unknown' when the answer was lost: the call may have been applied. */
	applied: 'no' | 'unknown';
	/** The same error would stop every other target too: do not send the rest. */
	halts: boolean;
}

/** The audit log's intent line could not be written: the call was not sent. */
export class AuditRefusal extends Error {
	override name = 'AuditLogNotWritable';
}

/** A lost answer in a few words: the network error's code and message, or ECS's status. */
function lostAnswer(error: unknown): string {
	const e = (typeof error === 'object' && error !== null ? error : {}) as {code?: string; name?: string; message?: string};
	if (isNetworkError(error)) {
		const code = e.code ?? e.name ?? 'network error';
		const text = clean((e.message ?? '').split('\n')[0]).slice(0, 200);
		return text && text !== code ? `${code}: ${text}` : code;
	}
	if (isServerError(error) || isUnreadableAnswer(error)) return describeError(error).message;
	const info = describeError(error);
	return `${info.name}: ${info.message}`;
}

export function callError(error: unknown, operation: string): CallError {
	if (error instanceof ReadOnlyError) return {name: error.name, message: error.message, applied: 'no', halts: true};
	if (error instanceof AuditRefusal) return {name: error.name, message: error.message, applied: 'no', halts: true};
	const info = describeError(error);
	if (isThrottle(error)) {
		return {name: 'ThrottlingException', message: `ECS throttled ${operation} (Rate exceeded) after retries: try again in a few seconds`, applied: 'no', halts: true};
	}
	if (isConnectFailure(error)) return {name: info.name, message: `${info.message}: ${operation} was not sent`, applied: 'no', halts: true};
	if (!surelyNotApplied(error)) return {name: info.name, message: lostAnswer(error), applied: 'unknown', halts: true};
	if (neverSent(error)) return {name: info.name, message: info.message, applied: 'no', halts: true};
	switch (info.name) {
		case 'ServiceNotActiveException':
			return {name: info.name, message: `the service is not ACTIVE (ServiceNotActiveException): ${info.message}`, applied: 'no', halts: true};
		case 'ServiceNotFoundException':
			return {name: info.name, message: `the service was not found (ServiceNotFoundException): ${info.message}`, applied: 'no', halts: true};
		case 'ClusterNotFoundException':
			return {name: info.name, message: `the cluster was not found (ClusterNotFoundException): ${info.message}`, applied: 'no', halts: true};
		case 'ConflictException':
			return {name: info.name, message: `ECS refused it in the deployment's current state (ConflictException): ${info.message}`, applied: 'no', halts: true};
		case 'ServiceDeploymentNotFoundException':
			return {name: info.name, message: `the service deployment was not found (ServiceDeploymentNotFoundException): ${info.message}`, applied: 'no', halts: true};
		case 'UnsupportedFeatureException':
			return {name: info.name, message: `not available for this service or Region (UnsupportedFeatureException): ${info.message}`, applied: 'no', halts: true};
		case 'InvalidParameterException':
			return {name: info.name, message: `ECS refused a parameter (InvalidParameterException): ${info.message}`, applied: 'no', halts: false};
		default:
			break;
	}
	const denied = /AccessDenied|Unauthorized|UnrecognizedClient|InvalidClientTokenId|ExpiredToken|SignatureDoesNotMatch|InvalidSignature/.test(info.name);
	const message = denied && !info.message.startsWith('access denied') && !info.message.includes('expired') ? `access denied (${info.name}): ${info.message}` : info.message;
	return {name: info.name, message, applied: 'no', halts: denied};
}

/** A per-item failure from ECS's `failures[]`, as a line. */
export function failureText(failure: Failure): string {
	const reason = clean(failure.reason ?? 'failed');
	const meaning = reason === 'MISSING' ? 'not registered in this cluster any more' : undefined;
	const detail = failure.detail ? clean(failure.detail) : undefined;
	return [reason, meaning, detail].filter(Boolean).join(': ');
}
