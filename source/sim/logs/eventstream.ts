// The `application/vnd.amazon.eventstream` framing StartLiveTail answers with:
//   [u32 total length][u32 headers length][u32 CRC32 of those 8 bytes][headers][payload][u32 CRC32 of all before]
// all big-endian; a header is u8 name length, name, u8 type (7 = string), u16 value length, value.
import {crc32} from 'node:zlib';

export function encodeFrame(headers: Record<string, string>, payload: string): Buffer {
	const headerParts: Buffer[] = [];
	for (const [name, value] of Object.entries(headers)) {
		const n = Buffer.from(name, 'utf8');
		const v = Buffer.from(value, 'utf8');
		const head = Buffer.alloc(1 + n.length + 3);
		head.writeUInt8(n.length, 0);
		n.copy(head, 1);
		head.writeUInt8(7, 1 + n.length);
		head.writeUInt16BE(v.length, 2 + n.length);
		headerParts.push(head, v);
	}
	const headerBytes = Buffer.concat(headerParts);
	const body = Buffer.from(payload, 'utf8');
	const total = 12 + headerBytes.length + body.length + 4;
	const frame = Buffer.alloc(total);
	frame.writeUInt32BE(total, 0);
	frame.writeUInt32BE(headerBytes.length, 4);
	frame.writeUInt32BE(crc32(frame.subarray(0, 8)), 8);
	headerBytes.copy(frame, 12);
	body.copy(frame, 12 + headerBytes.length);
	frame.writeUInt32BE(crc32(frame.subarray(0, total - 4)), total - 4);
	return frame;
}

export function eventFrame(eventType: string, payload: unknown): Buffer {
	return encodeFrame({':message-type': 'event', ':event-type': eventType, ':content-type': 'application/json'}, JSON.stringify(payload));
}

export function exceptionFrame(exceptionType: string, message: string): Buffer {
	return encodeFrame({':message-type': 'exception', ':exception-type': exceptionType, ':content-type': 'application/json'}, JSON.stringify({message}));
}
