// `ecs-top logs` in-process against moto, which speaks both ECS and CloudWatch Logs on one port
// (no StartLiveTail): tasks run with an awslogs task definition, lines are put with the SDK into
// the streams awslogs would write (`prefix/container/taskId`), and read back through the command.
// DescribeLogGroups, which gives Live Tail the ARNs of the groups it tails, is read through our
// client and through `logs --live`, whose StartLiveTail request moto records.
// Skipped, with the reason printed, when moto is not installed.
import {CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, DescribeLogGroupsCommand, PutLogEventsCommand, PutRetentionPolicyCommand} from '@aws-sdk/client-cloudwatch-logs';
import {CreateClusterCommand, CreateServiceCommand, ECSClient, RegisterContainerInstanceCommand, RegisterTaskDefinitionCommand, RunTaskCommand} from '@aws-sdk/client-ecs';
import {spawn} from 'node:child_process';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {bundleNode} from '../helpers/bundle-node.js';
import {createLogsApi} from '../../source/aws/client.js';
import {sharedLimiter} from '../../source/aws/limiter.js';
import {runLogs} from '../../source/commands/logs.js';
import {instanceIdentityDocument, type Moto, motoAvailable, motoRunInstance, startMoto} from '../helpers/moto.js';
import {testCredentials, testLimiter} from '../helpers/api.js';
import {runCaptured} from '../helpers/run-command.js';

const available = motoAvailable();
if (!available.ok) console.warn(`[skip] logs against moto: ${available.reason}`);

const lines = (text: string) => text.split('\n').filter(Boolean);
/** A group's ARN as StartLiveTail takes it (moto's account, as ECS's ARNs there). */
const groupArn = (name: string) => `arn:aws:logs:us-east-1:123456789012:log-group:${name}`;

describe.skipIf(!available.ok)('ecs-top logs against moto', () => {
	let moto: Moto;
	let ecs: ECSClient;
	let cwl: CloudWatchLogsClient;
	const web: string[] = [];
	let standalone = '';
	const base = Date.now() - 120_000;

	const put = async (stream: string, events: Array<[number, string]>) => {
		// aws logs create-log-stream --log-group-name /ecs/web --log-stream-name S
		await cwl.send(new CreateLogStreamCommand({logGroupName: '/ecs/web', logStreamName: stream}));
		// aws logs put-log-events --log-group-name /ecs/web --log-stream-name S --log-events …
		await cwl.send(new PutLogEventsCommand({logGroupName: '/ecs/web', logStreamName: stream, logEvents: events.map(([at, message]) => ({timestamp: base + at, message}))}));
	};

	beforeAll(async () => {
		moto = await startMoto();
		const client = {endpoint: moto.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: testCredentials};
		ecs = new ECSClient(client);
		cwl = new CloudWatchLogsClient(client);
		await ecs.send(new CreateClusterCommand({clusterName: 'm'}));
		const instance = await motoRunInstance(moto.endpoint);
		await ecs.send(new RegisterContainerInstanceCommand({cluster: 'm', instanceIdentityDocument: instanceIdentityDocument(instance)}));
		const logConfiguration = {logDriver: 'awslogs' as const, options: {'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs'}};
		await ecs.send(new RegisterTaskDefinitionCommand({
			family: 'web',
			networkMode: 'bridge',
			containerDefinitions: [
				{name: 'web', image: 'nginx:1.27', cpu: 64, memory: 128, logConfiguration},
				{name: 'router', image: 'fluent-bit', cpu: 32, memory: 64, logConfiguration: {logDriver: 'awsfirelens', options: {Name: 'datadog'}}},
			],
		}));
		await ecs.send(new CreateServiceCommand({cluster: 'm', serviceName: 'web', taskDefinition: 'web', desiredCount: 0}));
		// Tasks as the service's scheduler starts them (group service:web), and one standalone.
		const run = await ecs.send(new RunTaskCommand({cluster: 'm', taskDefinition: 'web', launchType: 'EC2', count: 2, group: 'service:web'}));
		web.push(...run.tasks!.map(t => t.taskArn!.split('/').at(-1)!));
		const one = await ecs.send(new RunTaskCommand({cluster: 'm', taskDefinition: 'web', launchType: 'EC2', count: 1}));
		standalone = one.tasks![0]!.taskArn!.split('/').at(-1)!;
		// aws logs create-log-group --log-group-name /ecs/web
		await cwl.send(new CreateLogGroupCommand({logGroupName: '/ecs/web'}));
		await put(`ecs/web/${web[0]}`, [[1000, 'GET /health 200'], [3000, 'ERROR db timeout'], [5000, 'GET / 200']]);
		await put(`ecs/web/${web[1]}`, [[2000, 'GET /health 200'], [4000, 'evil \u001B[2J line']]);
		await put(`ecs/web/${standalone}`, [[1500, 'migration done']]);
	}, 60_000);

	afterAll(async () => {
		ecs?.destroy();
		cwl?.destroy();
		await moto?.close();
	});

	it('--service merges its tasks’ streams oldest first in the contract’s text format, cleaned', async () => {
		const {code, out, err} = await runCaptured(runLogs, ['logs', '--cluster', 'm', '--service', 'web'], moto.endpoint);
		expect(code).toBe(0);
		const got = lines(out);
		const who = (i: number) => `${web[i]!.slice(0, 12)}/web`;
		const at = (ms: number) => new Date(base + ms).toISOString();
		expect(got).toEqual([
			`${at(1000)}  ${who(0)}  GET /health 200`,
			`${at(2000)}  ${who(1)}  GET /health 200`,
			`${at(3000)}  ${who(0)}  ERROR db timeout`,
			`${at(4000)}  ${who(1)}  evil  line`,
			`${at(5000)}  ${who(0)}  GET / 200`,
		]);
		expect(err).toContain('router: FireLens: sent by the log router container to datadog');
	});

	it('--task --json: one object a line, service null for a standalone task', async () => {
		const {code, out} = await runCaptured(runLogs, ['logs', '--cluster', 'm', '--task', standalone, '--container', 'web', '--json'], moto.endpoint);
		expect(code).toBe(0);
		const parsed = lines(out).map(l => JSON.parse(l) as Record<string, unknown>);
		expect(parsed).toHaveLength(1);
		expect(parsed[0]).toMatchObject({timestamp: new Date(base + 1500).toISOString(), cluster: 'm', service: null, task: standalone, container: 'web', logGroup: '/ecs/web', logStream: `ecs/web/${standalone}`, message: 'migration done'});
		expect(parsed[0]!.eventId).toMatch(/^[\da-f]{20}$/);
	});

	it('--grep filters here, --filter-pattern at the server; --since bounds the read', async () => {
		const grep = await runCaptured(runLogs, ['logs', '--cluster', 'm', '--service', 'web', '--grep', '(?i)error|^GET / '], moto.endpoint);
		expect(lines(grep.out).map(l => l.split('  ').at(-1))).toEqual(['ERROR db timeout', 'GET / 200']);
		const pattern = await runCaptured(runLogs, ['logs', '--cluster', 'm', '--service', 'web', '--filter-pattern', 'ERROR'], moto.endpoint);
		expect(lines(pattern.out).map(l => l.split('  ').at(-1))).toEqual(['ERROR db timeout']);
		const recent = await runCaptured(runLogs, ['logs', '--cluster', 'm', '--service', 'web', '--since', '1d', '--json'], moto.endpoint);
		expect(lines(recent.out)).toHaveLength(5);
	});

	it('the same line has the same event id whichever call read it', async () => {
		const api = createLogsApi({endpointUrl: moto.endpoint, region: 'us-east-1', credentials: testCredentials, limiter: testLimiter()});
		const stream = `ecs/web/${web[0]}`;
		const byGet = await api.getLogEvents({logGroup: '/ecs/web', logStream: stream, startFromHead: true});
		const byFilter = await api.filterLogEvents({logGroup: '/ecs/web', logStreamNames: [stream]});
		expect(byGet.events.map(e => e.eventId)).toEqual(byFilter.map(e => e.eventId));
		expect(byFilter.every(e => e.cloudwatchEventId !== undefined)).toBe(true);
		expect(byFilter[0]).toMatchObject({taskId: web[0], container: 'web'});
	});

	it('--follow prints each new line once, in order, and Ctrl-C ends it with 0', async () => {
		vi.stubEnv('ECS_TOP_LOGS_POLL_MS', '50');
		const running = runCaptured(runLogs, ['logs', '--cluster', 'm', '--service', 'web', '--follow', '--json'], moto.endpoint);
		let out = '';
		const write = vi.mocked(process.stdout.write);
		const seen = () => (out = write.mock.calls.map(c => String(c[0])).join(''));
		await vi.waitFor(() => expect(lines(seen()).length).toBeGreaterThanOrEqual(5), {timeout: 20_000, interval: 20});
		// aws logs put-log-events (one more line in each task's stream)
		const last = Date.now();
		await cwl.send(new PutLogEventsCommand({logGroupName: '/ecs/web', logStreamName: `ecs/web/${web[1]}`, logEvents: [{timestamp: last - 1000, message: 'followed 1'}]}));
		await cwl.send(new PutLogEventsCommand({logGroupName: '/ecs/web', logStreamName: `ecs/web/${web[0]}`, logEvents: [{timestamp: last, message: 'followed 2'}]}));
		await vi.waitFor(() => expect(seen()).toContain('followed 2'), {timeout: 20_000, interval: 20});
		// More polls see the same window again: nothing may be printed twice.
		const polls = () => sharedLimiter().stats().logsFilterLogEvents?.granted.poll ?? 0;
		const before = polls();
		await vi.waitFor(() => expect(polls()).toBeGreaterThanOrEqual(before + 3), {timeout: 20_000, interval: 20});
		process.emit('SIGINT');
		const {code} = await running;
		expect(code).toBe(0);
		const parsed = lines(out).map(l => JSON.parse(l) as {eventId: string; message: string; timestamp: string});
		expect(new Set(parsed.map(e => e.eventId)).size).toBe(parsed.length);
		expect(parsed.slice(-2).map(e => e.message)).toEqual(['followed 1', 'followed 2']);
	});

	it('the built binary: `| head -n 1` ends a --follow quietly with exit 0 at its next line', async () => {
		const cli = path.resolve(import.meta.dirname, '..', '..', 'dist', 'cli.js');
		const env = {...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', ECS_TOP_LOGS_POLL_MS: '50', NO_COLOR: '1'};
		const child = spawn(bundleNode, [cli, 'logs', '--cluster', 'm', '--service', 'web', '--follow', '--endpoint-url', moto.endpoint, '--region', 'us-east-1'], {env, stdio: ['ignore', 'pipe', 'pipe']});
		let err = '';
		child.stderr!.on('data', chunk => (err += chunk));
		const exit = new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
		// Read the first chunk, then close the pipe as `head` does.
		await new Promise<void>(resolve => child.stdout!.once('data', () => resolve()));
		child.stdout!.destroy();
		await cwl.send(new PutLogEventsCommand({logGroupName: '/ecs/web', logStreamName: `ecs/web/${web[0]}`, logEvents: [{timestamp: Date.now(), message: 'after head'}]}));
		expect(await exit).toBe(0);
		expect(err.replace(/^ecs-top: router: .*\n/m, '')).toBe('');
	}, 30_000);

	it('DescribeLogGroups: the groups under a prefix, in name order, every page, each ARN without `:*`', async () => {
		const api = createLogsApi({endpointUrl: moto.endpoint, region: 'us-east-1', credentials: testCredentials, limiter: testLimiter()});
		// Some share the prefix /ecs/api, others only part of it or none.
		for (const name of ['/ecs/apiary', '/ecs/api', '/ecs/ap', '/ecs/api-worker', '/other/ecs/api']) {
			// aws logs create-log-group --log-group-name NAME
			await cwl.send(new CreateLogGroupCommand({logGroupName: name}));
		}
		// aws logs put-retention-policy --log-group-name /ecs/api --retention-in-days 7
		await cwl.send(new PutRetentionPolicyCommand({logGroupName: '/ecs/api', retentionInDays: 7}));
		// aws logs create-log-stream, put-log-events: 11 bytes in /ecs/api-worker
		await cwl.send(new CreateLogStreamCommand({logGroupName: '/ecs/api-worker', logStreamName: 's'}));
		await cwl.send(new PutLogEventsCommand({logGroupName: '/ecs/api-worker', logStreamName: 's', logEvents: [{timestamp: base, message: 'hello world'}]}));
		// storedBytes: moto counts the messages' bytes at once (CloudWatch updates it hours late); we only carry it.
		expect(await api.describeLogGroups('/ecs/api')).toEqual([
			{logGroupName: '/ecs/api', logGroupArn: groupArn('/ecs/api'), storedBytes: 0, retentionInDays: 7},
			{logGroupName: '/ecs/api-worker', logGroupArn: groupArn('/ecs/api-worker'), storedBytes: 11},
			{logGroupName: '/ecs/apiary', logGroupArn: groupArn('/ecs/apiary'), storedBytes: 0},
		]);
		expect(await api.describeLogGroups('/nope')).toEqual([]);
		// The older `arn` field ends in `:*`, which StartLiveTail refuses: moto sends both, as CloudWatch does.
		const raw = await cwl.send(new DescribeLogGroupsCommand({logGroupNamePrefix: '/ecs/api-worker'}));
		expect(raw.logGroups?.map(g => [g.arn, g.logGroupArn])).toEqual([[`${groupArn('/ecs/api-worker')}:*`, groupArn('/ecs/api-worker')]]);

		// Past one page (moto, like CloudWatch, answers 50 at most): every page, in order.
		const many = Array.from({length: 57}, (_, i) => `/ecs/many/${String(i).padStart(2, '0')}`);
		for (const name of many) await cwl.send(new CreateLogGroupCommand({logGroupName: name}));
		const first = await cwl.send(new DescribeLogGroupsCommand({logGroupNamePrefix: '/ecs/many/'}));
		expect(first.logGroups).toHaveLength(50);
		expect(first.nextToken).toBeTruthy();
		const all = await api.describeLogGroups('/ecs/many/');
		expect(all.map(g => g.logGroupName)).toEqual(many);
		expect(all.map(g => g.logGroupArn)).toEqual(many.map(groupArn));
	});

	it('--live tails the ARN DescribeLogGroups gave (the exact group, not one sharing its prefix); moto has no Live Tail: one line says so and polling goes on', async () => {
		// A group whose name starts with the tailed one's: the prefix read returns both.
		// aws logs create-log-group --log-group-name /ecs/web-canary
		await cwl.send(new CreateLogGroupCommand({logGroupName: '/ecs/web-canary'}));
		await moto.resetRecording();
		await moto.startRecording();
		vi.stubEnv('ECS_TOP_LOGS_POLL_MS', '50');
		const running = runCaptured(runLogs, ['logs', '--cluster', 'm', '--service', 'web', '--live', '--json'], moto.endpoint);
		const stdout = vi.mocked(process.stdout.write);
		const stderr = vi.mocked(process.stderr.write);
		const text = (mock: typeof stdout) => mock.mock.calls.map(c => String(c[0])).join('');
		try {
			await vi.waitFor(() => expect(text(stderr)).toMatch(/Live Tail .*; polling/), {timeout: 20_000, interval: 20});
			// aws logs put-log-events (a line after the fallback: polling reads it)
			await cwl.send(new PutLogEventsCommand({logGroupName: '/ecs/web', logStreamName: `ecs/web/${web[1]}`, logEvents: [{timestamp: Date.now(), message: 'polled after live'}]}));
			await vi.waitFor(() => expect(text(stdout)).toContain('polled after live'), {timeout: 20_000, interval: 20});
		} finally {
			process.emit('SIGINT');
		}
		const {code, out, err} = await running;
		await moto.stopRecording();
		expect(code).toBe(0);
		expect(err.split('\n').filter(l => /Live Tail/.test(l))).toHaveLength(1);
		const printed = lines(out).map(l => JSON.parse(l) as {eventId: string});
		expect(new Set(printed.map(e => e.eventId)).size).toBe(printed.length);
		const recorded = await moto.recordedRequests();
		const describe = recorded.filter(r => r.operation === 'DescribeLogGroups');
		expect(describe.map(r => r.body)).toEqual([{logGroupNamePrefix: '/ecs/web'}]);
		const live = recorded.filter(r => r.operation === 'StartLiveTail');
		expect(live).toHaveLength(1);
		const body = live[0]!.body as {logGroupIdentifiers?: string[]; logStreamNames?: string[]};
		expect(body.logGroupIdentifiers).toEqual([groupArn('/ecs/web')]);
		expect([...(body.logStreamNames ?? [])].sort()).toEqual([`ecs/web/${web[0]}`, `ecs/web/${web[1]}`].sort());
	});

	it('unknown service, task or cluster: a one-line error', async () => {
		await expect(runCaptured(runLogs, ['logs', '--cluster', 'm', '--service', 'nope'], moto.endpoint)).rejects.toThrow('service "nope" not found in cluster "m"');
		await expect(runCaptured(runLogs, ['logs', '--cluster', 'm', '--task', '0123456789abcdef0123456789abcdef'], moto.endpoint)).rejects.toThrow(/task "0123456789abcdef0123456789abcdef" not found in cluster "m"/);
		await expect(runCaptured(runLogs, ['logs', '--cluster', 'nope', '--service', 'web'], moto.endpoint)).rejects.toThrow(/cluster "nope" not found|not found/);
	});
});
