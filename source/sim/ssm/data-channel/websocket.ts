// A minimal RFC 6455 WebSocket server side, enough for the SSM data channel: the HTTP upgrade
// (Sec-WebSocket-Accept), masked client frames, text and binary messages, fragmentation, ping/pong
// and the close handshake. Written here rather than taken from a package because the simulator adds
// no dependency; the tests talk to it through Node's own WebSocket client, an independent
// implementation. Extensions (permessage-deflate) are never negotiated, so RSV bits must be 0.
import {createHash} from 'node:crypto';
import type http from 'node:http';
import type {Duplex} from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** A data-channel message is a ClientMessage (≤ 1 KiB of payload from the plugin); this bounds a bad client. */
const MAX_MESSAGE = 16 * 1024 * 1024;

const OP_CONTINUATION = 0x0;
const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xA;

export interface WsHandlers {
	text?(text: string): void;
	binary?(data: Buffer): void;
	/** Once, when the connection is gone (close handshake, error or destroy). */
	closed?(code: number | undefined, reason: string): void;
}

/** The Sec-WebSocket-Accept value for a client's Sec-WebSocket-Key (RFC 6455 §4.2.2). */
export function acceptKey(key: string): string {
	return createHash('sha1').update(key + GUID).digest('base64');
}

/** Answers an upgrade request that cannot become a WebSocket, with a plain HTTP status. */
export function refuseUpgrade(socket: Duplex, status: number, text: string): void {
	const body = `${text}\n`;
	socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/** Frames a message (server frames are never masked). */
export function frame(opcode: number, payload: Buffer, fin = true): Buffer {
	const length = payload.length;
	let header: Buffer;
	if (length < 126) {
		header = Buffer.alloc(2);
		header[1] = length;
	} else if (length < 65_536) {
		header = Buffer.alloc(4);
		header[1] = 126;
		header.writeUInt16BE(length, 2);
	} else {
		header = Buffer.alloc(10);
		header[1] = 127;
		header.writeBigUInt64BE(BigInt(length), 2);
	}
	header[0] = (fin ? 0x80 : 0) | opcode;
	return Buffer.concat([header, payload]);
}

export class WsConnection {
	private buffer: Buffer = Buffer.alloc(0);
	private fragments: Buffer[] = [];
	private fragmentOpcode = 0;
	private closeSent = false;
	private done = false;

	constructor(private readonly socket: Duplex, private readonly handlers: WsHandlers) {
		socket.on('data', (chunk: Buffer) => this.receive(chunk));
		socket.on('error', () => this.finish(1006, ''));
		// An HTTP server's sockets allow half-open connections: a client gone without a close frame
		// must not leave ours open.
		socket.on('end', () => {
			socket.end();
			this.finish(1006, '');
		});
		socket.on('close', () => this.finish(1006, ''));
	}

	/** Completes the opening handshake on a request that asked for an upgrade; undefined (and an HTTP error sent) when it is not a valid one. */
	static accept(req: http.IncomingMessage, socket: Duplex, head: Buffer, handlers: WsHandlers): WsConnection | undefined {
		const key = req.headers['sec-websocket-key'];
		const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
		if (req.method !== 'GET' || upgrade !== 'websocket' || typeof key !== 'string' || req.headers['sec-websocket-version'] !== '13') {
			refuseUpgrade(socket, 400, 'Bad Request');
			return undefined;
		}
		socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`);
		const connection = new WsConnection(socket, handlers);
		if (head.length > 0) connection.receive(head);
		return connection;
	}

	get open(): boolean {
		return !this.done && !this.closeSent;
	}

	sendBinary(data: Buffer): void {
		if (this.open) this.socket.write(frame(OP_BINARY, data));
	}

	sendText(text: string): void {
		if (this.open) this.socket.write(frame(OP_TEXT, Buffer.from(text, 'utf8')));
	}

	/** Starts the close handshake; the socket ends when the client answers (or at once if it is gone). */
	close(code = 1000, reason = ''): void {
		if (this.done || this.closeSent) return;
		this.closeSent = true;
		// A close reason is at most 123 bytes (a control frame's payload is ≤ 125 with the code).
		const text = Buffer.from(reason, 'utf8').subarray(0, 123);
		const payload = Buffer.alloc(2 + text.length);
		payload.writeUInt16BE(code, 0);
		text.copy(payload, 2);
		this.socket.write(frame(OP_CLOSE, payload));
		// A client that never answers the close must not keep the socket: end our side after writing.
		this.socket.end();
	}

	/** Drops the TCP connection without a close frame, as a broken network does. */
	destroy(): void {
		this.socket.destroy();
		this.finish(1006, '');
	}

	private finish(code: number | undefined, reason: string): void {
		if (this.done) return;
		this.done = true;
		this.handlers.closed?.(code, reason);
	}

	private fail(code: number, reason: string): void {
		this.close(code, reason);
		this.finish(code, reason);
	}

	private receive(chunk: Buffer): void {
		this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
		while (!this.done) {
			const parsed = this.parseFrame();
			if (!parsed) return;
			this.handleFrame(parsed.fin, parsed.opcode, parsed.payload);
		}
	}

	/** One whole frame off the buffer, unmasked; undefined until enough bytes have arrived. */
	private parseFrame(): {fin: boolean; opcode: number; payload: Buffer} | undefined {
		const b = this.buffer;
		if (b.length < 2) return undefined;
		const fin = (b[0]! & 0x80) !== 0;
		const rsv = b[0]! & 0x70;
		const opcode = b[0]! & 0x0F;
		const masked = (b[1]! & 0x80) !== 0;
		let length = b[1]! & 0x7F;
		let offset = 2;
		if (length === 126) {
			if (b.length < 4) return undefined;
			length = b.readUInt16BE(2);
			offset = 4;
		} else if (length === 127) {
			if (b.length < 10) return undefined;
			const big = b.readBigUInt64BE(2);
			if (big > BigInt(MAX_MESSAGE)) {
				this.fail(1009, 'Message too big');
				return undefined;
			}
			length = Number(big);
			offset = 10;
		}
		// RFC 6455 §5.1: a server closes the connection on an unmasked client frame; no extension sets RSV.
		if (!masked || rsv !== 0) {
			this.fail(1002, masked ? 'RSV bits set' : 'Client frames must be masked');
			return undefined;
		}
		if (b.length < offset + 4 + length) return undefined;
		const mask = b.subarray(offset, offset + 4);
		const payload = Buffer.from(b.subarray(offset + 4, offset + 4 + length));
		for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i & 3]!;
		this.buffer = b.subarray(offset + 4 + length);
		return {fin, opcode, payload};
	}

	private handleFrame(fin: boolean, opcode: number, payload: Buffer): void {
		if (opcode >= 0x8) {
			// Control frames are never fragmented and carry at most 125 bytes (§5.5).
			if (!fin || payload.length > 125) return this.fail(1002, 'Bad control frame');
			if (opcode === OP_PING) {
				if (this.open) this.socket.write(frame(OP_PONG, payload));
			} else if (opcode === OP_CLOSE) {
				const code = payload.length >= 2 ? payload.readUInt16BE(0) : undefined;
				const reason = payload.subarray(2).toString('utf8');
				if (!this.closeSent) {
					// Echo the close (§5.5.1), then end the TCP connection: the server closes first.
					this.closeSent = true;
					this.socket.write(frame(OP_CLOSE, payload.subarray(0, 2)));
					this.socket.end();
				}
				this.finish(code, reason);
			} else if (opcode !== OP_PONG) {
				this.fail(1002, 'Unknown opcode');
			}
			return;
		}
		if (opcode === OP_CONTINUATION) {
			if (this.fragmentOpcode === 0) return this.fail(1002, 'Unexpected continuation frame');
			this.fragments.push(payload);
		} else if (opcode === OP_TEXT || opcode === OP_BINARY) {
			if (this.fragmentOpcode !== 0) return this.fail(1002, 'Expected a continuation frame');
			this.fragmentOpcode = opcode;
			this.fragments = [payload];
		} else {
			return this.fail(1002, 'Unknown opcode');
		}
		const size = this.fragments.reduce((sum, part) => sum + part.length, 0);
		if (size > MAX_MESSAGE) return this.fail(1009, 'Message too big');
		if (!fin) return;
		const message = this.fragments.length === 1 ? this.fragments[0]! : Buffer.concat(this.fragments);
		const kind = this.fragmentOpcode;
		this.fragments = [];
		this.fragmentOpcode = 0;
		if (kind === OP_TEXT) {
			const text = new TextDecoder('utf-8', {fatal: true});
			let decoded: string;
			try {
				decoded = text.decode(message);
			} catch {
				return this.fail(1007, 'Invalid UTF-8');
			}
			this.handlers.text?.(decoded);
		} else {
			this.handlers.binary?.(message);
		}
	}
}
