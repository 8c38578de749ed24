// The logs feed's logic against an in-memory CloudWatch Logs on a manual clock: merge order across
// tasks and containers, de-duplication at the poll boundary (and of a line shipped late), the ring's
// drop count, following by token and by time, backoff through an outage, Live Tail's fallback when
// refused and its stop after 10 minutes without a key press.
import {describe, expect, it} from 'vitest';
import {RateLimiter} from '../../source/aws/limiter.js';
import {toLogEvents} from '../../source/aws/logs-client.js';
import type {LogEvent} from '../../source/domain.js';
import {createLogsFeed, type LogsFeedOptions} from '../../source/store/logs/feed.js';
import {ManualClock} from '../helpers/manual-clock.js';
import {awslogs, definition, FakeLogs, fakeEcs, task, taskIds} from './fake-logs.js';

const t0 = Date.parse('2026-11-22T02:00:00.000Z');

function setup(options: {tasks?: number; containers?: string[]; feed?: Partial<LogsFeedOptions>} = {}) {
	const clock = new ManualClock(t0);
	const logs = new FakeLogs(clock.now);
	const tasks = taskIds.slice(0, options.tasks ?? 2).map(id => task(id));
	const def = definition((options.containers ?? ['web']).map(name => ({name, logConfiguration: awslogs()})));
	const printed: LogEvent[] = [];
	const feed = createLogsFeed({
		ecs: fakeEcs(tasks),
		logs: () => logs,
		target: {cluster: 'prod', service: 'web', taskArns: tasks.map(t => t.taskArn)},
		now: clock.now,
		timers: clock.timers,
		random: () => 0.5,
		intervalMs: 3000,
		taskDefinition: async () => def,
		onLines: lines => printed.push(...lines),
		...options.feed,
	});
	const stream = (i: number, container = 'web') => `ecs/${container}/${taskIds[i]}`;
	return {clock, logs, feed, printed, stream};
}

describe('logs feed', () => {
	it('merges the tasks’ and containers’ streams oldest first, each line tagged with its task and container', async () => {
		const {clock, logs, feed, stream} = setup({containers: ['web', 'envoy']});
		logs.put('/ecs/web', stream(0), 'a', t0 - 5000);
		logs.put('/ecs/web', stream(1), 'b', t0 - 4000);
		logs.put('/ecs/web', stream(0, 'envoy'), 'c', t0 - 3000);
		logs.put('/ecs/web', stream(1, 'envoy'), 'd', t0 - 4500);
		feed.start();
		await clock.advance(0);
		const {lines, state} = feed.getState();
		expect(state).toBe('following');
		expect(lines.map(l => l.message)).toEqual(['a', 'd', 'b', 'c']);
		expect(lines.map(l => `${l.taskId?.slice(0, 12)}/${l.container}`)).toEqual(['3f2a9c1b7d4e/web', '9a8b7c6d5e4f/envoy', '9a8b7c6d5e4f/web', '3f2a9c1b7d4e/envoy']);
		// One FilterLogEvents by stream names for the group, no GetLogEvents.
		expect(logs.count('GetLogEvents')).toBe(0);
		feed.stop();
	});

	it('tails the newest N across streams, then follows: every new line exactly once, a late-shipped one too', async () => {
		const {clock, logs, feed, printed, stream} = setup();
		for (let i = 0; i < 30; i++) logs.put('/ecs/web', stream(i % 2), `old ${i}`, t0 - 30_000 + i * 1000);
		feed.start({kind: 'tail', lines: 10});
		await clock.advance(0);
		expect(feed.getState().lines.map(l => l.message)).toEqual(Array.from({length: 10}, (_, i) => `old ${i + 20}`));
		// New lines: one at the boundary's timestamp, and one logged early but shipped 8 s late.
		logs.put('/ecs/web', stream(0), 'same ms as the last', t0 - 1000, t0 + 500);
		logs.put('/ecs/web', stream(1), 'new 1', t0 + 1000);
		logs.put('/ecs/web', stream(0), 'late', t0 + 1500, t0 + 9500);
		logs.put('/ecs/web', stream(1), 'new 2', t0 + 4000);
		for (let i = 0; i < 10; i++) await clock.advance(3000);
		const messages = printed.map(l => l.message);
		expect(messages.slice(0, 10)).toEqual(Array.from({length: 10}, (_, i) => `old ${i + 20}`));
		expect(messages.slice(10).sort()).toEqual(['late', 'new 1', 'new 2', 'same ms as the last']);
		expect(new Set(printed.map(l => l.eventId)).size).toBe(printed.length);
		// The ring is in timestamp order, the late line where it belongs.
		const ring = feed.getState().lines.map(l => l.message);
		expect(ring.slice(-4)).toEqual(['same ms as the last', 'new 1', 'late', 'new 2']);
		feed.stop();
	});

	it('keeps the newest `capacity` lines and counts the dropped ones', async () => {
		const {clock, logs, feed, stream} = setup({feed: {capacity: 5}});
		for (let i = 0; i < 8; i++) logs.put('/ecs/web', stream(0), `line ${i}`, t0 - 10_000 + i);
		feed.start({kind: 'ago', ms: 60_000});
		await clock.advance(0);
		expect(feed.getState().lines.map(l => l.message)).toEqual(['line 3', 'line 4', 'line 5', 'line 6', 'line 7']);
		expect(feed.getState().dropped).toBe(3);
		logs.put('/ecs/web', stream(1), 'line 8', t0 + 100);
		await clock.advance(4000);
		expect(feed.getState().dropped).toBe(4);
		expect(feed.getState().lines.at(-1)?.message).toBe('line 8');
		feed.stop();
	});

	it('follows one stream with GetLogEvents forward tokens, each new line once', async () => {
		const {clock, logs, feed, printed, stream} = setup({tasks: 1});
		logs.put('/ecs/web', stream(0), 'first', t0 - 1000);
		feed.start();
		await clock.advance(0);
		logs.put('/ecs/web', stream(0), 'second', t0 + 1000);
		await clock.advance(4000);
		logs.put('/ecs/web', stream(0), 'third', t0 + 5000);
		await clock.advance(4000);
		await clock.advance(4000);
		expect(printed.map(l => l.message)).toEqual(['first', 'second', 'third']);
		expect(logs.count('FilterLogEvents')).toBe(0);
		expect(logs.count('GetLogEvents')).toBeGreaterThanOrEqual(4);
		feed.stop();
	});

	it('backs off through an outage (never more calls than polling) and says when it recovers', async () => {
		const {clock, logs, feed, stream} = setup();
		feed.start();
		await clock.advance(0);
		const before = logs.count('FilterLogEvents');
		await clock.advance(120_000);
		const normal = logs.count('FilterLogEvents') - before;
		logs.failAll = () => Object.assign(new Error('connect ECONNREFUSED'), {code: 'ECONNREFUSED'});
		const outageStart = logs.count('FilterLogEvents');
		await clock.advance(120_000);
		const duringOutage = logs.count('FilterLogEvents') - outageStart;
		expect(feed.getState().error).toMatch(/cannot reach CloudWatch Logs/);
		expect(duringOutage).toBeGreaterThan(0);
		expect(duringOutage).toBeLessThan(normal / 2);
		logs.failAll = undefined;
		logs.put('/ecs/web', stream(0), 'back', clock.now());
		await clock.advance(120_000);
		expect(feed.getState().error).toBeUndefined();
		expect(feed.getState().lines.at(-1)?.message).toBe('back');
		feed.stop();
	});

	it('falls back to polling with liveNote when Live Tail is refused', async () => {
		const {clock, logs, feed, stream} = setup();
		logs.put('/ecs/web', stream(0), 'x', t0 - 1000);
		logs.liveRefusal = Object.assign(new Error('Live Tail denied: needs logs:StartLiveTail'), {name: 'LiveTailError'});
		feed.start();
		await clock.advance(0);
		feed.setLive(true);
		await clock.advance(0);
		expect(feed.getState().live).toBe(false);
		expect(feed.getState().liveNote).toMatch(/denied.*polling/);
		const polls = logs.count('FilterLogEvents');
		logs.put('/ecs/web', stream(1), 'still polled', t0 + 100);
		await clock.advance(10_000);
		expect(logs.count('FilterLogEvents')).toBeGreaterThan(polls);
		expect(feed.getState().lines.at(-1)?.message).toBe('still polled');
		feed.stop();
	});

	it('Live Tail delivers lines instead of polling and stops after 10 minutes without touch()', async () => {
		const {clock, logs, feed, printed, stream} = setup();
		logs.put('/ecs/web', stream(0), 'before', t0 - 1000);
		feed.start();
		await clock.advance(0);
		feed.setLive(true);
		await clock.advance(0);
		expect(feed.getState().live).toBe(true);
		const session = logs.liveSessions[0]!;
		expect(session.request.logStreamNames).toEqual([stream(0), stream(1)]);
		const polls = logs.count('FilterLogEvents');
		session.push(toLogEvents([{logStreamName: stream(1), timestamp: t0 + 10, ingestionTime: t0 + 20, message: 'live line'}, {logStreamName: 'ecs/web/ffffffffffffffffffffffffffffffff', timestamp: t0 + 11, message: 'another service'}], '/ecs/web'));
		await clock.advance(60_000);
		expect(printed.map(l => l.message)).toEqual(['before', 'live line']);
		expect(logs.count('FilterLogEvents')).toBe(polls);
		// A key press at 5 minutes keeps it on past the 10th minute…
		await clock.advance(240_000);
		feed.touch();
		await clock.advance(360_000);
		expect(feed.getState().live).toBe(true);
		// …and 10 minutes after the last one it stops, polling again; the live line is not printed twice.
		logs.put('/ecs/web', stream(1), 'live line', t0 + 10, t0 + 20);
		await clock.advance(300_000);
		expect(feed.getState().live).toBe(false);
		expect(feed.getState().liveNote).toMatch(/10 minutes without a key press/);
		expect(session.closed).toBe(true);
		await clock.advance(10_000);
		expect(logs.count('FilterLogEvents')).toBeGreaterThan(polls);
		expect(printed.map(l => l.message)).toEqual(['before', 'live line']);
		feed.stop();
	});

	it('a refusal at the first read is the feed’s error (the command exits 1 with it), not retried', async () => {
		const {clock, logs, feed} = setup();
		logs.failNext = [Object.assign(new Error('User is not authorized to perform: logs:FilterLogEvents'), {name: 'AccessDeniedException', $metadata: {httpStatusCode: 400}})];
		feed.start();
		await clock.advance(0);
		await feed.loaded();
		expect(feed.getState()).toMatchObject({state: 'error', error: 'access denied: User is not authorized to perform: logs:FilterLogEvents'});
		const calls = logs.calls.length;
		await clock.advance(60_000);
		expect(logs.calls.length).toBe(calls);
		feed.stop();
	});

	it('says where logs of other drivers go, and reads only the awslogs containers', async () => {
		const clock = new ManualClock(t0);
		const logs = new FakeLogs(clock.now);
		const def = definition([
			{name: 'web', logConfiguration: awslogs()},
			{name: 'router', logConfiguration: {logDriver: 'awsfirelens', options: {Name: 'datadog'}}},
			{name: 'legacy', logConfiguration: {logDriver: 'awslogs', options: {'awslogs-group': '/ecs/legacy'}}},
			{name: 'audit', logConfiguration: {logDriver: 'splunk', options: {'splunk-url': 'https://splunk.example.com'}}},
		]);
		const feed = createLogsFeed({ecs: fakeEcs([task(taskIds[0]!)]), logs: () => logs, target: {cluster: 'prod', taskArns: [task(taskIds[0]!).taskArn]}, now: clock.now, timers: clock.timers, taskDefinition: async () => def, follow: false});
		feed.start();
		await feed.loaded();
		const state = feed.getState();
		expect(state.state).toBe('idle');
		expect(state.notes).toEqual([
			'router: FireLens: sent by the log router container to datadog',
			'legacy: awslogs to group /ecs/legacy without awslogs-stream-prefix: streams are named by container id, not task; read them in the console',
			'audit: splunk: sent to https://splunk.example.com',
		]);
		expect(state.sources.filter(s => s.kind === 'awslogs').map(s => s.container)).toEqual(['web']);
	});
});

describe('logs feed budget', () => {
	it('six followed services stay within polling’s quarter of FilterLogEvents (75 calls a minute)', async () => {
		const clock = new ManualClock(t0);
		const limiter = new RateLimiter({now: clock.now, timers: clock.timers, random: () => 0.5});
		const logs = new FakeLogs(clock.now);
		// Every call draws from the shared limiter, as the real client does.
		const paced = new Proxy(logs, {
			get(target, key, receiver) {
				const value = Reflect.get(target, key, receiver) as unknown;
				if (key !== 'filterLogEvents' && key !== 'getLogEvents') return value;
				const category = key === 'filterLogEvents' ? 'logsFilterLogEvents' : 'logsGetLogEvents';
				return async (request: never, options?: {priority?: 'poll' | 'interactive'}) => {
					await limiter.acquire(category, options?.priority ?? 'poll');
					return (value as (r: never, o?: unknown) => Promise<unknown>).call(target, request, options);
				};
			},
		});
		const feeds = Array.from({length: 6}, (_, i) => {
			const tasks = [task(taskIds[0]!.slice(0, 30) + String(i).padStart(2, '0')), task(taskIds[1]!.slice(0, 30) + String(i).padStart(2, '0'))];
			return createLogsFeed({
				ecs: fakeEcs(tasks),
				logs: () => paced,
				target: {cluster: 'prod', service: `s${i}`, taskArns: tasks.map(t => t.taskArn)},
				now: clock.now,
				timers: clock.timers,
				random: () => 0.5,
				taskDefinition: async () => definition([{name: 'web', logConfiguration: awslogs(`/ecs/s${i}`)}]),
			});
		});
		for (const feed of feeds) feed.start();
		await clock.advance(120_000);
		const polls = () => logs.calls.filter(c => c.op === 'FilterLogEvents' && c.priority === 'poll').length;
		const before = polls();
		await clock.advance(300_000);
		const perMinute = (polls() - before) / 5;
		// 6 feeds every 3 s would be 120 a minute; the limiter holds them to 5/s × 25 % = 75.
		expect(perMinute).toBeLessThanOrEqual(75);
		expect(perMinute).toBeGreaterThan(60);
		for (const feed of feeds) feed.stop();
	});
});
