// An in-memory CloudWatch Logs (a LogsApi) and the bits of ECS the feed reads, for step-by-step
// tests of the feed's logic on a manual clock. A line becomes visible at its ingestion time, so a
// line shipped late (older than lines already read) can be staged.
import type {CallOptions, EcsApi} from '../../source/aws/ecs-api.js';
import {LiveTailError, toLogEvents} from '../../source/aws/logs-client.js';
import type {FilterLogEventsRequest, GetLogEventsRequest, GetLogEventsResult, LiveTailRequest, LiveTailSession, LiveTailUpdate, LogGroup, LogsApi} from '../../source/aws/logs-api.js';
import type {LogEvent, Task, TaskDefinition} from '../../source/domain.js';

export const taskIds = ['3f2a9c1b7d4e4a0f9b8c7d6e5f4a3b2c', '9a8b7c6d5e4f40312233445566778899', '0123456789ab4cdef0123456789abcde'];

export function task(id: string, startedAt = '2026-01-01T00:00:00.000Z', taskDefinitionArn = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1'): Task {
	return {taskArn: `arn:aws:ecs:us-east-1:123456789012:task/prod/${id}`, clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod', taskDefinitionArn, lastStatus: 'RUNNING', desiredStatus: 'RUNNING', startedAt, containers: [], attachments: []} as Task;
}

export function definition(containers: Array<{name: string; logConfiguration?: {logDriver: string; options?: Record<string, string>}}>, arn = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1'): TaskDefinition {
	return {taskDefinitionArn: arn, family: 'web', revision: 1, containerDefinitions: containers.map(c => ({image: 'nginx', portMappings: [], environment: [], ...c}))};
}

export const awslogs = (group = '/ecs/web', prefix = 'ecs') => ({logDriver: 'awslogs', options: {'awslogs-group': group, 'awslogs-stream-prefix': prefix, 'awslogs-region': 'us-east-1'}});

/** The ECS side: tasks by ARN (describeTasks) and nothing else. */
export function fakeEcs(tasks: Task[]): EcsApi {
	return {
		async describeTasks(_cluster: string, arns: readonly string[]) {
			return {items: tasks.filter(t => arns.includes(t.taskArn)), failures: []};
		},
	} as unknown as EcsApi;
}

interface Stored {
	timestamp: number;
	ingestionTime: number;
	message: string;
}

export class FakeLogs implements LogsApi {
	readonly region = 'us-east-1';
	readonly streams = new Map<string, Stored[]>();
	calls: Array<{op: string; at: number; priority?: string}> = [];
	/** Errors thrown by the next calls, one each. */
	failNext: unknown[] = [];
	/** Fail every call while set. */
	failAll?: () => unknown;
	liveRefusal?: unknown;
	liveSessions: FakeSession[] = [];

	constructor(readonly now: () => number) {}

	put(group: string, stream: string, message: string, timestamp: number, ingestionTime = timestamp): void {
		const key = `${group}|${stream}`;
		const list = this.streams.get(key) ?? [];
		list.push({timestamp, ingestionTime, message});
		this.streams.set(key, list);
	}

	#visible(group: string, stream: string): LogEvent[] {
		const list = (this.streams.get(`${group}|${stream}`) ?? []).filter(e => e.ingestionTime <= this.now());
		return toLogEvents([...list].sort((a, b) => a.timestamp - b.timestamp), group, stream);
	}

	#enter(op: string, options?: CallOptions): void {
		this.calls.push({op, at: this.now(), priority: options?.priority});
		if (this.failAll) throw this.failAll();
		const error = this.failNext.shift();
		if (error) throw error;
	}

	count(op: string): number {
		return this.calls.filter(c => c.op === op).length;
	}

	async describeLogGroups(prefix: string, options?: CallOptions): Promise<LogGroup[]> {
		this.#enter('DescribeLogGroups', options);
		const groups = new Set([...this.streams.keys()].map(k => k.split('|')[0]!));
		return [...groups].filter(g => g.startsWith(prefix)).map(g => ({logGroupName: g, logGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${g}`}));
	}

	async getLogEvents(request: GetLogEventsRequest, options?: CallOptions): Promise<GetLogEventsResult> {
		this.#enter('GetLogEvents', options);
		const all = this.#visible(request.logGroup, request.logStream);
		if (request.nextToken) {
			const from = Number(request.nextToken.slice(2));
			return {events: all.slice(from), nextForwardToken: `f/${all.length}`};
		}
		if (!request.startFromHead) {
			const limit = request.limit ?? 10_000;
			return {events: all.slice(-limit), nextForwardToken: `f/${all.length}`};
		}
		const start = request.startTime ?? 0;
		const index = all.findIndex(e => e.timestamp >= start);
		return {events: index < 0 ? [] : all.slice(index), nextForwardToken: `f/${all.length}`};
	}

	async filterLogEvents(request: FilterLogEventsRequest, options?: CallOptions): Promise<LogEvent[]> {
		this.#enter('FilterLogEvents', options);
		const streams = [...this.streams.keys()]
			.filter(k => k.startsWith(`${request.logGroup}|`))
			.map(k => k.slice(request.logGroup.length + 1))
			.filter(s => (request.logStreamNames ? request.logStreamNames.includes(s) : s.startsWith(request.logStreamNamePrefix ?? '')));
		const events = streams.flatMap(s => this.#visible(request.logGroup, s));
		return events
			.filter(e => e.timestamp >= (request.startTime ?? 0) && e.timestamp < (request.endTime ?? Infinity))
			.sort((a, b) => a.timestamp - b.timestamp)
			.slice(0, request.limit ?? Infinity);
	}

	async startLiveTail(request: LiveTailRequest, options?: {signal?: AbortSignal}): Promise<LiveTailSession> {
		this.calls.push({op: 'StartLiveTail', at: this.now()});
		if (this.liveRefusal) throw this.liveRefusal;
		const session = new FakeSession(request);
		this.liveSessions.push(session);
		options?.signal?.addEventListener('abort', () => session.close(), {once: true});
		return session;
	}
}

/** A Live Tail session whose updates the test pushes. */
export class FakeSession implements LiveTailSession {
	readonly sessionId = 'session-1';
	closed = false;
	readonly #queue: Array<LiveTailUpdate | Error> = [];
	#wake?: () => void;
	readonly updates: AsyncIterable<LiveTailUpdate>;

	constructor(readonly request: LiveTailRequest) {
		const self = this;
		this.updates = {
			async *[Symbol.asyncIterator]() {
				for (;;) {
					while (self.#queue.length === 0 && !self.closed) await new Promise<void>(resolve => (self.#wake = resolve));
					if (self.closed) return;
					const next = self.#queue.shift()!;
					if (next instanceof Error) throw next;
					yield next;
				}
			},
		};
	}

	push(events: LogEvent[], sampled = false): void {
		this.#queue.push({events, sampled});
		this.#wake?.();
	}

	fail(message: string): void {
		this.#queue.push(new LiveTailError(message));
		this.#wake?.();
	}

	close = (): void => {
		this.closed = true;
		this.#wake?.();
	};
}
