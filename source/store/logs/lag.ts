// How far a logs feed's polls read back behind the newest line: the longest a line was seen taking
// from its timestamp to its ingestion lately, plus a margin, within [2 s, the option's maximum].
// A line can arrive late by at most that (awslogs ships in batches), and re-reading more costs
// calls: at 2,000 lines a second a fixed 15 s was six times the new lines per poll, and the follow
// fell behind.
import type {LogEvent} from '../../domain.js';

/** The read-back window never goes below this, whatever the delays seen. */
const minLagMs = 2000;

export class ReadBack {
	/** The window now (ms); the maximum until a delay has been seen. */
	value: number;
	/** The longest ingestion delay of each of the last reads (ms). */
	readonly #delays: number[] = [];

	/** @param max the most a poll reads back (the feed's `lagMs`, 15 s by default) */
	constructor(readonly max: number) {
		this.value = max;
	}

	/** Learns how late lines arrive from those just read, and sets the window by it. */
	learn(lines: readonly LogEvent[]): void {
		let delay = -1;
		for (const line of lines) if (line.ingestionTime !== undefined) delay = Math.max(delay, line.ingestionTime - line.timestamp);
		if (delay < 0) return;
		this.#delays.push(delay);
		if (this.#delays.length > 20) this.#delays.shift();
		this.value = Math.min(this.max, Math.max(minLagMs, Math.max(...this.#delays) * 1.5 + 1000));
	}
}
