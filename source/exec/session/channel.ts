// One SSM Session Manager data channel over a WebSocket, as AWS's session-manager-plugin runs it
// (src/datachannel/streaming.go, src/communicator/websocketchannel.go): the open_data_channel text
// message with the session's token first; then binary ClientMessages both ways. Every stream message
// received is acknowledged and delivered in sequence order (early ones wait in a buffer); every one
// sent stays in a buffer until acknowledged and is resent after the plugin's round-trip-based
// timeout. pause_publication holds what we send until start_publication. The agent's handshake is
// answered (handshake.ts). The channel ends once: channel_closed (its Output is the session's last
// words), a refused handshake, the socket dropping, no handshake in time, or close() here; each is
// one line, and nothing waits forever. What waits for an acknowledgement is outbox.ts's.
import {randomUUID} from 'node:crypto';
import {clean} from '../../text.js';
import {acknowledgeMessage, decode, flagPayload, inputMessage, invalidReason, MessageType, PayloadType, type ClientMessage} from './codec.js';
import {answerHandshake, clientVersion, kmsRefusal, type HandshakeRequest} from './handshake.js';
import {Outbox, type Outgoing} from './outbox.js';

/** What the channel needs of a WebSocket: the WHATWG API Node (≥ 22) has as the global `WebSocket`. */
export interface SocketLike {
	binaryType: string;
	readonly readyState: number;
	send(data: string | Uint8Array): void;
	close(code?: number, reason?: string): void;
	addEventListener(type: string, listener: (event: any) => void): void;
}

export type SocketFactory = (url: string) => SocketLike;

const defaultSocket: SocketFactory = url => new WebSocket(url) as unknown as SocketLike;

export interface ChannelOptions {
	streamUrl: string;
	tokenValue: string;
	socket?: SocketFactory;
	/** From the first byte to the handshake's end (default 20 s). */
	handshakeTimeoutMs?: number;
	/** How long a message may go unacknowledged, resent all the while, before the channel gives up (default 5 min, the plugin's). */
	giveUpMs?: number;
	now?: () => number;
}

export interface ChannelReady {
	kind: 'shell' | 'port';
	sessionType: string;
	properties: unknown;
	agentVersion: string;
	/** A port session multiplexed with smux (smux.ts); else one connection at a time. */
	multiplexed?: boolean;
	/** HandshakeComplete's CustomerMessage (shown by the plugin before the session), control characters removed. */
	customerMessage?: string;
}

export type ChannelEnd =
	/** channel_closed: the session ended at the other side; `output` is its Output (raw). */
	| {how: 'closed'; output: string}
	/** The session could not go on: one line (already cleaned). */
	| {how: 'refused' | 'dropped' | 'timeout' | 'failed'; line: string}
	| {how: 'local'};

// The plugin's constants (src/config/config.go).
const resendTickMs = 100;
const incomingCapacity = 10_000;

export class DataChannel {
	readonly ready: Promise<ChannelReady>;
	readonly ended: Promise<ChannelEnd>;
	agentVersion = '';
	#socket: SocketLike;
	#options: ChannelOptions;
	#now: () => number;
	#resolveReady!: (ready: ChannelReady) => void;
	#rejectReady!: (error: Error) => void;
	#resolveEnded!: (end: ChannelEnd) => void;
	#end?: ChannelEnd;
	#readyInfo?: Omit<ChannelReady, 'customerMessage'>;
	#isReady = false;
	#expected = 0;
	#incoming = new Map<number, ClientMessage>();
	#nextSequence = 0;
	#outbox = new Outbox();
	#paused = false;
	#timer: NodeJS.Timeout;
	#handshakeTimer: NodeJS.Timeout;
	#handler?: (payloadType: number, payload: Buffer) => void;
	#pending: Array<[number, Buffer]> = [];

	constructor(options: ChannelOptions) {
		this.#options = options;
		this.#now = options.now ?? Date.now;
		this.ready = new Promise((resolve, reject) => {
			this.#resolveReady = resolve;
			this.#rejectReady = reject;
		});
		// A caller that awaits only `ended` must not see an unhandled rejection.
		this.ready.catch(() => {});
		this.ended = new Promise(resolve => (this.#resolveEnded = resolve));
		this.#timer = setInterval(() => this.#resend(), resendTickMs);
		this.#handshakeTimer = setTimeout(() => {
			if (!this.#isReady) this.#finish({how: 'timeout', line: `no handshake from the session's agent within ${Math.round((options.handshakeTimeoutMs ?? 20_000) / 1000)} s: is the task's agent connected?`});
		}, options.handshakeTimeoutMs ?? 20_000);
		const host = safeHost(options.streamUrl);
		let opened = false;
		try {
			this.#socket = (options.socket ?? defaultSocket)(options.streamUrl);
		} catch (error) {
			this.#socket = {binaryType: '', readyState: 3, send() {}, close() {}, addEventListener() {}};
			queueMicrotask(() => this.#finish({how: 'failed', line: `cannot open the session's data channel (${host}): ${clean((error as Error).message)}`}));
			return;
		}
		this.#socket.binaryType = 'arraybuffer';
		this.#socket.addEventListener('open', () => {
			opened = true;
			// streaming.go FinalizeDataChannelHandshake: the token is sent in the channel, never in the URL.
			this.#socket.send(JSON.stringify({MessageSchemaVersion: '1.0', RequestId: randomUUID(), TokenValue: options.tokenValue, ClientId: randomUUID(), ClientVersion: clientVersion}));
		});
		this.#socket.addEventListener('message', event => this.#receive(event.data));
		this.#socket.addEventListener('error', event => {
			const reason = clean(event?.message ?? event?.error?.message ?? 'connection error');
			if (!opened) this.#finish({how: 'failed', line: `cannot open the session's data channel (${host}): ${reason}`});
		});
		this.#socket.addEventListener('close', event => {
			const code = typeof event?.code === 'number' ? ` (WebSocket closed, code ${event.code})` : '';
			this.#finish(opened ? {how: 'dropped', line: `the session's connection dropped${code}`} : {how: 'failed', line: `cannot open the session's data channel (${host})${code}`});
		});
	}

	/** Where stream data goes once the session runs; data that came before waits for it. */
	onData(handler: (payloadType: number, payload: Buffer) => void): void {
		this.#handler = handler;
		const pending = this.#pending;
		this.#pending = [];
		for (const [type, payload] of pending) handler(type, payload);
	}

	/** An input_stream_data message (keys, a port's bytes, a Size); held while the agent paused publication. */
	send(payloadType: number, payload: Buffer): void {
		if (this.#end) return;
		const message: Outgoing = {sequenceNumber: this.#nextSequence, bytes: inputMessage(this.#nextSequence, payloadType, payload, this.#now())};
		this.#nextSequence++;
		this.#outbox.add(message);
		if (!this.#paused) this.#transmit(message);
	}

	sendFlag(flag: number): void {
		this.send(PayloadType.Flag, flagPayload(flag));
	}

	/** Ends the channel from this side (the session's end is the caller's: TerminateSession, or the shell's exit). */
	close(): void {
		this.#finish({how: 'local'});
	}

	get isEnded(): boolean {
		return this.#end !== undefined;
	}

	/** Messages sent and not yet acknowledged (tests, and a forward's state). */
	get unacknowledged(): number {
		return this.#outbox.size;
	}

	#transmit(message: Outgoing): void {
		const now = this.#now();
		message.firstSent ??= now;
		message.lastSent = now;
		try {
			this.#socket.send(message.bytes);
		} catch {
			// The close event reports it.
		}
	}

	#resend(): void {
		if (this.#paused || this.#end) return;
		const oldest = this.#outbox.oldest();
		if (!oldest || oldest.firstSent === undefined) return;
		const now = this.#now();
		if (now - oldest.firstSent > (this.#options.giveUpMs ?? 300_000)) {
			this.#finish({how: 'dropped', line: `the session's agent stopped acknowledging (message ${oldest.sequenceNumber} unanswered for ${Math.round((now - oldest.firstSent) / 1000)} s)`});
			return;
		}
		const due = this.#outbox.due(now);
		if (due) this.#transmit(due);
	}

	#receive(data: unknown): void {
		if (this.#end) return;
		if (typeof data === 'string') return;
		let message: ClientMessage;
		try {
			message = decode(Buffer.from(data as ArrayBuffer));
		} catch {
			return;
		}
		if (invalidReason(message)) return;
		switch (message.messageType) {
			case MessageType.output:
				this.#stream(message);
				return;
			case MessageType.acknowledge: {
				// A malformed acknowledgement is ignored (the message is resent).
				const acknowledged = jsonField(message.payload, 'AcknowledgedMessageSequenceNumber');
				if (typeof acknowledged === 'number') this.#outbox.acknowledged(acknowledged, this.#now());
				return;
			}
			case MessageType.channelClosed: {
				// Closed all the same when its payload is not JSON.
				this.#finish({how: 'closed', output: String(jsonField(message.payload, 'Output') ?? '')});
				return;
			}
			case MessageType.pausePublication:
				this.#paused = true;
				return;
			case MessageType.startPublication:
				this.#paused = false;
				for (const held of this.#outbox.held()) this.#transmit(held);
				return;
			default:
		}
	}

	#stream(message: ClientMessage): void {
		this.#socket.send(acknowledgeMessage(message, this.#now()));
		if (message.sequenceNumber < this.#expected) return;
		if (message.sequenceNumber > this.#expected) {
			if (this.#incoming.size < incomingCapacity) this.#incoming.set(message.sequenceNumber, message);
			return;
		}
		this.#process(message);
		this.#expected++;
		for (let next = this.#incoming.get(this.#expected); next && !this.#end; next = this.#incoming.get(this.#expected)) {
			this.#incoming.delete(this.#expected);
			this.#process(next);
			this.#expected++;
		}
	}

	#process(message: ClientMessage): void {
		switch (message.payloadType) {
			case PayloadType.HandshakeRequest:
				this.#handshake(message.payload);
				return;
			case PayloadType.HandshakeComplete: {
				const customer = String(jsonField(message.payload, 'CustomerMessage') ?? '');
				if (this.#readyInfo) this.#becomeReady({...this.#readyInfo, ...(customer ? {customerMessage: clean(customer)} : {})});
				else this.#finish({how: 'refused', line: 'the session\'s agent completed its handshake without naming the session type'});
				return;
			}
			case PayloadType.EncChallengeRequest:
				this.#finish({how: 'refused', line: kmsRefusal});
				return;
			default:
				// streaming.go ProcessFirstMessage: an agent too old for the handshake starts with a shell's output.
				if (!this.#isReady && !this.#readyInfo && message.payloadType === PayloadType.Output) {
					this.#becomeReady({kind: 'shell', sessionType: 'Standard_Stream', properties: undefined, agentVersion: ''});
				}
				if (this.#handler) this.#handler(message.payloadType, message.payload);
				else this.#pending.push([message.payloadType, message.payload]);
		}
	}

	#handshake(payload: Buffer): void {
		let request: HandshakeRequest;
		try {
			request = JSON.parse(payload.toString('utf8')) as HandshakeRequest;
		} catch {
			this.#finish({how: 'refused', line: 'the session\'s agent sent a handshake that is not JSON'});
			return;
		}
		const outcome = answerHandshake(request);
		this.agentVersion = outcome.agentVersion;
		this.send(PayloadType.HandshakeResponse, Buffer.from(JSON.stringify(outcome.response)));
		if (outcome.refusal) {
			this.#finish({how: 'refused', line: outcome.refusal});
			return;
		}
		if (outcome.kind) this.#readyInfo = {kind: outcome.kind, sessionType: outcome.sessionType!, properties: outcome.properties, agentVersion: clean(outcome.agentVersion), ...(outcome.multiplexed ? {multiplexed: true} : {})};
	}

	#becomeReady(ready: ChannelReady): void {
		if (this.#isReady) return;
		this.#isReady = true;
		clearTimeout(this.#handshakeTimer);
		this.#resolveReady(ready);
	}

	#finish(end: ChannelEnd): void {
		if (this.#end) return;
		this.#end = end;
		clearInterval(this.#timer);
		clearTimeout(this.#handshakeTimer);
		try {
			// A refusal's answer (the handshake response) is on its way; close after it, normally.
			if (this.#socket.readyState <= 1) this.#socket.close(1000);
		} catch {
			// Closed already.
		}
		if (!this.#isReady) {
			this.#rejectReady(new Error(endLine(end)));
		}
		this.#resolveEnded(end);
	}
}

/** One field of a JSON payload; undefined when the payload is not a JSON object. */
function jsonField(payload: Buffer, name: string): unknown {
	try {
		const content = JSON.parse(payload.toString('utf8')) as unknown;
		return content !== null && typeof content === 'object' ? (content as Record<string, unknown>)[name] : undefined;
	} catch {
		return undefined;
	}
}

/** The one line for an end (channel_closed's Output cleaned; a local close says so). */
export function endLine(end: ChannelEnd): string {
	if (end.how === 'closed') return end.output ? clean(end.output) : 'the session ended';
	if (end.how === 'local') return 'the session was closed here';
	return end.line;
}

function safeHost(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return 'an invalid stream URL';
	}
}
