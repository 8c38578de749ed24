import {describe, expect, it} from 'vitest';
import {RateLimiter, ecsRates, operationCategory} from '../../source/aws/limiter.js';
import type {Priority} from '../../source/aws/ecs-api.js';
import {ManualClock, flush} from '../helpers/manual-clock.js';

function setup(options: ConstructorParameters<typeof RateLimiter>[0] = {}) {
	const clock = new ManualClock();
	const limiter = new RateLimiter({now: clock.now, timers: clock.timers, random: () => 1, ...options});
	const granted: string[] = [];
	const take = (priority: Priority, label: string = priority, category = 'serviceRead' as const) =>
		limiter.acquire(category, priority).then(() => granted.push(label));
	return {clock, limiter, granted, take};
}

describe('rate limiter', () => {
	it('knows the ECS categories and their buckets', () => {
		expect(operationCategory.DescribeServices).toBe('serviceRead');
		expect(operationCategory.ListTasks).toBe('clusterResourceRead');
		expect(operationCategory.UpdateService).toBe('serviceModify');
		expect(ecsRates.serviceModify).toEqual({burst: 50, rate: 5});
		expect(ecsRates.clusterRead).toEqual({burst: 50, rate: 20});
	});

	it('lets a cold load spend 80% of the burst at once, then half the sustained rate', async () => {
		const {clock, granted, take} = setup();
		for (let i = 0; i < 100; i++) void take('cold', `c${i}`);
		await flush();
		expect(granted).toHaveLength(80);
		await clock.advance(1000);
		expect(granted).toHaveLength(90); // 50% of 20/s
		await clock.advance(2000);
		expect(granted).toHaveLength(100);
	});

	it('keeps steady polling to a quarter of the sustained rate', async () => {
		const {clock, granted, take} = setup();
		for (let i = 0; i < 200; i++) void take('poll', `p${i}`);
		await flush();
		expect(granted).toHaveLength(25); // its own bucket: a quarter of the burst
		const before = granted.length;
		await clock.advance(10_000);
		expect(granted.length - before).toBe(50); // 5/s: 25% of 20/s
	});

	it('keeps a reserve only user actions can spend (interactive reads half of it)', async () => {
		const {clock, granted, take} = setup();
		for (let i = 0; i < 100; i++) void take('cold', `c${i}`);
		await flush();
		expect(granted).toHaveLength(80); // 20 left in the main bucket: the reserve
		void take('poll', 'p');
		void take('interactive', 'i');
		await flush();
		expect(granted).toContain('i');
		expect(granted).not.toContain('p');
		for (let i = 0; i < 20; i++) void take('action', `a${i}`);
		await flush();
		expect(granted.filter(g => g.startsWith('a'))).toHaveLength(19); // the bucket is empty now
		await clock.advance(50);
		expect(granted.filter(g => g.startsWith('a'))).toHaveLength(20); // the first token refilled goes to the action
		expect(granted).not.toContain('p');
		expect(granted).not.toContain('c80');
	});

	it('serves interactive reads before queued polls', async () => {
		const {clock, granted, take} = setup();
		for (let i = 0; i < 30; i++) void take('poll', `p${i}`);
		await flush();
		expect(granted).toHaveLength(25);
		void take('interactive', 'i');
		await flush();
		expect(granted.at(-1)).toBe('i'); // its own bucket is full: no wait behind the polls
		await clock.advance(1000);
		expect(granted).toHaveLength(31);
	});

	it('backs off after a throttle with full jitter, lowers the rate, and recovers on success', async () => {
		const {clock, limiter, granted, take} = setup({random: () => 0.5});
		const until = limiter.throttled('serviceRead');
		expect(until - clock.now()).toBe(500); // random 0.5 × base 1 s
		expect(limiter.status()).toMatchObject({state: 'throttled', backoffUntil: until});
		void take('cold', 'a');
		await clock.advance(499);
		expect(granted).toEqual([]);
		// After the backoff the buckets refill at the lowered rate (half of 10/s) from empty.
		await clock.advance(1500);
		expect(granted).toEqual(['a']);
		// Consecutive throttles double the ceiling, capped at 32 s.
		let last = 0;
		for (let i = 0; i < 8; i++) last = limiter.throttled('serviceRead') - clock.now();
		expect(last).toBeLessThanOrEqual(16_000);
		expect(last).toBeGreaterThanOrEqual(15_000);
		limiter.succeeded('serviceRead');
		expect(limiter.status().state).toBe('throttled'); // still inside the backoff window
		await clock.advance(20_000);
		expect(limiter.status()).toEqual({state: 'ok'});
	});

	it('lets throttled-category backoff not block other categories', async () => {
		const {limiter, granted, take} = setup();
		limiter.throttled('serviceRead');
		void take('poll', 'tasks', 'clusterResourceRead' as never);
		await flush();
		expect(granted).toEqual(['tasks']);
	});

	it('rejects a waiter whose signal aborts', async () => {
		const {limiter, take} = setup();
		for (let i = 0; i < 25; i++) void take('poll');
		const controller = new AbortController();
		const waiting = limiter.acquire('serviceRead', 'poll', controller.signal);
		controller.abort(new Error('gone'));
		await expect(waiting).rejects.toThrow('gone');
		expect(limiter.pending).toBe(0);
	});

	it('counts grants per priority', async () => {
		const {limiter, take} = setup();
		await take('poll');
		await take('action');
		expect(limiter.stats().serviceRead?.granted).toMatchObject({poll: 1, action: 1});
	});
});
