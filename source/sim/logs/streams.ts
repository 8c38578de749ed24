// Log groups and streams, and the order of a stream's lines.
//
// Memory stays bounded however long the simulator runs and however many tasks it has: a task's
// stream stores no lines. Its lines are a pure function of (seed, stream, slot): slot k of a
// container that started at S is logged at S + 1 + k·period (+ a seeded jitter below half a
// period), until the task starts stopping; a banner at S and the last words at the stop are a few
// more computed lines. Reading any time range of any stream costs only the lines in that range.
// Only lines planted with PutLogEvents are stored, and stopped tasks' streams are forgotten per
// group beyond `STOPPED_STREAMS_KEPT` (oldest first), as retention would.
import type {TaskRec} from '../model.js';
import {bannerLines, slotLine, stopLines, type LineContext} from './content.js';
import {mix} from './hash.js';

/** Milliseconds from a generated line's timestamp to its ingestion (when readers can see it). */
export const INGESTION_DELAY_MS = 250;
/** Stopped tasks' streams a group keeps (newer ones push the oldest out). */
export const STOPPED_STREAMS_KEPT = 1000;

/** A line's place in its stream: timestamp, then a tie-breaker (0 for timed lines, 1… for banner, last words and planted lines). */
export interface Key {
	ts: number;
	j: number;
}

export interface LogLine extends Key {
	message: string;
	ingestion: number;
}

export interface StreamSource {
	task: TaskRec;
	container: string;
	ctx: LineContext;
	seed: number;
	periodMs: number;
}

export interface StreamRec {
	name: string;
	group: GroupRec;
	createdAt: number;
	/** Seeds event ids: unique per (group, stream). */
	hash: number;
	source?: StreamSource;
	/** PutLogEvents lines, by key. */
	planted: LogLine[];
	/** The same lines in arrival order (ingestion time ascending), for Live Tail. */
	arrivals: LogLine[];
	nextPlantedJ: number;
}

export interface GroupRec {
	name: string;
	arn: string;
	createdAt: number;
	retentionInDays?: number;
	streams: Map<string, StreamRec>;
	/** Streams of stopped tasks, oldest first (the ones forgotten first). */
	stopped: StreamRec[];
}

export const compareKeys = (a: Key, b: Key): number => a.ts - b.ts || a.j - b.j;

/** CloudWatch event ids are long decimal strings; these are too, stable for a line. */
export function eventId(stream: StreamRec, line: Key): string {
	return `${String(line.ts).padStart(16, '0')}${String(line.j).padStart(6, '0')}${String(stream.hash).padStart(10, '0')}`;
}

class Slots {
	readonly base: number;
	readonly period: number;
	/** Exclusive: no timed line at or after the stop. */
	readonly end: number;

	constructor(private readonly source: StreamSource, startedAt: number, end: number) {
		this.base = startedAt + 1;
		this.period = source.periodMs;
		this.end = end;
	}

	ts(k: number): number {
		const jitter = this.period >= 10 ? ((mix(this.source.seed, k) / 4_294_967_296) * this.period) / 2 : 0;
		return this.base + Math.floor((k * this.period) + jitter);
	}

	/** The first slot at or after `t`. */
	firstFrom(t: number): number {
		if (t <= this.base) return 0;
		let k = Math.max(0, Math.floor((t - this.base) / this.period) - 1);
		while (this.ts(k) < t) k++;
		return k;
	}

	/** The last slot at or before `t` (-1: none). */
	lastUntil(t: number): number {
		if (t < this.base) return -1;
		let k = Math.floor((t - this.base) / this.period) + 1;
		while (k >= 0 && this.ts(k) > t) k--;
		return k;
	}

	line(k: number): LogLine {
		const ts = this.ts(k);
		return {ts, j: 0, ingestion: ts + INGESTION_DELAY_MS, message: slotLine(mix(this.source.seed ^ 0x5bd1_e995, k), ts, this.source.ctx)};
	}
}

interface Parts {
	slots?: Slots;
	/** Banner, last words and planted lines within the asked range, by key. */
	few: LogLine[];
}

/** The lines of a stream with lo <= ts <= hi that readers can see at `now`, split into timed slots and the few others. */
function parts(stream: StreamRec, lo: number, hi: number, now: number, planted = true): Parts {
	const few = planted ? stream.planted.filter(l => l.ts >= lo && l.ts <= hi && l.ingestion <= now) : [];
	const src = stream.source;
	if (!src || src.task.startedAt === undefined) return {few};
	// The lifecycle keeps fractional milliseconds; log timestamps are whole ones.
	const startedAt = Math.floor(src.task.startedAt);
	const visible = Math.min(hi, now - INGESTION_DELAY_MS);
	const end = src.task.stoppingAt === undefined ? undefined : Math.floor(src.task.stoppingAt);
	const extra: LogLine[] = [];
	const add = (ts: number, messages: string[]) => {
		if (ts < lo || ts > visible) return;
		for (const [i, message] of messages.entries()) extra.push({ts, j: i + 1, ingestion: ts + INGESTION_DELAY_MS, message});
	};
	add(startedAt, bannerLines(startedAt, src.ctx));
	if (end !== undefined && end >= startedAt) {
		const container = src.task.containers.find(c => c.name === src.container);
		add(end, stopLines(mix(src.seed, 0xdead), end, src.ctx, container?.exitCode));
	}
	if (extra.length > 0) {
		few.push(...extra);
		few.sort(compareKeys);
	}
	return {few, slots: new Slots(src, startedAt, Math.min(end ?? Infinity, visible + 1))};
}

/** Lines after `after` (exclusive) with lo <= ts <= hi, oldest first. */
export function* ascending(stream: StreamRec, lo: number, hi: number, now: number, after?: Key, planted = true): Generator<LogLine> {
	const from = after ? Math.max(lo, after.ts) : lo;
	const {few, slots} = parts(stream, from, hi, now, planted);
	let i = 0;
	let k = slots ? slots.firstFrom(from) : 0;
	for (;;) {
		const slot = slots && k >= 0 && slots.ts(k) < slots.end && slots.ts(k) <= hi ? slots.line(k) : undefined;
		const other = few[i];
		const next = slot && (!other || compareKeys(slot, other) < 0) ? slot : other;
		if (!next) return;
		if (next === slot) k++;
		else i++;
		if (!after || compareKeys(next, after) > 0) yield next;
	}
}

/** Lines before `before` (exclusive) with lo <= ts <= hi, newest first. */
export function* descending(stream: StreamRec, lo: number, hi: number, now: number, before?: Key): Generator<LogLine> {
	const to = before ? Math.min(hi, before.ts) : hi;
	const {few, slots} = parts(stream, lo, to, now);
	let i = few.length - 1;
	let k = slots ? slots.lastUntil(Math.min(to, slots.end - 1)) : -1;
	for (;;) {
		const slot = slots && k >= 0 && slots.ts(k) >= lo ? slots.line(k) : undefined;
		const other = i >= 0 ? few[i] : undefined;
		const next = slot && (!other || compareKeys(slot, other) > 0) ? slot : other;
		if (!next) return;
		if (next === slot) k--;
		else i--;
		if (!before || compareKeys(next, before) < 0) yield next;
	}
}

/** First and last visible timestamps, and a rough size (for DescribeLogStreams and DescribeLogGroups). */
export function extent(stream: StreamRec, now: number): {first?: number; last?: number; lastIngestion?: number; bytes: number} {
	const first = ascending(stream, 0, Number.MAX_SAFE_INTEGER, now).next().value;
	const last = descending(stream, 0, Number.MAX_SAFE_INTEGER, now).next().value;
	const period = stream.source?.periodMs ?? 1000;
	const timed = first && last && stream.source ? Math.floor((last.ts - first.ts) / period) : 0;
	const bytes = (timed * 140) + stream.planted.reduce((n, l) => n + l.message.length + 26, 0);
	return {first: first?.ts, last: last?.ts, lastIngestion: last?.ingestion, bytes};
}

/**
 * Lines that arrived (ingestion time) in [from, to), by key: what Live Tail sends for that second.
 * Half-open, so a line put at the very instant an update was sent goes out with the next one.
 */
export function arrivedBetween(stream: StreamRec, from: number, to: number): LogLine[] {
	const out: LogLine[] = [];
	if (stream.source) {
		for (const line of ascending(stream, Math.ceil(from - INGESTION_DELAY_MS), Math.ceil(to - INGESTION_DELAY_MS) - 1, to, undefined, false)) out.push(line);
	}
	const arrivals = stream.arrivals;
	// Arrival order is ingestion order: find the first one at or after `from` by bisection.
	let lo = 0;
	let hi = arrivals.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (arrivals[mid]!.ingestion < from) lo = mid + 1;
		else hi = mid;
	}
	for (let i = lo; i < arrivals.length && arrivals[i]!.ingestion < to; i++) out.push(arrivals[i]!);
	return out.sort(compareKeys);
}
