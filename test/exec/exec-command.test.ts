// `ecs-top exec` end to end: the built CLI against a local ECS stub, with a fake
// session-manager-plugin on PATH (or none). What the plugin is given (argv byte for byte as the
// AWS CLI builds it, env with the resolved credentials), the exit status passed through, the
// refusals before anything is sent (no plugin, --read-only, --transport builtin) and after a
// describe only (the readiness checks), ECS's refusal in one line, and the audit without the token.
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {createFakePlugin, emptyPathDir, type FakePlugin} from '../helpers/fake-plugin.js';
import {execAnswer, readyTask, runtimeId, sessionToken, startExecStub, taskArn, taskId, type ExecStub} from '../helpers/exec-stub.js';
import {cliHome, runCli, startCli, type CliHome} from './run-cli.js';

let stub: ExecStub;
let fake: FakePlugin;
let home: CliHome;

beforeAll(async () => {
	stub = await startExecStub();
});
afterAll(() => stub.close());
beforeEach(() => {
	fake = createFakePlugin();
	home = cliHome();
	stub.calls.length = 0;
	stub.handlers = {
		DescribeTasks: () => ({json: {tasks: [readyTask()], failures: []}}),
		ExecuteCommand: () => execAnswer(),
	};
});
afterEach(() => {
	fake.remove();
	home.remove();
});

const exec = (...args: string[]) => runCli(['exec', '--cluster', 'prod', '--task', taskId, ...args], {home, pathEnv: fake.path(), endpoint: stub.url});

describe('ecs-top exec', () => {
	it('checks the task, opens the session, runs the plugin as the AWS CLI does, exits 0', async () => {
		const result = await exec();
		expect(result).toEqual({code: 0, stdout: '', stderr: ''});
		expect(stub.operations()).toEqual(['DescribeTasks', 'ExecuteCommand']);
		expect(stub.calls[1]!.body).toEqual({cluster: 'prod', task: taskArn, container: 'app', command: '/bin/sh', interactive: true});
		const [call] = fake.calls();
		expect(call!.argv).toEqual([
			`{"sessionId": "ecs-execute-command-0abc", "streamUrl": "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/ecs-execute-command-0abc?role=publish_subscribe", "tokenValue": "${sessionToken}"}`,
			'us-east-1',
			'StartSession',
			'',
			`{"Target": "ecs:prod_${taskId}_${runtimeId}"}`,
			stub.url,
		]);
		expect(call!.env).toMatchObject({AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1'});
		expect(call!.env!.AWS_PROFILE).toBeUndefined();
		// The session start is audited: task, container, command; never the token.
		const audit = home.audit();
		expect(audit.map(e => [e.phase, e.operation])).toEqual([['intent', 'ExecuteCommand'], ['result', 'ExecuteCommand']]);
		expect(audit[0]).toMatchObject({cluster: 'prod', account: '123456789012', region: 'us-east-1', parameters: {task: taskArn, container: 'app', command: '/bin/sh'}});
		expect(audit[1]!.result).toEqual({sessionId: 'ecs-execute-command-0abc', taskArn, containerName: 'app'});
		expect(home.auditText()).not.toContain(sessionToken);
	});

	it('passes the session\'s exit status through; the words after -- are the command', async () => {
		fake.configure({exitCode: 3});
		expect((await exec('--container', 'app', '--', 'ls', '-la')).code).toBe(3);
		expect(stub.calls[1]!.body.command).toBe('ls -la');
		fake.configure({signal: 'SIGTERM'});
		expect((await exec()).code).toBe(143);
	});

	it('Ctrl-C is the remote shell\'s (ecs-top stays); SIGTERM goes on to the plugin and ends in 143', async () => {
		fake.configure({wait: true});
		const run = startCli(['exec', '--cluster', 'prod', '--task', taskId], {home, pathEnv: fake.path(), endpoint: stub.url});
		await run.line(/^fake shell ready$/);
		// Without the ignoring listener Node would end at once, by SIGINT.
		run.child.kill('SIGINT');
		run.child.kill('SIGTERM');
		expect(await run.exit).toEqual({code: 143, signal: null});
		expect(fake.calls().some(c => c.terminated)).toBe(true);
	});

	it('--transport plugin and no plugin on PATH: the install line, exit 1, nothing sent', async () => {
		const none = emptyPathDir();
		try {
			const result = await runCli(['exec', '--cluster', 'prod', '--task', taskId, '--transport', 'plugin'], {home, pathEnv: none.dir, endpoint: stub.url});
			expect(result.code).toBe(1);
			expect(result.stderr).toBe('ecs-top: exec needs session-manager-plugin, which is not on PATH: install it (https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html) or use --transport builtin; nothing was sent\n');
			expect(stub.calls).toEqual([]);
			expect(home.auditText()).toBe('');
		} finally {
			none.remove();
		}
	});

	it('--read-only: one line, exit 1, nothing sent, no plugin run (whatever the transport)', async () => {
		const readOnly = await exec('--read-only');
		expect(readOnly.code).toBe(1);
		expect(readOnly.stderr).toBe('ecs-top: read-only mode: exec opens a session (ExecuteCommand), which --read-only refuses; nothing was sent\n');
		const builtin = await exec('--read-only', '--transport', 'builtin');
		expect(builtin.stderr).toBe(readOnly.stderr);
		expect(stub.calls).toEqual([]);
		expect(fake.calls()).toEqual([]);
	});

	it('a task that is not ready: the failing condition in one line, exit 1, only the describe sent', async () => {
		stub.handlers.DescribeTasks = () => ({json: {tasks: [readyTask({enableExecuteCommand: false})], failures: []}});
		const result = await exec();
		expect(result).toEqual({code: 1, stdout: '', stderr: 'ecs-top: exec is not enabled on this task: enable it on the service (E) and let a new deployment replace the task\n'});
		expect(stub.operations()).toEqual(['DescribeTasks']);
		expect(fake.calls()).toEqual([]);
	});

	it('a task of two containers without --container: named, exit 1', async () => {
		const two = readyTask();
		(two.containers as object[]).push({name: 'envoy', lastStatus: 'RUNNING', runtimeId: 'r-2', managedAgents: [{name: 'ExecuteCommandAgent', lastStatus: 'RUNNING'}]});
		stub.handlers.DescribeTasks = () => ({json: {tasks: [two], failures: []}});
		const result = await exec();
		expect(result.stderr).toBe('ecs-top: task 0123456789ab has 2 containers (app, envoy): name one with --container\n');
		expect(result.code).toBe(1);
	});

	it('an unknown task: one line naming it', async () => {
		stub.handlers.DescribeTasks = body => ({json: {tasks: [], failures: [{arn: body.tasks[0], reason: 'MISSING'}]}});
		const result = await exec();
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`ecs-top: task ${taskId} not found in cluster prod (MISSING: not registered in this cluster any more)\n`);
	});

	it('an EC2 task on an old agent: its instance is described, the agent named', async () => {
		const instanceArn = 'arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci1';
		stub.handlers.DescribeTasks = () => ({json: {tasks: [readyTask({launchType: 'EC2', platformVersion: undefined, containerInstanceArn: instanceArn}, {managedAgents: []})], failures: []}});
		stub.handlers.DescribeContainerInstances = () => ({json: {containerInstances: [{containerInstanceArn: instanceArn, ec2InstanceId: 'i-0abc', versionInfo: {agentVersion: '1.48.0'}}], failures: []}});
		const result = await exec();
		expect(result.stderr).toBe('ecs-top: ECS agent 1.48.0 on instance i-0abc: exec needs 1.50.2 or later (update the container agent)\n');
		expect(stub.operations()).toEqual(['DescribeTasks', 'DescribeContainerInstances']);
	});

	it('ECS refuses: access denied in one line naming the permission, exit 1, audited, no plugin run', async () => {
		stub.handlers.ExecuteCommand = () => ({error: 'AccessDeniedException', message: 'User: arn:aws:iam::123456789012:user/x is not authorized to perform: ecs:ExecuteCommand'});
		const result = await exec();
		expect(result).toEqual({code: 1, stdout: '', stderr: 'ecs-top: not allowed: ecs:ExecuteCommand on task 0123456789ab (IAM)\n'});
		expect(fake.calls()).toEqual([]);
		const audit = home.audit();
		expect(audit.map(e => e.phase)).toEqual(['intent', 'result']);
		expect(audit[1]!.error).toMatchObject({name: 'AccessDeniedException', outcome: 'not done'});
	});

	it('TargetNotConnectedException: the agent connectivity hints', async () => {
		stub.handlers.ExecuteCommand = () => ({error: 'TargetNotConnectedException', message: 'The execute command failed due to an internal error.'});
		const result = await exec();
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^ecs-top: the task's SSM agent is not connected \(TargetNotConnectedException\): check the task role allows ssmmessages:/);
	});
});
