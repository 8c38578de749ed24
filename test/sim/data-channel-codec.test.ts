// The simulator's ClientMessage codec at fixed offsets (session-manager-plugin's clientmessage.go
// and messageparser.go), and against the test-side encoder written separately.
import {createHash} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {CodecError, decodeMessage, encodeMessage} from '../../source/sim/ssm/data-channel/codec.js';
import {decode, encode} from '../helpers/ssm-channel.js';

// The message id the plugin's own parser tests use.
const ID = 'dd01e56b-ff48-483e-a508-b5f073f31b16';

describe('data channel ClientMessage codec', () => {
	it('lays the header out as the plugin does: 116, the space-padded type, integers big-endian, the UUID halves swapped, the digest, the payload at 120', () => {
		const payload = Buffer.from('{"cols":80,"rows":24}');
		const bytes = encodeMessage({messageType: 'output_stream_data', schemaVersion: 1, createdDate: 1_700_000_000_123, sequenceNumber: 5, flags: 1, messageId: ID, payloadType: 3, payload});
		expect(bytes.length).toBe(120 + payload.length);
		expect(bytes.readUInt32BE(0)).toBe(116);
		expect(bytes.subarray(4, 36).toString('latin1')).toBe('output_stream_data'.padEnd(32, ' '));
		expect(bytes.readUInt32BE(36)).toBe(1);
		expect(bytes.readBigUInt64BE(40)).toBe(1_700_000_000_123n);
		expect(bytes.readBigInt64BE(48)).toBe(5n);
		expect(bytes.readBigUInt64BE(56)).toBe(1n);
		// putUuid: the UUID's bytes 8–15 (its least significant long) first, then bytes 0–7.
		expect(bytes.subarray(64, 80).toString('hex')).toBe('a508b5f073f31b16dd01e56bff48483e');
		expect(bytes.subarray(80, 112)).toEqual(createHash('sha256').update(payload).digest());
		expect(bytes.readUInt32BE(112)).toBe(3);
		expect(bytes.readUInt32BE(116)).toBe(payload.length);
		expect(bytes.subarray(120)).toEqual(payload);
	});

	it('round-trips with the test-side encoder in both directions', () => {
		const ours = encodeMessage({messageType: 'acknowledge', sequenceNumber: 7, messageId: ID, payloadType: 0, payload: Buffer.from('{}'), createdDate: 1000});
		expect(decode(ours)).toMatchObject({type: 'acknowledge', sequenceNumber: 7, messageId: ID, payloadType: 0, payload: Buffer.from('{}')});
		const theirs = encode('input_stream_data', 9, 1, Buffer.from('ls\r'), {messageId: ID});
		expect(decodeMessage(theirs)).toMatchObject({messageType: 'input_stream_data', sequenceNumber: 9, messageId: ID, payloadType: 1, payload: Buffer.from('ls\r'), schemaVersion: 1});
	});

	it('refuses a payload whose digest does not match, a missing date, a short message; lets publication messages through as the plugin does', () => {
		const bytes = encode('input_stream_data', 0, 1, Buffer.from('abc'));
		const tampered = Buffer.from(bytes);
		tampered[120] = 0x78;
		expect(() => decodeMessage(tampered)).toThrow(CodecError);
		const undated = Buffer.from(bytes);
		undated.fill(0, 40, 48);
		expect(() => decodeMessage(undated)).toThrow(/created date/);
		expect(() => decodeMessage(bytes.subarray(0, 100))).toThrow(/too short/);
		const pause = Buffer.from(encode('pause_publication', 0, 0, Buffer.alloc(0)));
		pause.fill(0, 40, 48);
		expect(decodeMessage(pause).messageType).toBe('pause_publication');
	});
});
