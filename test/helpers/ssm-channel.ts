// A small SSM data-channel client for tests (test code, not the product's): Node's own WebSocket
// plus an encoder written from session-manager-plugin's messageparser.go independently of the
// simulator's codec, so a shared mistake would have to be made twice. It answers the handshake,
// acknowledges output (unless told not to), and keeps what arrived for the assertions.
import {createHash, randomUUID} from 'node:crypto';
import type {ChannelStats} from '../../source/sim/sessions.js';
import type {TestSim} from './sim.js';

/** One row of GET /_sim/sessions. */
export interface SessionRow {
	sessionId: string;
	status: 'Connected' | 'Terminated';
	channel: ChannelStats | null;
}

/** A session as GET /_sim/sessions reports it (through the control endpoint, as a client would read it). */
export async function sessionRow(s: TestSim, id: string): Promise<SessionRow> {
	const rows = (await s.control('/_sim/sessions')).sessions as SessionRow[];
	const row = rows.find(x => x.sessionId === id);
	if (!row) throw new Error(`no session ${id} in /_sim/sessions`);
	return row;
}

export interface Message {
	type: string;
	sequenceNumber: number;
	flags: number;
	messageId: string;
	payloadType: number;
	payload: Buffer;
	createdDate: number;
	/** The frame as it arrived. */
	raw: Buffer;
}

/** A ClientMessage as the plugin serializes it: 116-byte header length, UUID halves swapped. */
export function encode(type: string, sequenceNumber: number, payloadType: number, payload: Buffer, options: {messageId?: string; flags?: number} = {}): Buffer {
	const out = Buffer.alloc(120 + payload.length);
	const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
	view.setUint32(0, 116);
	Buffer.from(type.padEnd(32, ' '), 'ascii').copy(out, 4);
	view.setUint32(36, 1);
	view.setBigUint64(40, BigInt(Date.now()));
	view.setBigInt64(48, BigInt(sequenceNumber));
	view.setBigUint64(56, BigInt(options.flags ?? 0));
	const id = Buffer.from((options.messageId ?? randomUUID()).replaceAll('-', ''), 'hex');
	// putUuid: the least significant long (bytes 8–15) first.
	id.copy(out, 64, 8, 16);
	id.copy(out, 72, 0, 8);
	createHash('sha256').update(payload).digest().copy(out, 80);
	view.setUint32(112, payloadType);
	view.setUint32(116, payload.length);
	payload.copy(out, 120);
	return out;
}

export function decode(raw: Buffer): Message {
	const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
	const headerLength = view.getUint32(0);
	const id = Buffer.concat([raw.subarray(72, 80), raw.subarray(64, 72)]).toString('hex');
	const payload = raw.subarray(headerLength + 4);
	const digest = createHash('sha256').update(payload).digest();
	if (payload.length > 0 && !digest.equals(raw.subarray(80, 112))) throw new Error('payload digest mismatch');
	return {
		type: raw.subarray(4, 36).toString('ascii').trim(),
		createdDate: Number(view.getBigUint64(40)),
		sequenceNumber: Number(view.getBigInt64(48)),
		flags: Number(view.getBigUint64(56)),
		messageId: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`,
		payloadType: view.getUint32(112),
		payload: Buffer.from(payload),
		raw,
	};
}

export interface ChannelOptions {
	token: string;
	/** Acknowledge output_stream_data (default true). */
	ack?: boolean;
	/** The status answered to KMSEncryption (default 3, unsupported: this client cannot encrypt). */
	kmsStatus?: 1 | 2 | 3;
	/** Answer the HandshakeRequest by itself (default true). */
	handshake?: boolean;
	/** The HandshakeResponse's ClientVersion (default 1.2.0.0; the agent multiplexes port forwards from 1.1.70). */
	clientVersion?: string;
}

export class TestChannel {
	readonly received: Message[] = [];
	/** What this client sent (input_stream_data and acknowledgements), decoded. */
	readonly sent: Message[] = [];
	/** Output (PayloadType 1) payloads of new output_stream_data, in order, each once. */
	private readonly chunks: Buffer[] = [];
	private readonly seen = new Set<number>();
	private nextSeq = 0;
	private waiters: Array<() => void> = [];
	closeEvent: {code: number; reason: string} | undefined;
	handshakeRequest: {AgentVersion: string; RequestedClientActions: Array<{ActionType: string; ActionParameters: Record<string, unknown>}>} | undefined;
	ack: boolean;

	private constructor(readonly ws: WebSocket, private readonly options: ChannelOptions) {
		this.ack = options.ack ?? true;
		ws.binaryType = 'arraybuffer';
		ws.addEventListener('message', event => {
			if (typeof event.data === 'string') return;
			this.onMessage(decode(Buffer.from(event.data as ArrayBuffer)));
			this.wake();
		});
		ws.addEventListener('close', event => {
			this.closeEvent = {code: event.code, reason: event.reason};
			this.wake();
		});
	}

	/** Connects and sends open_data_channel with the token, as the plugin's FinalizeDataChannelHandshake does. */
	static async open(streamUrl: string, options: ChannelOptions): Promise<TestChannel> {
		const ws = new WebSocket(streamUrl);
		const channel = new TestChannel(ws, options);
		await new Promise<void>((resolve, reject) => {
			ws.addEventListener('open', () => resolve(), {once: true});
			ws.addEventListener('error', () => reject(new Error(`cannot connect to ${streamUrl}`)), {once: true});
		});
		ws.send(JSON.stringify({MessageSchemaVersion: '1.0', RequestId: randomUUID(), TokenValue: options.token, ClientId: randomUUID(), ClientVersion: options.clientVersion ?? '1.2.0.0'}));
		return channel;
	}

	get text(): string {
		return Buffer.concat(this.chunks).toString('utf8');
	}

	/** The Output payloads so far as one byte stream (a multiplexed port session's smux frames). */
	get bytes(): Buffer {
		return Buffer.concat(this.chunks);
	}

	/** Sends input_stream_data with the next sequence number (or the one given). */
	send(payloadType: number, payload: Buffer | string, sequenceNumber?: number): Buffer {
		const bytes = encode('input_stream_data', sequenceNumber ?? this.nextSeq++, payloadType, Buffer.isBuffer(payload) ? payload : Buffer.from(payload));
		this.sent.push(decode(bytes));
		this.ws.send(bytes);
		return bytes;
	}

	/** Keystrokes or forwarded bytes (PayloadType 1, Output). */
	type(text: string | Buffer): void {
		this.send(1, text);
	}

	/** Takes the next sequence number without sending (to send messages out of order). */
	takeSeq(): number {
		return this.nextSeq++;
	}

	/** Resolves once the predicate holds, checked on every message and on close; rejects if the socket closes first. */
	async until(predicate: () => boolean, what = 'the condition'): Promise<void> {
		while (!predicate()) {
			if (this.closeEvent) throw new Error(`closed (${this.closeEvent.code} ${this.closeEvent.reason}) before ${what}; output so far: ${JSON.stringify(this.text)}`);
			await new Promise<void>(resolve => this.waiters.push(resolve));
		}
	}

	async untilText(fragment: string): Promise<void> {
		await this.until(() => this.text.includes(fragment), JSON.stringify(fragment));
	}

	async untilClosed(): Promise<{code: number; reason: string}> {
		while (!this.closeEvent) await new Promise<void>(resolve => this.waiters.push(resolve));
		return this.closeEvent;
	}

	of(type: string): Message[] {
		return this.received.filter(m => m.type === type);
	}

	close(): void {
		this.ws.close();
	}

	private wake(): void {
		const waiters = this.waiters;
		this.waiters = [];
		for (const wake of waiters) wake();
	}

	/** Acknowledges one message, as the plugin's SendAcknowledgeMessage does. */
	acknowledge(message: Message): void {
		const content = {AcknowledgedMessageType: message.type, AcknowledgedMessageId: message.messageId, AcknowledgedMessageSequenceNumber: message.sequenceNumber, IsSequentialMessage: true};
		this.ws.send(encode('acknowledge', 0, 0, Buffer.from(JSON.stringify(content)), {flags: 3}));
	}

	private onMessage(message: Message): void {
		this.received.push(message);
		if (message.type !== 'output_stream_data') return;
		if (this.ack) this.acknowledge(message);
		if (this.seen.has(message.sequenceNumber)) return;
		this.seen.add(message.sequenceNumber);
		if (message.payloadType === 1) this.chunks.push(message.payload);
		if (message.payloadType === 5 && (this.options.handshake ?? true)) {
			this.handshakeRequest = JSON.parse(message.payload.toString('utf8'));
			const actions = this.handshakeRequest!.RequestedClientActions.map(action => action.ActionType === 'KMSEncryption'
				? {ActionType: action.ActionType, ActionStatus: this.options.kmsStatus ?? 3, Error: 'this client cannot encrypt'}
				: {ActionType: action.ActionType, ActionStatus: 1});
			this.send(6, JSON.stringify({ClientVersion: this.options.clientVersion ?? '1.2.0.0', ProcessedClientActions: actions, Errors: []}));
		}
	}
}
