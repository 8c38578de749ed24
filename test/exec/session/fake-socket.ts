// An in-memory WebSocket for the data channel's tests: records what the client sends and lets a
// test play the agent's side message by message (no network, no timing).
import {randomUUID} from 'node:crypto';
import {decode, encode, MessageType, PayloadType, type ClientMessage} from '../../../source/exec/session/codec.js';
import type {SocketLike} from '../../../source/exec/session/channel.js';

export class FakeSocket implements SocketLike {
	binaryType = 'blob';
	readyState = 0;
	sentText: string[] = [];
	sent: ClientMessage[] = [];
	closedWith?: number;
	readonly #listeners = new Map<string, Array<(event: any) => void>>();

	constructor(readonly url: string) {}

	addEventListener(type: string, listener: (event: any) => void): void {
		this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
	}

	send(data: string | Uint8Array): void {
		if (typeof data === 'string') this.sentText.push(data);
		else this.sent.push(decode(Buffer.from(data)));
	}

	close(code?: number): void {
		this.closedWith = code;
		this.readyState = 3;
	}

	emit(type: string, event: unknown = {}): void {
		for (const listener of this.#listeners.get(type) ?? []) listener(event);
	}

	open(): void {
		this.readyState = 1;
		this.emit('open');
	}

	/** The agent sends a message of `type` (an output_stream_data by default). */
	agent(sequenceNumber: number, payloadType: number, payload: Buffer | string | object, messageType: string = MessageType.output): void {
		const bytes = typeof payload === 'string' ? Buffer.from(payload) : Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload));
		const message = encode({messageType, schemaVersion: 1, createdDate: Date.now(), sequenceNumber, flags: 0, messageId: randomUUID(), payloadType, payload: bytes});
		this.emit('message', {data: message.buffer.slice(message.byteOffset, message.byteOffset + message.byteLength)});
	}

	/** The agent's handshake for a session type (and more actions). */
	handshake(sessionType: string, more: object[] = [], properties: object = {}, agentVersion = '3.3.1000.0'): void {
		this.agent(0, PayloadType.HandshakeRequest, {AgentVersion: agentVersion, RequestedClientActions: [{ActionType: 'SessionType', ActionParameters: {SessionType: sessionType, Properties: properties}}, ...more]});
	}

	complete(sequenceNumber = 1, customer = ''): void {
		this.agent(sequenceNumber, PayloadType.HandshakeComplete, {HandshakeTimeToComplete: 1000, CustomerMessage: customer});
	}

	/** The client's input_stream_data messages (not acknowledgements). */
	inputs(): ClientMessage[] {
		return this.sent.filter(m => m.messageType === MessageType.input);
	}

	acks(): Array<{AcknowledgedMessageSequenceNumber: number; AcknowledgedMessageType: string}> {
		return this.sent.filter(m => m.messageType === MessageType.acknowledge).map(m => JSON.parse(m.payload.toString()));
	}

	/** The agent acknowledges the client's message `sequenceNumber`. */
	ack(sequenceNumber: number): void {
		this.agent(0, 0, {AcknowledgedMessageType: 'input_stream_data', AcknowledgedMessageId: randomUUID(), AcknowledgedMessageSequenceNumber: sequenceNumber, IsSequentialMessage: true}, MessageType.acknowledge);
	}
}
