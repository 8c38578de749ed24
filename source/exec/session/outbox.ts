// What the client has sent on the data channel and the agent has not acknowledged yet, and when to
// send it again: the plugin's round-trip estimate (streaming.go CalculateRetransmissionTimeout,
// Jacobson's: variation 1/4, round trip 1/8, at least the clock's granularity, at most 1 s), the
// oldest message resent once it has waited longer than that.

// src/config/config.go.
const defaultRoundTripMs = 100;
const defaultTimeoutMs = 200;
const maxTimeoutMs = 1000;
const clockGranularityMs = 10;

export interface Outgoing {
	sequenceNumber: number;
	bytes: Buffer;
	/** Unset while held (the agent paused publication). */
	firstSent?: number;
	lastSent?: number;
}

export class Outbox {
	#messages: Outgoing[] = [];
	#rtt = defaultRoundTripMs;
	#rttVariation = 0;
	#timeout = defaultTimeoutMs;

	get size(): number {
		return this.#messages.length;
	}

	/** The current retransmission timeout (ms). */
	get timeout(): number {
		return this.#timeout;
	}

	add(message: Outgoing): void {
		this.#messages.push(message);
	}

	/** Messages added while publication was paused: never sent yet. */
	held(): Outgoing[] {
		return this.#messages.filter(m => m.lastSent === undefined);
	}

	oldest(): Outgoing | undefined {
		return this.#messages[0];
	}

	/** The oldest message when it is due again at `now` (waited longer than the timeout). */
	due(now: number): Outgoing | undefined {
		const oldest = this.#messages[0];
		if (!oldest || oldest.lastSent === undefined) return undefined;
		return now - oldest.lastSent > this.#timeout ? oldest : undefined;
	}

	/** The agent acknowledged `sequenceNumber`: it leaves, and its round trip updates the timeout. */
	acknowledged(sequenceNumber: number, now: number): void {
		const index = this.#messages.findIndex(m => m.sequenceNumber === sequenceNumber);
		if (index < 0) return;
		const [message] = this.#messages.splice(index, 1);
		if (message!.lastSent === undefined) return;
		const sample = now - message!.lastSent;
		this.#rttVariation = 0.75 * this.#rttVariation + 0.25 * Math.abs(this.#rtt - sample);
		this.#rtt = 0.875 * this.#rtt + 0.125 * sample;
		this.#timeout = Math.min(maxTimeoutMs, this.#rtt + Math.max(clockGranularityMs, 4 * this.#rttVariation));
	}
}
