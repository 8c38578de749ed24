// The merge logic behind `ecs-top events`: ECS offers no events API, only the 100 latest events of
// each service inside DescribeServices. This feed takes those windows poll after poll and hands
// out every event exactly once, oldest first, across all services.
//
// - Dedup is by event id (a bounded seen-set per service), never by timestamp: ECS gives several
//   events the same createdAt, and tools that dedup by time drop them.
// - Equal timestamps keep arrival order: ECS lists newest first, so within one response the later
//   entry is the older one; across responses, the earlier response arrived first.
// - Output order: createdAt never decreases across the whole stream. A poll cycle describes services
//   in batches of 10, one call after another, so an event of a service described early in the cycle
//   can be older than one already returned for a service described later. The feed therefore
//   releases, at the end of a cycle, only events up to a watermark W below which nothing can still
//   be unseen: the newest createdAt known before the cycle started (every service is described
//   again after that moment), or the newest createdAt in the cycle's first call (every later call,
//   and the re-list, happen after it), or the newest createdAt known minus the time the cycle took
//   (by the local clock) and a second of slack: ECS's clock stood at least that far when the
//   cycle's first call was sent, because the newest known event existed when the last answer
//   came. Newer events wait for the next cycle. With 10 services or fewer the whole cycle is one
//   call, so nothing waits; on big clusters only the last seconds of each cycle wait.
// - An event that still shows up older than one already printed (only possible if ECS made it
//   visible late) is counted as late and not printed, so consumers can rely on the order.
import type {ServiceEvent} from '../../domain.js';
import {clean} from '../../text.js';
import {isoTime} from './format.js';
import type {Pattern} from '../../pattern.js';

/** ECS keeps this many events per service. */
export const ecsEventWindow = 100;

export interface FeedEvent {
	id: string;
	/** UTC ISO-8601 with milliseconds. */
	createdAt: string;
	/** createdAt in epoch ms. */
	time: number;
	cluster: string;
	service: string;
	message: string;
	/** Arrival order, the tie-break for equal createdAt. */
	seq: number;
}

export interface FeedOptions {
	/** Cluster name for the events' `cluster` field. */
	cluster: string;
	/** For services present at start: how many of their latest events to show (default 10). */
	initialCount?: number;
	/** Instead of initialCount: at start, show the events at or after this epoch ms. */
	since?: number;
	/** Only messages matching this are handed out (all are still remembered as seen). */
	grep?: Pattern;
	/** Ids remembered per service: ECS's window plus slack for a lagging replica (default 200). */
	seenLimit?: number;
	/** Allowance for ECS's clock running differently from ours over one cycle (default 1 s). */
	slackMs?: number;
}

export interface IngestResult {
	/** Events queued for output. */
	added: number;
	/** None of the previously seen ids came back in a full window: more than 100 events may have been missed. */
	missed: boolean;
	/** Events that surfaced after newer ones had been handed out (skipped to keep the order). */
	late: number;
}

interface Parsed {
	event: ServiceEvent;
	iso: string;
	time: number;
	index: number;
}

export function compareEvents(a: {time: number; seq: number}, b: {time: number; seq: number}): number {
	return a.time - b.time || a.seq - b.seq;
}

export class EventFeed {
	private readonly seenByService = new Map<string, Set<string>>();
	private pending: FeedEvent[] = [];
	private seq = 0;
	private maxKnown = Number.NEGATIVE_INFINITY;
	private cycleFloor = Number.NEGATIVE_INFINITY;
	private leaderMax = Number.NEGATIVE_INFINITY;
	private emittedUpTo = Number.NEGATIVE_INFINITY;
	private started = false;

	constructor(private readonly options: FeedOptions) {}

	/** Call before the first DescribeServices of each poll cycle. */
	beginCycle(): void {
		this.cycleFloor = this.maxKnown;
		this.leaderMax = Number.NEGATIVE_INFINITY;
	}

	/**
	 * One service's events from a DescribeServices response. `leader` marks the services of the
	 * cycle's first call. `key` identifies the service (its ARN); `name` is what is printed.
	 */
	ingest(key: string, name: string, events: readonly ServiceEvent[], options: {leader?: boolean} = {}): IngestResult {
		const parsed: Parsed[] = [];
		events.forEach((event, index) => {
			const t = isoTime(event.createdAt);
			if (t && typeof event.id === 'string') parsed.push({event, iso: t.iso, time: t.time, index});
		});
		parsed.sort((a, b) => a.time - b.time || b.index - a.index);
		for (const p of parsed) {
			this.maxKnown = Math.max(this.maxKnown, p.time);
			if (options.leader) this.leaderMax = Math.max(this.leaderMax, p.time);
		}

		const service = clean(name);
		const seen = this.seenByService.get(key);
		if (!seen) return this.firstSight(key, service, parsed);

		const missed = parsed.length >= ecsEventWindow && !parsed.some(p => seen.has(p.event.id));
		let added = 0;
		let late = 0;
		for (const p of parsed) {
			if (seen.has(p.event.id)) {
				// Refresh its place so ids still in ECS's window are the last to be forgotten.
				seen.delete(p.event.id);
				seen.add(p.event.id);
				continue;
			}
			seen.add(p.event.id);
			if (!this.matches(p)) continue;
			if (p.time < this.emittedUpTo) {
				late++;
				continue;
			}
			this.queue(service, p);
			added++;
		}
		this.trim(seen);
		return {added, missed, late};
	}

	/**
	 * Ends a poll cycle: the events that are safe to print now, in order. `spanMs`: local time from
	 * sending the cycle's first call to receiving its last answer (omit when unknown).
	 */
	endCycle(spanMs?: number): FeedEvent[] {
		this.started = true;
		const bySpan = spanMs === undefined ? Number.NEGATIVE_INFINITY : this.maxKnown - spanMs - (this.options.slackMs ?? 1000);
		const watermark = Math.max(this.cycleFloor, this.leaderMax, bySpan);
		const ready = this.pending.filter(e => e.time <= watermark);
		if (ready.length === 0) return [];
		this.pending = this.pending.filter(e => e.time > watermark);
		return this.emit(ready);
	}

	/** Everything still waiting, in order: for a one-shot read, or when following stops. */
	drain(): FeedEvent[] {
		this.started = true;
		const ready = this.pending;
		this.pending = [];
		return this.emit(ready);
	}

	/** Stop tracking a service (deleted, or no longer followed); its queued events still go out. */
	forget(key: string): void {
		this.seenByService.delete(key);
	}

	get waiting(): number {
		return this.pending.length;
	}

	private firstSight(key: string, service: string, parsed: Parsed[]): IngestResult {
		const seen = new Set(parsed.map(p => p.event.id));
		this.seenByService.set(key, seen);
		let chosen = parsed.filter(p => this.matches(p));
		if (this.started) {
			// Found while following (a new service): its events are new, except any older than what
			// was already printed, which belong to history and would break the order.
			chosen = chosen.filter(p => p.time >= this.emittedUpTo);
		} else if (this.options.since !== undefined) {
			const since = this.options.since;
			chosen = chosen.filter(p => p.time >= since);
		} else {
			chosen = chosen.slice(Math.max(0, chosen.length - (this.options.initialCount ?? 10)));
		}
		for (const p of chosen) this.queue(service, p);
		this.trim(seen);
		return {added: chosen.length, missed: false, late: 0};
	}

	private matches(p: Parsed): boolean {
		return !this.options.grep || this.options.grep.test(clean(p.event.message));
	}

	private queue(service: string, p: Parsed): void {
		this.pending.push({
			id: clean(p.event.id),
			createdAt: p.iso,
			time: p.time,
			cluster: this.options.cluster,
			service,
			message: clean(p.event.message),
			seq: this.seq++,
		});
	}

	private emit(ready: FeedEvent[]): FeedEvent[] {
		ready.sort(compareEvents);
		const last = ready.at(-1);
		if (last) this.emittedUpTo = Math.max(this.emittedUpTo, last.time);
		return ready;
	}

	private trim(seen: Set<string>): void {
		const limit = Math.max(this.options.seenLimit ?? 2 * ecsEventWindow, ecsEventWindow);
		for (const id of seen) {
			if (seen.size <= limit) break;
			seen.delete(id);
		}
	}
}
