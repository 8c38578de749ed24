// The SSM Session Manager data channel's binary message (ClientMessage), as AWS's
// session-manager-plugin writes and reads it (src/message/clientmessage.go, messageparser.go):
//
//   offset  size  field
//        0     4  HeaderLength (116: the offset of PayloadLength, not the header's full size)
//        4    32  MessageType, UTF-8, padded with spaces (the reader trims NULs and spaces)
//       36     4  SchemaVersion
//       40     8  CreatedDate (epoch milliseconds)
//       48     8  SequenceNumber
//       56     8  Flags (bit 0 SYN, bit 1 FIN)
//       64    16  MessageId: the UUID's bytes 8–15, then bytes 0–7 (putUuid writes the least
//                 significant half first)
//       80    32  PayloadDigest: SHA-256 of the payload
//      112     4  PayloadType
//      116     4  PayloadLength
//      120     …  Payload
// Every integer is big-endian. The reader takes the payload from HeaderLength + 4 on, as Go does.
import {createHash, randomUUID} from 'node:crypto';

export const headerLength = 116;
const payloadOffset = headerLength + 4;
const typeLength = 32;

export const MessageType = {
	input: 'input_stream_data',
	output: 'output_stream_data',
	acknowledge: 'acknowledge',
	channelClosed: 'channel_closed',
	startPublication: 'start_publication',
	pausePublication: 'pause_publication',
} as const;

/** clientmessage.go's PayloadType. */
export const PayloadType = {
	Output: 1,
	Error: 2,
	Size: 3,
	Parameter: 4,
	HandshakeRequest: 5,
	HandshakeResponse: 6,
	HandshakeComplete: 7,
	EncChallengeRequest: 8,
	EncChallengeResponse: 9,
	Flag: 10,
	StdErr: 11,
	ExitCode: 12,
} as const;

/** The payload of a Flag message (PayloadTypeFlag), a big-endian uint32. */
export const PayloadFlag = {DisconnectToPort: 1, TerminateSession: 2, ConnectToPortError: 3} as const;

export interface ClientMessage {
	messageType: string;
	schemaVersion: number;
	/** Epoch milliseconds. */
	createdDate: number;
	sequenceNumber: number;
	flags: number;
	/** A UUID in its usual text form (lower case, hyphens). */
	messageId: string;
	payloadType: number;
	payload: Buffer;
	/** As read from the wire (decode only). */
	payloadDigest?: Buffer;
}

/** The 16 bytes of a UUID as the data channel carries them: its second half first. */
export function uuidToWire(uuid: string): Buffer {
	const hex = uuid.replaceAll('-', '');
	if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a UUID: ${uuid}`);
	const bytes = Buffer.from(hex, 'hex');
	return Buffer.concat([bytes.subarray(8, 16), bytes.subarray(0, 8)]);
}

export function uuidFromWire(wire: Buffer): string {
	const hex = Buffer.concat([wire.subarray(8, 16), wire.subarray(0, 8)]).toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function sha256(payload: Buffer): Buffer {
	return createHash('sha256').update(payload).digest();
}

export function encode(message: Omit<ClientMessage, 'payloadDigest'>): Buffer {
	const type = Buffer.from(message.messageType, 'utf8');
	if (type.length > typeLength) throw new Error(`message type too long: ${message.messageType}`);
	const out = Buffer.alloc(payloadOffset + message.payload.length);
	out.writeUInt32BE(headerLength, 0);
	out.fill(0x20, 4, 4 + typeLength);
	type.copy(out, 4);
	out.writeUInt32BE(message.schemaVersion, 36);
	out.writeBigUInt64BE(BigInt(message.createdDate), 40);
	out.writeBigInt64BE(BigInt(message.sequenceNumber), 48);
	out.writeBigUInt64BE(BigInt(message.flags), 56);
	uuidToWire(message.messageId).copy(out, 64);
	sha256(message.payload).copy(out, 80);
	out.writeUInt32BE(message.payloadType, 112);
	out.writeUInt32BE(message.payload.length, 116);
	message.payload.copy(out, payloadOffset);
	return out;
}

/** Reads a message; throws on one too short to hold its header. The digest is checked by `valid`. */
export function decode(input: Buffer): ClientMessage {
	if (input.length < payloadOffset) throw new Error(`data channel message of ${input.length} bytes: shorter than its header`);
	const declared = input.readUInt32BE(0);
	if (declared + 4 > input.length) throw new Error(`data channel message header length ${declared} is past its end`);
	return {
		// The plugin trims NULs, then white space.
		messageType: input.subarray(4, 4 + typeLength).toString('utf8').replace(/^\0+|\0+$/g, '').trim(),
		schemaVersion: input.readUInt32BE(36),
		createdDate: Number(input.readBigUInt64BE(40)),
		sequenceNumber: Number(input.readBigInt64BE(48)),
		flags: Number(input.readBigUInt64BE(56)),
		messageId: uuidFromWire(input.subarray(64, 80)),
		payloadDigest: Buffer.from(input.subarray(80, 112)),
		payloadType: input.readUInt32BE(112),
		payload: Buffer.from(input.subarray(declared + 4)),
	};
}

/** The plugin's Validate: publication messages pass as they are; the rest need a type, a date and a matching digest. */
export function invalidReason(message: ClientMessage): string | undefined {
	if (message.messageType === MessageType.startPublication || message.messageType === MessageType.pausePublication) return undefined;
	if (!message.messageType) return 'no message type';
	if (message.createdDate === 0) return 'no created date';
	if (message.payload.length > 0 && message.payloadDigest && !sha256(message.payload).equals(message.payloadDigest)) return 'payload digest does not match';
	return undefined;
}

/** An input_stream_data message (the client's stream: keys, a port's bytes, the handshake's answer, flags). */
export function inputMessage(sequenceNumber: number, payloadType: number, payload: Buffer, now = Date.now()): Buffer {
	return encode({messageType: MessageType.input, schemaVersion: 1, createdDate: now, sequenceNumber, flags: 0, messageId: randomUUID(), payloadType, payload});
}

/** The acknowledgement of a received stream message: sequence 0, flags 3 (SYN|FIN), the AcknowledgeContent JSON. */
export function acknowledgeMessage(of: Pick<ClientMessage, 'messageType' | 'messageId' | 'sequenceNumber'>, now = Date.now()): Buffer {
	const content = {
		AcknowledgedMessageType: of.messageType,
		AcknowledgedMessageId: of.messageId,
		AcknowledgedMessageSequenceNumber: of.sequenceNumber,
		IsSequentialMessage: true,
	};
	return encode({messageType: MessageType.acknowledge, schemaVersion: 1, createdDate: now, sequenceNumber: 0, flags: 3, messageId: randomUUID(), payloadType: 0, payload: Buffer.from(JSON.stringify(content))});
}

/** A Flag payload (DisconnectToPort, TerminateSession). */
export function flagPayload(flag: number): Buffer {
	const out = Buffer.alloc(4);
	out.writeUInt32BE(flag);
	return out;
}
