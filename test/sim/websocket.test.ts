// The simulator's WebSocket server side (RFC 6455) at the byte level, through a raw TCP client:
// what Node's WebSocket client never sends (fragments, pings, unmasked frames) and the close
// handshake. The data-channel tests cover it through Node's own client.
import http from 'node:http';
import net from 'node:net';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {acceptKey, WsConnection} from '../../source/sim/ssm/data-channel/websocket.js';

let server: http.Server | undefined;
const sockets: net.Socket[] = [];
afterEach(async () => {
	for (const socket of sockets.splice(0)) socket.destroy();
	if (server) await new Promise<void>(resolve => server!.close(() => resolve()));
	server = undefined;
});

interface Seen {
	texts: string[];
	binaries: Buffer[];
	closed?: {code: number | undefined; reason: string};
	connection?: WsConnection;
}

/** A client frame: masked with a fixed key, FIN as given. */
function clientFrame(opcode: number, payload: Buffer, options: {fin?: boolean; masked?: boolean} = {}): Buffer {
	const masked = options.masked ?? true;
	const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
	const length = payload.length;
	const header = length < 126 ? Buffer.from([0, length]) : Buffer.from([0, 126, length >> 8, length & 0xFF]);
	header[0] = ((options.fin ?? true) ? 0x80 : 0) | opcode;
	if (masked) header[1]! |= 0x80;
	const body = Buffer.from(payload);
	if (masked) for (let i = 0; i < body.length; i++) body[i]! ^= mask[i & 3]!;
	return Buffer.concat([header, ...(masked ? [mask] : []), body]);
}

/** Server frames parsed off a byte stream (unmasked, as a server must send them). */
function serverFrames(bytes: Buffer): Array<{opcode: number; fin: boolean; payload: Buffer}> {
	const frames = [];
	let at = 0;
	while (at + 2 <= bytes.length) {
		let length = bytes[at + 1]! & 0x7F;
		let offset = at + 2;
		if (length === 126) {
			length = bytes.readUInt16BE(at + 2);
			offset += 2;
		}
		if (offset + length > bytes.length) break;
		frames.push({opcode: bytes[at]! & 0x0F, fin: (bytes[at]! & 0x80) !== 0, payload: bytes.subarray(offset, offset + length)});
		at = offset + length;
	}
	return frames;
}

async function serve(): Promise<{port: number; seen: Seen}> {
	const seen: Seen = {texts: [], binaries: []};
	server = http.createServer();
	server.on('upgrade', (req, socket, head) => {
		seen.connection = WsConnection.accept(req, socket, head, {
			text: text => seen.texts.push(text),
			binary: data => seen.binaries.push(data),
			closed: (code, reason) => {
				seen.closed = {code, reason};
			},
		});
	});
	await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', () => resolve()));
	return {port: (server.address() as AddressInfo).port, seen};
}

/** A raw client after the opening handshake: what it has received, and a way to wait for more. */
async function rawClient(port: number): Promise<{socket: net.Socket; response: string; bytes: () => Buffer; until: (check: () => boolean) => Promise<void>}> {
	const socket = net.connect(port, '127.0.0.1');
	sockets.push(socket);
	let received = Buffer.alloc(0);
	let wake: (() => void) | undefined;
	socket.on('data', chunk => {
		received = Buffer.concat([received, chunk]);
		wake?.();
	});
	socket.on('end', () => wake?.());
	const until = async (check: () => boolean) => {
		while (!check()) await new Promise<void>(resolve => (wake = resolve));
	};
	socket.write('GET /v1/data-channel/x HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
	await until(() => received.includes('\r\n\r\n'));
	const end = received.indexOf('\r\n\r\n') + 4;
	const response = received.subarray(0, end).toString('latin1');
	received = received.subarray(end);
	return {socket, response, bytes: () => received, until};
}

describe('WebSocket server side (RFC 6455)', () => {
	it('answers the opening handshake with the RFC\'s example accept key', async () => {
		expect(acceptKey('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
		const {port} = await serve();
		const client = await rawClient(port);
		expect(client.response).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
		expect(client.response).toContain('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n');
	});

	it('joins fragmented messages (with a ping between the fragments, answered with a pong)', async () => {
		const {port, seen} = await serve();
		const client = await rawClient(port);
		client.socket.write(Buffer.concat([
			clientFrame(0x1, Buffer.from('hel'), {fin: false}),
			clientFrame(0x9, Buffer.from('are you there')),
			clientFrame(0x0, Buffer.from('lo ✓'), {fin: true}),
			clientFrame(0x2, Buffer.alloc(300, 7), {fin: false}),
			clientFrame(0x0, Buffer.from([1, 2, 3])),
		]));
		await client.until(() => serverFrames(client.bytes()).length >= 1);
		expect(serverFrames(client.bytes())).toEqual([{opcode: 0xA, fin: true, payload: Buffer.from('are you there')}]);
		await client.until(() => seen.binaries.length === 1);
		expect(seen.texts).toEqual(['hello ✓']);
		expect(seen.binaries[0]).toEqual(Buffer.concat([Buffer.alloc(300, 7), Buffer.from([1, 2, 3])]));
	});

	it('sends unmasked text and binary frames, 16-bit lengths included', async () => {
		const {port, seen} = await serve();
		const client = await rawClient(port);
		seen.connection!.sendText('hi');
		seen.connection!.sendBinary(Buffer.alloc(1000, 1));
		await client.until(() => serverFrames(client.bytes()).length === 2);
		const [text, binary] = serverFrames(client.bytes());
		expect(text).toEqual({opcode: 1, fin: true, payload: Buffer.from('hi')});
		expect(binary!.opcode).toBe(2);
		expect(binary!.payload).toEqual(Buffer.alloc(1000, 1));
	});

	it('closes with 1002 on an unmasked client frame', async () => {
		const {port, seen} = await serve();
		const client = await rawClient(port);
		client.socket.write(clientFrame(0x1, Buffer.from('no mask'), {masked: false}));
		await client.until(() => serverFrames(client.bytes()).length === 1);
		const [close] = serverFrames(client.bytes());
		expect(close!.opcode).toBe(0x8);
		expect(close!.payload.readUInt16BE(0)).toBe(1002);
		expect(seen.texts).toEqual([]);
	});

	it('echoes a client\'s close and ends the connection', async () => {
		const {port, seen} = await serve();
		const client = await rawClient(port);
		const payload = Buffer.from([0x03, 0xE8, ...Buffer.from('bye')]);
		const ended = new Promise<void>(resolve => client.socket.on('end', () => resolve()));
		client.socket.write(clientFrame(0x8, payload));
		await ended;
		expect(serverFrames(client.bytes())).toEqual([{opcode: 0x8, fin: true, payload: Buffer.from([0x03, 0xE8])}]);
		expect(seen.closed).toEqual({code: 1000, reason: 'bye'});
	});
});
