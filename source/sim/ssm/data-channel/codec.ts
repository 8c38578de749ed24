// The SSM data channel's binary ClientMessage, as session-manager-plugin reads and writes it
// (src/message/clientmessage.go, messageparser.go):
//
//   0 HeaderLength u32 (116)   4 MessageType 32 bytes, space-padded   36 SchemaVersion u32
//  40 CreatedDate u64 (ms)    48 SequenceNumber i64   56 Flags u64   64 MessageId 16 bytes
//  80 PayloadDigest sha256    112 PayloadType u32     116 PayloadLength u32    120 Payload
//
// All integers big-endian. The MessageId is the UUID with its halves swapped: the plugin writes the
// UUID's last 8 bytes first (putUuid: least significant long, then most significant), and reads
// them back the same way (getUuid). The payload starts at HeaderLength + 4, as the plugin reads it.
import {createHash, randomUUID} from 'node:crypto';

export const HEADER_LENGTH = 116;
const PAYLOAD_OFFSET = HEADER_LENGTH + 4;

export const MessageType = {
	input: 'input_stream_data',
	output: 'output_stream_data',
	acknowledge: 'acknowledge',
	channelClosed: 'channel_closed',
	startPublication: 'start_publication',
	pausePublication: 'pause_publication',
} as const;

export const PayloadType = {
	output: 1,
	error: 2,
	size: 3,
	parameter: 4,
	handshakeRequest: 5,
	handshakeResponse: 6,
	handshakeComplete: 7,
	encChallengeRequest: 8,
	encChallengeResponse: 9,
	flag: 10,
	stdErr: 11,
	exitCode: 12,
} as const;

/** A Flag payload's value (a u32): message.PayloadTypeFlag. */
export const FlagValue = {disconnectToPort: 1, terminateSession: 2, connectToPortError: 3} as const;

/** ActionStatus in a HandshakeResponse's ProcessedClientActions. */
export const ActionStatus = {success: 1, failed: 2, unsupported: 3} as const;

export interface ClientMessage {
	messageType: string;
	schemaVersion: number;
	createdDate: number;
	sequenceNumber: number;
	flags: number;
	/** Canonical lowercase UUID text, as the plugin prints it (uuid.CleanHyphen). */
	messageId: string;
	payloadType: number;
	payload: Buffer;
}

export class CodecError extends Error {
	override name = 'CodecError';
}

/** The 16 wire bytes of a UUID: its bytes 8–15, then 0–7. */
function uuidToWire(id: string): Buffer {
	const bytes = Buffer.from(id.replaceAll('-', ''), 'hex');
	if (bytes.length !== 16) throw new CodecError(`bad message id ${id}`);
	return Buffer.concat([bytes.subarray(8, 16), bytes.subarray(0, 8)]);
}

function uuidFromWire(wire: Buffer): string {
	const hex = Buffer.concat([wire.subarray(8, 16), wire.subarray(0, 8)]).toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function encodeMessage(message: Partial<ClientMessage> & {messageType: string; payload: Buffer}): Buffer {
	const payload = message.payload;
	const out = Buffer.alloc(PAYLOAD_OFFSET + payload.length);
	out.writeUInt32BE(HEADER_LENGTH, 0);
	if (message.messageType.length > 32) throw new CodecError(`message type too long: ${message.messageType}`);
	out.fill(' ', 4, 36);
	out.write(message.messageType, 4, 'utf8');
	out.writeUInt32BE(message.schemaVersion ?? 1, 36);
	// The simulator's real clock has fractions of a millisecond.
	out.writeBigUInt64BE(BigInt(Math.floor(message.createdDate ?? Date.now())), 40);
	out.writeBigInt64BE(BigInt(message.sequenceNumber ?? 0), 48);
	out.writeBigUInt64BE(BigInt(message.flags ?? 0), 56);
	uuidToWire(message.messageId ?? randomUUID()).copy(out, 64);
	createHash('sha256').update(payload).digest().copy(out, 80);
	out.writeUInt32BE(message.payloadType ?? 0, 112);
	out.writeUInt32BE(payload.length, 116);
	payload.copy(out, PAYLOAD_OFFSET);
	return out;
}

/** Parses and validates one message as the plugin does (Validate: digest of a non-empty payload, a created date). */
export function decodeMessage(data: Buffer): ClientMessage {
	if (data.length < PAYLOAD_OFFSET) throw new CodecError(`message too short (${data.length} bytes)`);
	const headerLength = data.readUInt32BE(0);
	if (headerLength === 0 || headerLength + 4 > data.length) throw new CodecError(`bad header length ${headerLength}`);
	const messageType = data.subarray(4, 36).toString('utf8').replaceAll('\0', '').trim();
	const payloadLength = data.readUInt32BE(116);
	const payload = data.subarray(headerLength + 4);
	const message: ClientMessage = {
		messageType,
		schemaVersion: data.readUInt32BE(36),
		createdDate: Number(data.readBigUInt64BE(40)),
		sequenceNumber: Number(data.readBigInt64BE(48)),
		flags: Number(data.readBigUInt64BE(56)),
		messageId: uuidFromWire(data.subarray(64, 80)),
		payloadType: data.readUInt32BE(112),
		payload,
	};
	// The plugin lets publication messages through unchecked (Validate).
	if (messageType === MessageType.startPublication || messageType === MessageType.pausePublication) return message;
	if (messageType === '') throw new CodecError('message type missing');
	if (message.createdDate === 0) throw new CodecError('created date missing');
	if (payloadLength !== 0 && !createHash('sha256').update(payload).digest().equals(data.subarray(80, 112))) throw new CodecError('payload digest does not match');
	return message;
}
