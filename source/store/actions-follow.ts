// After a call: the rows show its progress. A stopped task leaves ListTasks' RUNNING list at once,
// so the tasks we stopped are followed here (one DescribeTasks per refresh of their pane, paced by
// the poller's cycles) until they reach STOPPED and a few refreshes after. Services and instances
// stay listed, so for them we only watch the store and say when the change has landed.
import type {EcsApi} from '../aws/ecs-api.js';
import type {Task} from '../domain.js';
import type {ReadableStore, Snapshot} from './types.js';

export interface TaskFollowerOptions {
	api: EcsApi;
	cluster: string;
	store: ReadableStore;
	/** The scope (store key) whose refreshes pace the follow-up reads. */
	scopeKey: string;
	onChange(tasks: readonly Task[]): void;
	/** Refreshes a STOPPED task stays on screen (default 3). */
	keep?: number;
}

export class TaskFollower {
	readonly #o: TaskFollowerOptions;
	readonly #tasks = new Map<string, {task: Task; stoppedFor: number}>();
	#unsubscribe?: () => void;
	#lastRefresh?: number;
	#busy = false;

	constructor(options: TaskFollowerOptions) {
		this.#o = options;
	}

	/** The followed tasks, freshest copy each. */
	tasks(): Task[] {
		return [...this.#tasks.values()].map(t => t.task);
	}

	follow(tasks: readonly Task[]): void {
		for (const task of tasks) this.#tasks.set(task.taskArn, {task, stoppedFor: 0});
		if (this.#tasks.size > 0 && !this.#unsubscribe) {
			this.#lastRefresh = this.#scopeRefreshedAt();
			this.#unsubscribe = this.#o.store.subscribe(() => this.#onStore());
		}
		this.#o.onChange(this.tasks());
	}

	stop(): void {
		this.#unsubscribe?.();
		this.#unsubscribe = undefined;
	}

	#scopeRefreshedAt(): number | undefined {
		return this.#o.store.getSnapshot().scopes.get(this.#o.scopeKey)?.updatedAt;
	}

	#onStore(): void {
		const at = this.#scopeRefreshedAt();
		if (at === undefined || at === this.#lastRefresh || this.#busy) return;
		this.#lastRefresh = at;
		void this.refresh();
	}

	/** One follow-up read (also called right after the stop). */
	async refresh(): Promise<void> {
		if (this.#busy) return;
		this.#busy = true;
		try {
			for (const [arn, entry] of this.#tasks) {
				if (entry.task.lastStatus !== 'STOPPED') continue;
				entry.stoppedFor++;
				if (entry.stoppedFor > (this.#o.keep ?? 3)) this.#tasks.delete(arn);
			}
			const moving = [...this.#tasks.values()].filter(t => t.task.lastStatus !== 'STOPPED').map(t => t.task.taskArn);
			if (moving.length > 0) {
				// aws ecs describe-tasks --cluster C --tasks T1 … T100
				const answer = await this.#o.api.describeTasks(this.#o.cluster, moving, {priority: 'poll'});
				for (const task of answer.items) {
					const entry = this.#tasks.get(task.taskArn);
					if (entry) entry.task = task;
				}
				// Gone from ECS altogether (retention over): nothing more to show.
				for (const failure of answer.failures) if (failure.arn) this.#tasks.delete(failure.arn);
			}
		} catch {
			// The next refresh tries again; the pane's own errors are shown by the data layer.
		} finally {
			this.#busy = false;
		}
		this.#o.onChange(this.tasks());
		if (this.#tasks.size === 0) this.stop();
	}
}

/**
 * Calls `done` with the first answer `check` gives as the store changes (the change has landed:
 * a service steady at its new count, an instance drained). Returns a cancel function.
 */
export function watchStore<T>(store: ReadableStore, check: (snapshot: Snapshot) => T | undefined, done: (answer: T) => void, maxUpdates = 5000): () => void {
	let updates = 0;
	let cancelled = false;
	const cancel = () => {
		cancelled = true;
		unsubscribe();
	};
	const unsubscribe = store.subscribe(() => {
		if (cancelled) return;
		const answer = check(store.getSnapshot());
		if (answer === undefined && ++updates < maxUpdates) return;
		cancel();
		if (answer !== undefined) done(answer);
	});
	return cancel;
}
