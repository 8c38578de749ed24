// A changing cluster's background pass re-describes the tasks that may move (pending, unhealthy,
// young) every pass, and the settled ones (RUNNING, healthy or long UNKNOWN) only every slow pass.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {EcsApi} from '../../source/aws/ecs-api.js';
import type {Task} from '../../source/domain.js';
import {taskSettled} from '../../source/resources/tasks.js';
import {type Scope, scopeKey} from '../../source/store/index.js';
import {apiFor} from '../helpers/api.js';
import {ManualClock} from '../helpers/manual-clock.js';
import {fillCluster, simFixture, type Fixture} from '../aws/sim-fixture.js';
import {churn, layerFor, unlimited} from './layer-fixture.js';

let f: Fixture;

beforeAll(async () => {
	f = await simFixture({throttle: false});
	fillCluster(f.sim, 'fleet', 80, 5);
	// Every task RUNNING and well past the health-check grace.
	f.sim.advance(600);
});
afterAll(() => f.close());

const task = (t: Partial<Task>): Task =>
	({taskArn: 'arn:t', clusterArn: 'arn:c', lastStatus: 'RUNNING', desiredStatus: 'RUNNING', healthStatus: 'UNKNOWN', containers: [], startedAt: '2026-01-01T00:00:00.000Z', ...t}) as Task;

describe('settled tasks', () => {
	it('are RUNNING, meant to run, every container up, and healthy or long UNKNOWN', () => {
		const now = Date.parse('2026-01-01T00:10:00.000Z');
		expect(taskSettled(task({}), now)).toBe(true);
		expect(taskSettled(task({healthStatus: 'HEALTHY', startedAt: '2026-01-01T00:09:59.000Z'}), now)).toBe(true);
		expect(taskSettled(task({startedAt: '2026-01-01T00:09:00.000Z'}), now)).toBe(false);
		expect(taskSettled(task({healthStatus: 'UNHEALTHY'}), now)).toBe(false);
		expect(taskSettled(task({lastStatus: 'PENDING'}), now)).toBe(false);
		expect(taskSettled(task({desiredStatus: 'STOPPED'}), now)).toBe(false);
		expect(taskSettled(task({containers: [{name: 'a', lastStatus: 'PENDING'}]}), now)).toBe(false);
		expect(taskSettled(task({startedAt: undefined}), now)).toBe(false);
	});

	it('are re-described every slow pass, the moving ones every pass', async () => {
		// The poller's clock runs with the simulator's, so task ages read true.
		const clock = new ManualClock(Date.now() + 600_000);
		const described = new Map<string, number>();
		const api = apiFor(f.endpoint, {limiter: unlimited()});
		const describeTasks: EcsApi['describeTasks'] = (cluster, ids, options) => {
			for (const id of ids) described.set(id, (described.get(id) ?? 0) + 1);
			return api.describeTasks(cluster, ids, options);
		};
		const counting = new Proxy(api, {
			get: (target, name) => {
				if (name === 'describeTasks') return describeTasks;
				const value = Reflect.get(target, name) as unknown;
				return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
			},
		});
		const l = layerFor(f, {clock, api: counting});
		try {
			const world = f.sim.world;
			const cluster = world.cluster('fleet');
			const recs = [...cluster.tasks.values()];
			// An unhealthy task (re-described every pass) that recovers, and a settled one that changes unseen.
			const moving = recs.at(-1)!;
			const still = recs.at(-2)!;
			moving.healthStatus = 'UNHEALTHY';
			const scope: Scope = {kind: 'tasks', cluster: 'fleet'};
			l.poller.focus(scope);
			await l.poller.settled();
			const ids = l.snap().scopes.get(scopeKey(scope))!.ids;
			expect(ids).toHaveLength(400);
			l.poller.setVisible(scope, ids.slice(0, 40));
			expect(ids.indexOf(moving.arn)).toBeGreaterThanOrEqual(40);
			expect(ids.indexOf(still.arn)).toBeGreaterThanOrEqual(40);
			expect(l.snap().tasks.get(moving.arn)!.healthStatus).toBe('UNHEALTHY');
			moving.healthStatus = 'HEALTHY';
			still.healthStatus = 'HEALTHY';
			// The cluster keeps changing (its counters move), so passes run at the active pace.
			const svc = world.findService(cluster, 'svc-0000')!;
			described.clear();
			await churn(f, l, svc, 5, 120);
			expect(l.snap().tasks.get(moving.arn)!.healthStatus).toBe('HEALTHY');
			expect(described.get(moving.arn)).toBeGreaterThanOrEqual(1);
			expect(described.get(still.arn) ?? 0).toBe(0);
			expect(l.snap().tasks.get(still.arn)!.healthStatus).toBe('UNKNOWN');
			// On screen: every refresh.
			expect(described.get(ids[0]!)).toBeGreaterThanOrEqual(40);
			// Within the slow pass (5 min), the settled ones too.
			await churn(f, l, svc, 5, 240);
			expect(described.get(still.arn)).toBeGreaterThanOrEqual(1);
			expect(l.snap().tasks.get(still.arn)!.healthStatus).toBe('HEALTHY');
			world.scheduler.updateService(svc, {desiredCount: 5});
		} finally {
			l.poller.stop();
		}
	});

	it('re-lists a big list whose count moves at most once per listPageMs per page', async () => {
		const clock = new ManualClock(Date.now() + 600_000);
		// 400 tasks = 4 pages: with 15 s a page, a re-list at most once a minute.
		const l = layerFor(f, {clock, tuning: {listPageMs: 15_000}});
		try {
			const scope: Scope = {kind: 'tasks', cluster: 'fleet'};
			l.poller.focus(scope);
			await l.poller.settled();
			await f.resetStats();
			const world = f.sim.world;
			const svc = world.findService(world.cluster('fleet'), 'svc-0001')!;
			await churn(f, l, svc, 5, 180);
			const lists = (await f.stats()).calls.ListTasks ?? 0;
			// Three minutes of a moving count: two or three re-lists of 4 pages, not one per pass.
			expect(lists).toBeGreaterThanOrEqual(8);
			expect(lists).toBeLessThanOrEqual(12);
			world.scheduler.updateService(svc, {desiredCount: 5});
		} finally {
			l.poller.stop();
		}
	});
});
