// The entity store's prune (entity-store.ts): whether few or most entities go (the latter builds the
// new map from those that stay), what is left is exactly what is referenced, each entity keeps its
// object, and the snapshot published before is not touched (snapshots are immutable). And a batched
// publish does not hold the process open.
import {describe, expect, it} from 'vitest';
import type {Task} from '../../source/domain.js';
import {EntityStore} from '../../source/store/entity-store.js';

const task = (n: number) => ({taskArn: `arn:aws:ecs:us-east-1:1:task/big/${n}`, lastStatus: 'RUNNING'}) as Task;

describe('EntityStore.prune', () => {
	for (const [name, keep] of [
		['few go', (n: number) => n % 10 !== 0],
		['most go', (n: number) => n % 10 === 0],
		['all go', () => false],
	] as const) {
		it(`keeps exactly what is referenced when ${name}`, () => {
			const store = new EntityStore();
			const tasks = Array.from({length: 1000}, (_, n) => task(n));
			store.put('tasks', tasks, t => t.taskArn);
			store.commit();
			const before = store.getSnapshot().tasks;
			const referenced = new Set(tasks.filter((_, n) => keep(n)).map(t => t.taskArn));
			store.prune('tasks', referenced);
			store.commit();
			const after = store.getSnapshot().tasks;
			expect([...after.keys()]).toEqual([...referenced]);
			for (const arn of referenced) expect(after.get(arn)).toBe(before.get(arn));
			expect(before.size).toBe(1000);
		});
	}

	it('publishes nothing new when nothing goes', () => {
		const store = new EntityStore();
		store.put('tasks', [task(1), task(2)], t => t.taskArn);
		store.commit();
		const version = store.getSnapshot().version;
		store.prune('tasks', new Set([task(1).taskArn, task(2).taskArn]));
		store.commit();
		expect(store.getSnapshot().version).toBe(version);
	});
});

describe('EntityStore.commitSoon', () => {
	// With real timers: the batched publish is still pending, yet the process has no more ref'd
	// timeouts than before, so `q` exits at once instead of waiting up to the batch's 5 s gap.
	it('does not hold the process while a publish waits', async () => {
		const timeouts = () => process.getActiveResourcesInfo().filter(kind => kind === 'Timeout').length;
		const store = new EntityStore();
		store.put('tasks', [task(1)], t => t.taskArn);
		store.commit();
		const before = timeouts();
		const version = store.getSnapshot().version;
		store.put('tasks', [task(2)], t => t.taskArn);
		store.commitSoon(50);
		expect(timeouts()).toBe(before);
		expect(store.getSnapshot().version).toBe(version);
		// Unref'd, not dropped: the publish still comes.
		await new Promise<void>(resolve => {
			const off = store.subscribe(() => {
				off();
				resolve();
			});
		});
		expect(store.getSnapshot().tasks.has(task(2).taskArn)).toBe(true);
	});
});
