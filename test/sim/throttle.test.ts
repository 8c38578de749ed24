import {describe, expect, it} from 'vitest';
import {createThrottle, throttleCategories} from '../../source/sim/throttle.js';
import {seededRandom} from '../../source/sim/faults.js';

function setup(enabled = true) {
	let t = 1_000_000;
	const throttle = createThrottle({now: () => t, enabled});
	const advance = (ms: number) => {
		t += ms;
	};

	/** How many consecutive calls of `operation` get through right now. */
	const drain = (operation: string, limit = 10_000) => {
		let n = 0;
		while (n < limit && throttle.take(operation)) n++;
		return n;
	};

	return {throttle, advance, drain};
}

const documented: Array<[string, string[], number, number]> = [
	['cluster read', ['DescribeClusters', 'ListClusters'], 50, 20],
	['cluster resource read', ['DescribeTasks', 'ListTasks', 'DescribeContainerInstances', 'ListContainerInstances'], 100, 20],
	['cluster resource modify', ['StopTask', 'UpdateContainerInstancesState'], 100, 40],
	['service read', ['DescribeServices', 'ListServices'], 100, 20],
	['service modify', ['UpdateService'], 50, 5],
	['task definition read', ['DescribeTaskDefinition'], 50, 20],
	['service deployment read', ['ListServiceDeployments', 'DescribeServiceDeployments'], 50, 20],
];

describe('throttle: ECS token buckets', () => {
	it.each(documented)('%s: categories of each operation', (category, operations, burst, rate) => {
		const {throttle} = setup();
		for (const operation of operations) expect(throttle.categoryOf(operation)).toBe(category);
		expect(throttleCategories[category]).toEqual({burst, ratePerSecond: rate});
	});

	it.each(documented)('%s: exactly the burst from full, shared by every operation of the category', (_category, operations, burst) => {
		const {throttle, drain} = setup();
		// Alternate operations: they draw from one bucket.
		let granted = 0;
		for (let i = 0; i < burst; i++) {
			expect(throttle.take(operations[i % operations.length]!)).toBe(true);
			granted++;
		}

		expect(granted).toBe(burst);
		for (const operation of operations) expect(throttle.take(operation)).toBe(false);
		expect(drain(operations[0]!)).toBe(0);
	});

	it.each(documented)('%s: refills at the sustained rate on the simulator clock', (category, operations, burst, rate) => {
		const {throttle, advance, drain} = setup();
		const op = operations[0]!;
		expect(drain(op)).toBe(burst);
		// One token needs 1000/rate ms; one ms less is not enough.
		const perToken = 1000 / rate;
		advance(perToken - 1);
		expect(throttle.take(op)).toBe(false);
		advance(1);
		expect(throttle.take(op)).toBe(true);
		expect(throttle.take(op)).toBe(false);
		// Two seconds give exactly 2 × rate (below every burst).
		advance(2000);
		expect(throttle.tokens(category)).toBe(2 * rate);
		expect(drain(op)).toBe(2 * rate);
		// A long pause refills to the burst, never beyond it.
		advance(3_600_000);
		expect(throttle.tokens(category)).toBe(burst);
		expect(drain(op)).toBe(burst);
	});

	it('keeps fractions of a token between steps (service modify: 5/s, 100 ms steps)', () => {
		const {throttle, advance, drain} = setup();
		expect(drain('UpdateService')).toBe(50);
		let granted = 0;
		for (let step = 0; step < 20; step++) {
			advance(100);
			if (throttle.take('UpdateService')) granted++;
		}

		// 2 s at 5/s = 10 tokens, granted on every second step.
		expect(granted).toBe(10);
		expect(throttle.tokens('service modify')).toBe(0);
	});

	it('categories are independent', () => {
		const {throttle, drain} = setup();
		expect(drain('DescribeServices')).toBe(100);
		expect(throttle.take('ListServices')).toBe(false);
		expect(throttle.take('DescribeTasks')).toBe(true);
		expect(throttle.take('ListClusters')).toBe(true);
		expect(throttle.take('StopTask')).toBe(true);
		expect(throttle.take('UpdateService')).toBe(true);
		expect(throttle.take('DescribeTaskDefinition')).toBe(true);
		expect(throttle.take('ListServiceDeployments')).toBe(true);
		expect(throttle.tokens('cluster resource read')).toBe(99);
		expect(throttle.tokens('cluster read')).toBe(49);
	});

	it('a sustained 2,000-service refresh: 220 service reads need (220 - 100) / 20 = 6 s', () => {
		const {throttle, advance} = setup();
		let done = 0;
		let ms = 0;
		while (done < 220) {
			if (throttle.take(done % 11 === 0 ? 'ListServices' : 'DescribeServices')) done++;
			else {
				advance(10);
				ms += 10;
			}
		}

		expect(ms).toBe(6000);
	});

	it('operations outside the categories are never throttled', () => {
		const {throttle, drain} = setup();
		expect(throttle.categoryOf('NoSuchOperation')).toBeUndefined();
		expect(throttle.categoryOf('toString')).toBeUndefined();
		expect(drain('NoSuchOperation', 500)).toBe(500);
	});

	it('disabled (--no-throttle) grants everything; enabling again uses the refilled bucket', () => {
		const {throttle, advance, drain} = setup(false);
		expect(drain('ListClusters', 1000)).toBe(1000);
		throttle.configure({enabled: true});
		expect(drain('ListClusters')).toBe(50);
		throttle.configure({enabled: false});
		expect(throttle.take('ListClusters')).toBe(true);
		throttle.configure({enabled: true});
		expect(throttle.take('ListClusters')).toBe(false);
		advance(50);
		expect(throttle.take('ListClusters')).toBe(true);
	});

	it('a clock that goes backwards neither drains nor overfills', () => {
		let t = 10_000;
		const throttle = createThrottle({now: () => t, enabled: true});
		for (let i = 0; i < 50; i++) throttle.take('ListClusters');
		t = 0;
		expect(throttle.take('ListClusters')).toBe(false);
		t = 50;
		expect(throttle.take('ListClusters')).toBe(true);
	});

	it('reset refills every bucket', () => {
		const {throttle, drain} = setup();
		drain('ListClusters');
		drain('ListTasks');
		throttle.reset();
		expect(throttle.tokens('cluster read')).toBe(50);
		expect(throttle.tokens('cluster resource read')).toBe(100);
	});

	it('extra throttle rate refuses that share of calls without spending tokens', () => {
		const t = 0;
		const throttle = createThrottle({now: () => t, enabled: true, random: seededRandom(7)});
		throttle.configure({extraThrottleRate: 0.25});
		let refused = 0;
		let granted = 0;
		while (granted < 100) {
			if (throttle.take('ListTasks')) granted++;
			else refused++;
		}

		// 100 grants spent exactly the burst; about a quarter of the attempts were refused.
		expect(throttle.tokens('cluster resource read')).toBe(0);
		const share = refused / (refused + granted);
		expect(share).toBeGreaterThan(0.15);
		expect(share).toBeLessThan(0.35);
		throttle.configure({extraThrottleRate: 0});
		expect(() => throttle.configure({extraThrottleRate: 2})).toThrow(RangeError);
	});

	it('extra throttle rate of 1 refuses every call while throttling is on, none when it is off', () => {
		const throttle = createThrottle({now: () => 0, enabled: true, random: seededRandom(1)});
		throttle.configure({extraThrottleRate: 1});
		expect(throttle.take('ListClusters')).toBe(false);
		expect(throttle.take('NoSuchOperation')).toBe(false);
		throttle.configure({enabled: false});
		expect(throttle.take('ListClusters')).toBe(true);
	});
});
