// The simulator's CloudWatch Logs through the real @aws-sdk/client-cloudwatch-logs on a stepped
// clock: groups and streams from the demo world's task definitions, lines that appear as time
// passes, GetLogEvents polling, FilterLogEvents merging a service's tasks, filter patterns.
import {
	type CloudWatchLogsClient,
	CreateLogGroupCommand,
	CreateLogStreamCommand,
	DescribeLogGroupsCommand,
	DescribeLogStreamsCommand,
	FilterLogEventsCommand,
	type FilteredLogEvent,
	GetLogEventsCommand,
	PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {DescribeTaskDefinitionCommand, ListTasksCommand} from '@aws-sdk/client-ecs';
import {describe, expect, it} from 'vitest';
import {simLogsPerTest} from '../helpers/logs.js';
import type {TestSim} from '../helpers/sim.js';

const start = Date.UTC(2026, 5, 1, 12);
const setup = simLogsPerTest({seed: 7, startTime: start});

async function taskIds(s: TestSim, cluster: string, serviceName: string): Promise<string[]> {
	const out = await s.client.send(new ListTasksCommand({cluster, serviceName}));
	return out.taskArns!.map(a => a.split('/').at(-1)!);
}

/** Every page of a FilterLogEvents query. */
async function filterAll(client: CloudWatchLogsClient, input: ConstructorParameters<typeof FilterLogEventsCommand>[0]): Promise<{events: FilteredLogEvent[]; pages: number}> {
	const events: FilteredLogEvent[] = [];
	let nextToken: string | undefined;
	let pages = 0;
	do {
		const out = await client.send(new FilterLogEventsCommand({...input, nextToken}));
		events.push(...out.events!);
		nextToken = out.nextToken;
		pages++;
	} while (nextToken && pages < 1000);
	return {events, pages};
}

describe('logs: groups and streams', () => {
	it('has an /ecs/<family> group per awslogs family, with both ARN forms', async () => {
		const {logs} = await setup();
		const out = await logs.send(new DescribeLogGroupsCommand({logGroupNamePrefix: '/ecs/'}));
		const names = out.logGroups!.map(g => g.logGroupName);
		expect(names).toEqual(expect.arrayContaining(['/ecs/web', '/ecs/api', '/ecs/payments', '/ecs/frontend', '/ecs/etl']));
		expect(names).toEqual([...names].sort());
		const web = out.logGroups!.find(g => g.logGroupName === '/ecs/web')!;
		expect(web.arn).toBe('arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:*');
		expect(web.logGroupArn).toBe('arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web');
		expect(web.creationTime).toBeLessThan(start);
		// Pagination.
		const first = await logs.send(new DescribeLogGroupsCommand({limit: 2}));
		expect(first.logGroups).toHaveLength(2);
		const second = await logs.send(new DescribeLogGroupsCommand({limit: 2, nextToken: first.nextToken}));
		expect(second.logGroups![0]!.logGroupName! > first.logGroups![1]!.logGroupName!).toBe(true);
	});

	it('names a task\'s stream ecs/<container>/<task id>, and it has lines after the clock advances', async () => {
		const {t, logs} = await setup();
		const [id] = await taskIds(t, 'production', 'web');
		const streams = await logs.send(new DescribeLogStreamsCommand({logGroupName: '/ecs/web', logStreamNamePrefix: `ecs/web/${id}`}));
		expect(streams.logStreams!.map(s => s.logStreamName)).toEqual([`ecs/web/${id}`]);
		await t.advance(30);
		const out = await logs.send(new GetLogEventsCommand({logGroupName: '/ecs/web', logStreamName: `ecs/web/${id}`, limit: 20}));
		expect(out.events!.length).toBe(20);
		const times = out.events!.map(e => e.timestamp!);
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(times.at(-1)).toBeLessThanOrEqual(start + 30_000);
		expect(times.at(-1)).toBeGreaterThan(start);
		for (const e of out.events!) expect(e.ingestionTime).toBeGreaterThanOrEqual(e.timestamp!);
		const text = out.events!.map(e => e.message).join('\n');
		expect(text).toMatch(/GET \/\S* \d{3} \d+ms|"level":"(info|warn|error)"/);
		// The same seed gives the same lines.
		const again = await setup();
		const [id2] = await taskIds(again.t, 'production', 'web');
		expect(id2).toBe(id);
		await again.t.advance(30);
		const out2 = await again.logs.send(new GetLogEventsCommand({logGroupName: '/ecs/web', logStreamName: `ecs/web/${id}`, limit: 20}));
		expect(out2.events).toEqual(out.events);
	});

	it('GetLogEvents: a forward token returns only new lines, and itself when nothing is new', async () => {
		const {t, logs} = await setup({logRate: 2});
		const [id] = await taskIds(t, 'staging', 'frontend');
		const stream = {logGroupIdentifier: 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/frontend', logStreamName: `ecs/frontend/${id}`};
		const first = await logs.send(new GetLogEventsCommand({...stream, limit: 5}));
		expect(first.events).toHaveLength(5);
		expect(first.nextForwardToken).toMatch(/^f\/\d+$/);
		expect(first.nextBackwardToken).toMatch(/^b\/\d+$/);
		const same = await logs.send(new GetLogEventsCommand({...stream, nextToken: first.nextForwardToken}));
		expect(same.events).toEqual([]);
		expect(same.nextForwardToken).toBe(first.nextForwardToken);
		await t.advance(10);
		const next = await logs.send(new GetLogEventsCommand({...stream, nextToken: first.nextForwardToken}));
		expect(next.events!.length).toBeGreaterThanOrEqual(18);
		expect(next.events![0]!.timestamp).toBeGreaterThan(first.events!.at(-1)!.timestamp!);
		expect(next.nextForwardToken).not.toBe(first.nextForwardToken);
		// Backwards from the first answer: the lines before it, none repeated.
		const back = await logs.send(new GetLogEventsCommand({...stream, nextToken: first.nextBackwardToken, limit: 5}));
		expect(back.events).toHaveLength(5);
		expect(back.events!.at(-1)!.timestamp).toBeLessThanOrEqual(first.events![0]!.timestamp!);
		// From the head: the banner.
		const head = await logs.send(new GetLogEventsCommand({...stream, startFromHead: true, limit: 2}));
		expect(head.events![0]!.message).toContain('starting frontend');
	});

	it('errors are typed: unknown group or stream, bad token', async () => {
		const {logs} = await setup();
		await expect(logs.send(new GetLogEventsCommand({logGroupName: '/ecs/none', logStreamName: 'x'}))).rejects.toMatchObject({name: 'ResourceNotFoundException'});
		await expect(logs.send(new GetLogEventsCommand({logGroupName: '/ecs/web', logStreamName: 'ecs/web/nope'}))).rejects.toMatchObject({name: 'ResourceNotFoundException', message: 'The specified log stream does not exist.'});
		const stream = (await logs.send(new DescribeLogStreamsCommand({logGroupName: '/ecs/web', limit: 1}))).logStreams![0]!.logStreamName;
		await expect(logs.send(new GetLogEventsCommand({logGroupName: '/ecs/web', logStreamName: stream, nextToken: 'zz'}))).rejects.toMatchObject({name: 'InvalidParameterException'});
		await expect(logs.send(new FilterLogEventsCommand({logGroupName: '/ecs/web', logStreamNames: ['a'], logStreamNamePrefix: 'ecs/'}))).rejects.toMatchObject({name: 'InvalidParameterException'});
		await expect(logs.send(new FilterLogEventsCommand({logGroupName: '/ecs/web', filterPattern: '[ip, user]'}))).rejects.toMatchObject({name: 'InvalidParameterException'});
	});

	it('the crash-looping service logs an error and a stack trace before each exit', async () => {
		const {t, logs} = await setup();
		for (let i = 0; i < 12; i++) await t.advance(10);
		const out = await filterAll(logs, {logGroupName: '/ecs/payments', logStreamNamePrefix: 'ecs/payments/', startTime: start, filterPattern: '"exited with code 1"'});
		expect(out.events.length).toBeGreaterThanOrEqual(2);
		const crashed = out.events[0]!;
		const around = await logs.send(new GetLogEventsCommand({logGroupName: '/ecs/payments', logStreamName: crashed.logStreamName, endTime: crashed.timestamp! + 1}));
		const lines = around.events!.slice(-6).map(e => e.message!);
		expect(lines[0]).toContain('"level":"error"');
		expect(lines[1]).toMatch(/^Error: connect ECONNREFUSED/);
		expect(lines[2]).toMatch(/^ {4}at /);
		// Nothing after the stop, however long we wait.
		const taskId = crashed.logStreamName!.split('/').at(-1)!;
		await t.advance(60);
		const later = await logs.send(new GetLogEventsCommand({logGroupName: '/ecs/payments', logStreamName: `ecs/payments/${taskId}`, limit: 1}));
		expect(later.events![0]!.message).toContain('exited with code 1');
	});

	it('a container killed for memory (exit 137) logs the V8 heap message last', async () => {
		const {t, logs} = await setup({world: 'empty'});
		const w = t.sim.world;
		const cluster = w.addCluster('oom');
		const task = w.runTask(cluster, {taskDefinition: w.addTaskDefinition({family: 'hog', behaviour: {crashAfterSeconds: 5, exitCode: 137}}), state: 'launch'});
		for (let i = 0; i < 6; i++) await t.advance(10);
		expect(task.lastStatus).toBe('STOPPED');
		const out = await logs.send(new GetLogEventsCommand({logGroupName: '/ecs/hog', logStreamName: `ecs/hog/${task.id}`, limit: 2}));
		expect(out.events!.map(e => e.message)).toEqual([expect.stringContaining('Mark-Compact'), 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory']);
	});
});

describe('logs: FilterLogEvents', () => {
	it('merges a service\'s tasks in time order with event ids, and paginates', async () => {
		const {t, logs} = await setup({logRate: 1});
		await t.advance(20);
		const ids = await taskIds(t, 'production', 'worker');
		expect(ids.length).toBeGreaterThanOrEqual(2);
		const query = {logGroupName: '/ecs/worker', logStreamNamePrefix: 'ecs/worker/', startTime: start, endTime: start + 20_000};
		const all = await filterAll(logs, {...query, limit: 7});
		expect(all.pages).toBeGreaterThan(2);
		const streams = new Set(all.events.map(e => e.logStreamName));
		expect(streams).toEqual(new Set(ids.map(id => `ecs/worker/${id}`)));
		const times = all.events.map(e => e.timestamp!);
		expect(times).toEqual([...times].sort((a, b) => a - b));
		const eventIds = all.events.map(e => e.eventId!);
		expect(new Set(eventIds).size).toBe(eventIds.length);
		for (const id of eventIds) expect(id).toMatch(/^\d{20,}$/);
		// One page holds the same lines as the seven-line pages.
		const one = await logs.send(new FilterLogEventsCommand(query));
		expect(one.nextToken).toBeUndefined();
		expect(one.events!.map(e => e.eventId)).toEqual(eventIds);
		// Exact streams instead of a prefix.
		const first = await logs.send(new FilterLogEventsCommand({logGroupName: '/ecs/worker', logStreamNames: [`ecs/worker/${ids[0]}`], startTime: start}));
		expect(new Set(first.events!.map(e => e.logStreamName))).toEqual(new Set([`ecs/worker/${ids[0]}`]));
	});

	describe('filter patterns', () => {
		const group = '/ecs/test';
		const lines = [
			'{"level":"error","msg":"upstream timeout","latency":1500}',
			'{"level":"info","msg":"request completed","latency":12}',
			'{"level":"warn","msg":"slow query","latency":250}',
			'GET /health 200 3ms',
			'POST /login 500 40ms connection reset by peer',
			'ERROR something broke',
			'Error: lower case error',
		];

		async function planted(): Promise<CloudWatchLogsClient> {
			const {logs} = await setup({world: 'empty'});
			await logs.send(new CreateLogGroupCommand({logGroupName: group}));
			await logs.send(new CreateLogStreamCommand({logGroupName: group, logStreamName: 'app'}));
			await logs.send(new PutLogEventsCommand({logGroupName: group, logStreamName: 'app', logEvents: lines.map((message, i) => ({timestamp: start - 10_000 + i, message}))}));
			return logs;
		}

		const cases: Array<[string, number[]]> = [
			['', [0, 1, 2, 3, 4, 5, 6]],
			['ERROR', [5]],
			['GET 200', [3]],
			['"connection reset"', [4]],
			['?ERROR ?Error', [5, 6]],
			['0ms -health', [4]],
			['{ $.level = "error" }', [0]],
			['{ $.level != "info" }', [0, 2]],
			['{ $.latency > 100 }', [0, 2]],
			['{ $.latency > 100 && $.level = "warn" }', [2]],
			['{ ($.level = "info") || ($.msg = "slow*") }', [1, 2]],
			['{ $.missing NOT EXISTS && $.latency < 20 }', [1]],
		];

		it.each(cases)('%j', async (pattern, expected) => {
			const client = await planted();
			const out = await client.send(new FilterLogEventsCommand({logGroupName: group, filterPattern: pattern}));
			expect(out.events!.map(e => lines.indexOf(e.message!))).toEqual(expected);
		});

		it('a pathological pattern and line answer at once', async () => {
			const client = await planted();
			const long = 'a'.repeat(200_000);
			await client.send(new PutLogEventsCommand({logGroupName: group, logStreamName: 'app', logEvents: [{timestamp: start, message: `{"msg":"${long}"}`}, {timestamp: start + 1, message: long}]}));
			const pattern = `{ $.msg = "${'*a'.repeat(60)}b" }`;
			const out = await client.send(new FilterLogEventsCommand({logGroupName: group, filterPattern: pattern}));
			expect(out.events).toEqual([]);
			const terms = await client.send(new FilterLogEventsCommand({logGroupName: group, filterPattern: `"${'a'.repeat(1000)}b" ${'?a '.repeat(5)}`}));
			expect(terms.events).toEqual([]);
		});
	});

	it('answers a long, fruitless search in pages (empty ones with a token) instead of scanning days at once', async () => {
		const {logs} = await setup();
		// Days of lines from four tasks: more than one call examines.
		const out = await logs.send(new FilterLogEventsCommand({logGroupName: '/ecs/web', filterPattern: 'no-such-term'}));
		expect(out.events).toEqual([]);
		expect(out.nextToken).toBeDefined();
		const next = await logs.send(new FilterLogEventsCommand({logGroupName: '/ecs/web', filterPattern: 'no-such-term', nextToken: out.nextToken}));
		expect(next.events).toEqual([]);
		expect(next.nextToken).not.toBe(out.nextToken);
	});

	it('beyond 5 TPS is a ThrottlingException the SDK understands', async () => {
		const {t, logs} = await setup({throttle: true});
		const results = await Promise.allSettled(Array.from({length: 8}, async () => logs.send(new FilterLogEventsCommand({logGroupName: '/ecs/web', limit: 1, startTime: start - 1000}))));
		const throttled = results.filter(r => r.status === 'rejected');
		expect(throttled).toHaveLength(3);
		for (const r of throttled) {
			const error = (r as PromiseRejectedResult).reason as {name: string; $metadata: {httpStatusCode: number}; $retryable?: {throttling?: boolean}};
			expect(error.name).toBe('ThrottlingException');
			expect(error.$metadata.httpStatusCode).toBe(400);
		}
		expect((await t.stats()).throttled.FilterLogEvents).toBe(3);
		expect((await t.stats()).calls.FilterLogEvents).toBe(8);
		await t.advance(1);
		await expect(logs.send(new FilterLogEventsCommand({logGroupName: '/ecs/web', limit: 1, startTime: start - 1000}))).resolves.toBeDefined();
	});

	it('faults apply to Logs operations: deny by operation', async () => {
		const {t, logs} = await setup();
		await t.faults({deny: {GetLogEvents: 'AccessDeniedException'}});
		await expect(logs.send(new GetLogEventsCommand({logGroupName: '/ecs/web', logStreamName: 'x'}))).rejects.toMatchObject({name: 'AccessDeniedException', message: expect.stringContaining('logs:GetLogEvents')});
	});
});

describe('logs: task definitions', () => {
	it('every demo container logs with awslogs but one FireLens app, whose router logs with awslogs', async () => {
		const {t, logs} = await setup();
		const etl = (await t.client.send(new DescribeTaskDefinitionCommand({taskDefinition: 'etl'}))).taskDefinition!;
		const app = etl.containerDefinitions!.find(c => c.name === 'etl')!;
		const router = etl.containerDefinitions!.find(c => c.name === 'log_router')!;
		expect(app.logConfiguration?.logDriver).toBe('awsfirelens');
		expect(router.firelensConfiguration).toEqual({type: 'fluentbit'});
		expect(router.logConfiguration).toEqual({logDriver: 'awslogs', options: {'awslogs-group': '/ecs/etl', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'firelens'}});
		const web = (await t.client.send(new DescribeTaskDefinitionCommand({taskDefinition: 'web'}))).taskDefinition!;
		expect(web.containerDefinitions![0]!.logConfiguration).toEqual({logDriver: 'awslogs', options: {'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs'}});
		const streams = await logs.send(new DescribeLogStreamsCommand({logGroupName: '/ecs/etl'}));
		expect(streams.logStreams!.map(s => s.logStreamName!.split('/').slice(0, 2).join('/'))).toEqual(['firelens/log_router']);
	});

	it('the --scale world logs with awslogs too', async () => {
		const {t, logs} = await setup({world: 'empty', scale: 1});
		const groups = await logs.send(new DescribeLogGroupsCommand({logGroupNamePrefix: '/ecs/big-app-'}));
		expect(groups.logGroups).toHaveLength(25);
		await t.advance(10);
		const out = await logs.send(new FilterLogEventsCommand({logGroupName: '/ecs/big-app-00', startTime: start, limit: 50}));
		expect(out.events!.length).toBeGreaterThan(0);
		expect(out.events![0]!.logStreamName).toMatch(/^ecs\/big-app-00\/[0-9a-f]{32}$/);
	});
});
