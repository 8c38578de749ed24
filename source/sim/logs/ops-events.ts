// GetLogEvents and FilterLogEvents (reading), PutLogEvents, CreateLogGroup and CreateLogStream
// (so tests and scripts can plant lines).
import {MinHeap} from '../heap.js';
import {SimError, invalid, optBool, optInt, optString, optStrings, reqString, type Body} from '../protocol.js';
import {compilePattern} from './filter-pattern.js';
import {groupNotFound, groupOf, limitOf, streamNotFound} from './ops-describe.js';
import type {LogStore} from './store.js';
import {ascending, descending, eventId, type Key, type LogLine, type StreamRec} from './streams.js';
import {decodeOpaque, encodeOpaque, lineToken, parseLineToken} from './tokens.js';

const MAX_BYTES = 1_048_576;
/** Lines FilterLogEvents examines per call before it answers with what it found and a token, as CloudWatch does (here so that one call holds the single-threaded simulator for tens of milliseconds, not seconds). */
export const FILTER_SCAN_BUDGET = 50_000;
const END = Number.MAX_SAFE_INTEGER;

const size = (line: LogLine) => Buffer.byteLength(line.message) + 26;

function window(body: Body): {lo: number; hi: number} {
	const start = optInt(body, 'startTime');
	const end = optInt(body, 'endTime');
	if (start !== undefined && end !== undefined && start > end) throw invalid('startTime must not be after endTime.');
	return {lo: Math.max(0, start ?? 0), hi: end ?? END};
}

function getLogEvents(store: LogStore, body: Body) {
	const group = groupOf(store, body);
	const stream = group.streams.get(reqString(body, 'logStreamName'));
	if (!stream) throw streamNotFound();
	const {lo, hi: end} = window(body);
	// GetLogEvents' endTime is exclusive.
	const hi = end === END ? END : end - 1;
	const limit = limitOf(body, 'limit', 10_000, 10_000);
	const token = optString(body, 'nextToken');
	const parsed = token ? parseLineToken(token) : undefined;
	const forward = parsed ? parsed.direction === 'f' : optBool(body, 'startFromHead') === true;
	const now = store.now();
	const lines: LogLine[] = [];
	let bytes = 0;
	const source = forward
		? ascending(stream, lo, hi, now, parsed?.key ?? {ts: lo - 1, j: 999_999})
		: descending(stream, lo, hi, now, parsed?.key);
	for (const line of source) {
		bytes += size(line);
		if (lines.length >= limit || bytes > MAX_BYTES) break;
		lines.push(line);
	}
	if (!forward) lines.reverse();
	const first = lines[0];
	const last = lines.at(-1);
	// With nothing new, the same forward token comes back: a poller keeps asking from where it was.
	const visibleTop: Key = {ts: Math.min(hi, now), j: 999_999};
	const forwardKey = last ?? (parsed ? parsed.key : forward ? {ts: lo - 1, j: 999_999} : visibleTop);
	const backwardKey = first ?? (parsed ? parsed.key : visibleTop);
	return {
		events: lines.map(l => ({timestamp: l.ts, message: l.message, ingestionTime: l.ingestion})),
		nextForwardToken: lineToken('f', forwardKey),
		nextBackwardToken: lineToken('b', backwardKey),
	};
}

interface Head {
	at: number;
	order: number;
	line: LogLine;
	stream: StreamRec;
	rest: Generator<LogLine>;
}

function filterLogEvents(store: LogStore, body: Body) {
	const group = groupOf(store, body);
	const names = optStrings(body, 'logStreamNames');
	const prefix = optString(body, 'logStreamNamePrefix');
	if (names !== undefined && prefix !== undefined) throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
	if (names && (names.length === 0 || names.length > 100)) throw invalid('logStreamNames must have 1 to 100 names.');
	const {lo, hi} = window(body);
	const match = compilePattern(optString(body, 'filterPattern'));
	const limit = limitOf(body, 'limit', 10_000, 10_000);
	const token = decodeOpaque(optString(body, 'nextToken'));
	// A token carries the visibility bound of the first page, so the pages of one query agree.
	const now = typeof token?.now === 'number' ? token.now : store.now();
	const cursor = token && typeof token.ts === 'number' && typeof token.j === 'number' && typeof token.s === 'string' ? {ts: token.ts, j: token.j, s: token.s} : undefined;
	if (token && !cursor) throw invalid('The specified nextToken is invalid.');

	const wanted = names ? new Set(names) : undefined;
	const streams = [...group.streams.values()]
		.filter(s => (wanted ? wanted.has(s.name) : prefix === undefined || s.name.startsWith(prefix)))
		.filter(s => !s.source?.task.startedAt || (s.source.task.startedAt <= hi && (s.source.task.stoppingAt ?? END) >= lo) || s.planted.length > 0)
		.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	const heap = new MinHeap<Head>();
	for (const [order, stream] of streams.entries()) {
		// The merge order is (timestamp, stream name, tie-breaker): resume each stream after the cursor in that order.
		const after: Key | undefined = !cursor ? undefined : stream.name < cursor.s ? {ts: cursor.ts, j: 999_999} : stream.name === cursor.s ? cursor : {ts: cursor.ts, j: -1};
		const rest = ascending(stream, lo, hi, now, after);
		const first = rest.next();
		if (!first.done) heap.push({at: first.value.ts, order, line: first.value, stream, rest});
	}

	const events: Array<{logStreamName: string; timestamp: number; message: string; ingestionTime: number; eventId: string}> = [];
	let bytes = 0;
	let scanned = 0;
	let last: {ts: number; j: number; s: string} | undefined;
	while (heap.size > 0) {
		if (events.length >= limit || scanned >= FILTER_SCAN_BUDGET) break;
		const head = heap.peek()!;
		if (match(head.line.message)) {
			if (bytes + size(head.line) > MAX_BYTES) break;
			bytes += size(head.line);
			events.push({logStreamName: head.stream.name, timestamp: head.line.ts, message: head.line.message, ingestionTime: head.line.ingestion, eventId: eventId(head.stream, head.line)});
		}
		scanned++;
		last = {ts: head.line.ts, j: head.line.j, s: head.stream.name};
		heap.pop();
		const next = head.rest.next();
		if (!next.done) heap.push({...head, at: next.value.ts, line: next.value});
	}
	return {
		events,
		nextToken: heap.size > 0 && last ? encodeOpaque({...last, now}) : undefined,
	};
}

function putLogEvents(store: LogStore, body: Body) {
	const group = store.findGroup(reqString(body, 'logGroupName'));
	if (!group) throw groupNotFound();
	const stream = group.streams.get(reqString(body, 'logStreamName'));
	if (!stream) throw streamNotFound();
	const raw = body.logEvents;
	if (!Array.isArray(raw) || raw.length === 0 || raw.length > 10_000) throw invalid('logEvents must have 1 to 10000 events.');
	const events = raw.map(e => {
		const ev = (typeof e === 'object' && e !== null ? e : {}) as Body;
		const timestamp = optInt(ev, 'timestamp');
		const message = optString(ev, 'message');
		if (timestamp === undefined || message === undefined || message === '') throw invalid('Each log event needs a timestamp and a message.');
		return {timestamp, message};
	});
	store.put(stream, events);
	return {};
}

function createLogGroup(store: LogStore, body: Body) {
	const name = reqString(body, 'logGroupName');
	if (!/^[\w./#-]{1,512}$/.test(name)) throw invalid('logGroupName must be 1 to 512 of [A-Za-z0-9_-/.#].');
	if (store.groups.has(name)) throw new SimError('ResourceAlreadyExistsException', 'The specified log group already exists');
	store.ensureGroup(name);
	return {};
}

function createLogStream(store: LogStore, body: Body) {
	const group = store.findGroup(reqString(body, 'logGroupName'));
	if (!group) throw groupNotFound();
	const name = reqString(body, 'logStreamName');
	if (name.length > 512 || name.includes(':') || name.includes('*')) throw invalid('logStreamName must be 1 to 512 characters without : or *.');
	if (group.streams.has(name)) throw new SimError('ResourceAlreadyExistsException', 'The specified log stream already exists');
	store.createStream(group, name);
	return {};
}

export const eventOps = {
	GetLogEvents: getLogEvents,
	FilterLogEvents: filterLogEvents,
	PutLogEvents: putLogEvents,
	CreateLogGroup: createLogGroup,
	CreateLogStream: createLogStream,
};
