// The outgoing buffer's retransmission timeout, as the plugin computes it from round trips
// (streaming.go CalculateRetransmissionTimeout), and which message is due again.
import {describe, expect, it} from 'vitest';
import {Outbox} from '../../../source/exec/session/outbox.js';

describe('Outbox', () => {
	it('starts at 200 ms and follows the round trips (variation 1/4, round trip 1/8), at most 1 s', () => {
		const box = new Outbox();
		expect(box.timeout).toBe(200);
		box.add({sequenceNumber: 0, bytes: Buffer.alloc(0), firstSent: 1000, lastSent: 1000});
		box.acknowledged(0, 1050);
		// variation 0.25 × |100 − 50| = 12.5; round trip 0.875 × 100 + 0.125 × 50 = 93.75; + max(10, 4 × 12.5)
		expect(box.timeout).toBe(143.75);
		box.add({sequenceNumber: 1, bytes: Buffer.alloc(0), firstSent: 2000, lastSent: 2000});
		box.acknowledged(1, 7000);
		expect(box.timeout).toBe(1000);
		expect(box.size).toBe(0);
	});

	it('is due again only past the timeout; held messages are never due, and an unknown acknowledgement changes nothing', () => {
		const box = new Outbox();
		box.add({sequenceNumber: 0, bytes: Buffer.alloc(0), firstSent: 0, lastSent: 0});
		box.add({sequenceNumber: 1, bytes: Buffer.alloc(0)});
		expect(box.due(200)).toBeUndefined();
		expect(box.due(201)?.sequenceNumber).toBe(0);
		expect(box.held().map(m => m.sequenceNumber)).toEqual([1]);
		box.acknowledged(7, 300);
		expect(box.size).toBe(2);
		expect(box.timeout).toBe(200);
		box.acknowledged(0, 300);
		expect(box.due(10_000)).toBeUndefined();
	});
});
