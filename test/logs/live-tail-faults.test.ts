// Live Tail broken mid-stream (`POST /_sim/faults {"liveTail": …}`), through the real SDK and the
// real logs feed against the simulator, both on stepped clocks: a dropped connection, CloudWatch's
// SessionStreamingException and an exception the SDK does not model each end the session; the feed
// says why in one line (liveNote, what the pane shows) and polls again. A SessionTimeoutException
// (CloudWatch ends every session after 3 hours) starts a new session instead. Every line the
// target's streams hold from the feed's start is printed exactly once, those logged before the
// session started, during it and after it broke included: the ground truth is one FilterLogEvents
// over the same streams at the end. No session stays open at the simulator.
import {ListTasksCommand} from '@aws-sdk/client-ecs';
import {describe, expect, it, vi} from 'vitest';
import {createLogsApi, createLogsApis} from '../../source/aws/client.js';
import type {LogEvent} from '../../source/domain.js';
import {createLogsFeed} from '../../source/store/logs/feed.js';
import {apiFor, testCredentials, testLimiter} from '../helpers/api.js';
import {simLogsPerTest} from '../helpers/logs.js';
import {ManualClock} from '../helpers/manual-clock.js';

const start = Date.UTC(2026, 5, 1, 12);
// Five lines a second per container: every simulated second has lines, so a second lost shows.
const setup = simLogsPerTest({seed: 5, startTime: start, logRate: 5});
const waiting = {timeout: 15_000, interval: 10};

async function scenario() {
	const {t} = await setup();
	const clock = new ManualClock(start);
	// The limiter on the same stepped clock: a poll waiting for its share waits for a step, not for real time.
	const logs = createLogsApis({endpointUrl: t.endpoint, region: 'us-east-1', credentials: testCredentials, limiter: testLimiter({now: clock.now, timers: clock.timers})});
	// The ground truth's own client and limiter (on the real clock): it must not wait for a step.
	const truthApi = createLogsApi({endpointUrl: t.endpoint, region: 'us-east-1', credentials: testCredentials, limiter: testLimiter()});
	// A fixed set of tasks (production's web, as running now), so the streams read are known.
	const arns = (await t.client.send(new ListTasksCommand({cluster: 'production', serviceName: 'web'}))).taskArns!;
	const streams = arns.map(arn => `ecs/web/${arn.split('/').at(-1)!}`);
	const printed: LogEvent[] = [];
	const feed = createLogsFeed({
		ecs: apiFor(t.endpoint),
		logs,
		target: {cluster: 'production', taskArns: arns},
		now: clock.now,
		timers: clock.timers,
		random: () => 0.5,
		onLines: lines => printed.push(...lines),
	});
	const since = clock.now() - 60_000;
	feed.start({kind: 'ago', ms: 60_000});
	await feed.loaded();
	const calls = async (op: string) => (await t.stats()).calls[op] ?? 0;
	/** Both clocks forward a second at a time: the simulator logs and sends Live Tail updates, the feed's polls come due. */
	const step = async (seconds: number) => {
		for (let i = 0; i < seconds; i++) {
			await t.advance(1);
			await clock.advance(1000);
		}
	};
	/** Turns Live Tail on and waits for its session (and for the read of what came before it). */
	const goLive = async () => {
		const before = await calls('FilterLogEvents');
		feed.setLive(true);
		await vi.waitFor(async () => {
			await clock.advance(0);
			expect(feed.getState().live).toBe(true);
			expect((await t.stats()).liveTailSessions?.open).toBe(1);
			expect(await calls('FilterLogEvents')).toBe(before + 1);
		}, waiting);
	};
	/**
	 * With the simulator's clock still, the feed polls until it has read everything there is: every
	 * line of the streams since the feed's start, each printed once.
	 */
	const settle = async () => {
		// aws logs filter-log-events --log-group-name /ecs/web --log-stream-names S… --start-time T
		const truth = await truthApi.filterLogEvents({logGroup: '/ecs/web', logStreamNames: streams, startTime: since});
		const want = truth.map(e => e.eventId).sort();
		expect(want.length).toBeGreaterThan(100);
		await vi.waitFor(async () => {
			await clock.advance(3000);
			expect(printed.map(e => e.eventId).sort()).toEqual(want);
		}, waiting);
		expect(new Set(printed.map(e => e.eventId)).size).toBe(printed.length);
	};
	return {t, clock, feed, printed, step, goLive, settle, calls};
}

describe('logs feed: Live Tail broken mid-stream', () => {
	it.each([
		['drop', 'Live Tail connection lost (ECONNRESET); polling'],
		['exception', 'Live Tail stream broke off (SessionStreamingException); polling'],
		// Not in the SDK's model of the stream: named as it came.
		['ServiceUnavailableException', 'Live Tail failed: CloudWatch Logs returned a server error (ServiceUnavailableException); polling'],
	])('%s: back to polling with one line saying why; every line exactly once, none lost across either switch', async (fault, note) => {
		const {t, feed, printed, step, goLive, settle, calls} = await scenario();
		// Polls at 3 s and 6 s; L at 8 s: the lines of 6–8 s are logged after the last poll and before
		// the session starts (Live Tail sends only what arrives after its start).
		await step(8);
		await goLive();
		// Live: lines arrive without a poll.
		const polls = await calls('FilterLogEvents');
		const seen = printed.length;
		await step(5);
		await vi.waitFor(() => expect(printed.length).toBeGreaterThan(seen + 20), waiting);
		expect(await calls('FilterLogEvents')).toBe(polls);

		const answer = await t.faults({liveTail: fault});
		expect(answer.liveTailSessionsBroken).toBe(1);
		await vi.waitFor(() => expect(feed.getState()).toMatchObject({live: false, liveNote: note}), waiting);
		expect(feed.getState().error).toBeUndefined();
		expect((await t.stats()).liveTailSessions).toEqual({open: 0, started: 1});
		// Lines logged since the break are read by polling.
		await step(8);
		await vi.waitFor(async () => expect(await calls('FilterLogEvents')).toBeGreaterThan(polls + 1), waiting);
		await settle();
		expect(feed.getState().live).toBe(false);
		feed.stop();
		expect((await t.stats()).liveTailSessions).toEqual({open: 0, started: 1});
	});

	it('the session drops before the read of what came before it succeeded: polling picks up where it left off, nothing lost', async () => {
		const {t, feed, step, goLive, settle} = await scenario();
		await step(8);
		// FilterLogEvents refused for a while: the read after the session opens fails (and is tried again later).
		await t.faults({deny: {FilterLogEvents: 'AccessDeniedException'}});
		await goLive();
		await vi.waitFor(() => expect(feed.getState().error).toMatch(/^access denied/), waiting);
		await step(3);
		await t.faults({liveTail: 'drop', deny: {}});
		await vi.waitFor(() => expect(feed.getState()).toMatchObject({live: false, liveNote: 'Live Tail connection lost (ECONNRESET); polling'}), waiting);
		await step(6);
		await settle();
		expect(feed.getState().error).toBeUndefined();
		expect((await t.stats()).liveTailSessions).toEqual({open: 0, started: 1});
		feed.stop();
	});

	it('SessionTimeoutException (3 hours): a new session takes over, no line lost or doubled between the two', async () => {
		const {t, clock, feed, printed, step, goLive, settle, calls} = await scenario();
		// L between two polls (at 3 s and 6 s), as above.
		await step(4);
		await goLive();
		// More than a minute in (a session ended sooner is not renewed: polling).
		await step(70);
		const seen = printed.length;
		await t.faults({liveTail: 'timeout'});
		await vi.waitFor(async () => {
			await clock.advance(0);
			expect((await t.stats()).liveTailSessions).toEqual({open: 1, started: 2});
		}, waiting);
		expect(feed.getState()).toMatchObject({live: true, liveNote: undefined});
		const polls = await calls('FilterLogEvents');
		await step(5);
		await vi.waitFor(() => expect(printed.length).toBeGreaterThan(seen + 20), waiting);
		expect(await calls('FilterLogEvents')).toBe(polls);
		// Off by hand: polling reads the rest, and the ground truth holds over both sessions.
		feed.setLive(false);
		await vi.waitFor(async () => expect((await t.stats()).liveTailSessions).toEqual({open: 0, started: 2}), waiting);
		await settle();
		feed.stop();
	});

	it('a session that times out within a minute of its start is not renewed: polling, saying why', async () => {
		const {t, feed, step, goLive, settle} = await scenario();
		await step(4);
		await goLive();
		await step(3);
		await t.faults({liveTail: 'timeout'});
		await vi.waitFor(() => expect(feed.getState()).toMatchObject({live: false, liveNote: 'Live Tail session ended (CloudWatch ends sessions after 3 hours); polling'}), waiting);
		await step(6);
		await settle();
		expect((await t.stats()).liveTailSessions).toEqual({open: 0, started: 1});
		feed.stop();
	});
});

describe('simulator: POST /_sim/faults {"liveTail"}', () => {
	it('breaks only the sessions open now, and refuses what it does not know', async () => {
		const {t} = await setup();
		expect((await t.faults({liveTail: 'drop'})).liveTailSessionsBroken).toBe(0);
		await expect(t.faults({liveTail: 'explode'})).rejects.toThrow(/400.*liveTail must be/);
		await expect(t.faults({liveTail: 7})).rejects.toThrow(/400.*liveTail must be/);
	});
});
