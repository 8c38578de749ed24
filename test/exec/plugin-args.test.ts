// The plugin's command line as the AWS CLI v1 writes it: Python's json.dumps formatting byte for
// byte (the expected strings below are Python 3's output for the same values), the argv order and
// key order of `aws ecs execute-command` and `aws ssm start-session`, and the environment.
import {describe, expect, it} from 'vitest';
import {execInvocation, execTarget, pluginEnv, pluginReadsResponseEnv, startSessionInvocation} from '../../source/exec/plugin-args.js';
import {pythonJsonDumps} from '../../source/exec/python-json.js';

describe('pythonJsonDumps (as Python 3 json.dumps)', () => {
	it('separators ", " and ": ", key order kept', () => {
		expect(pythonJsonDumps({sessionId: 'ecs-execute-command-0abc', streamUrl: 'wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/x?role=publish_subscribe&a=b', tokenValue: 'AAEAA/+=='}))
			.toBe('{"sessionId": "ecs-execute-command-0abc", "streamUrl": "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/x?role=publish_subscribe&a=b", "tokenValue": "AAEAA/+=="}');
		expect(pythonJsonDumps({a: [], b: {}, c: [1, true, false, null], d: {portNumber: ['80'], localPortNumber: ['8080']}}))
			.toBe('{"a": [], "b": {}, "c": [1, true, false, null], "d": {"portNumber": ["80"], "localPortNumber": ["8080"]}}');
	});

	it('ensure_ascii escapes, short escapes, "/" left alone', () => {
		const text = 'tab\there "q" back\\ nl\n cr\r bs\b ff\f nul\u0000 us\u001f del\u007f é ü € 😀 /slash';
		expect(pythonJsonDumps({s: text}))
			.toBe(String.raw`{"s": "tab\there \"q\" back\\ nl\n cr\r bs\b ff\f nul\u0000 us\u001f del\u007f \u00e9 \u00fc \u20ac \ud83d\ude00 /slash"}`);
		// JSON.stringify would differ (no spaces, raw non-ASCII): the point of this function.
		expect(JSON.stringify({s: 'é'})).not.toBe(pythonJsonDumps({s: 'é'}));
	});

	it('refuses what sessions never hold', () => {
		expect(() => pythonJsonDumps(1.5)).toThrow(RangeError);
		expect(() => pythonJsonDumps(new Date())).toThrow(TypeError);
	});
});

const context = {region: 'us-east-1', endpointUrl: 'https://ecs.us-east-1.amazonaws.com'};
const exec = {
	clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
	taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef',
	containerName: 'app',
	session: {sessionId: 'ecs-execute-command-0abc', streamUrl: 'wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/ecs-execute-command-0abc?role=publish_subscribe', tokenValue: 'TOKEN'},
};

describe('execInvocation (aws ecs execute-command)', () => {
	it('[session JSON, region, StartSession, "", {"Target": ecs:cluster_task_runtime}, ECS endpoint]', () => {
		const {args, env} = execInvocation(exec, '0123456789abcdef0123456789abcdef-1234567890', context);
		expect(args).toEqual([
			'{"sessionId": "ecs-execute-command-0abc", "streamUrl": "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/ecs-execute-command-0abc?role=publish_subscribe", "tokenValue": "TOKEN"}',
			'us-east-1',
			'StartSession',
			'',
			'{"Target": "ecs:prod_0123456789abcdef0123456789abcdef_0123456789abcdef0123456789abcdef-1234567890"}',
			'https://ecs.us-east-1.amazonaws.com',
		]);
		// As the CLI: exec's session goes in argv whatever the plugin's version.
		expect(env).toEqual({});
	});

	it('execTarget takes the last path segment of each ARN, as the CLI does', () => {
		expect(execTarget('arn:aws:ecs:us-east-1:1:cluster/prod', 'arn:aws:ecs:us-east-1:1:task/prod/abc', 'abc-1')).toBe('ecs:prod_abc_abc-1');
		expect(execTarget('prod', 'abc', 'abc-1')).toBe('ecs:prod_abc_abc-1');
	});
});

describe('startSessionInvocation (aws ssm start-session)', () => {
	const request = {Target: 'ecs:prod_abc_abc-1', DocumentName: 'AWS-StartPortForwardingSession', Reason: 'ecs-top port-forward 8080:80', Parameters: {portNumber: ['80'], localPortNumber: ['8080']}};
	const answer = {sessionId: 'ecs-top-0def', tokenValue: 'TOKEN', streamUrl: 'wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/ecs-top-0def'};
	const ssm = {region: 'eu-west-1', endpointUrl: 'https://ssm.eu-west-1.amazonaws.com'};
	const params = '{"Target": "ecs:prod_abc_abc-1", "DocumentName": "AWS-StartPortForwardingSession", "Reason": "ecs-top port-forward 8080:80", "Parameters": {"portNumber": ["80"], "localPortNumber": ["8080"]}}';
	const response = '{"SessionId": "ecs-top-0def", "TokenValue": "TOKEN", "StreamUrl": "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/ecs-top-0def"}';

	it('a plugin newer than 1.2.497.0: the session in AWS_SSM_START_SESSION_RESPONSE, its name in argv', () => {
		const {args, env} = startSessionInvocation(request, answer, ssm, '1.2.707.0\n');
		expect(args).toEqual(['AWS_SSM_START_SESSION_RESPONSE', 'eu-west-1', 'StartSession', '', params, 'https://ssm.eu-west-1.amazonaws.com']);
		expect(env).toEqual({AWS_SSM_START_SESSION_RESPONSE: response});
	});

	it('an older, unknown or unreadable version: the session in argv', () => {
		for (const version of ['1.2.497.0', '1.1.0', undefined, 'v1.2.707.0', '1.2.3.4.5']) {
			const {args, env} = startSessionInvocation(request, answer, ssm, version);
			expect(args[0], String(version)).toBe(response);
			expect(env).toEqual({});
		}
	});

	it('the version rule is the CLI\'s (strictly newer, whitespace ignored, up to four parts)', () => {
		expect(pluginReadsResponseEnv('1.2.497.1')).toBe(true);
		expect(pluginReadsResponseEnv(' 1.2.498 ')).toBe(true);
		expect(pluginReadsResponseEnv('1.2.497')).toBe(false);
		expect(pluginReadsResponseEnv('2')).toBe(true);
	});
});

describe('pluginEnv', () => {
	const credentials = {accessKeyId: 'ASIARESOLVED', secretAccessKey: 'resolved-secret', sessionToken: 'resolved-token'};

	it('the parent\'s environment with the resolved credentials and region, no profile, no stale token', () => {
		const parent = {
			PATH: '/usr/bin',
			HOME: '/home/u',
			TERM: 'xterm',
			AWS_PROFILE: 'sso-dev',
			AWS_DEFAULT_PROFILE: 'other',
			AWS_ACCESS_KEY_ID: 'AKIAOLD',
			AWS_SECRET_ACCESS_KEY: 'old',
			AWS_SECURITY_TOKEN: 'legacy',
			AWS_SSM_START_SESSION_RESPONSE_X: 'stale',
			AWS_CA_BUNDLE: '/etc/ca.pem',
		};
		expect(pluginEnv(parent, {region: 'eu-west-1', credentials}, {SSM_PLUGIN_LOCAL_HOST: '127.0.0.1'})).toEqual({
			PATH: '/usr/bin',
			HOME: '/home/u',
			TERM: 'xterm',
			AWS_CA_BUNDLE: '/etc/ca.pem',
			AWS_ACCESS_KEY_ID: 'ASIARESOLVED',
			AWS_SECRET_ACCESS_KEY: 'resolved-secret',
			AWS_SESSION_TOKEN: 'resolved-token',
			AWS_REGION: 'eu-west-1',
			SSM_PLUGIN_LOCAL_HOST: '127.0.0.1',
		});
	});

	it('long-term keys: no AWS_SESSION_TOKEN at all (a parent\'s would pair with other keys)', () => {
		const env = pluginEnv({AWS_SESSION_TOKEN: 'someone-elses'}, {region: 'us-east-1', credentials: {accessKeyId: 'AKIA', secretAccessKey: 's'}});
		expect(env).toEqual({AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's', AWS_REGION: 'us-east-1'});
	});
});
