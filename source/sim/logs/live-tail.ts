// StartLiveTail: validation as a plain JSON error, then an event stream on the open response: a
// sessionStart at once, then a sessionUpdate for every simulated second (empty when nothing came),
// at most 500 lines each (a sample, `sampled: true`, above that), a SessionTimeoutException after
// three simulated hours. The session ends when the client closes the connection; the simulator
// counts open sessions so tests can see that a client closed its own (Live Tail is billed).
// `POST /_sim/faults {"liveTail": …}` breaks the sessions open at that moment (faults on a request
// apply only when one arrives; a stream is one request that stays open): `drop` destroys the
// connection (no frame, no end of the stream), `exception` sends the SessionStreamingException
// CloudWatch sends for an error of its own, `timeout` the SessionTimeoutException of the third
// hour, and any other `…Exception` name an exception frame the SDK does not model; each then ends.
import type http from 'node:http';
import {SimError, invalid, optString, optStrings, type Body} from '../protocol.js';
import {compilePattern, type Matcher} from './filter-pattern.js';
import {eventFrame, exceptionFrame} from './eventstream.js';
import type {LogStore} from './store.js';
import {INGESTION_DELAY_MS, arrivedBetween, type GroupRec} from './streams.js';

export const LIVE_TAIL_TIMEOUT_MS = 3 * 3_600_000;
const MAX_RESULTS = 500;
/** A stepped clock may jump far: the seconds before the last ten are sent as one update. */
const MAX_UPDATES_PER_STEP = 10;
/** A client that does not read: updates are dropped (as CloudWatch drops them) past this backlog. */
const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;

interface Scope {
	groups: Array<{group: GroupRec; id: string}>;
	names?: string[];
	prefixes?: string[];
	pattern?: string;
	match: Matcher;
}

interface Session {
	id: string;
	scope: Scope;
	res: http.ServerResponse;
	startedAt: number;
	/** The end of the last second sent. */
	sentUntil: number;
	closed: boolean;
}

export interface LiveTailOptions {
	/** Brings the world up to the clock before a second is read. */
	catchUp(): void;
	/** Real-clock mode: wall milliseconds between checks for whole simulated seconds (none: the stepped clock calls pump()). */
	pollMs?: number;
}

/** How `POST /_sim/faults {"liveTail"}` breaks the open sessions. */
export type LiveTailBreak = {kind: 'drop'} | {kind: 'exception'; exception: string; message: string};

const breakMessages: Record<string, string> = {
	// Not CloudWatch's words (unseen): the simulator's.
	SessionStreamingException: 'The Live Tail session ended because of an internal error. Start a new session.',
	SessionTimeoutException: 'The session timed out after 3 hours.',
	ServiceUnavailableException: 'The service cannot complete the request.',
};

/** A `liveTail` control value: `drop`, `exception`, `timeout`, or an exception name. Throws SimError on anything else. */
export function parseLiveTailBreak(value: unknown): LiveTailBreak {
	if (value === 'drop') return {kind: 'drop'};
	const exception = value === 'exception' ? 'SessionStreamingException' : value === 'timeout' ? 'SessionTimeoutException' : value;
	if (typeof exception !== 'string' || !/^[A-Z][A-Za-z]*Exception$/.test(exception)) {
		throw new SimError('InvalidParameterException', 'liveTail must be "drop", "exception", "timeout" or an exception name such as ServiceUnavailableException.');
	}
	return {kind: 'exception', exception, message: breakMessages[exception] ?? `${exception} (injected by the simulator).`};
}

let ids = 0;
const uuid = (n: number) => `7a11ba11-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export class LiveTail {
	started = 0;
	private readonly sessions = new Set<Session>();
	private timer: NodeJS.Timeout | undefined;

	constructor(private readonly store: LogStore, private readonly options: LiveTailOptions) {}

	stats(): {open: number; started: number} {
		return {open: this.sessions.size, started: this.started};
	}

	/** Checks a StartLiveTail request as CloudWatch does before any stream (throws the JSON error). */
	validate(body: Body): Scope {
		const ids = optStrings(body, 'logGroupIdentifiers');
		if (!ids || ids.length === 0) throw invalid('logGroupIdentifiers must name at least one log group.');
		if (ids.length > 10) throw invalid('logGroupIdentifiers can have at most 10 log groups.');
		const names = optStrings(body, 'logStreamNames');
		const prefixes = optStrings(body, 'logStreamNamePrefixes');
		if (names && prefixes) throw invalid('logStreamNames and logStreamNamePrefixes are mutually exclusive parameters.');
		if ((names ?? prefixes) && ids.length > 1) throw invalid('logStreamNames and logStreamNamePrefixes can only be used with a single log group.');
		if ((names ?? prefixes ?? []).length > 100) throw invalid('At most 100 log stream names or prefixes.');
		const groups = ids.map(id => {
			// By ARN, without the `:*` DescribeLogGroups' `arn` field carries (that form is refused; verify for names).
			if (!id.startsWith('arn:') || id.endsWith('*')) throw invalid(`logGroupIdentifiers must be log group ARNs without a trailing :*: ${id}`);
			const group = this.store.findGroup(id);
			if (!group) throw new SimError('ResourceNotFoundException', `Log group ${id} does not exist.`);
			return {group, id};
		});
		const pattern = optString(body, 'logEventFilterPattern');
		return {groups, names, prefixes, pattern, match: compilePattern(pattern)};
	}

	start(scope: Scope, res: http.ServerResponse, requestId: string): void {
		const now = this.store.now();
		const session: Session = {id: uuid(++ids), scope, res, startedAt: now, sentUntil: now, closed: false};
		this.sessions.add(session);
		this.started++;
		res.on('close', () => this.end(session));
		res.writeHead(200, {'Content-Type': 'application/vnd.amazon.eventstream', 'x-amzn-RequestId': requestId});
		res.write(eventFrame('sessionStart', {
			requestId,
			sessionId: session.id,
			logGroupIdentifiers: scope.groups.map(g => g.id),
			logStreamNames: scope.names,
			logStreamNamePrefixes: scope.prefixes,
			logEventFilterPattern: scope.pattern,
		}));
		if (this.options.pollMs !== undefined && !this.timer) {
			this.timer = setInterval(() => this.pump(), this.options.pollMs);
			this.timer.unref();
		}
	}

	/** Sends every whole simulated second that passed since each session's last update. */
	pump(): void {
		if (this.sessions.size === 0) return;
		this.options.catchUp();
		const now = this.store.now();
		for (const session of this.sessions) {
			let steps = Math.floor((now - session.sentUntil) / 1000);
			if (steps > MAX_UPDATES_PER_STEP) {
				const until = session.sentUntil + ((steps - MAX_UPDATES_PER_STEP + 1) * 1000);
				this.update(session, until);
				steps = MAX_UPDATES_PER_STEP - 1;
			}
			for (let i = 0; i < steps && !session.closed; i++) this.update(session, session.sentUntil + 1000);
			if (!session.closed && now - session.startedAt >= LIVE_TAIL_TIMEOUT_MS) {
				session.res.end(exceptionFrame('SessionTimeoutException', 'The session timed out after 3 hours.'));
				this.end(session);
			}
		}
	}

	/** Breaks every open session as `how` says; how many there were. */
	breakAll(how: LiveTailBreak): number {
		let broken = 0;
		for (const session of [...this.sessions]) {
			broken++;
			// As a connection lost on the way looks to a client: the socket closes mid-stream.
			if (how.kind === 'drop') session.res.destroy();
			else session.res.end(exceptionFrame(how.exception, how.message));
			this.end(session);
		}
		return broken;
	}

	/** Ends every session (the simulator is closing). */
	closeAll(): void {
		for (const session of this.sessions) {
			session.res.destroy();
			this.end(session);
		}
	}

	private end(session: Session): void {
		if (session.closed) return;
		session.closed = true;
		this.sessions.delete(session);
		if (this.sessions.size === 0 && this.timer) {
			clearInterval(this.timer);
			this.timer = undefined;
		}
	}

	private update(session: Session, until: number): void {
		const from = session.sentUntil;
		session.sentUntil = until;
		const {scope} = session;
		const results: Array<{logStreamName: string; logGroupIdentifier: string; message: string; timestamp: number; ingestionTime: number}> = [];
		for (const {group, id} of scope.groups) {
			for (const stream of group.streams.values()) {
				if (scope.names && !scope.names.includes(stream.name)) continue;
				if (scope.prefixes && !scope.prefixes.some(p => stream.name.startsWith(p))) continue;
				const stopping = stream.source?.task.stoppingAt;
				// A stream whose task stopped before this second has nothing new unless someone planted lines.
				if (stopping !== undefined && Math.floor(stopping) + INGESTION_DELAY_MS < from && stream.arrivals.length === 0) continue;
				for (const line of arrivedBetween(stream, from, until)) {
					if (scope.match(line.message)) results.push({logStreamName: stream.name, logGroupIdentifier: id, message: line.message, timestamp: line.ts, ingestionTime: line.ingestion});
				}
			}
		}
		results.sort((a, b) => a.ingestionTime - b.ingestionTime || a.timestamp - b.timestamp);
		const sampled = results.length > MAX_RESULTS;
		const sent = sampled ? Array.from({length: MAX_RESULTS}, (_, i) => results[Math.floor((i * results.length) / MAX_RESULTS)]!) : results;
		if (session.res.writableLength > MAX_BACKLOG_BYTES) return;
		session.res.write(eventFrame('sessionUpdate', {sessionMetadata: {sampled}, sessionResults: sent}));
	}
}
