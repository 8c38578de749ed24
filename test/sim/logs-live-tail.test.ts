// StartLiveTail through the real SDK: a JSON error before the stream for a bad request, then an
// event stream with sessionStart and one sessionUpdate per simulated second (the clock is stepped,
// so every update is one the test asked for), and the session count back to 0 once the client
// aborts.
import {
	type CloudWatchLogsClient,
	CreateLogGroupCommand,
	CreateLogStreamCommand,
	PutLogEventsCommand,
	StartLiveTailCommand,
	type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import {ListTasksCommand} from '@aws-sdk/client-ecs';
import {describe, expect, it, vi} from 'vitest';
import {simLogsPerTest} from '../helpers/logs.js';

const start = Date.UTC(2026, 5, 1, 12);
const arn = (group: string) => `arn:aws:logs:us-east-1:123456789012:log-group:${group}`;
const setup = simLogsPerTest({seed: 3, startTime: start});

async function open(client: CloudWatchLogsClient, input: ConstructorParameters<typeof StartLiveTailCommand>[0]) {
	const abort = new AbortController();
	const out = await client.send(new StartLiveTailCommand(input), {abortSignal: abort.signal});
	const frames = out.responseStream![Symbol.asyncIterator]();
	const next = async (): Promise<StartLiveTailResponseStream> => {
		const r = await frames.next();
		if (r.done) throw new Error('stream ended');
		return r.value;
	};
	return {abort, next, frames};
}

describe('logs: StartLiveTail', () => {
	it('sessionStart, then an update each simulated second; closing the client ends the session', async () => {
		const {t, logs} = await setup({logRate: 2});
		const tasks = await t.client.send(new ListTasksCommand({cluster: 'production', serviceName: 'web'}));
		const id = tasks.taskArns![0]!.split('/').at(-1)!;
		const session = await open(logs, {logGroupIdentifiers: [arn('/ecs/web')], logStreamNamePrefixes: ['ecs/web/']});
		const first = await session.next();
		expect(first.sessionStart).toMatchObject({logGroupIdentifiers: [arn('/ecs/web')], logStreamNamePrefixes: ['ecs/web/']});
		expect(first.sessionStart!.sessionId).toBeTruthy();
		expect((await t.stats()).liveTailSessions).toEqual({open: 1, started: 1});

		await t.advance(1);
		const update = await session.next();
		expect(update.sessionUpdate!.sessionMetadata!.sampled).toBe(false);
		const results = update.sessionUpdate!.sessionResults!;
		// Two lines a second from each of the service's tasks.
		expect(results.length).toBeGreaterThanOrEqual(tasks.taskArns!.length);
		expect(results.some(r => r.logStreamName === `ecs/web/${id}`)).toBe(true);
		for (const r of results) {
			expect(r.logGroupIdentifier).toBe(arn('/ecs/web'));
			expect(r.ingestionTime).toBeGreaterThanOrEqual(start);
			expect(r.ingestionTime).toBeLessThan(start + 1000);
		}

		await t.advance(3);
		const seen: number[] = [];
		for (let i = 0; i < 3; i++) seen.push(...(await session.next()).sessionUpdate!.sessionResults!.map(r => r.ingestionTime!));
		expect(Math.min(...seen)).toBeGreaterThanOrEqual(start + 1000);
		expect(Math.max(...seen)).toBeLessThan(start + 4000);

		session.abort.abort();
		await expect(session.frames.next()).rejects.toThrow();
		await vi.waitFor(async () => expect((await t.stats()).liveTailSessions).toEqual({open: 0, started: 1}), {timeout: 5000, interval: 20});
	});

	it('empty updates when nothing is new; a filter pattern; ≤500 lines with sampled above that', async () => {
		const {t, logs} = await setup({world: 'empty'});
		await logs.send(new CreateLogGroupCommand({logGroupName: '/app'}));
		await logs.send(new CreateLogStreamCommand({logGroupName: '/app', logStreamName: 's'}));
		const session = await open(logs, {logGroupIdentifiers: [arn('/app')], logEventFilterPattern: '{ $.level = "error" }'});
		expect((await session.next()).sessionStart).toBeDefined();
		await t.advance(1);
		expect((await session.next()).sessionUpdate).toEqual({sessionMetadata: {sampled: false}, sessionResults: []});
		const line = (level: string, i: number) => ({timestamp: start + 1000 + i, message: JSON.stringify({level, msg: `line ${i}`})});
		await logs.send(new PutLogEventsCommand({logGroupName: '/app', logStreamName: 's', logEvents: [line('info', 0), line('error', 1), line('info', 2)]}));
		await t.advance(1);
		const one = (await session.next()).sessionUpdate!;
		expect(one.sessionResults!.map(r => r.message)).toEqual([line('error', 1).message]);
		await logs.send(new PutLogEventsCommand({logGroupName: '/app', logStreamName: 's', logEvents: Array.from({length: 800}, (_, i) => line('error', i))}));
		await t.advance(1);
		const many = (await session.next()).sessionUpdate!;
		expect(many.sessionMetadata!.sampled).toBe(true);
		expect(many.sessionResults).toHaveLength(500);
		session.abort.abort();
		await vi.waitFor(async () => expect((await t.stats()).liveTailSessions!.open).toBe(0), {timeout: 5000, interval: 20});
	});

	it('ends with a SessionTimeoutException after three simulated hours', async () => {
		const {t, logs} = await setup({world: 'empty'});
		await logs.send(new CreateLogGroupCommand({logGroupName: '/app'}));
		const session = await open(logs, {logGroupIdentifiers: [arn('/app')]});
		await session.next();
		await t.advance(3 * 3600);
		const frames: StartLiveTailResponseStream[] = [];
		await expect((async () => {
			for (;;) frames.push(await session.next());
		})()).rejects.toMatchObject({name: 'SessionTimeoutException'});
		// The last ten seconds one by one, the hours before them in one update.
		expect(frames).toHaveLength(10);
		await vi.waitFor(async () => expect((await t.stats()).liveTailSessions!.open).toBe(0), {timeout: 5000, interval: 20});
	});

	it('validation errors are typed exceptions before any stream', async () => {
		const {t, logs} = await setup();
		await expect(logs.send(new StartLiveTailCommand({logGroupIdentifiers: [arn('/ecs/nope')]}))).rejects.toMatchObject({name: 'ResourceNotFoundException'});
		await expect(logs.send(new StartLiveTailCommand({logGroupIdentifiers: [`${arn('/ecs/web')}:*`]}))).rejects.toMatchObject({name: 'InvalidParameterException'});
		await expect(logs.send(new StartLiveTailCommand({logGroupIdentifiers: Array.from({length: 11}, () => arn('/ecs/web'))}))).rejects.toMatchObject({name: 'InvalidParameterException'});
		await expect(logs.send(new StartLiveTailCommand({logGroupIdentifiers: [arn('/ecs/web')], logStreamNames: ['a'], logStreamNamePrefixes: ['b']}))).rejects.toMatchObject({name: 'InvalidParameterException'});
		await expect(logs.send(new StartLiveTailCommand({logGroupIdentifiers: [arn('/ecs/web'), arn('/ecs/api')], logStreamNames: ['a']}))).rejects.toMatchObject({name: 'InvalidParameterException'});
		await expect(logs.send(new StartLiveTailCommand({logGroupIdentifiers: [arn('/ecs/web')], logEventFilterPattern: '%regex%'}))).rejects.toMatchObject({name: 'InvalidParameterException'});
		expect((await t.stats()).liveTailSessions).toEqual({open: 0, started: 0});
		expect((await t.stats()).calls.StartLiveTail).toBe(6);
	});
});
