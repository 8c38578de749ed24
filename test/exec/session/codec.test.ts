// The data channel's ClientMessage against bytes laid out by hand from AWS's plugin source
// (src/message/messageparser.go: SerializeClientMessage, putUuid, putString), and read back.
import {describe, expect, it} from 'vitest';
import {acknowledgeMessage, decode, encode, flagPayload, headerLength, invalidReason, MessageType, PayloadFlag, PayloadType, uuidFromWire, uuidToWire} from '../../../source/exec/session/codec.js';

const id = 'dd01e56b-ff48-483e-a508-b5f073f31b16';

// "input_stream_data" (17 bytes) then 15 spaces: putString fills the field with ' ' first.
const typeField = Buffer.concat([Buffer.from('input_stream_data'), Buffer.alloc(15, 0x20)]).toString('hex');

const golden = [
	'00000074', // HeaderLength 116
	typeField,
	'00000001', // SchemaVersion
	'0000018e96f4a800', // CreatedDate 1711929600000
	'0000000000000007', // SequenceNumber 7
	'0000000000000000', // Flags
	'a508b5f073f31b16' + 'dd01e56bff48483e', // MessageId: least significant half first
	'8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4', // sha256("hi")
	'00000001', // PayloadType Output
	'00000002', // PayloadLength
	'6869', // "hi"
].join('');

describe('ClientMessage', () => {
	it('encodes every field where the plugin puts it', () => {
		const bytes = encode({messageType: MessageType.input, schemaVersion: 1, createdDate: 1711929600000, sequenceNumber: 7, flags: 0, messageId: id, payloadType: PayloadType.Output, payload: Buffer.from('hi')});
		expect(bytes.toString('hex')).toBe(golden);
		expect(bytes.length).toBe(headerLength + 4 + 2);
	});

	it('decodes the same bytes back, digest valid', () => {
		const message = decode(Buffer.from(golden, 'hex'));
		expect(message).toMatchObject({messageType: 'input_stream_data', schemaVersion: 1, createdDate: 1711929600000, sequenceNumber: 7, flags: 0, messageId: id, payloadType: 1});
		expect(message.payload.toString()).toBe('hi');
		expect(invalidReason(message)).toBeUndefined();
	});

	it('refuses a payload whose digest does not match, and a message shorter than its header', () => {
		const bytes = Buffer.from(golden, 'hex');
		bytes[bytes.length - 1] = 0x70; // "hp"
		expect(invalidReason(decode(bytes))).toBe('payload digest does not match');
		expect(() => decode(bytes.subarray(0, 100))).toThrow(/shorter than its header/);
	});

	it('trims NUL padding in the type as the plugin reads it (the agent pads with spaces or NULs)', () => {
		const bytes = Buffer.from(golden, 'hex');
		bytes.fill(0, 4 + 17, 36);
		expect(decode(bytes).messageType).toBe('input_stream_data');
	});

	it('swaps the UUID halves and back', () => {
		expect(uuidToWire(id).toString('hex')).toBe('a508b5f073f31b16dd01e56bff48483e');
		expect(uuidFromWire(uuidToWire(id))).toBe(id);
		expect(() => uuidToWire('nope')).toThrow();
	});

	it('acknowledges with sequence 0, flags 3 and the AcknowledgeContent JSON naming the message', () => {
		const ack = decode(acknowledgeMessage({messageType: MessageType.output, messageId: id, sequenceNumber: 12}, 1711929600000));
		expect(ack).toMatchObject({messageType: 'acknowledge', sequenceNumber: 0, flags: 3, payloadType: 0, schemaVersion: 1});
		expect(JSON.parse(ack.payload.toString())).toEqual({AcknowledgedMessageType: 'output_stream_data', AcknowledgedMessageId: id, AcknowledgedMessageSequenceNumber: 12, IsSequentialMessage: true});
	});

	it('writes a flag as a big-endian uint32 (DisconnectToPort is 1, TerminateSession 2)', () => {
		expect(flagPayload(PayloadFlag.DisconnectToPort).toString('hex')).toBe('00000001');
		expect(flagPayload(PayloadFlag.TerminateSession).toString('hex')).toBe('00000002');
	});
});
