// What a failed ExecuteCommand, StartSession or TerminateSession means, in one line naming the
// condition and its fix (the rest goes the way every mutation's failure goes: store/actions/errors.ts).
import {describeError, isConnectFailure, isThrottle} from '../aws/errors.js';
import {briefId, type Task} from '../domain.js';
import {callError} from '../store/actions/errors.js';
import {clean} from '../text.js';
import {enableExecAdvice} from './checks.js';

export type SessionOperation = 'ExecuteCommand' | 'StartSession' | 'TerminateSession';

const permission: Record<SessionOperation, string> = {
	ExecuteCommand: 'ecs:ExecuteCommand',
	StartSession: 'ssm:StartSession',
	TerminateSession: 'ssm:TerminateSession',
};

/** The task's agent cannot be reached through Systems Manager: what to check, in the order it usually is. */
export const notConnectedAdvice =
	'the task\'s SSM agent is not connected (TargetNotConnectedException): check the task role allows ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel and OpenDataChannel, and that the task reaches ssmmessages (NAT, public IP or a VPC endpoint)';

/**
 * One line for a session call that failed. `task` is what the checks saw (for a service's or a
 * standalone task's advice); `target` names it in the line (a task's short id, or the SSM target).
 */
export function sessionFailure(error: unknown, operation: SessionOperation, context: {task?: Pick<Task, 'taskArn' | 'group'>; target?: string} = {}): string {
	const service = operation === 'ExecuteCommand' ? 'ECS' : 'SSM';
	const info = describeError(error, service);
	const what = context.target ?? (context.task ? `task ${briefId(context.task.taskArn)}` : 'the task');
	if (/AccessDenied|UnauthorizedOperation/.test(info.name)) return `not allowed: ${permission[operation]} on ${clean(what)} (IAM)`;
	if (info.name === 'TargetNotConnectedException' || info.name === 'TargetNotConnected') return notConnectedAdvice;
	if (info.name === 'InvalidParameterException' && /execute command was not enabled/i.test(info.message)) {
		// ECS's one message covers both: exec off when the task started, or its agent not running (yet).
		const enable = context.task ? enableExecAdvice(context.task) : 'exec is not enabled on this task';
		return `${enable} (or its ExecuteCommandAgent is not running yet: wait and try again)`;
	}
	if (info.name === 'InvalidTarget' || info.name === 'InvalidTargetException') return `SSM does not know the target ${clean(what)} (InvalidTarget): is the task still running with exec enabled?`;
	if (isThrottle(error)) return `${service} throttled ${operation} (Rate exceeded) after retries: try again in a few seconds`;
	if (isConnectFailure(error)) return `${info.message}: ${operation} was not sent`;
	const e = callError(error, operation);
	if (e.applied === 'unknown' && operation !== 'TerminateSession') {
		return `${operation} sent, answer lost (${e.message}): a session may have been opened and will time out; it was not resent`;
	}
	return e.message;
}
