// The metrics poller on a stepped clock with a fake MetricsApi: what it reads, when, and what an
// outage costs. Every figure here is a count of latest() calls and the targets they carried.
import {describe, expect, it} from 'vitest';
import {targetKey, type LatestResult, type MetricsApi, type MetricsTarget} from '../../source/aws/metrics-api.js';
import {MetricsPoller} from '../../source/store/metrics/poller.js';
import type {MetricsState} from '../../source/store/types.js';
import {ManualClock} from '../helpers/manual-clock.js';

const service = (name: string): MetricsTarget => ({kind: 'service', cluster: 'prod', service: name});

function fakeApi(clock: ManualClock) {
	const calls: MetricsTarget[][] = [];
	let failing = false;
	let memory = 50;
	const api: MetricsApi = {
		region: 'us-east-1',
		async latest(targets): Promise<LatestResult> {
			calls.push([...targets]);
			if (failing) throw Object.assign(new Error('Rate exceeded'), {name: 'Throttling'});
			const minute = Math.floor(clock.now() / 60_000) * 60_000;
			const points = [0, 1, 2, 3, 4].map(i => ({t: minute - (5 - i) * 60_000, v: memory}));
			return {
				readings: new Map(targets.map(t => [targetKey(t), {utilization: {cpu: 12.4, memory, periodEnd: new Date(minute).toISOString()}, memory: points}])),
				messages: [],
			};
		},
		history: async () => {
			throw new Error('not used');
		},
	};
	return {
		api,
		calls,
		fail: (value: boolean) => {
			failing = value;
		},
		setMemory: (value: number) => {
			memory = value;
		},
	};
}

function sink() {
	const states: MetricsState[] = [];
	return {states, last: () => states.at(-1)!, setMetrics: (s: MetricsState) => void states.push(s), commit: () => undefined};
}

function setup() {
	const clock = new ManualClock();
	const fake = fakeApi(clock);
	const store = sink();
	const poller = new MetricsPoller({api: fake.api, store, now: clock.now, timers: clock.timers, random: () => 1});
	return {clock, fake, store, poller};
}

describe('MetricsPoller', () => {
	it('reads a screenful in one call, then once a minute, and publishes what it read', async () => {
		const {clock, fake, store, poller} = setup();
		poller.want('pane', ['web', 'api', 'worker'].map(service));
		await clock.advance(0);
		expect(fake.calls).toHaveLength(1);
		expect(fake.calls[0]!.map(targetKey)).toEqual(['service:prod/web', 'service:prod/api', 'service:prod/worker']);
		expect(store.last().readings.get('service:prod/web')?.utilization.cpu).toBe(12.4);
		await clock.advance(59_000);
		expect(fake.calls).toHaveLength(1);
		await clock.advance(1000);
		expect(fake.calls).toHaveLength(2);
		await clock.advance(10 * 60_000);
		expect(fake.calls).toHaveLength(12);
		poller.stop();
	});

	it('reads rows scrolled into view on their own, a second later, and nothing already read', async () => {
		const {clock, fake, poller} = setup();
		poller.want('pane', ['a', 'b'].map(service));
		await clock.advance(0);
		poller.want('pane', ['b', 'c', 'd'].map(service));
		await clock.advance(999);
		expect(fake.calls).toHaveLength(1);
		await clock.advance(1);
		expect(fake.calls.map(c => c.map(targetKey))).toEqual([['service:prod/a', 'service:prod/b'], ['service:prod/c', 'service:prod/d']]);
		// Scrolling on: at most one such read every 5 s.
		poller.want('pane', ['e'].map(service));
		await clock.advance(1000);
		poller.want('pane', ['f'].map(service));
		await clock.advance(1000);
		expect(fake.calls).toHaveLength(2);
		await clock.advance(3000);
		expect(fake.calls).toHaveLength(3);
		expect(fake.calls[2]!.map(targetKey)).toEqual(['service:prod/f']);
		// The minute's read covers only what is wanted now.
		await clock.advance(60_000);
		expect(fake.calls.at(-1)!.map(targetKey)).toEqual(['service:prod/f']);
		poller.stop();
	});

	it('keeps the last readings through an outage, marks the error, and calls less often than normal', async () => {
		const {clock, fake, store, poller} = setup();
		poller.want('pane', [service('web')]);
		await clock.advance(0);
		fake.fail(true);
		await clock.advance(60_000);
		expect(store.last().error?.name).toMatch(/^Throttl/);
		expect(store.last().readings.get('service:prod/web')?.utilization.memory).toBe(50);
		const before = fake.calls.length;
		// Ten minutes of outage: fewer calls than the ten a healthy poller makes, however it is scrolled.
		for (let i = 0; i < 20; i++) {
			poller.want('pane', [service(`s${i}`)]);
			await clock.advance(30_000);
		}
		expect(fake.calls.length - before).toBeLessThan(10);
		fake.fail(false);
		await clock.advance(10 * 60_000);
		expect(store.last().error).toBeUndefined();
		poller.stop();
	});

	it('flags memory at 95 % or more for the last 5 minutes', async () => {
		const {clock, fake, store, poller} = setup();
		poller.want('pane', [service('leaky')]);
		await clock.advance(0);
		expect(store.last().readings.get('service:prod/leaky')?.memorySustained).toBe(false);
		fake.setMemory(97);
		await clock.advance(60_000);
		expect(store.last().readings.get('service:prod/leaky')?.memorySustained).toBe(true);
		poller.stop();
	});

	it('never calls with metrics off, and drops readings nobody has wanted for 10 minutes', async () => {
		const clock = new ManualClock();
		const store = sink();
		const off = new MetricsPoller({api: undefined, store, now: clock.now, timers: clock.timers});
		off.want('pane', [service('web')]);
		await clock.advance(120_000);
		expect(store.last()).toMatchObject({enabled: false});
		expect(clock.pending).toBe(0);

		const {clock: c2, fake, store: s2, poller} = setup();
		poller.want('pane', [service('old')]);
		await c2.advance(0);
		poller.want('pane', [service('new')]);
		await c2.advance(5 * 60_000);
		expect(s2.last().readings.has('service:prod/old')).toBe(true);
		await c2.advance(6 * 60_000);
		expect(s2.last().readings.has('service:prod/old')).toBe(false);
		expect(s2.last().readings.has('service:prod/new')).toBe(true);
		expect(fake.calls.length).toBeGreaterThan(0);
		poller.stop();
	});
});

describe('MetricsPoller defaults', () => {
	it('backs off with its own jitter when the data layer passes random: undefined (as the TUI does)', async () => {
		const clock = new ManualClock();
		const fake = fakeApi(clock);
		fake.fail(true);
		const store = sink();
		const poller = new MetricsPoller({api: fake.api, store, now: clock.now, timers: clock.timers, random: undefined});
		poller.want('pane', [service('web')]);
		await clock.advance(0);
		expect(store.last().error?.name).toMatch(/^Throttl/);
		// The retry is scheduled (a crash would have left none), at least the interval later.
		expect(clock.pending).toBe(1);
		await clock.advance(59_000);
		expect(fake.calls).toHaveLength(1);
		poller.stop();
	});
});
