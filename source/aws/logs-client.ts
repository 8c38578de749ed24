// The real LogsApi: CloudWatch Logs through @aws-sdk/client-cloudwatch-logs, every call drawn from
// the shared rate limiter in its Logs category (one per action: Logs throttles each on its own) and
// retried here as EcsClient does (the SDK is built with maxAttempts 1): throttles after the
// limiter's backoff, server and network faults with backoff unless the caller's next poll is the
// retry (`scheduled`). SDK shapes become LogEvents with the synthetic event id (see eventIdOf).
// A Live Tail session's minutes, billed until it closes, go to the limiter's spend ledger.
import {createHash} from 'node:crypto';
// The SDK's module on the first call only (see client.ts).
const sdk = () => import('./sdk-logs.js');
import type {LogEvent} from '../domain.js';
import type {CallOptions} from './ecs-api.js';
import type {Send, RetryOptions} from './ecs-client.js';
import {describeError, isNetworkError, isThrottle} from './errors.js';
import {limitedRead, readTiming} from './limited-read.js';
import {operationCategory, type RateLimiter} from './limiter.js';
import type {FilterLogEventsRequest, GetLogEventsRequest, GetLogEventsResult, LiveTailRequest, LiveTailSession, LiveTailUpdate, LogGroup, LogsApi} from './logs-api.js';

export interface LogsClientOptions {
	send: Send;
	/** The region this client reads ('' : the one resolved from flags, env and profile). */
	region: string;
	limiter: RateLimiter;
	retry?: RetryOptions;
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
	now?: () => number;
}

/** The most events one GetLogEvents or FilterLogEvents page holds (CloudWatch's own maximum). */
export const logsPageLimit = 10_000;

/**
 * The id ecs-top gives a log line: the first 20 hex digits of
 * sha1(logGroup NUL logStream NUL timestamp NUL ingestionTime NUL message), with `#n` added for the
 * n-th identical line of one answer. GetLogEvents and Live Tail return no event id, and
 * FilterLogEvents' eventId is not derivable from the others, so a line read by one call and again
 * by another (polling after Live Tail, a time window overlapping a token read) would otherwise
 * show twice: every call uses this id, and FilterLogEvents' own is kept as `cloudwatchEventId`.
 * Two identical lines of one stream logged and ingested in the same milliseconds are told apart
 * by their order in the answer (`#2`), which holds wherever both come back in one answer.
 */
export function syntheticEventId(logGroup: string, logStream: string, timestamp: number, ingestionTime: number | undefined, message: string): string {
	return createHash('sha1').update(`${logGroup}\0${logStream}\0${timestamp}\0${ingestionTime ?? ''}\0${message}`).digest('hex').slice(0, 20);
}

/** `prefix/container/taskId` (awslogs' stream name) → its container and task id; prefixes may hold slashes. */
export function parseStreamName(logStream: string): {taskId?: string; container?: string} {
	const parts = logStream.split('/');
	if (parts.length < 3) return {};
	const taskId = parts.at(-1)!;
	const container = parts.at(-2)!;
	// A task id is 32 hex digits (or a legacy UUID); anything else is some other naming.
	if (!/^[\da-f]{32}$|^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/.test(taskId) || container === '') return {};
	return {taskId, container};
}

/** A log group's name from Live Tail's identifier (an ARN, maybe with `:*`, or the name). */
export function groupNameOf(identifier: string): string {
	const at = identifier.indexOf(':log-group:');
	return at < 0 ? identifier : identifier.slice(at + ':log-group:'.length).replace(/:\*$/, '');
}

interface RawEvent {
	logStreamName?: string;
	timestamp?: number;
	ingestionTime?: number;
	message?: string;
	eventId?: string;
}

/** SDK events → LogEvents with synthetic ids, identical lines of one answer numbered (see syntheticEventId). */
export function toLogEvents(raw: readonly RawEvent[], logGroup: string, logStream?: string): LogEvent[] {
	const seen = new Map<string, number>();
	return raw.map(e => {
		const stream = e.logStreamName ?? logStream ?? '';
		const message = e.message ?? '';
		const timestamp = e.timestamp ?? 0;
		const base = syntheticEventId(logGroup, stream, timestamp, e.ingestionTime, message);
		const n = (seen.get(base) ?? 0) + 1;
		seen.set(base, n);
		const event: LogEvent = {eventId: n === 1 ? base : `${base}#${n}`, timestamp, message, logGroup, logStream: stream, ...parseStreamName(stream)};
		if (e.ingestionTime !== undefined) event.ingestionTime = e.ingestionTime;
		if (e.eventId) event.cloudwatchEventId = e.eventId;
		return event;
	});
}

/** A Live Tail failure as one line (the session's own exceptions, then the usual ones). */
export class LiveTailError extends Error {
	override name = 'LiveTailError';
	constructor(message: string, readonly code?: string) {
		super(message);
	}
}

function liveTailMessage(error: unknown): LiveTailError {
	if (error instanceof LiveTailError) return error;
	const name = (error as {name?: string})?.name ?? '';
	if (name === 'SessionTimeoutException') return new LiveTailError('Live Tail session ended (CloudWatch ends sessions after 3 hours)', name);
	if (name === 'SessionStreamingException') return new LiveTailError('Live Tail stream broke off (SessionStreamingException)', name);
	if (name === 'LimitExceededException') return new LiveTailError('Live Tail refused: too many concurrent sessions in this account (15)', name);
	if (/AccessDenied/.test(name)) return new LiveTailError('Live Tail denied: needs logs:StartLiveTail', name);
	if (name === 'UnknownOperationException' || name === 'UnknownOperation' || (error as {$metadata?: {httpStatusCode?: number}})?.$metadata?.httpStatusCode === 404) {
		return new LiveTailError('Live Tail is not supported by this endpoint', name);
	}
	const text = describeError(error, 'CloudWatch Logs').message;
	// An exception the SDK does not model (ServiceUnavailableException in the stream) is described by its kind: name it too.
	return new LiveTailError(`Live Tail failed: ${text}${/Exception$/.test(name) && !text.includes(name) ? ` (${name})` : ''}`, name);
}

export class LogsClient implements LogsApi {
	readonly region: string;
	readonly #o: LogsClientOptions & {retry: Required<RetryOptions>; sleep: (ms: number) => Promise<void>; random: () => number};

	constructor(options: LogsClientOptions) {
		this.region = options.region;
		this.#o = {
			...options,
			...readTiming(options),
		};
	}

	#call<T>(operation: string, command: unknown, options: CallOptions = {}): Promise<T> {
		return limitedRead<T>(this.#o, operationCategory[operation] ?? 'logsFilterLogEvents', command, options);
	}

	async describeLogGroups(prefix: string, options?: CallOptions): Promise<LogGroup[]> {
		const {DescribeLogGroupsCommand} = await sdk();
		const groups: LogGroup[] = [];
		let nextToken: string | undefined;
		do {
			// aws logs describe-log-groups --log-group-name-prefix P (every page)
			const page = await this.#call<{logGroups?: Array<{logGroupName?: string; logGroupArn?: string; arn?: string; storedBytes?: number; retentionInDays?: number}>; nextToken?: string}>(
				'DescribeLogGroups',
				new DescribeLogGroupsCommand({logGroupNamePrefix: prefix, nextToken}),
				options,
			);
			for (const g of page.logGroups ?? []) {
				if (!g.logGroupName) continue;
				const group: LogGroup = {logGroupName: g.logGroupName};
				// `logGroupArn` is the ARN without `:*` (what StartLiveTail takes); older answers have only `arn`, with it.
				const arn = g.logGroupArn ?? g.arn?.replace(/:\*$/, '');
				if (arn) group.logGroupArn = arn;
				if (g.storedBytes !== undefined) group.storedBytes = g.storedBytes;
				if (g.retentionInDays !== undefined) group.retentionInDays = g.retentionInDays;
				groups.push(group);
			}
			nextToken = page.nextToken;
		} while (nextToken);
		return groups;
	}

	async getLogEvents(request: GetLogEventsRequest, options?: CallOptions): Promise<GetLogEventsResult> {
		const {GetLogEventsCommand} = await sdk();
		// aws logs get-log-events --log-group-name G --log-stream-name S [--start-from-head] [--next-token T] [--limit N]
		const page = await this.#call<{events?: RawEvent[]; nextForwardToken?: string; nextBackwardToken?: string}>(
			'GetLogEvents',
			new GetLogEventsCommand({
				logGroupName: request.logGroup,
				logStreamName: request.logStream,
				startTime: request.startTime,
				endTime: request.endTime,
				startFromHead: request.startFromHead,
				nextToken: request.nextToken,
				limit: request.limit === undefined ? undefined : Math.min(request.limit, logsPageLimit),
			}),
			options,
		);
		const result: GetLogEventsResult = {events: toLogEvents(page.events ?? [], request.logGroup, request.logStream)};
		if (page.nextForwardToken) result.nextForwardToken = page.nextForwardToken;
		if (page.nextBackwardToken) result.nextBackwardToken = page.nextBackwardToken;
		return result;
	}

	async filterLogEvents(request: FilterLogEventsRequest, options?: CallOptions): Promise<LogEvent[]> {
		const {FilterLogEventsCommand} = await sdk();
		const raw: RawEvent[] = [];
		const limit = request.limit ?? Infinity;
		let nextToken: string | undefined;
		do {
			// aws logs filter-log-events --log-group-name G (--log-stream-names S… | --log-stream-name-prefix P)
			//   [--start-time T] [--end-time T] [--filter-pattern P] [--next-token T] (every page, or to the limit)
			const page = await this.#call<{events?: RawEvent[]; nextToken?: string}>(
				'FilterLogEvents',
				new FilterLogEventsCommand({
					logGroupName: request.logGroup,
					logStreamNames: request.logStreamNames?.length ? [...request.logStreamNames] : undefined,
					logStreamNamePrefix: request.logStreamNamePrefix,
					startTime: request.startTime,
					endTime: request.endTime,
					filterPattern: request.filterPattern || undefined,
					nextToken,
					limit: Number.isFinite(limit) ? Math.min(logsPageLimit, limit - raw.length) : undefined,
				}),
				options,
			);
			raw.push(...(page.events ?? []));
			// The same token twice would loop forever on an endpoint that repeats itself.
			nextToken = page.nextToken && page.nextToken !== nextToken ? page.nextToken : undefined;
		} while (nextToken && raw.length < limit);
		// One answer across pages: identical lines are numbered over the whole of it.
		return toLogEvents(raw.slice(0, Number.isFinite(limit) ? limit : undefined), request.logGroup);
	}

	async startLiveTail(request: LiveTailRequest, options: {signal?: AbortSignal; firstFrameTimeoutMs?: number} = {}): Promise<LiveTailSession> {
		const {limiter} = this.#o;
		const {StartLiveTailCommand} = await sdk();
		await limiter.acquire('logsStartLiveTail', 'interactive', options.signal);
		const controller = new AbortController();
		const onAbort = () => controller.abort(options.signal?.reason);
		options.signal?.addEventListener('abort', onAbort, {once: true});
		const limitMs = options.firstFrameTimeoutMs ?? 10_000;
		const limitText = `${Number((limitMs / 1000).toFixed(1))} s`;
		// send() resolves only once the first frame arrives: without a limit a silent endpoint would hold it forever.
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			controller.abort(new LiveTailError(`Live Tail did not start within ${limitText}`));
		}, limitMs);
		// Billed per session-minute from its start until the connection closes: the ledger keeps the time.
		let stopBilling = () => {};
		const close = () => {
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', onAbort);
			controller.abort();
			stopBilling();
		};
		let stream: AsyncIterator<Record<string, any>>;
		let sessionId = '';
		// On the wire until its first frame (the answer); counted as a call like every other.
		const answered = limiter.sending('logsStartLiveTail');
		try {
			// aws logs start-live-tail --log-group-identifiers ARN… [--log-stream-names S… | --log-stream-name-prefixes P…] [--log-event-filter-pattern P]
			const output = await this.#o.send(
				new StartLiveTailCommand({
					logGroupIdentifiers: [...request.logGroupArns],
					logStreamNames: request.logStreamNames?.length ? [...request.logStreamNames] : undefined,
					logStreamNamePrefixes: request.logStreamNamePrefixes?.length ? [...request.logStreamNamePrefixes] : undefined,
					logEventFilterPattern: request.filterPattern || undefined,
				}),
				{abortSignal: controller.signal},
			);
			const responseStream = (output as {responseStream?: AsyncIterable<Record<string, any>>}).responseStream;
			if (!responseStream) throw new LiveTailError('Live Tail answered without a stream');
			stream = responseStream[Symbol.asyncIterator]();
			// The first frame is sessionStart (or the session's exception).
			const first = await stream.next();
			if (first.done) throw new LiveTailError('Live Tail ended before it started');
			const frame = first.value;
			if (frame.SessionTimeoutException || frame.SessionStreamingException) throw liveTailMessage({name: frame.SessionTimeoutException ? 'SessionTimeoutException' : 'SessionStreamingException'});
			sessionId = frame.sessionStart?.sessionId ?? '';
			clearTimeout(timer);
			stopBilling = limiter.spend.liveTailStarted();
			limiter.succeeded('logsStartLiveTail');
		} catch (error) {
			close();
			if (isThrottle(error)) limiter.throttled('logsStartLiveTail');
			if (timedOut) throw new LiveTailError(`Live Tail did not start within ${limitText}`, 'Timeout');
			throw liveTailMessage(error);
		} finally {
			answered();
		}
		const iterator = stream;
		async function* updates(): AsyncGenerator<LiveTailUpdate> {
			try {
				for (;;) {
					const next = await iterator.next();
					if (next.done) return;
					const frame = next.value;
					if (frame.SessionTimeoutException) throw liveTailMessage({name: 'SessionTimeoutException'});
					if (frame.SessionStreamingException) throw liveTailMessage({name: 'SessionStreamingException'});
					const update = frame.sessionUpdate as {sessionMetadata?: {sampled?: boolean}; sessionResults?: Array<RawEvent & {logGroupIdentifier?: string}>} | undefined;
					if (!update) continue;
					// Group by log group, so identical lines are numbered as a read of that group numbers them.
					const byGroup = new Map<string, RawEvent[]>();
					for (const e of update.sessionResults ?? []) {
						const group = groupNameOf(e.logGroupIdentifier ?? '');
						byGroup.set(group, [...(byGroup.get(group) ?? []), e]);
					}
					const events = [...byGroup].flatMap(([group, raw]) => toLogEvents(raw, group));
					yield {events, sampled: update.sessionMetadata?.sampled === true};
				}
			} catch (error) {
				if (controller.signal.aborted && !(error instanceof LiveTailError)) return;
				// Mid-stream, a network error is a connection lost, not an endpoint out of reach.
				if (isNetworkError(error)) {
					const code = (error as {code?: string}).code ?? 'network error';
					throw new LiveTailError(`Live Tail connection lost (${code})`, code);
				}
				throw liveTailMessage(error);
			} finally {
				close();
			}
		}
		return {sessionId, updates: updates(), close};
	}
}
