// ecs-top's session-manager-plugin invocations against the AWS CLI's: the same task in the
// simulator, the same stand-in plugin first on PATH, and the argv and session each hands it must
// be the same apart from the session's id, URL and token (each call opens its own session).
// `ecs-top exec` against `aws ecs execute-command`, `ecs-top port-forward` against `aws ssm
// start-session --document-name AWS-StartPortForwardingSession` (with the reason ecs-top sends).
// Skipped, with the reason printed, where the AWS CLI is not installed.
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {DescribeTasksCommand, ListTasksCommand} from '@aws-sdk/client-ecs';
import {afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {freeLocalPort} from '../../source/exec/forward.js';
import {createFakePlugin, type FakePlugin, type FakePluginCall} from '../helpers/fake-plugin.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {cliHome, runCli, type CliHome} from './run-cli.js';

const run = promisify(execFile);
let awsCli = false;
beforeAll(async () => {
	try {
		await run('aws', ['--version'], {timeout: 20_000});
		awsCli = true;
	} catch (error) {
		console.warn(`[skip] ecs-top against the AWS CLI: \`aws --version\` failed (${(error as Error).message.split('\n')[0]})`);
	}
});

let t: TestSim;
let fake: FakePlugin;
let home: CliHome;
beforeEach(async () => {
	t = await startTestSim();
	fake = createFakePlugin();
	home = cliHome();
});
afterEach(async () => {
	fake.remove();
	home.remove();
	await t.close();
});

/** The AWS CLI v1 in the same sealed environment as ecs-top (test keys, no config of the machine's). */
async function aws(args: string[]): Promise<void> {
	const env = {
		PATH: fake.path(process.env.PATH),
		HOME: home.dir,
		AWS_CONFIG_FILE: `${home.dir}/aws-config`,
		AWS_SHARED_CREDENTIALS_FILE: `${home.dir}/aws-credentials`,
		AWS_EC2_METADATA_DISABLED: 'true',
		AWS_ACCESS_KEY_ID: 'testing',
		AWS_SECRET_ACCESS_KEY: 'testing',
	};
	await run('aws', [...args, '--endpoint-url', t.endpoint, '--region', 'us-east-1'], {env, timeout: 60_000});
}

async function webTask(): Promise<{id: string; runtimeId: string}> {
	const {taskArns} = await t.client.send(new ListTasksCommand({cluster: 'production', serviceName: 'web'}));
	const {tasks} = await t.client.send(new DescribeTasksCommand({cluster: 'production', tasks: taskArns!.slice(0, 1)}));
	const task = tasks![0]!;
	return {id: task.taskArn!.split('/').at(-1)!, runtimeId: task.containers!.find(c => c.name === 'web')!.runtimeId!};
}

/** The session runs (not --version, not the bare presence check), oldest first. */
const sessions = (calls: FakePluginCall[]) => calls.filter(c => c.argv[2] === 'StartSession');

/** A session's JSON with its per-session values replaced, key order and formatting kept. */
function sessionShape(json: string | undefined): string {
	return (json ?? '').replace(/("(?:sessionId|SessionId|streamUrl|StreamUrl|tokenValue|TokenValue)": )"[^"]*"/g, '$1"…"');
}

describe('ecs-top hands session-manager-plugin what the AWS CLI hands it', () => {
	it('exec: the session JSON, region, StartSession, profile, target and endpoint', async ({skip}) => {
		if (!awsCli) skip();
		const {id, runtimeId} = await webTask();
		await aws(['ecs', 'execute-command', '--cluster', 'production', '--task', id, '--container', 'web', '--interactive', '--command', '/bin/sh']);
		const result = await runCli(['exec', '--cluster', 'production', '--task', id, '--container', 'web'], {home, pathEnv: fake.path(process.env.PATH), endpoint: t.endpoint});
		expect(result.code, result.stderr).toBe(0);
		const [theirs, ours] = sessions(fake.calls());
		expect(theirs && ours).toBeTruthy();
		expect(ours!.argv.slice(1)).toEqual(theirs!.argv.slice(1));
		expect(ours!.argv[4]).toBe(`{"Target": "ecs:production_${id}_${runtimeId}"}`);
		expect(sessionShape(ours!.argv[0])).toBe(sessionShape(theirs!.argv[0]));
		// Two sessions, not one resent: the ids differ.
		expect(ours!.argv[0]).not.toBe(theirs!.argv[0]);
	});

	it('port-forward: the same document, parameters, reason and endpoint; the session in the environment', async ({skip}) => {
		if (!awsCli) skip();
		const {id, runtimeId} = await webTask();
		const local = await freeLocalPort();
		const target = `ecs:production_${id}_${runtimeId}`;
		await aws(['ssm', 'start-session', '--target', target, '--document-name', 'AWS-StartPortForwardingSession', '--parameters', `portNumber=80,localPortNumber=${local}`, '--reason', `ecs-top port-forward ${local}:80`]);
		// The stand-in ends at once instead of listening: ecs-top then says so and ends the session; the invocation is what counts here.
		await runCli(['port-forward', '--cluster', 'production', '--task', id, '--container', 'web', `${local}:80`], {home, pathEnv: fake.path(process.env.PATH), endpoint: t.endpoint});
		const [theirs, ours] = sessions(fake.calls());
		expect(theirs && ours).toBeTruthy();
		expect(ours!.argv).toEqual(theirs!.argv);
		expect(ours!.responseFromEnv && theirs!.responseFromEnv).toBe(true);
		expect(sessionShape(ours!.response)).toBe(sessionShape(theirs!.response));
		expect(ours!.response).not.toBe(theirs!.response);
	});
});
