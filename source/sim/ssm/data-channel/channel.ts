// One session's data channel, as the SSM agent (through the service) runs it: after the client's
// open_data_channel token, a HandshakeRequest (session type, KMS encryption when the cluster asks
// for it), the client's HandshakeResponse, HandshakeComplete, then the session's work (a sandboxed
// shell or a port forward) on output_stream_data / input_stream_data.
//
// Reliability follows the plugin's own scheme (src/datachannel/streaming.go), from the other end:
// every input_stream_data is acknowledged, delivered in sequence order (later ones buffered, repeats
// dropped); every output_stream_data keeps its bytes until acknowledged and is sent again, byte for
// byte, when an acknowledgement is late. Sequence numbers start at 0 in each direction. A channel
// outlives its WebSocket: a client that reconnects with the session's token carries on where it was,
// and gets the unacknowledged output again.
import {randomUUID} from 'node:crypto';
import {ActionStatus, CodecError, decodeMessage, encodeMessage, FlagValue, MessageType, PayloadType, type ClientMessage} from './codec.js';
import type {ChannelStats, SessionRec} from '../../sessions.js';

/** Simulated ms before unacknowledged output is sent again (the plugin's own timeout is 200 ms to 1 s). */
export const RESEND_AFTER_MS = 1000;
/** A closing channel waits this long for its last output to be acknowledged before closing anyway. */
const CLOSE_WAIT_MS = 5000;
/** The plugin sends at most 1 KiB a message (config.StreamDataPayloadSize); the agent likewise. */
const CHUNK = 1024;

/** What runs inside a session once the handshake is done: the shell, a command, a port forward. */
export interface SessionWork {
	/** The handshake's SessionType action. */
	readonly sessionType: 'Standard_Stream' | 'InteractiveCommands' | 'Port';
	readonly properties: Record<string, unknown>;
	/** The handshake is complete (the client and its version are known now). */
	start(io: WorkIo): void;
	/** An input_stream_data Output payload. */
	input(data: Buffer): void;
	/** A Flag payload (DisconnectToPort and the like), TerminateSession excluded. */
	flag?(value: number): void;
	/** The simulator's clock moved (the server's tick, a stepped clock): timers of the work (keepalives). */
	tick?(now: number): void;
	/** The channel is gone: release sockets and timers. */
	stop(): void;
}

export interface WorkIo {
	output(data: Buffer | string): void;
	/** Ends the session: channel_closed with this Output once the output so far is acknowledged. */
	exit(output: string): void;
	stats: ChannelStats;
	/** The HandshakeResponse's ClientVersion ('' when absent): the agent's port plugin picks its forwarding by it. */
	clientVersion: string;
	/** The simulator's clock. */
	now(): number;
}

/** The current WebSocket's send side. */
export interface ChannelSocket {
	sendBinary(data: Buffer): void;
	close(code?: number, reason?: string): void;
	destroy(): void;
}

interface Outgoing {
	bytes: Buffer;
	sequenceNumber: number;
	/** Undefined while publication is paused and it was never sent. */
	lastSent?: number;
}

export interface ChannelOptions {
	session: SessionRec;
	work: SessionWork;
	now(): number;
	/** Advertised in the HandshakeRequest; the plugin multiplexes port forwards only after 3.0.196.0. */
	agentVersion: string;
	kmsKeyId?: string;
	/** The session ended from the channel (exit, a refused handshake, TerminateSession flag). */
	ended(session: SessionRec): void;
}

export const emptyStats = (): ChannelStats => ({
	connections: 0,
	connected: false,
	handshake: 'pending',
	bytesIn: 0,
	bytesOut: 0,
	messagesIn: 0,
	messagesOut: 0,
	resent: 0,
	resizes: [],
	commands: [],
	portConnections: 0,
	muxStreams: 0,
	muxOpen: 0,
	nopsIn: 0,
	nopsOut: 0,
	kmsRequested: false,
});

export class DataChannel {
	readonly stats: ChannelStats;
	private socket: ChannelSocket | undefined;
	private nextOut = 0;
	private expectedIn = 0;
	private readonly outgoing = new Map<number, Outgoing>();
	private readonly early = new Map<number, ClientMessage>();
	private paused = false;
	private started = false;
	private closing: {output: string; since: number} | undefined;
	private closed = false;
	private handshakeSentAt = 0;

	constructor(private readonly options: ChannelOptions) {
		this.stats = options.session.channel ??= emptyStats();
		this.stats.kmsRequested = options.kmsKeyId !== undefined;
	}

	get isClosed(): boolean {
		return this.closed;
	}

	/** A WebSocket whose open_data_channel token checked out: the first one starts the handshake, a later one resumes. */
	attach(socket: ChannelSocket): void {
		this.socket = socket;
		this.stats.connections++;
		this.stats.connected = true;
		if (this.nextOut === 0) {
			this.sendHandshakeRequest();
			return;
		}
		for (const message of this.ordered()) this.transmit(message);
	}

	/** The WebSocket went away (the channel stays, for a reconnect). */
	detach(socket: ChannelSocket): void {
		if (this.socket !== socket) return;
		this.socket = undefined;
		this.stats.connected = false;
	}

	receive(data: Buffer): void {
		let message: ClientMessage;
		try {
			message = decodeMessage(data);
		} catch (error) {
			// The agent drops what it cannot parse (the client will resend a message never acknowledged).
			if (error instanceof CodecError) return;
			throw error;
		}
		switch (message.messageType) {
			case MessageType.acknowledge:
				return this.acknowledged(message);
			case MessageType.input:
				return this.inputMessage(message);
			case MessageType.pausePublication:
				this.paused = true;
				return;
			case MessageType.startPublication:
				this.paused = false;
				for (const message of this.ordered()) if (message.lastSent === undefined) this.transmit(message);
				return;
			default:
		}
	}

	/** Resends late output and gives up waiting on a closing channel; called on the server's tick and when the clock is stepped. */
	tick(): void {
		if (this.closed) return;
		const now = this.options.now();
		if (this.closing && (this.outgoing.size === 0 || now - this.closing.since >= CLOSE_WAIT_MS)) {
			this.closeNow(this.closing.output);
			return;
		}
		// The work's timers run whether or not a client is connected (their output waits in the sequence).
		if (this.started && !this.closing) this.options.work.tick?.(now);
		if (this.closed || this.paused || !this.socket) return;
		for (const message of this.ordered()) {
			if (message.lastSent !== undefined && now - message.lastSent >= RESEND_AFTER_MS) {
				this.stats.resent++;
				this.transmit(message);
			}
		}
	}

	/** The session ended elsewhere (TerminateSession, its task stopped): say so and close at once. */
	end(output: string): void {
		if (!this.closed) this.closeNow(output);
	}

	/** The drop fault: the socket vanishes without a close frame; the channel waits for a reconnect. */
	drop(): void {
		this.socket?.destroy();
	}

	private ordered(): Outgoing[] {
		return [...this.outgoing.values()].sort((a, b) => a.sequenceNumber - b.sequenceNumber);
	}

	private transmit(message: Outgoing): void {
		if (!this.socket || this.paused) return;
		message.lastSent = this.options.now();
		this.socket.sendBinary(message.bytes);
	}

	private sendStream(payloadType: number, payload: Buffer): void {
		const sequenceNumber = this.nextOut++;
		const bytes = encodeMessage({messageType: MessageType.output, sequenceNumber, payloadType, payload, createdDate: this.options.now(), flags: sequenceNumber === 0 ? 1 : 0});
		const message: Outgoing = {bytes, sequenceNumber};
		this.outgoing.set(sequenceNumber, message);
		this.stats.messagesOut++;
		this.transmit(message);
	}

	private sendJson(payloadType: number, value: unknown): void {
		this.sendStream(payloadType, Buffer.from(JSON.stringify(value), 'utf8'));
	}

	private sendHandshakeRequest(): void {
		const {work, kmsKeyId, agentVersion} = this.options;
		const actions: unknown[] = [];
		// The agent asks for encryption first (when the session's preferences name a key), then the session type.
		if (kmsKeyId !== undefined) actions.push({ActionType: 'KMSEncryption', ActionParameters: {KMSKeyId: kmsKeyId}});
		actions.push({ActionType: 'SessionType', ActionParameters: {SessionType: work.sessionType, Properties: work.properties}});
		this.handshakeSentAt = this.options.now();
		this.sendJson(PayloadType.handshakeRequest, {AgentVersion: agentVersion, RequestedClientActions: actions});
	}

	private acknowledged(message: ClientMessage): void {
		let content: {AcknowledgedMessageSequenceNumber?: unknown};
		try {
			content = JSON.parse(message.payload.toString('utf8')) as typeof content;
		} catch {
			return;
		}
		const sequenceNumber = content.AcknowledgedMessageSequenceNumber;
		if (typeof sequenceNumber === 'number') this.outgoing.delete(sequenceNumber);
		if (this.closing && this.outgoing.size === 0) this.closeNow(this.closing.output);
	}

	private inputMessage(message: ClientMessage): void {
		// Acknowledged whether new, early or a repeat: a repeat means our acknowledgement was lost.
		this.socket?.sendBinary(encodeMessage({
			messageType: MessageType.acknowledge,
			payload: Buffer.from(JSON.stringify({
				AcknowledgedMessageType: message.messageType,
				AcknowledgedMessageId: message.messageId,
				AcknowledgedMessageSequenceNumber: message.sequenceNumber,
				IsSequentialMessage: true,
			}), 'utf8'),
			createdDate: this.options.now(),
			flags: 3,
		}));
		if (message.sequenceNumber < this.expectedIn) return;
		if (message.sequenceNumber > this.expectedIn) {
			this.early.set(message.sequenceNumber, message);
			return;
		}
		this.deliver(message);
		this.expectedIn++;
		for (let next = this.early.get(this.expectedIn); next && !this.closed; next = this.early.get(this.expectedIn)) {
			this.early.delete(this.expectedIn);
			this.deliver(next);
			this.expectedIn++;
		}
	}

	private deliver(message: ClientMessage): void {
		if (this.closed) return;
		this.stats.messagesIn++;
		const {payload} = message;
		switch (message.payloadType) {
			case PayloadType.handshakeResponse:
				return this.handshakeResponse(payload);
			case PayloadType.output:
				if (!this.started || this.closing) return;
				this.stats.bytesIn += payload.length;
				this.options.work.input(payload);
				return;
			case PayloadType.size: {
				const size = parseJson(payload) as {cols?: unknown; rows?: unknown} | undefined;
				if (typeof size?.cols === 'number' && typeof size.rows === 'number') this.stats.resizes.push({cols: size.cols, rows: size.rows});
				return;
			}
			case PayloadType.flag: {
				if (payload.length < 4) return;
				const value = payload.readUInt32BE(0);
				if (value === FlagValue.terminateSession) return this.exit('');
				this.options.work.flag?.(value);
				return;
			}
			default:
		}
	}

	private handshakeResponse(payload: Buffer): void {
		if (this.started) return;
		const response = parseJson(payload) as {ClientVersion?: unknown; ProcessedClientActions?: Array<{ActionType?: unknown; ActionStatus?: unknown; Error?: unknown}>} | undefined;
		const actions = Array.isArray(response?.ProcessedClientActions) ? response.ProcessedClientActions : [];
		const status = (type: string) => actions.find(a => a?.ActionType === type);
		const refuse = (output: string) => {
			this.stats.handshake = 'failed';
			this.closeNow(output);
		};
		if (this.options.kmsKeyId !== undefined) {
			const kms = status('KMSEncryption');
			// The agent's words when the client cannot encrypt (a client too old for KMS, or KMS refused).
			if (kms?.ActionStatus !== ActionStatus.success) {
				const why = typeof kms?.Error === 'string' && kms.Error ? `: ${kms.Error}` : '';
				return refuse(`Encryption is required by the session preferences (KMS key ${this.options.kmsKeyId}) and the client did not enable it${why}.`);
			}
		}
		const type = status('SessionType');
		if (type?.ActionStatus !== ActionStatus.success) return refuse(`The client did not accept session type ${this.options.work.sessionType}.`);
		this.stats.handshake = 'complete';
		this.started = true;
		this.sendJson(PayloadType.handshakeComplete, {
			// A Go time.Duration: nanoseconds.
			HandshakeTimeToComplete: Math.round(Math.max(0, this.options.now() - this.handshakeSentAt) * 1_000_000),
			CustomerMessage: '',
		});
		this.options.work.start({
			output: data => this.output(data),
			exit: output => this.exit(output),
			stats: this.stats,
			clientVersion: typeof response?.ClientVersion === 'string' ? response.ClientVersion : '',
			now: () => this.options.now(),
		});
	}

	private output(data: Buffer | string): void {
		if (this.closed || this.closing) return;
		const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
		for (let at = 0; at < bytes.length; at += CHUNK) {
			const chunk = bytes.subarray(at, at + CHUNK);
			this.stats.bytesOut += chunk.length;
			this.sendStream(PayloadType.output, chunk);
		}
	}

	private exit(output: string): void {
		if (this.closed || this.closing) return;
		this.closing = {output, since: this.options.now()};
		if (this.outgoing.size === 0) this.closeNow(output);
	}

	private closeNow(output: string): void {
		if (this.closed) return;
		this.closed = true;
		this.closing = undefined;
		this.stats.closedWith = output;
		const {session} = this.options;
		// channel_closed is outside the sequence (the plugin handles it whatever its number).
		this.socket?.sendBinary(encodeMessage({
			messageType: MessageType.channelClosed,
			payloadType: PayloadType.output,
			createdDate: this.options.now(),
			payload: Buffer.from(JSON.stringify({
				MessageId: randomUUID(),
				CreatedDate: new Date(this.options.now()).toISOString(),
				DestinationId: session.target,
				SessionId: session.id,
				MessageType: MessageType.channelClosed,
				SchemaVersion: 1,
				Output: output,
			}), 'utf8'),
		}));
		this.socket?.close(1000, '');
		this.socket = undefined;
		this.stats.connected = false;
		this.outgoing.clear();
		this.early.clear();
		this.options.work.stop();
		this.options.ended(session);
	}
}

function parseJson(payload: Buffer): unknown {
	try {
		return JSON.parse(payload.toString('utf8'));
	} catch {
		return undefined;
	}
}
