// Limiter priorities through the real client and the simulator: while a cold load waits for tokens,
// a read the user waits for goes first and a user action is never queued behind polling.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {RateLimiter} from '../../source/aws/limiter.js';
import {apiFor} from '../helpers/api.js';
import {ManualClock} from '../helpers/manual-clock.js';
import {fillCluster, simFixture, type Fixture} from './sim-fixture.js';

let f: Fixture;
beforeAll(async () => {
	f = await simFixture({throttle: false});
	fillCluster(f.sim, 'wide', 200);
});
afterAll(() => f.close());

it('serves interactive reads and actions ahead of a cold load that has spent its share', async () => {
	const clock = new ManualClock();
	// A small service-read bucket (20, 2/s) so the cold load runs out quickly.
	const limiter = new RateLimiter({now: clock.now, timers: clock.timers, rates: {serviceRead: {burst: 20, rate: 2}}});
	const api = apiFor(f.endpoint, {limiter, concurrency: 20});
	const arns = await apiFor(f.endpoint).listServiceArns('wide');
	await f.resetStats();
	let coldDone = false;
	const cold = api.describeServices('wide', arns, {priority: 'cold'}).then(r => {
		coldDone = true;
		return r;
	});
	// The cold share is 80% of the burst: 16 of the 20 calls go out, the rest wait for refills.
	await waitForCalls(16);
	let pollDone = false;
	const poll = api.describeServices('wide', arns.slice(0, 10), {priority: 'poll'}).then(() => (pollDone = true));
	const interactive = await api.describeServices('wide', arns.slice(0, 10), {priority: 'interactive'});
	expect(interactive.items).toHaveLength(10);
	const updated = await api.updateService('wide', 'svc-0000', {desiredCount: 2});
	expect(updated.desiredCount).toBe(2);
	expect(coldDone).toBe(false);
	expect(pollDone).toBe(false);
	expect((await f.stats()).calls).toEqual({DescribeServices: 17, UpdateService: 1});
	for (let i = 0; i < 40 && !(coldDone && pollDone); i++) {
		await clock.advance(500);
		await new Promise(resolve => setTimeout(resolve, 2));
	}
	expect((await cold).items).toHaveLength(200);
	await poll;
	expect(limiter.stats().serviceRead?.granted).toMatchObject({cold: 20, interactive: 1, poll: 1});
});

async function waitForCalls(n: number): Promise<void> {
	const {vi} = await import('vitest');
	await vi.waitFor(async () => expect((await f.stats()).calls.DescribeServices).toBe(n));
}
