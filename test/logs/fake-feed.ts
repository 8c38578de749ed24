// A LogsFeed the test drives: it records what the pane asks (start, follow, live, stop) and
// shows the lines the test adds, so the pane is tested without CloudWatch.
import type {LogEvent, Task} from '../../source/domain.js';
import type {LogsFeed, LogsFeedState, LogsSince, LogsTarget} from '../../source/store/logs/types.js';

export class FakeFeed implements LogsFeed {
	readonly calls: string[] = [];
	stopped = false;
	touched = 0;
	#state: LogsFeedState = {lines: [], dropped: 0, state: 'loading', notes: [], sources: [], live: false, version: 0};
	readonly #listeners = new Set<() => void>();

	constructor(readonly target: LogsTarget) {}

	getState(): LogsFeedState {
		return this.#state;
	}

	subscribe(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	start(since?: LogsSince): void {
		this.calls.push(`start ${JSON.stringify(since)}`);
	}

	setFollow(follow: boolean): void {
		this.calls.push(`follow ${follow}`);
	}

	setLive(live: boolean): void {
		this.calls.push(`live ${live}`);
		this.set({live});
	}

	touch(): void {
		this.touched++;
	}

	setTasks(tasks: readonly string[] | readonly Task[]): void {
		this.calls.push(`tasks ${tasks.length}`);
	}

	stop(): void {
		this.stopped = true;
		this.calls.push('stop');
	}

	/** What a read brings: more lines (oldest first), and the state. */
	set(change: Partial<LogsFeedState>): void {
		this.#state = {...this.#state, state: 'following', ...change, version: this.#state.version + 1};
		for (const listener of this.#listeners) listener();
	}

	add(lines: LogEvent[]): void {
		this.set({lines: [...this.#state.lines, ...lines]});
	}
}

let ids = 0;

export function line(message: string, task = '3f2a9c1b7d4e5f60718293a4b5c6d7e8', container = 'web', at = Date.UTC(2026, 0, 1, 2, 0, 0) + ids * 1000): LogEvent {
	ids++;
	return {eventId: `e${ids}`, timestamp: at, message, logGroup: '/ecs/web', logStream: `ecs/${container}/${task}`, taskId: task, container};
}

/** A factory the app calls on `l`, remembering each feed it made. */
export function fakeFeeds() {
	const made: FakeFeed[] = [];
	return {
		made,
		factory: (target: LogsTarget) => {
			const feed = new FakeFeed(target);
			made.push(feed);
			return feed;
		},
	};
}
