import {describe, expect, it} from 'vitest';
import {type Demand, planBudget} from '../../source/store/poll/budget.js';
import {demandOf} from '../../source/store/poll/poller-parts.js';
import type {Run} from '../../source/store/poll/scope-run.js';

const options = {refreshMs: 2000, unfocusedFactor: 5, passMs: 55_000, slowPassMs: 300_000, budget: () => 4.75};
const demand = (d: Partial<Demand>): Demand => ({key: 'a', category: 'serviceRead', focused: true, cycleCalls: 1, passCalls: 0, active: false, ...d});

describe('budget planner', () => {
	it('polls a small focused scope at --refresh', () => {
		const plan = planBudget([demand({cycleCalls: 2})], options).get('a');
		expect(plan).toEqual({intervalMs: 2000, sweepGapMs: Infinity});
	});

	it('paces a quiet big scope slowly and a changing one to a pass under a minute', () => {
		const quiet = planBudget([demand({cycleCalls: 4, passCalls: 196})], options).get('a')!;
		expect(quiet.intervalMs).toBe(2000);
		expect(quiet.sweepGapMs * 196).toBeCloseTo(300_000);
		const busy = planBudget([demand({cycleCalls: 4, passCalls: 196, active: true})], options).get('a')!;
		const rate = 4000 / busy.intervalMs + 1000 / busy.sweepGapMs;
		expect(rate).toBeLessThanOrEqual(4.75 + 1e-9);
		expect(busy.sweepGapMs * 196).toBeLessThanOrEqual(60_000);
		// Stretched, but a change on screen still shows within two refreshes.
		expect(busy.intervalMs).toBeGreaterThan(2000);
		expect(busy.intervalMs).toBeLessThanOrEqual(3500);
	});

	it('sweeps a small changing scope faster when the budget has room, but not below 10 s a pass', () => {
		const plan = planBudget([demand({cycleCalls: 4, passCalls: 6, active: true})], options).get('a')!;
		expect(plan.sweepGapMs * 6).toBe(10_000);
		const mid = planBudget([demand({cycleCalls: 4, passCalls: 46, active: true})], options).get('a')!;
		expect(mid.sweepGapMs * 46).toBeCloseTo((46 * 1000) / (4.75 / 2));
	});

	it('slows the sweep rather than stretching the focused scope beyond 1.75× --refresh', () => {
		const plan = planBudget([demand({cycleCalls: 8, passCalls: 400, active: true})], options).get('a')!;
		expect(plan.intervalMs).toBe(3500);
		expect(8000 / plan.intervalMs + 1000 / plan.sweepGapMs).toBeLessThanOrEqual(4.75 + 1e-9);
	});

	it('runs unfocused scopes five times slower and caps them at half the budget', () => {
		const plans = planBudget(
			[demand({key: 'f', cycleCalls: 1}), ...Array.from({length: 10}, (_, i) => demand({key: `u${i}`, focused: false, cycleCalls: 10}))],
			options,
		);
		expect(plans.get('f')!.intervalMs).toBe(2000);
		const u = plans.get('u0')!;
		expect(u.intervalMs).toBeGreaterThan(10_000);
		const background = 10 * (10_000 / u.intervalMs);
		expect(background).toBeCloseTo(4.75 / 2);
	});

	it('plans each throttle category on its own', () => {
		const plans = planBudget([demand({key: 's', cycleCalls: 9}), demand({key: 't', category: 'clusterResourceRead', focused: false, cycleCalls: 1})], options);
		expect(plans.get('s')!.intervalMs).toBe(2000);
		expect(plans.get('t')!.intervalMs).toBe(10_000);
	});
});

describe('demand of a scope following stopped tasks', () => {
	const tuning = {visibleDefault: 50, smallChunks: 3, relistMs: 300_000, concurrency: 4, listPageMs: 1200};
	const tasksRun = (ids: number, followed: number) =>
		({
			scope: {kind: 'tasks', cluster: 'c'},
			key: 'tasks|c|||',
			adapter: {kind: 'tasks', chunk: 100, category: 'clusterResourceRead'},
			followed: new Map(Array.from({length: followed}, (_, i) => [`stopped-${i}`, 0])),
			passActive: false,
			dirty: false,
		}) as unknown as Run;
	const ids = (n: number) => Array.from({length: n}, (_, i) => `task-${i}`);

	it('counts the followed tasks in the cycle describe: a call more only when they overflow its chunk', () => {
		expect(demandOf(tasksRun(0, 0), [], true, tuning).cycleCalls).toBe(1);
		// Nothing listed: the followed tasks need a DescribeTasks of their own.
		expect(demandOf(tasksRun(0, 2), [], true, tuning).cycleCalls).toBe(2);
		expect(demandOf(tasksRun(99, 1), ids(99), true, tuning).cycleCalls).toBe(demandOf(tasksRun(99, 0), ids(99), true, tuning).cycleCalls);
		expect(demandOf(tasksRun(100, 1), ids(100), true, tuning).cycleCalls).toBe(demandOf(tasksRun(100, 0), ids(100), true, tuning).cycleCalls + 1);
	});
});
