// The TUI's events feed: every event of the services on screen, merged, deduplicated by id and
// kept oldest first. It accumulates across polls, so lines do not vanish from the top when a busy
// service's 100-event window moves on, and it is bounded (the newest `limit` events are kept).
// Services are re-read only when the store hands over a new object for them, so a 2,000-service
// cluster costs work only for the services that changed.
import type {Service} from '../../domain.js';
import {clean} from '../../text.js';
import {compareEvents, type FeedEvent} from './feed.js';
import {isoTime} from './format.js';

export interface TimelineEvent extends FeedEvent {
	/** Unique across the cluster: service ARN + event id. */
	key: string;
}

export class EventTimeline {
	private rows: TimelineEvent[] = [];
	private readonly keys = new Set<string>();
	private readonly merged = new Map<string, Service>();
	private seq = 0;

	constructor(readonly limit = 2000) {}

	get events(): readonly TimelineEvent[] {
		return this.rows;
	}

	/** Arrival number of the newest event so far ("N new" counts events after a mark). */
	get lastSeq(): number {
		return this.seq - 1;
	}

	/** Merges the services' current events; returns the rows (the same array when nothing changed). */
	update(services: Iterable<Service>, cluster: string): readonly TimelineEvent[] {
		const incoming: TimelineEvent[] = [];
		for (const service of services) {
			if (this.merged.get(service.serviceArn) === service) continue;
			this.merged.set(service.serviceArn, service);
			const floor = this.rows.length >= this.limit ? this.rows[0]!.time : Number.NEGATIVE_INFINITY;
			const name = clean(service.serviceName);
			const parsed = service.events
				.map((event, index) => ({event, index, t: isoTime(event.createdAt)}))
				.filter(p => p.t !== undefined && p.t.time >= floor)
				// ECS lists newest first: equal timestamps arrived in reverse array order.
				.sort((a, b) => a.t!.time - b.t!.time || b.index - a.index);
			for (const {event, t} of parsed) {
				const key = `${service.serviceArn}|${event.id}`;
				if (this.keys.has(key)) continue;
				this.keys.add(key);
				incoming.push({
					key,
					id: clean(event.id),
					createdAt: t!.iso,
					time: t!.time,
					cluster,
					service: name,
					message: clean(event.message),
					seq: this.seq++,
				});
			}
		}
		if (incoming.length === 0) return this.rows;
		incoming.sort(compareEvents);
		const last = this.rows.at(-1);
		// Usually everything new is newer than what is shown: append without a full sort.
		const next = !last || compareEvents(incoming[0]!, last) >= 0 ? [...this.rows, ...incoming] : [...this.rows, ...incoming].sort(compareEvents);
		if (next.length > this.limit) {
			for (const dropped of next.splice(0, next.length - this.limit)) this.keys.delete(dropped.key);
		}
		this.rows = next;
		return this.rows;
	}
}

export interface ScrollState {
	/** Following: the newest events stay in view. */
	follow: boolean;
	/** When not following: the key of the top line, and its index as a fallback. */
	topKey?: string;
	topIndex?: number;
	/** Arrival number of the newest event when the user scrolled away. */
	seenSeq?: number;
}

export interface EventsWindow {
	top: number;
	follow: boolean;
	/** Events that arrived since the user scrolled away (shown as "N new"). */
	fresh: number;
}

/** Which lines are on screen: the bottom while following, else where the user left it. */
export function eventsWindow(rows: readonly TimelineEvent[], height: number, state: ScrollState): EventsWindow {
	const last = Math.max(0, rows.length - height);
	if (state.follow) return {top: last, follow: true, fresh: 0};
	let top = state.topKey === undefined ? -1 : rows.findIndex(r => r.key === state.topKey);
	if (top < 0) top = state.topIndex ?? 0;
	top = Math.max(0, Math.min(top, last));
	const seen = state.seenSeq ?? Number.POSITIVE_INFINITY;
	let fresh = 0;
	for (const row of rows) if (row.seq > seen) fresh++;
	return {top, follow: false, fresh};
}

/** The scroll state after moving the top line to `top` (reaching the bottom resumes following). */
export function scrollTo(rows: readonly TimelineEvent[], height: number, state: ScrollState, top: number, lastSeq: number): ScrollState {
	const last = Math.max(0, rows.length - height);
	if (top >= last) return {follow: true};
	const clamped = Math.max(0, top);
	return {follow: false, topKey: rows[clamped]?.key, topIndex: clamped, seenSeq: state.follow ? lastSeq : state.seenSeq};
}
