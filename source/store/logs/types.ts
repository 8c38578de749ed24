// What the logs pane and `ecs-top logs` read: a feed of one target's log lines (a service's tasks
// merged, a task's containers, or one container), oldest first, de-duplicated by event id, kept
// in a bounded ring, followed by polling within the Logs budget or by Live Tail on request.
import type {LogEvent, LogSource, Task} from '../../domain.js';

export interface LogsTarget {
	cluster: string;
	/** A service: every task of it (running, and recently stopped ones listed by the caller). */
	service?: string;
	/** The tasks whose logs are read (ARNs): the service's, or the one task. */
	taskArns: readonly string[];
	/**
	 * The tasks themselves, when the caller has them (the pane's store, the command's describe): then
	 * the feed does not describe them again. Each needs taskArn, taskDefinitionArn and its times.
	 */
	tasks?: readonly Task[];
	/** One container only. */
	container?: string;
}

/** Where reading starts: the newest lines, a time ago, or since the task(s) started. */
export type LogsSince = {kind: 'tail'; lines: number} | {kind: 'ago'; ms: number} | {kind: 'task-start'};

export interface LogsFeedState {
	/** Oldest first; at most `capacity` (the oldest go first). */
	lines: readonly LogEvent[];
	/** Lines dropped from the front of the ring since the feed started. */
	dropped: number;
	state: 'loading' | 'following' | 'paused' | 'idle' | 'error';
	/** The last read's failure, one line (the lines already read stay). */
	error?: string;
	/** Sources that are not CloudWatch awslogs, or what else the user should know, one line each. */
	notes: readonly string[];
	sources: readonly LogSource[];
	/** Live Tail is on (billed per minute). */
	live: boolean;
	/** Why Live Tail stopped or could not start (then polling goes on). */
	liveNote?: string;
	/** Bumped on every change. */
	version: number;
}

export interface LogsFeed {
	getState(): LogsFeedState;
	subscribe(listener: () => void): () => void;
	/** Reads from `since` (replacing what is loaded), then follows if following. */
	start(since?: LogsSince): void;
	/** Follow new lines (G), or hold still (reading stops, what is loaded stays). */
	setFollow(follow: boolean): void;
	/** Live Tail on or off (falls back to polling, with liveNote, if refused). */
	setLive(live: boolean): void;
	/**
	 * The user is still there (the pane calls it on every key press): Live Tail, billed per minute,
	 * stops after 10 minutes without one.
	 */
	touch(): void;
	/**
	 * The target's tasks changed (a service's new tasks, ones that stopped): reading goes on where it
	 * is, new tasks' streams join from now on. Tasks may be ARNs or, as in LogsTarget.tasks, tasks.
	 */
	setTasks(tasks: readonly string[] | readonly Task[]): void;
	/** Stops every read and a Live Tail session. */
	stop(): void;
}
