// The pieces behind "an outage costs no more than polling" and "the header tells the latest truth",
// on their own: the retry loop's `scheduled` calls, the limiter's latest-outcome and on-the-wire
// bookkeeping, the poller's fault backoff and the API status it derives.
import {describe, expect, it} from 'vitest';
import {EcsClient, type Send} from '../../source/aws/ecs-client.js';
import {RateLimiter} from '../../source/aws/limiter.js';
import {apiStatus, faultBackoffMs} from '../../source/store/poll/poller-parts.js';
import {ManualClock} from '../helpers/manual-clock.js';

const timeout = () => Object.assign(new Error('Connection timed out after 30000 ms'), {name: 'TimeoutError'});
const http500 = () => Object.assign(new Error('Service Unavailable'), {name: 'ServerException', $fault: 'server', $metadata: {httpStatusCode: 500}});
const throttle = () => Object.assign(new Error('Rate exceeded'), {name: 'ThrottlingException', $metadata: {httpStatusCode: 400}});

function client(fail: () => Error) {
	let sends = 0;
	const send: Send = async () => {
		sends++;
		throw fail();
	};
	const limiter = new RateLimiter({backoff: {baseMs: 0, maxMs: 0}});
	const api = new EcsClient({send, readOnly: true, limiter, retry: {baseDelayMs: 0, maxDelayMs: 0}, sleep: async () => {}});
	return {api, limiter, sends: () => sends};
}

describe('the retry loop', () => {
	for (const [name, fail] of [
		['a timeout', timeout],
		['an HTTP 500', http500],
	] as const) {
		it(`${name}: a scheduled poll sends once (its next poll is the retry); any other read retries`, async () => {
			const polled = client(fail);
			await expect(polled.api.listClusterArns({priority: 'poll', scheduled: true})).rejects.toThrow();
			expect(polled.sends()).toBe(1);
			const asked = client(fail);
			await expect(asked.api.listClusterArns({priority: 'interactive'})).rejects.toThrow();
			expect(asked.sends()).toBe(4);
		});
	}

	it('throttles are retried after the limiter backoff, scheduled or not', async () => {
		const polled = client(throttle);
		await expect(polled.api.listClusterArns({priority: 'poll', scheduled: true})).rejects.toThrow();
		expect(polled.sends()).toBe(4);
	});
});

describe('the limiter', () => {
	it('a fault after throttling ends the throttle mark, though its backoff still runs', () => {
		const clock = new ManualClock();
		const limiter = new RateLimiter({now: clock.now, timers: clock.timers, random: () => 1});
		limiter.throttled('serviceRead');
		expect(limiter.status().state).toBe('throttled');
		expect(limiter.failed('serviceRead')).toBe(1);
		expect(limiter.failed('serviceRead')).toBe(2);
		expect(limiter.status()).toEqual({state: 'ok'});
		limiter.throttled('serviceRead');
		expect(limiter.status().state).toBe('throttled');
		limiter.succeeded('serviceRead');
		expect(limiter.failed('serviceRead')).toBe(1);
	});

	it('reports when the oldest call still on the wire was sent', async () => {
		const clock = new ManualClock();
		const limiter = new RateLimiter({now: clock.now, timers: clock.timers});
		const first = limiter.sending('serviceRead');
		const sent = clock.now();
		await clock.advance(3000);
		const second = limiter.sending('serviceRead');
		expect(limiter.status()).toEqual({state: 'ok', outstandingSince: sent});
		first();
		expect(limiter.status()).toEqual({state: 'ok', outstandingSince: sent + 3000});
		second();
		expect(limiter.status()).toEqual({state: 'ok'});
	});
});

describe('the poller', () => {
	it('backs off a failing scope exponentially with full jitter, never sooner than its interval, at most 32 s', () => {
		expect(faultBackoffMs(2000, 1, () => 0)).toBe(2000);
		expect(faultBackoffMs(2000, 1, () => 0.99)).toBeCloseTo(3960);
		expect(faultBackoffMs(2000, 3, () => 0.99)).toBeCloseTo(15_840);
		expect(faultBackoffMs(2000, 20, () => 1)).toBe(32_000);
		// A refresh slower than the cap is never hurried.
		expect(faultBackoffMs(60_000, 5, () => 0.5)).toBe(60_000);
	});

	it('API status: an unanswered call past 5 s first, then throttling, then API-wide errors', () => {
		const server = {name: 'ServerError', message: 'ECS returned a server error (HTTP 500)'};
		expect(apiStatus({state: 'ok', outstandingSince: 1000}, server, 5999)).toEqual({state: 'error', message: server.message});
		expect(apiStatus({state: 'ok', outstandingSince: 1000}, undefined, 5999)).toEqual({state: 'ok'});
		expect(apiStatus({state: 'throttled', message: 'throttled: service read', outstandingSince: 1000}, server, 6000)).toEqual({state: 'waiting', waitingSince: 1000});
		expect(apiStatus({state: 'throttled', message: 'throttled: service read', outstandingSince: 5000}, server, 6000)).toEqual({state: 'throttled', message: 'throttled: service read'});
		expect(apiStatus({state: 'ok'}, {name: 'ClusterNotFoundException', message: 'Cluster not found.'}, 0)).toEqual({state: 'ok'});
	});
});
