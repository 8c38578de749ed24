// The seen-ids window of a logs feed: polls read back behind the newest line (a line may arrive
// late) and Live Tail overlaps the reads around it, so the same line comes more than once; it is
// shown once, by its event id (the synthetic one, the same whichever call read it). Ids are
// forgotten once no read can return them again, and the ring of lines keeps the newest.
import type {LogEvent} from '../../domain.js';

/** Time order: timestamp, then ingestion, then stream and id (a total order, so merges are stable). */
export function order(a: LogEvent, b: LogEvent): number {
	return a.timestamp - b.timestamp || (a.ingestionTime ?? 0) - (b.ingestionTime ?? 0) || (a.logStream < b.logStream ? -1 : a.logStream > b.logStream ? 1 : 0) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

export class SeenIds {
	/** Ids seen → their timestamp. */
	readonly #seen = new Map<string, number>();
	/** The newest timestamp accepted: where reads pick up (less the read-back window). */
	newest?: number;

	clear(): void {
		this.#seen.clear();
		this.newest = undefined;
	}

	/** The lines not seen before (nor twice in `lines`), oldest first; from now on seen. */
	fresh(lines: readonly LogEvent[]): LogEvent[] {
		const fresh: LogEvent[] = [];
		const batch = new Set<string>();
		for (const line of lines) {
			if (batch.has(line.eventId)) continue;
			batch.add(line.eventId);
			if (this.#seen.has(line.eventId)) continue;
			fresh.push(line);
		}
		if (fresh.length === 0) return fresh;
		fresh.sort(order);
		for (const line of fresh) {
			this.#seen.set(line.eventId, line.timestamp);
			if (this.newest === undefined || line.timestamp > this.newest) this.newest = line.timestamp;
		}
		return fresh;
	}

	/** Seen without being shown (a tail's older lines), so a read overlapping them skips them. */
	mark(lines: readonly LogEvent[]): void {
		for (const line of lines) this.#seen.set(line.eventId, line.timestamp);
	}

	/** Past `limit` ids, forgets those older than `floor()` (nothing a read may return again). */
	prune(limit: number, floor: () => number): void {
		if (this.#seen.size < limit) return;
		const before = floor();
		for (const [id, timestamp] of this.#seen) if (timestamp < before) this.#seen.delete(id);
	}
}

/** `fresh` (oldest first) into the ring, in time order, the oldest beyond `capacity` dropped and counted. */
export function intoRing(ring: readonly LogEvent[], fresh: readonly LogEvent[], capacity: number): {lines: readonly LogEvent[]; dropped: number} {
	const last = ring.at(-1);
	const merged = last === undefined || order(fresh[0]!, last) >= 0 ? [...ring, ...fresh] : [...ring, ...fresh].sort(order);
	if (merged.length <= capacity) return {lines: merged, dropped: 0};
	return {lines: merged.slice(-capacity), dropped: merged.length - capacity};
}
