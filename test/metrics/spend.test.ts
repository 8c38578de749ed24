// The spend ledger: calls per category since start and in a sliding 60 s window (on an injected
// clock), GetMetricData's metrics requested and Live Tail's session-minutes, priced from the table;
// and that the limiter counts every call it puts on the wire, reads, mutations and Live Tail alike.
import {describe, expect, it} from 'vitest';
import {RateLimiter, sharedLimiter} from '../../source/aws/limiter.js';
import {limitedRead} from '../../source/aws/limited-read.js';
import {cloudwatchPrices, estimateUsd, SlidingCount, SpendLedger, sharedSpend} from '../../source/aws/spend.js';
import {EcsClient} from '../../source/aws/ecs-client.js';
import {LogsClient} from '../../source/aws/logs-client.js';

function clock(start = Date.UTC(2026, 0, 1, 12)) {
	let now = start;
	return {now: () => now, advance: (ms: number) => void (now += ms)};
}

describe('the sliding count', () => {
	it('counts the last 60 seconds and forgets what left them, in a fixed ring', () => {
		const c = clock();
		const count = new SlidingCount(60);
		count.add(c.now(), 3);
		c.advance(30_000);
		count.add(c.now(), 2);
		expect(count.sum(c.now())).toBe(5);
		c.advance(29_999);
		expect(count.sum(c.now())).toBe(5);
		// The first second is now 60 s old: out.
		c.advance(1);
		expect(count.sum(c.now())).toBe(2);
		c.advance(30_000);
		expect(count.sum(c.now())).toBe(0);
	});

	it('reuses a bucket a whole window later without carrying its old count', () => {
		const c = clock();
		const count = new SlidingCount(60);
		count.add(c.now(), 7);
		c.advance(60_000);
		count.add(c.now(), 1);
		expect(count.sum(c.now())).toBe(1);
	});
});

describe('the spend ledger', () => {
	it('counts calls per category, since start and in the last minute', () => {
		const c = clock();
		const ledger = new SpendLedger({now: c.now});
		ledger.call('serviceRead');
		ledger.call('serviceRead');
		c.advance(45_000);
		ledger.call('cloudwatchGetMetricData');
		let s = ledger.snapshot();
		expect(s.calls).toEqual({total: 3, lastMinute: 3});
		expect(s.byCategory).toEqual({serviceRead: {total: 2, lastMinute: 2}, cloudwatchGetMetricData: {total: 1, lastMinute: 1}});
		c.advance(20_000);
		s = ledger.snapshot();
		expect(s.calls).toEqual({total: 3, lastMinute: 1});
		expect(s.byCategory.serviceRead).toEqual({total: 2, lastMinute: 0});
		expect(s.since).toBe(Date.UTC(2026, 0, 1, 12));
		// When the snapshot was taken, on the ledger's own clock, and the table it was priced from.
		expect(s.at - s.since).toBe(65_000);
		expect(s.prices).toBe(cloudwatchPrices);
	});

	it('prices metrics requested and Live Tail minutes from the table', () => {
		const c = clock();
		const ledger = new SpendLedger({now: c.now});
		ledger.metricsRequested(2500);
		ledger.metricsRequested(0);
		const stop = ledger.liveTailStarted();
		c.advance(90_000);
		const open = ledger.liveTailStarted();
		c.advance(30_000);
		stop();
		stop();
		c.advance(30_000);
		const s = ledger.snapshot();
		// 2 minutes closed + 1 minute of the one still open.
		expect(s.liveTail).toEqual({sessions: 2, open: 1, minutes: 3});
		expect(s.metricsRequested).toEqual({total: 2500, lastMinute: 0});
		expect(s.estimate.getMetricDataUsd).toBeCloseTo(2.5 * cloudwatchPrices.getMetricDataPer1000Metrics, 10);
		expect(s.estimate.liveTailUsd).toBeCloseTo(3 * cloudwatchPrices.liveTailPerSessionMinute, 10);
		expect(s.estimate.usd).toBeCloseTo(s.estimate.getMetricDataUsd + s.estimate.liveTailUsd, 10);
		expect(s.estimate.pricesStatus).toBe('unverified');
		expect(s.estimate.pricesReadAt).toBe(cloudwatchPrices.readAt);
		open();
		expect(ledger.snapshot().liveTail.open).toBe(0);
	});

	it('estimateUsd is the table’s arithmetic', () => {
		const table = {...cloudwatchPrices, getMetricDataPer1000Metrics: 0.02, liveTailPerSessionMinute: 0.5, status: 'verified' as const};
		expect(estimateUsd({metricsRequested: 1000, liveTailMinutes: 2}, table)).toEqual({usd: 1.02, getMetricDataUsd: 0.02, liveTailUsd: 1, pricesReadAt: table.readAt, pricesStatus: 'verified'});
	});
});

describe('the limiter counts every call it sends', () => {
	const noSleep = {retry: {maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0}, sleep: async () => {}, random: () => 0};

	it('a read and each of its retries', async () => {
		const ledger = new SpendLedger();
		const limiter = new RateLimiter({spend: ledger, backoff: {baseMs: 1, maxMs: 1}});
		let calls = 0;
		const send = async () => {
			calls++;
			if (calls < 3) throw Object.assign(new Error('boom'), {$metadata: {httpStatusCode: 503}});
			return {ok: true};
		};
		await limitedRead({limiter, send, ...noSleep}, 'serviceRead', {});
		expect(ledger.snapshot().byCategory).toEqual({serviceRead: {total: 3, lastMinute: 3}});
	});

	it('a mutation, but not one refused in read-only mode', async () => {
		const ledger = new SpendLedger();
		const limiter = new RateLimiter({spend: ledger});
		const send = async () => ({service: {serviceName: 'web'}});
		await new EcsClient({send, readOnly: false, limiter, ...noSleep}).updateService('c', 'web', {desiredCount: 2});
		await expect(new EcsClient({send, readOnly: true, limiter, ...noSleep}).updateService('c', 'web', {desiredCount: 3})).rejects.toThrow('read-only');
		expect(ledger.snapshot().byCategory).toEqual({serviceModify: {total: 1, lastMinute: 1}});
	});

	it('Live Tail: its start as a call, its session-minutes from the first frame until it closes', async () => {
		const c = clock();
		const ledger = new SpendLedger({now: c.now});
		const limiter = new RateLimiter({spend: ledger, now: c.now});
		let release = () => {};
		const held = new Promise<void>(resolve => {
			release = resolve;
		});
		async function* frames() {
			yield {sessionStart: {sessionId: 'session-1'}};
			await held;
		}
		const send = async () => ({responseStream: frames()});
		const session = await new LogsClient({send, region: 'us-east-1', limiter, ...noSleep}).startLiveTail({logGroupArns: ['arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web']});
		expect(session.sessionId).toBe('session-1');
		c.advance(150_000);
		expect(ledger.snapshot().liveTail).toEqual({sessions: 1, open: 1, minutes: 2.5});
		session.close();
		release();
		c.advance(60_000);
		const s = ledger.snapshot();
		expect(s.liveTail).toEqual({sessions: 1, open: 0, minutes: 2.5});
		expect(s.byCategory).toEqual({logsStartLiveTail: {total: 1, lastMinute: 0}});
		// Its start was answered: nothing is left on the wire.
		expect(limiter.status().outstandingSince).toBeUndefined();
	});

	it('the shared limiter counts into the shared ledger', () => {
		expect(sharedLimiter().spend).toBe(sharedSpend());
	});
});
