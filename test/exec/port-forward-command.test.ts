// `ecs-top port-forward` end to end: the built CLI against a local ECS + SSM stub, with a fake
// session-manager-plugin on PATH. The forward line once the plugin listens (on 127.0.0.1 only),
// the plugin's argv and env as `aws ssm start-session` builds them, SIGTERM → TerminateSession,
// the plugin stopped and exit 143 (Ctrl-C: 0), a plugin that fails before listening (exit 1, its
// line, the session terminated), the refusals before anything is sent, and the audit (start and
// end, with task and container; never the token).
import net from 'node:net';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {createFakePlugin, emptyPathDir, type FakePlugin} from '../helpers/fake-plugin.js';
import {readyTask, runtimeId, sessionToken, startExecStub, startSessionAnswer, taskArn, taskId, type ExecStub} from '../helpers/exec-stub.js';
import {cliHome, runCli, startCli, type CliHome} from './run-cli.js';

let stub: ExecStub;
let fake: FakePlugin;
let home: CliHome;

beforeAll(async () => {
	stub = await startExecStub();
});
afterAll(() => stub.close());
beforeEach(() => {
	fake = createFakePlugin({forward: true});
	home = cliHome();
	stub.calls.length = 0;
	stub.handlers = {
		DescribeTasks: () => ({json: {tasks: [readyTask()], failures: []}}),
		StartSession: () => startSessionAnswer(),
		TerminateSession: body => ({json: {SessionId: body.SessionId}}),
	};
});
afterEach(() => {
	fake.remove();
	home.remove();
});

const start = (...args: string[]) => startCli(['port-forward', '--cluster', 'prod', '--task', taskId, ...args], {home, pathEnv: fake.path(), endpoint: stub.url});

function greet(port: number, host: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, host);
		let text = '';
		socket.on('data', d => (text += d));
		socket.on('end', () => resolve(text));
		socket.on('error', reject);
	});
}

describe('ecs-top port-forward', () => {
	it('forwards until SIGTERM: the line, the plugin as the CLI runs it, TerminateSession, exit 143', async () => {
		const run = start('0:80');
		const line = await run.line(/^forwarding /);
		const match = /^forwarding 127\.0\.0\.1:(\d+) -> 0123456789ab\/app:80$/.exec(line);
		expect(match, line).not.toBeNull();
		const port = Number(match![1]);
		expect(port).toBeGreaterThan(0);
		// Listening on loopback's IPv4 address, and only there.
		expect(await greet(port, '127.0.0.1')).toBe('hello from the fake plugin\n');
		expect(fake.calls().find(c => c.listening)?.listening).toEqual({address: '127.0.0.1', port});
		expect(stub.operations()).toEqual(['DescribeTasks', 'StartSession']);
		const request = {Target: `ecs:prod_${taskId}_${runtimeId}`, DocumentName: 'AWS-StartPortForwardingSession', Reason: `ecs-top port-forward ${port}:80`, Parameters: {portNumber: ['80'], localPortNumber: [String(port)]}};
		expect(stub.calls[1]!.body).toEqual(request);
		const session = fake.calls().find(c => c.argv[1] === 'us-east-1')!;
		expect(session.argv).toEqual([
			'AWS_SSM_START_SESSION_RESPONSE',
			'us-east-1',
			'StartSession',
			'',
			`{"Target": "ecs:prod_${taskId}_${runtimeId}", "DocumentName": "AWS-StartPortForwardingSession", "Reason": "ecs-top port-forward ${port}:80", "Parameters": {"portNumber": ["80"], "localPortNumber": ["${port}"]}}`,
			stub.url,
		]);
		expect(session.responseFromEnv).toBe(true);
		expect(session.response).toBe(`{"SessionId": "ecs-top-0def", "TokenValue": "${sessionToken}", "StreamUrl": "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/ecs-top-0def?role=publish_subscribe"}`);
		expect(session.env).toMatchObject({SSM_PLUGIN_LOCAL_HOST: '127.0.0.1', AWS_ACCESS_KEY_ID: 'testing', AWS_REGION: 'us-east-1'});

		run.child.kill('SIGTERM');
		expect(await run.exit).toEqual({code: 143, signal: null});
		expect(stub.operations()).toEqual(['DescribeTasks', 'StartSession', 'TerminateSession']);
		expect(stub.calls[2]!.body).toEqual({SessionId: 'ecs-top-0def'});
		expect(fake.calls().some(c => c.terminated)).toBe(true);
		// The plugin is gone: nothing listens there any more.
		await expect(greet(port, '127.0.0.1')).rejects.toMatchObject({code: 'ECONNREFUSED'});
		const audit = home.audit();
		expect(audit.map(e => [e.phase, e.operation])).toEqual([['intent', 'StartSession'], ['result', 'StartSession'], ['intent', 'TerminateSession'], ['result', 'TerminateSession']]);
		expect(audit[0]).toMatchObject({cluster: 'prod', account: '123456789012', parameters: request, about: {task: taskArn, container: 'app'}});
		expect(audit[1]!.result).toEqual({SessionId: 'ecs-top-0def'});
		expect(home.auditText()).not.toContain(sessionToken);
		expect(run.stderr()).toBe('');
	});

	it('Ctrl-C: the same end, exit 0; --host forwards through the task', async () => {
		const run = start('--host', 'db.internal', '0:5432');
		const line = await run.line(/^forwarding /);
		expect(line).toMatch(/^forwarding 127\.0\.0\.1:\d+ -> db\.internal:5432 via 0123456789ab\/app$/);
		expect(stub.calls[1]!.body).toMatchObject({DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost', Parameters: {host: ['db.internal'], portNumber: ['5432'], localPortNumber: [expect.stringMatching(/^\d+$/)]}});
		expect(Object.keys(stub.calls[1]!.body.Parameters)).toEqual(['host', 'portNumber', 'localPortNumber']);
		run.child.kill('SIGINT');
		expect(await run.exit).toEqual({code: 0, signal: null});
		expect(stub.operations().at(-1)).toBe('TerminateSession');
	});

	it('a plugin of 1.2.497.0 or older gets the session in argv (as the CLI does)', async () => {
		fake.configure({forward: true, version: '1.2.497.0'});
		const run = start('0:80');
		await run.line(/^forwarding /);
		const session = fake.calls().find(c => c.argv[1] === 'us-east-1')!;
		expect(session.responseFromEnv).toBe(false);
		expect(session.argv[0]).toMatch(/^\{"SessionId": "ecs-top-0def", "TokenValue": /);
		run.child.kill('SIGTERM');
		await run.exit;
	});

	it('a plugin that ends before it listens: its line, exit 1, the session terminated', async () => {
		fake.configure({forward: true, failBeforeListen: 'Cannot perform start session: websocket: bad handshake'});
		const result = await runCli(['port-forward', '--cluster', 'prod', '--task', taskId, '0:80'], {home, pathEnv: fake.path(), endpoint: stub.url});
		expect(result.code).toBe(1);
		expect(result.stderr).toBe('ecs-top: session-manager-plugin ended (exit 1): Cannot perform start session: websocket: bad handshake\n');
		expect(result.stdout).toBe('');
		expect(stub.operations()).toEqual(['DescribeTasks', 'StartSession', 'TerminateSession']);
	});

	it('a LOCAL port in use: one line, exit 1, no session opened', async () => {
		const taken = net.createServer();
		await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve));
		const {port} = taken.address() as net.AddressInfo;
		try {
			const result = await runCli(['port-forward', '--cluster', 'prod', '--task', taskId, `${port}:80`], {home, pathEnv: fake.path(), endpoint: stub.url});
			expect(result).toEqual({code: 1, stdout: '', stderr: `ecs-top: 127.0.0.1:${port} is in use (or not allowed): pick another LOCAL port, or 0 for a free one\n`});
			expect(stub.operations()).toEqual(['DescribeTasks']);
		} finally {
			await new Promise(resolve => taken.close(resolve));
		}
	});

	it('StartSession refused: one line naming the permission, exit 1, no plugin run', async () => {
		stub.handlers.StartSession = () => ({error: 'AccessDeniedException', message: 'not authorized to perform: ssm:StartSession'});
		const result = await runCli(['port-forward', '--cluster', 'prod', '--task', taskId, '0:80'], {home, pathEnv: fake.path(), endpoint: stub.url});
		expect(result).toEqual({code: 1, stdout: '', stderr: `ecs-top: not allowed: ssm:StartSession on ecs:prod_${taskId}_${runtimeId} (IAM)\n`});
		// Only the version was asked.
		expect(fake.calls().map(c => c.argv)).toEqual([['--version']]);
	});

	it('--transport plugin without the plugin, --read-only: one line each, exit 1, nothing sent', async () => {
		const none = emptyPathDir();
		try {
			const missing = await runCli(['port-forward', '--cluster', 'prod', '--task', taskId, '--transport', 'plugin', '0:80'], {home, pathEnv: none.dir, endpoint: stub.url});
			expect(missing.code).toBe(1);
			expect(missing.stderr).toMatch(/^ecs-top: port-forward needs session-manager-plugin, which is not on PATH: install it \(https:\/\/docs\.aws\.amazon\.com\/systems-manager\/latest\/userguide\/session-manager-working-with-install-plugin\.html\) or use --transport builtin; nothing was sent\n$/);
		} finally {
			none.remove();
		}
		const readOnly = await runCli(['port-forward', '--cluster', 'prod', '--task', taskId, '--read-only', '0:80'], {home, pathEnv: fake.path(), endpoint: stub.url});
		expect(readOnly).toEqual({code: 1, stdout: '', stderr: 'ecs-top: read-only mode: port-forward opens a session (StartSession), which --read-only refuses; nothing was sent\n'});
		expect(stub.calls).toEqual([]);
		expect(fake.calls()).toEqual([]);
	});
});
