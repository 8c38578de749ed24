// A failed session call in one line that names the condition and its fix.
import {describe, expect, it} from 'vitest';
import {ReadOnlyError} from '../../source/aws/errors.js';
import {notConnectedAdvice, sessionFailure} from '../../source/exec/reasons.js';

const aws = (name: string, message: string, status = 400) => Object.assign(new Error(message), {name, $metadata: {httpStatusCode: status}});
const task = {taskArn: 'arn:aws:ecs:us-east-1:1:task/prod/0123456789abcdef', group: 'service:web'};

describe('sessionFailure', () => {
	it('access denied names the permission and the target', () => {
		expect(sessionFailure(aws('AccessDeniedException', 'User: x is not authorized'), 'ExecuteCommand', {task})).toBe('not allowed: ecs:ExecuteCommand on task 0123456789ab (IAM)');
		expect(sessionFailure(aws('AccessDeniedException', 'no'), 'StartSession', {target: 'ecs:prod_t_r'})).toBe('not allowed: ssm:StartSession on ecs:prod_t_r (IAM)');
	});

	it('TargetNotConnectedException: the agent\'s connectivity hints', () => {
		expect(sessionFailure(aws('TargetNotConnectedException', 'target not connected'), 'ExecuteCommand', {task})).toBe(notConnectedAdvice);
		expect(notConnectedAdvice).toMatch(/ssmmessages:CreateControlChannel.*VPC endpoint/);
	});

	it('ECS\'s "execute command was not enabled": the enable-exec advice', () => {
		const error = aws('InvalidParameterException', 'The execute command failed because execute command was not enabled when the task was run or the execute command agent isn\'t running. Wait and try again or run a new task with execute command enabled and try again.');
		expect(sessionFailure(error, 'ExecuteCommand', {task})).toBe('exec is not enabled on this task: enable it on the service (E) and let a new deployment replace the task (or its ExecuteCommandAgent is not running yet: wait and try again)');
		expect(sessionFailure(error, 'ExecuteCommand', {task: {...task, group: 'family:web'}})).toMatch(/^exec is not enabled on this task: run it with --enable-execute-command/);
	});

	it('a lost answer says a session may be open and nothing was resent', () => {
		const reset = Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'});
		expect(sessionFailure(reset, 'ExecuteCommand', {task})).toMatch(/^ExecuteCommand sent, answer lost \(ECONNRESET: socket hang up\): a session may have been opened.*not resent$/);
	});

	it('throttles and refused connections name the service', () => {
		expect(sessionFailure(aws('ThrottlingException', 'Rate exceeded'), 'StartSession')).toBe('SSM throttled StartSession (Rate exceeded) after retries: try again in a few seconds');
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {code: 'ECONNREFUSED', syscall: 'connect'});
		expect(sessionFailure(refused, 'StartSession')).toMatch(/^cannot reach SSM \(ECONNREFUSED\).*: StartSession was not sent$/);
	});

	it('read-only and other refusals keep their own words', () => {
		expect(sessionFailure(new ReadOnlyError('ExecuteCommand'), 'ExecuteCommand')).toBe('read-only mode: ExecuteCommand was not sent');
		expect(sessionFailure(aws('ClusterNotFoundException', 'Cluster not found.'), 'ExecuteCommand')).toMatch(/the cluster was not found/);
	});
});
