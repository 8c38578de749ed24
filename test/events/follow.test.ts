import {describe, expect, it} from 'vitest';
import {RateLimiter, ecsRates} from '../../source/aws/limiter.js';
import {EventsError, followEvents} from '../../source/store/events/follow.js';
import {FakeEcs} from './fake-api.js';
import {startFollow} from './stepper.js';

const throttle = () => Object.assign(new Error('Rate exceeded'), {name: 'ThrottlingException', $metadata: {httpStatusCode: 400}});
const reset = () => Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'});
const json = (lines: string[]) => lines.map(l => JSON.parse(l) as {id: string; createdAt: string; service: string; cluster: string; message: string});

async function oneShot(ecs: FakeEcs, options: Partial<Parameters<typeof followEvents>[0]> = {}) {
	const out: string[] = [];
	const err: string[] = [];
	await followEvents({api: ecs.api(), cluster: 'prod', out: t => void out.push(...t.replace(/\n$/, '').split('\n')), err: l => void err.push(l), ...options});
	return {out, err};
}

describe('events, one shot', () => {
	it('prints the last 10 events of every service, oldest first, as text lines', async () => {
		const ecs = new FakeEcs();
		for (let i = 0; i < 12; i++) {
			ecs.clock += 1000;
			ecs.addEvents(i % 2 ? 'web' : 'api', 1, `(service x) step ${i}`);
			if (i === 11) ecs.addEvents('web', 1, '(service web) has reached a steady state.');
		}
		const {out, err} = await oneShot(ecs);
		expect(err).toEqual([]);
		expect(out).toHaveLength(13);
		expect(out[0]).toBe('2026-11-22T02:00:01.000Z  api  (service x) step 0');
		expect(out.at(-1)).toBe('2026-11-22T02:00:12.000Z  web  (service web) has reached a steady state.');
		expect(ecs.calls.map(c => c.op)).toEqual(['ListServices', 'DescribeServices']);
	});

	it('prints JSON lines with names, and describes in batches of 10', async () => {
		const ecs = new FakeEcs();
		for (let i = 0; i < 25; i++) {
			ecs.clock += 10;
			ecs.addEvents(`svc-${i}`, 12);
		}
		const {out} = await oneShot(ecs, {json: true});
		const events = json(out);
		expect(events).toHaveLength(250);
		expect(events[0]).toEqual({id: expect.any(String), createdAt: expect.stringMatching(/Z$/), cluster: 'prod', service: 'svc-0', message: expect.any(String)});
		expect(new Set(events.map(e => e.id)).size).toBe(250);
		const times = events.map(e => Date.parse(e.createdAt));
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(ecs.calls.filter(c => c.op === 'DescribeServices').map(c => c.services!.length)).toEqual([10, 10, 5]);
	});

	it('fails with one line on an unknown cluster or service', async () => {
		const ecs = new FakeEcs();
		ecs.addEvents('web');
		ecs.clusterExists = false;
		await expect(oneShot(ecs)).rejects.toThrow(new EventsError('cluster "prod" not found'));
		ecs.clusterExists = true;
		await expect(oneShot(ecs, {services: ['web', 'nope']})).rejects.toThrow('service "nope" not found in cluster "prod" (MISSING)');
	});

	it('does not retry in one-shot mode', async () => {
		const ecs = new FakeEcs();
		ecs.addEvents('web');
		ecs.failNext.push(reset());
		await expect(oneShot(ecs)).rejects.toBeInstanceOf(EventsError);
	});
});

describe('events --follow', () => {
	it('prints new events once, including several sharing a timestamp', async () => {
		const ecs = new FakeEcs();
		ecs.addEvents('web', 3);
		const run = startFollow({api: ecs.api(), cluster: 'prod', services: ['web'], follow: true, json: true});
		await run.idle();
		expect(run.out).toHaveLength(3);
		await run.cycle(() => void ecs.addEvents('web', 4)); // same clock: four events share one createdAt
		await run.cycle();
		await run.cycle(() => {
			ecs.clock += 1500;
			ecs.addEvents('web', 1);
		});
		await run.stop();
		const events = json(run.out);
		expect(events).toHaveLength(8);
		expect(new Set(events.map(e => e.id)).size).toBe(8);
		expect(events.map(e => e.id)).toEqual([...events.map(e => e.id)].sort());
		expect(run.err).toEqual([]);
	});

	it('warns when more than 100 events arrived between two polls', async () => {
		const ecs = new FakeEcs();
		ecs.addEvents('web', 5);
		ecs.addEvents('api', 5);
		const run = startFollow({api: ecs.api(), cluster: 'prod', follow: true});
		await run.idle();
		await run.cycle(() => {
			ecs.clock += 1000;
			ecs.addEvents('web', 150);
			ecs.addEvents('api', 99);
		});
		await run.stop();
		expect(run.err).toEqual(['ecs-top: events may have been missed for service web (more than 100 since the last poll)']);
		expect(run.out).toHaveLength(20 + 100 + 99 - 10);
		// After a gap the next poll comes sooner.
		expect(run.sleeps.at(-1)).toBe(5000);
	});

	it('rides out throttling and network loss, says so once, and resumes without duplicates', async () => {
		const ecs = new FakeEcs();
		ecs.addEvents('web', 2);
		const run = startFollow({api: ecs.api(), cluster: 'prod', follow: true, json: true});
		await run.idle();
		await run.cycle(() => {
			ecs.addEvents('web', 1);
			ecs.failNext.push(throttle(), throttle(), reset(), reset());
		});
		await run.cycle(() => void ecs.addEvents('web', 1));
		await run.stop();
		expect(run.err).toEqual([
			'ecs-top: throttled by ECS (Rate exceeded); backing off and retrying',
			expect.stringMatching(/^ecs-top: cannot reach ECS \(ECONNRESET\).*; retrying with backoff$/),
			'ecs-top: ECS answers again; resuming',
		]);
		const ids = json(run.out).map(e => e.id);
		expect(ids).toHaveLength(4);
		expect(new Set(ids).size).toBe(4);
	});

	it('picks up new services and lets go of deleted ones', async () => {
		const ecs = new FakeEcs();
		ecs.addEvents('web', 1);
		const run = startFollow({api: ecs.api(), cluster: 'prod', follow: true});
		await run.idle();
		await run.cycle(() => {
			ecs.clock += 1000;
			ecs.addEvents('worker', 2, '(service worker) has started 2 tasks.');
		});
		// Found by the re-list after the cycle's describes, so released one cycle later (the watermark).
		expect(run.out).toHaveLength(1);
		await run.cycle();
		expect(run.out.slice(-2)).toEqual([
			'2026-11-22T02:00:01.000Z  worker  (service worker) has started 2 tasks.',
			'2026-11-22T02:00:01.000Z  worker  (service worker) has started 2 tasks.',
		]);
		await run.cycle(() => void ecs.services.delete('web'));
		await run.stop();
		expect(run.err).toEqual(['ecs-top: service web is gone (MISSING); no longer following it']);
	});

	it('keeps createdAt non-decreasing and every id once while events land between the calls of a cycle', async () => {
		const ecs = new FakeEcs();
		const names = Array.from({length: 37}, (_, i) => `svc-${String(i).padStart(2, '0')}`);
		for (const name of names) ecs.addEvents(name, 3);
		let seed = 7;
		const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		const created = new Set<string>();
		ecs.beforeCall = () => {
			// The server clock moves on during a cycle; events appear in random services meanwhile.
			ecs.clock += 7;
			for (let i = 0; i < 3; i++) for (const e of ecs.addEvents(names[Math.floor(random() * names.length)]!, 1)) created.add(e.id);
		};
		const run = startFollow({api: ecs.api(), cluster: 'prod', follow: true, json: true});
		for (let i = 0; i < 12; i++) await run.cycle();
		ecs.beforeCall = undefined;
		await run.cycle();
		await run.cycle();
		await run.stop();
		const events = json(run.out);
		const ids = events.map(e => e.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of created) expect(ids).toContain(id);
		const times = events.map(e => Date.parse(e.createdAt));
		for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
		expect(run.err).toEqual([]);
	});

	it('prints the backlog of a many-call cluster at once, holding back only its last seconds', async () => {
		const ecs = new FakeEcs();
		ecs.addEvents('svc-00', 1, 'an hour ago');
		for (let i = 1; i < 25; i++) {
			ecs.clock = 3_600_000 + i * 10_000;
			ecs.addEvents(`svc-${String(i).padStart(2, '0')}`, 1, `recent ${i}`);
		}
		const run = startFollow({api: ecs.api(), cluster: 'prod', follow: true});
		await run.idle();
		// The newest event (svc-24) is within a second of the newest known: it waits one cycle.
		expect(run.out).toHaveLength(24);
		expect(run.out[0]).toContain('an hour ago');
		await run.cycle();
		expect(run.out.at(-1)).toContain('recent 24');
		await run.stop();
	});

	it("spreads the calls of a big cluster within polling's share of the shared limiter, with no pacer of its own", async () => {
		const ecs = new FakeEcs();
		for (let i = 0; i < 300; i++) ecs.addService(`svc-${i}`);
		// The limiter's clock: its waits pass at once in real time, and the loop's sleeps move it too.
		let t = 0;
		ecs.limiter = new RateLimiter({
			now: () => t,
			timers: {
				setTimeout: (fn, ms) => {
					const at = t + ms;
					return setTimeout(() => {
						t = Math.max(t, at);
						fn();
					}, 1);
				},
				clearTimeout: handle => clearTimeout(handle as NodeJS.Timeout),
			},
		});
		const run = startFollow({api: ecs.api(), cluster: 'prod', follow: true, onSleep: ms => void (t += ms)});
		await run.idle();
		const firstCycle = ecs.calls.length;
		ecs.calls = [];
		const at: number[] = [];
		ecs.beforeCall = () => at.push(t);
		const start = t;
		await run.cycle();
		const second = t;
		await run.cycle();
		await run.stop();
		expect(firstCycle).toBe(1 + 30); // the first read is interactive: within its larger share, at once
		expect(ecs.calls.filter(c => c.op === 'DescribeServices').every(c => c.priority === 'poll')).toBe(true);
		expect(at.length).toBe(2 * (30 + 1));
		// Polling's share of service reads: a burst of 25, then 5 a second.
		const {burst, rate} = ecsRates.serviceRead;
		for (const u of at) expect(at.filter(v => v >= u && v < u + 1000).length).toBeLessThanOrEqual(burst / 4 + rate / 4);
		expect(at.filter(u => u > start && u < second).at(-1)! - start).toBeGreaterThanOrEqual(((31 - burst / 4) / (rate / 4)) * 1000 - 1);
		expect(ecs.limiter.stats().serviceRead?.granted).toMatchObject({interactive: 31, poll: 62});
		// The only sleeps are the loop's intervals: the pacing is the limiter's alone.
		expect(run.sleeps.every(ms => ms >= 4000)).toBe(true);
	});

	it('stops on abort while sleeping and prints what was still waiting', async () => {
		const ecs = new FakeEcs();
		ecs.addEvents('web', 1);
		const run = startFollow({api: ecs.api(), cluster: 'prod', follow: true});
		await run.idle();
		await run.stop();
		await expect(run.done).resolves.toBeUndefined();
		expect(run.out).toHaveLength(1);
	});
});
