// ExecuteCommand, StartSession and TerminateSession through the SDK against a local JSON 1.1 stub:
// the request as sent, the answer mapped, the audit hook's view of it (never the token), the
// read-only refusal before anything is sent, a lost answer never resent, a throttle resent; and the
// plugin's context (region, endpoint as the AWS CLI hands it over, resolved credentials).
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {createSessionApis, type CreateEcsApiOptions} from '../../source/aws/client.js';
import type {WireCall, WireHook, WireOutcome} from '../../source/aws/ecs-api.js';
import {ReadOnlyError} from '../../source/aws/errors.js';
import {testCredentials, testLimiter} from '../helpers/api.js';
import {execAnswer, sessionToken, startExecStub, startSessionAnswer, taskArn, type ExecStub} from '../helpers/exec-stub.js';

let stub: ExecStub;

beforeAll(async () => {
	stub = await startExecStub();
});
afterAll(() => stub.close());
afterEach(() => {
	stub.calls.length = 0;
	stub.handlers = {};
	vi.unstubAllEnvs();
});

function apis(options: Partial<CreateEcsApiOptions> = {}) {
	return createSessionApis({
		endpointUrl: stub.url,
		region: 'us-east-1',
		credentials: testCredentials,
		readOnly: false,
		retry: {baseDelayMs: 0, maxDelayMs: 0},
		sleep: async () => {},
		limiter: testLimiter(),
		...options,
	});
}

/** A hook that records what the audit would see. */
function watch<T>(): WireHook<T> & {seen: Array<{call: WireCall; outcome?: WireOutcome<T>}>} {
	const seen: Array<{call: WireCall; outcome?: WireOutcome<T>}> = [];
	return {
		seen,
		async before(call) {
			seen.push({call});
		},
		async after(call, outcome) {
			seen.find(s => s.call === call)!.outcome = outcome;
		},
	};
}

describe('ExecuteCommand', () => {
	it('sends the request the AWS CLI sends and maps the session', async () => {
		stub.handlers.ExecuteCommand = () => execAnswer();
		const hook = watch<unknown>();
		const answer = await apis().ecs.executeCommand({cluster: 'prod', task: taskArn, container: 'app', command: '/bin/sh', interactive: true}, {onWire: hook});
		expect(stub.calls).toHaveLength(1);
		expect(stub.calls[0]!.headers['x-amz-target']).toBe('AmazonEC2ContainerServiceV20141113.ExecuteCommand');
		expect(stub.calls[0]!.body).toEqual({cluster: 'prod', task: taskArn, container: 'app', command: '/bin/sh', interactive: true});
		expect(answer.session).toEqual({sessionId: 'ecs-execute-command-0abc', streamUrl: expect.stringMatching(/^wss:/), tokenValue: sessionToken});
		expect(answer).toMatchObject({containerName: 'app', taskArn, clusterArn: expect.stringContaining(':cluster/prod')});
		// The intent the audit writes holds the parameters, which hold no token.
		expect(hook.seen[0]!.call).toEqual({operation: 'ExecuteCommand', parameters: {cluster: 'prod', task: taskArn, container: 'app', command: '/bin/sh', interactive: true}, attempt: 1});
		expect(JSON.stringify(hook.seen[0]!.call)).not.toContain(sessionToken);
	});

	it('without a container (a one-container task) sends none', async () => {
		stub.handlers.ExecuteCommand = () => execAnswer();
		await apis().ecs.executeCommand({cluster: 'prod', task: taskArn, command: 'ls -la', interactive: true});
		expect(stub.calls[0]!.body).toEqual({cluster: 'prod', task: taskArn, command: 'ls -la', interactive: true});
	});

	it('read-only: refused before the hook or the wire', async () => {
		const hook = watch<unknown>();
		await expect(apis({readOnly: true}).ecs.executeCommand({cluster: 'prod', task: taskArn, command: '/bin/sh', interactive: true}, {onWire: hook})).rejects.toBeInstanceOf(ReadOnlyError);
		expect(hook.seen).toEqual([]);
		expect(stub.calls).toEqual([]);
	});

	it('a lost answer is thrown, outcome unknown, never resent', async () => {
		stub.handlers.ExecuteCommand = () => 'drop';
		const hook = watch<unknown>();
		await expect(apis().ecs.executeCommand({cluster: 'prod', task: taskArn, command: '/bin/sh', interactive: true}, {onWire: hook})).rejects.toThrow();
		expect(stub.operations()).toEqual(['ExecuteCommand']);
		expect(hook.seen[0]!.outcome).toMatchObject({applied: 'unknown', retrying: false});
	});

	it('a throttle is resent (ECS surely did not open a session)', async () => {
		let n = 0;
		stub.handlers.ExecuteCommand = () => (n++ === 0 ? {error: 'ThrottlingException', message: 'Rate exceeded'} : execAnswer());
		const answer = await apis().ecs.executeCommand({cluster: 'prod', task: taskArn, command: '/bin/sh', interactive: true});
		expect(answer.session.sessionId).toBe('ecs-execute-command-0abc');
		expect(stub.operations()).toEqual(['ExecuteCommand', 'ExecuteCommand']);
	});

	it('ECS refusing it is thrown as ECS named it (not resent)', async () => {
		stub.handlers.ExecuteCommand = () => ({error: 'AccessDeniedException', message: 'User is not authorized to perform: ecs:ExecuteCommand'});
		await expect(apis().ecs.executeCommand({cluster: 'prod', task: taskArn, command: '/bin/sh', interactive: true})).rejects.toMatchObject({name: 'AccessDeniedException'});
		expect(stub.calls).toHaveLength(1);
	});
});

describe('StartSession and TerminateSession', () => {
	const input = {target: 'ecs:prod_abc_abc-1', documentName: 'AWS-StartPortForwardingSession', parameters: {portNumber: ['80'], localPortNumber: ['8080']}, reason: 'ecs-top port-forward'};

	it('StartSession: the request in the CLI\'s member order, the answer mapped, the audit without the token', async () => {
		stub.handlers.StartSession = () => startSessionAnswer();
		const hook = watch<unknown>();
		const session = await apis().ssm.startSession(input, {onWire: hook});
		expect(stub.calls[0]!.headers['x-amz-target']).toBe('AmazonSSM.StartSession');
		expect(stub.calls[0]!.body).toEqual({Target: 'ecs:prod_abc_abc-1', DocumentName: 'AWS-StartPortForwardingSession', Reason: 'ecs-top port-forward', Parameters: {portNumber: ['80'], localPortNumber: ['8080']}});
		expect(session).toEqual({sessionId: 'ecs-top-0def', tokenValue: sessionToken, streamUrl: expect.stringMatching(/^wss:/)});
		expect(Object.keys(hook.seen[0]!.call.parameters)).toEqual(['Target', 'DocumentName', 'Reason', 'Parameters']);
		expect(JSON.stringify(hook.seen[0]!.call)).not.toContain(sessionToken);
	});

	it('TerminateSession sends the session id', async () => {
		stub.handlers.TerminateSession = body => ({json: {SessionId: body.SessionId}});
		expect(await apis().ssm.terminateSession('ecs-top-0def')).toBe('ecs-top-0def');
		expect(stub.calls[0]!.headers['x-amz-target']).toBe('AmazonSSM.TerminateSession');
		expect(stub.calls[0]!.body).toEqual({SessionId: 'ecs-top-0def'});
	});

	it('read-only: both refused, nothing sent', async () => {
		const {ssm} = apis({readOnly: true});
		await expect(ssm.startSession(input)).rejects.toBeInstanceOf(ReadOnlyError);
		await expect(ssm.terminateSession('x')).rejects.toBeInstanceOf(ReadOnlyError);
		expect(stub.calls).toEqual([]);
	});

	it('a lost StartSession answer is not resent', async () => {
		stub.handlers.StartSession = () => 'drop';
		await expect(apis().ssm.startSession(input)).rejects.toThrow();
		expect(stub.operations()).toEqual(['StartSession']);
	});
});

describe('the plugin\'s context', () => {
	it('a configured endpoint goes to the plugin as given; credentials as resolved', async () => {
		const context = await apis({credentials: {accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token'}}).context('ecs');
		expect(context).toEqual({region: 'us-east-1', endpointUrl: stub.url, credentials: {accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token'}});
	});

	it('without one: AWS\'s endpoint for the service and region, as botocore names it (no trailing slash)', async () => {
		const {context} = apis({endpointUrl: undefined, region: 'eu-west-1'});
		expect((await context('ecs')).endpointUrl).toBe('https://ecs.eu-west-1.amazonaws.com');
		expect((await context('ssm')).endpointUrl).toBe('https://ssm.eu-west-1.amazonaws.com');
		expect((await apis({endpointUrl: undefined, region: 'cn-north-1'}).context('ssm')).endpointUrl).toBe('https://ssm.cn-north-1.amazonaws.com.cn');
	});

	it('AWS_ENDPOINT_URL_SSM is SSM\'s alone', async () => {
		vi.stubEnv('AWS_ENDPOINT_URL_SSM', 'http://127.0.0.1:1/ssm');
		const {context} = apis({endpointUrl: undefined});
		expect((await context('ssm')).endpointUrl).toBe('http://127.0.0.1:1/ssm');
		expect((await context('ecs')).endpointUrl).toBe('https://ecs.us-east-1.amazonaws.com');
	});

	it('the default chain: environment credentials, resolved once for the calls and the plugin', async () => {
		vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFROMENV');
		vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secretfromenv');
		vi.stubEnv('AWS_SESSION_TOKEN', 'tokenfromenv');
		stub.handlers.TerminateSession = body => ({json: {SessionId: body.SessionId}});
		const session = apis({credentials: undefined});
		await session.ssm.terminateSession('s-1');
		// Signed with them (the SigV4 header names the key id).
		expect(String(stub.calls[0]!.headers.authorization)).toContain('Credential=AKIDFROMENV/');
		expect((await session.context('ssm')).credentials).toEqual({accessKeyId: 'AKIDFROMENV', secretAccessKey: 'secretfromenv', sessionToken: 'tokenfromenv'});
	});
});
