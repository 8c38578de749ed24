// The seam between ecs-top and CloudWatch Logs, in domain types, like ecs-api.ts for ECS. The real
// implementation (logs-client.ts) paginates, draws from the shared rate limiter in the Logs
// categories, and keeps to one region (awslogs-region may differ from the cluster's: one LogsApi
// per region). Tests above `aws/` use it against the simulator.
import type {LogEvent} from '../domain.js';
import type {CallOptions} from './ecs-api.js';

export interface LogGroup {
	logGroupName: string;
	/** Without the `:*` suffix: what StartLiveTail takes. */
	logGroupArn?: string;
	storedBytes?: number;
	retentionInDays?: number;
}

export interface GetLogEventsRequest {
	logGroup: string;
	logStream: string;
	startTime?: number;
	endTime?: number;
	/** Oldest first from startTime (true), or the newest `limit` lines (false, the default). */
	startFromHead?: boolean;
	/** A previous answer's nextForwardToken: only what came since (the same token back: nothing new). */
	nextToken?: string;
	limit?: number;
}

export interface GetLogEventsResult {
	events: LogEvent[];
	nextForwardToken?: string;
	nextBackwardToken?: string;
}

export interface FilterLogEventsRequest {
	logGroup: string;
	/** Exact streams (a task's containers), or… */
	logStreamNames?: readonly string[];
	/** …a prefix (a service's tasks: `prefix/container/`). Not both. */
	logStreamNamePrefix?: string;
	startTime?: number;
	endTime?: number;
	/** A CloudWatch filter pattern, matched by the server. */
	filterPattern?: string;
	/** Stop paging after this many events (default: every page). */
	limit?: number;
}

export interface LiveTailRequest {
	/** Log group ARNs (without `:*`), at most 10. */
	logGroupArns: readonly string[];
	/** Only with a single group; not with prefixes. */
	logStreamNames?: readonly string[];
	logStreamNamePrefixes?: readonly string[];
	filterPattern?: string;
}

export interface LiveTailUpdate {
	events: LogEvent[];
	/** CloudWatch sent a sample (more than 500 lines that second). */
	sampled: boolean;
}

export interface LiveTailSession {
	sessionId: string;
	updates: AsyncIterable<LiveTailUpdate>;
	/** Ends the session (billing stops when the connection closes). */
	close(): void;
}

export interface LogsApi {
	readonly region: string;
	// aws logs describe-log-groups --log-group-name-prefix P
	describeLogGroups(prefix: string, options?: CallOptions): Promise<LogGroup[]>;
	// aws logs get-log-events --log-group-name G --log-stream-name S
	getLogEvents(request: GetLogEventsRequest, options?: CallOptions): Promise<GetLogEventsResult>;
	// aws logs filter-log-events --log-group-name G (--log-stream-names … | --log-stream-name-prefix P)
	filterLogEvents(request: FilterLogEventsRequest, options?: CallOptions): Promise<LogEvent[]>;
	// aws logs start-live-tail --log-group-identifiers ARN… (billed per session-minute)
	startLiveTail(request: LiveTailRequest, options?: {signal?: AbortSignal; firstFrameTimeoutMs?: number}): Promise<LiveTailSession>;
}
