// DescribeLogGroups and DescribeLogStreams, and how an operation names its group.
import {SimError, invalid, optBool, optInt, optString, type Body} from '../protocol.js';
import type {LogStore} from './store.js';
import {extent, type GroupRec, type StreamRec} from './streams.js';
import {decodeOpaque, encodeOpaque} from './tokens.js';

export const groupNotFound = () => new SimError('ResourceNotFoundException', 'The specified log group does not exist.');
export const streamNotFound = () => new SimError('ResourceNotFoundException', 'The specified log stream does not exist.');

/** `logGroupName` or `logGroupIdentifier` (a name or an ARN), not both. */
export function groupOf(store: LogStore, body: Body): GroupRec {
	const name = optString(body, 'logGroupName');
	const id = optString(body, 'logGroupIdentifier');
	if (name !== undefined && id !== undefined) throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
	const ref = name ?? id;
	if (!ref) throw invalid('Either logGroupName or logGroupIdentifier must be given.');
	const group = store.findGroup(ref);
	if (!group) throw groupNotFound();
	return group;
}

export function limitOf(body: Body, key: string, max: number, fallback: number): number {
	const n = optInt(body, key);
	if (n === undefined) return fallback;
	if (n < 1 || n > max) throw invalid(`${key} must be between 1 and ${max}.`);
	return n;
}

/** A rough stored size without reading lines: timed lines at ~140 bytes each, plus planted ones. */
function estimatedBytes(stream: StreamRec, now: number): number {
	const src = stream.source;
	let bytes = stream.arrivals.length * 100;
	if (src?.task.startedAt !== undefined) bytes += Math.floor((Math.max(0, Math.min(now, src.task.stoppingAt ?? now) - src.task.startedAt) / src.periodMs) * 140);
	return bytes;
}

function groupWire(store: LogStore, g: GroupRec) {
	const now = store.now();
	let storedBytes = 0;
	for (const s of g.streams.values()) storedBytes += estimatedBytes(s, now);
	return {
		logGroupName: g.name,
		creationTime: g.createdAt,
		retentionInDays: g.retentionInDays,
		metricFilterCount: 0,
		// `arn` ends in `:*` (what IAM policies match); StartLiveTail takes `logGroupArn`.
		arn: `${g.arn}:*`,
		storedBytes,
		logGroupClass: 'STANDARD',
		logGroupArn: g.arn,
	};
}

function describeLogGroups(store: LogStore, body: Body) {
	const prefix = optString(body, 'logGroupNamePrefix');
	const pattern = optString(body, 'logGroupNamePattern');
	if (prefix !== undefined && pattern !== undefined) throw invalid('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
	const limit = limitOf(body, 'limit', 50, 50);
	const after = decodeOpaque(optString(body, 'nextToken'))?.after;
	const needle = pattern?.toLowerCase();
	const matching = store.sortedGroups().filter(g =>
		(prefix === undefined || g.name.startsWith(prefix)) && (needle === undefined || g.name.toLowerCase().includes(needle)) && (typeof after !== 'string' || g.name > after));
	const page = matching.slice(0, limit);
	return {
		logGroups: page.map(g => groupWire(store, g)),
		nextToken: matching.length > limit ? encodeOpaque({after: page.at(-1)!.name}) : undefined,
	};
}

function streamWire(store: LogStore, s: StreamRec, e = extent(s, store.now())) {
	return {
		logStreamName: s.name,
		creationTime: s.createdAt,
		firstEventTimestamp: e.first,
		lastEventTimestamp: e.last,
		lastIngestionTime: e.lastIngestion,
		arn: `${s.group.arn}:log-stream:${s.name}`,
		storedBytes: 0,
	};
}

function describeLogStreams(store: LogStore, body: Body) {
	const group = groupOf(store, body);
	const prefix = optString(body, 'logStreamNamePrefix');
	const orderBy = optString(body, 'orderBy') ?? 'LogStreamName';
	if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') throw invalid('orderBy must be LogStreamName or LastEventTime.');
	if (orderBy === 'LastEventTime' && prefix !== undefined) throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
	const descending = optBool(body, 'descending') ?? false;
	const limit = limitOf(body, 'limit', 50, 50);
	const offset = decodeOpaque(optString(body, 'nextToken'))?.offset ?? 0;
	if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw invalid('The specified nextToken is invalid.');
	const now = store.now();
	let rows = [...group.streams.values()].filter(s => prefix === undefined || s.name.startsWith(prefix)).map(s => ({s, e: extent(s, now)}));
	rows = orderBy === 'LogStreamName'
		? rows.sort((a, b) => (a.s.name < b.s.name ? -1 : a.s.name > b.s.name ? 1 : 0))
		: rows.sort((a, b) => (a.e.last ?? a.s.createdAt) - (b.e.last ?? b.s.createdAt) || (a.s.name < b.s.name ? -1 : 1));
	if (descending) rows.reverse();
	const page = rows.slice(offset, offset + limit);
	return {
		logStreams: page.map(r => streamWire(store, r.s, r.e)),
		nextToken: rows.length > offset + limit ? encodeOpaque({offset: offset + limit}) : undefined,
	};
}

export const describeOps = {
	DescribeLogGroups: describeLogGroups,
	DescribeLogStreams: describeLogStreams,
};
