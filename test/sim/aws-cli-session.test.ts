// The AWS CLI (v1, if installed) against the simulator: `aws ecs execute-command` and `aws ssm
// start-session` must get what they need from it and hand session-manager-plugin the arguments
// they hand the real one. A fake plugin first on PATH records its argv (one per line) and a few
// environment variables, and exits 0 (also for the CLI's bare presence check and `--version`).
// What it records is the reference for ecs-top's own plugin invocation.
import {execFile} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {DescribeTasksCommand, ListTasksCommand, type Task} from '@aws-sdk/client-ecs';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {startTestSim, type TestSim} from '../helpers/sim.js';

const run = promisify(execFile);

/** The version the fake reports: newer than 1.2.497.0, so `ssm start-session` passes the response in an environment variable, as with a current plugin. */
const PLUGIN_VERSION = '1.2.707.0';
const RECORDED_ENV = ['AWS_SSM_START_SESSION_RESPONSE', 'AWS_ACCESS_KEY_ID', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE'];

let cli: string | undefined;
let dir = '';
let t: TestSim | undefined;

beforeAll(async () => {
	try {
		cli = (await run('aws', ['--version'], {timeout: 20_000})).stdout.trim() || 'aws';
	} catch (error) {
		console.warn(`skipping the AWS CLI tests: \`aws --version\` failed (${(error as Error).message.split('\n')[0]})`);
		return;
	}
	dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-aws-cli-'));
	mkdirSync(path.join(dir, 'bin'));
	writeFileSync(path.join(dir, 'config'), '');
	writeFileSync(path.join(dir, 'credentials'), '');
	const log = path.join(dir, 'plugin.log');
	const script = [
		'#!/bin/sh',
		`log='${log}'`,
		'echo "--- call" >> "$log"',
		'for a in "$@"; do printf \'arg %s\\n\' "$a" >> "$log"; done',
		...RECORDED_ENV.map(name => `[ -n "\${${name}+x}" ] && printf 'env ${name}=%s\\n' "$${name}" >> "$log"`),
		`[ "$1" = "--version" ] && echo '${PLUGIN_VERSION}'`,
		'exit 0',
		'',
	].join('\n');
	writeFileSync(path.join(dir, 'bin', 'session-manager-plugin'), script);
	chmodSync(path.join(dir, 'bin', 'session-manager-plugin'), 0o755);
});

afterAll(() => {
	if (dir) rmSync(dir, {recursive: true, force: true});
});

afterEach(async () => {
	await t?.close();
	t = undefined;
	if (dir) rmSync(path.join(dir, 'plugin.log'), {force: true});
});

interface Call {
	args: string[];
	env: Record<string, string>;
}

function calls(): Call[] {
	const text = readFileSync(path.join(dir, 'plugin.log'), 'utf8');
	return text.split('--- call\n').slice(1).map(block => {
		const call: Call = {args: [], env: {}};
		for (const line of block.split('\n').filter(Boolean)) {
			if (line.startsWith('arg ')) call.args.push(line.slice(4));
			else if (line.startsWith('env ')) {
				const [name, ...value] = line.slice(4).split('=');
				call.env[name!] = value.join('=');
			}
		}
		return call;
	});
}

async function aws(args: string[]): Promise<{stdout: string; stderr: string}> {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('AWS_')) env[name] = value;
	Object.assign(env, {
		PATH: `${path.join(dir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
		AWS_ACCESS_KEY_ID: 'sim',
		AWS_SECRET_ACCESS_KEY: 'sim',
		AWS_CONFIG_FILE: path.join(dir, 'config'),
		AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
		AWS_EC2_METADATA_DISABLED: 'true',
	});
	try {
		return await run('aws', [...args, '--endpoint-url', t!.endpoint, '--region', 'us-east-1'], {env, timeout: 60_000});
	} catch (error) {
		const e = error as Error & {stderr?: string};
		throw new Error(`aws ${args.slice(0, 2).join(' ')} failed: ${e.stderr ?? e.message}`);
	}
}

async function webTask(s: TestSim): Promise<Task> {
	const arns = (await s.client.send(new ListTasksCommand({cluster: 'production', serviceName: 'web'}))).taskArns!;
	return (await s.client.send(new DescribeTasksCommand({cluster: 'production', tasks: [arns[0]!]}))).tasks![0]!;
}

describe('the AWS CLI against the simulator, with a fake session-manager-plugin', () => {
	it('aws ecs execute-command: ExecuteCommand, DescribeTasks for the runtimeId, then the plugin with the session and the ecs: target', async ({skip}) => {
		if (!cli) skip();
		t = await startTestSim({seed: 1});
		const task = await webTask(t);
		const taskId = task.taskArn!.split('/').at(-1)!;
		const runtimeId = task.containers![0]!.runtimeId!;
		await t.resetStats();
		await aws(['ecs', 'execute-command', '--cluster', 'production', '--task', taskId, '--container', 'web', '--interactive', '--command', '/bin/sh']);
		const [check, session] = calls();
		// The presence check: no arguments at all.
		expect(check!.args).toEqual([]);
		expect(session!.args).toHaveLength(6);
		const [json, region, operation, profile, request, endpoint] = session!.args;
		const [open] = t.sim.world.sessions.open.values();
		expect(JSON.parse(json!)).toEqual({sessionId: open!.id, streamUrl: open!.streamUrl, tokenValue: open!.tokenValue});
		expect([region, operation, profile]).toEqual(['us-east-1', 'StartSession', '']);
		expect(request).toBe(`{"Target": "ecs:production_${taskId}_${runtimeId}"}`);
		// The ECS endpoint (what the CLI used for ExecuteCommand), not an SSM one.
		expect(endpoint).toBe(t.endpoint);
		expect(session!.env.AWS_SSM_START_SESSION_RESPONSE).toBeUndefined();
		const stats = await t.stats();
		expect(stats.calls).toEqual({ExecuteCommand: 1, DescribeTasks: 1});
		expect(stats.execSessions).toMatchObject({open: 1, started: 1});
	});

	it('aws ssm start-session: StartSession, then the plugin with the response in AWS_SSM_START_SESSION_RESPONSE and the request', async ({skip}) => {
		if (!cli) skip();
		t = await startTestSim({seed: 1});
		const task = await webTask(t);
		const target = `ecs:production_${task.taskArn!.split('/').at(-1)}_${task.containers![0]!.runtimeId}`;
		await t.resetStats();
		await aws(['ssm', 'start-session', '--target', target, '--document-name', 'AWS-StartPortForwardingSession', '--parameters', 'portNumber=80,localPortNumber=8080']);
		const [version, session] = calls();
		expect(version!.args).toEqual(['--version']);
		const [response, region, operation, profile, request, endpoint] = session!.args;
		const [open] = t.sim.world.sessions.open.values();
		// A plugin newer than 1.2.497.0 gets the name of the variable instead of the response itself.
		expect(response).toBe('AWS_SSM_START_SESSION_RESPONSE');
		expect(JSON.parse(session!.env.AWS_SSM_START_SESSION_RESPONSE!)).toEqual({SessionId: open!.id, TokenValue: open!.tokenValue, StreamUrl: open!.streamUrl});
		expect([region, operation, profile]).toEqual(['us-east-1', 'StartSession', '']);
		expect(JSON.parse(request!)).toEqual({Target: target, DocumentName: 'AWS-StartPortForwardingSession', Parameters: {portNumber: ['80'], localPortNumber: ['8080']}});
		expect(endpoint).toBe(t.endpoint);
		expect(open).toMatchObject({target, documentName: 'AWS-StartPortForwardingSession', parameters: {portNumber: ['80'], localPortNumber: ['8080']}});
		const stats = await t.stats();
		expect(stats.calls).toEqual({StartSession: 1});
		expect(stats.ssmSessions).toMatchObject({open: 1, started: 1});
	});
});
