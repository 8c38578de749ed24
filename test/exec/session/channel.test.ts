// The data channel against an agent played message by message (FakeSocket): the opening message,
// the handshake and its refusals, acknowledgements and ordering, resends, flow control, and every
// way the channel ends, each in one line.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {DataChannel, endLine} from '../../../source/exec/session/channel.js';
import {MessageType, PayloadType} from '../../../source/exec/session/codec.js';
import {clientVersion, kmsRefusal} from '../../../source/exec/session/handshake.js';
import {FakeSocket} from './fake-socket.js';

let socket: FakeSocket;
let channel: DataChannel | undefined;

function open(options: {handshakeTimeoutMs?: number; giveUpMs?: number} = {}): DataChannel {
	channel = new DataChannel({streamUrl: 'ws://127.0.0.1:1/v1/data-channel/s-1', tokenValue: 'TOKEN', socket: url => (socket = new FakeSocket(url)), ...options});
	socket.open();
	return channel;
}

afterEach(() => {
	channel?.close();
	channel = undefined;
	vi.useRealTimers();
});

describe('data channel', () => {
	it('opens with the token in open_data_channel and answers the handshake', async () => {
		const c = open();
		expect(socket.binaryType).toBe('arraybuffer');
		const first = JSON.parse(socket.sentText[0]!);
		expect(first).toMatchObject({MessageSchemaVersion: '1.0', TokenValue: 'TOKEN', ClientVersion: clientVersion});
		expect(first.RequestId).toMatch(/^[0-9a-f-]{36}$/);
		expect(first.ClientId).toMatch(/^[0-9a-f-]{36}$/);
		socket.handshake('InteractiveCommands');
		expect(socket.acks()[0]).toMatchObject({AcknowledgedMessageSequenceNumber: 0, AcknowledgedMessageType: 'output_stream_data'});
		const [response] = socket.inputs();
		expect(response).toMatchObject({payloadType: PayloadType.HandshakeResponse, sequenceNumber: 0});
		expect(JSON.parse(response!.payload.toString())).toEqual({ClientVersion: clientVersion, ProcessedClientActions: [{ActionType: 'SessionType', ActionStatus: 1}], Errors: []});
		socket.complete(1, 'hello\u001b[2J');
		await expect(c.ready).resolves.toMatchObject({kind: 'shell', sessionType: 'InteractiveCommands', agentVersion: '3.3.1000.0', customerMessage: 'hello'});
	});

	it('delivers stream data in sequence order, acknowledging each, the early one held', async () => {
		const c = open();
		socket.handshake('Standard_Stream');
		socket.complete();
		await c.ready;
		const got: string[] = [];
		c.onData((_type, payload) => got.push(payload.toString()));
		socket.agent(3, PayloadType.Output, 'world');
		expect(got).toEqual([]);
		socket.agent(2, PayloadType.Output, 'hello ');
		expect(got).toEqual(['hello ', 'world']);
		socket.agent(2, PayloadType.Output, 'hello ');
		expect(got).toEqual(['hello ', 'world']);
		expect(socket.acks().map(a => a.AcknowledgedMessageSequenceNumber)).toEqual([0, 1, 3, 2, 2]);
	});

	it('refuses a KMS session with the one-line reason, answering KMSEncryption failed', async () => {
		const c = open();
		socket.handshake('Standard_Stream', [{ActionType: 'KMSEncryption', ActionParameters: {KMSKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k'}}]);
		await expect(c.ready).rejects.toThrow(kmsRefusal);
		const response = JSON.parse(socket.inputs()[0]!.payload.toString());
		expect(response.ProcessedClientActions).toEqual([{ActionType: 'SessionType', ActionStatus: 1}, {ActionType: 'KMSEncryption', ActionStatus: 2, Error: expect.stringContaining('KMSEncryption')}]);
		expect(await c.ended).toEqual({how: 'refused', line: kmsRefusal});
		expect(socket.closedWith).toBe(1000);
		expect(kmsRefusal).toBe("this session requires KMS encryption, which ecs-top's built-in client does not do; install session-manager-plugin (https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html) or use --transport plugin");
	});

	it('refuses any other action by its name, and an unknown session type', async () => {
		const c = open();
		socket.handshake('Port', [{ActionType: 'Compression'}]);
		await expect(c.ready).rejects.toThrow(/the agent asked for "Compression", which ecs-top's built-in client does not do/);
		const response = JSON.parse(socket.inputs()[0]!.payload.toString());
		expect(response.ProcessedClientActions[1]).toMatchObject({ActionType: 'Compression', ActionStatus: 3});
		const d = open();
		socket.handshake('Telepathy');
		await expect(d.ready).rejects.toThrow(/session of type "Telepathy"/);
	});

	it('shows channel_closed\'s Output as the end', async () => {
		const c = open();
		socket.handshake('Standard_Stream');
		socket.complete();
		await c.ready;
		socket.agent(0, 0, {MessageType: 'channel_closed', SessionId: 's-1', Output: 'Session is terminated\u0007'}, MessageType.channelClosed);
		const end = await c.ended;
		expect(end).toEqual({how: 'closed', output: 'Session is terminated\u0007'});
		expect(endLine(end)).toBe('Session is terminated');
	});

	it('reports a dropped socket in one line, before or after the handshake', async () => {
		const c = open();
		socket.emit('close', {code: 1006});
		await expect(c.ready).rejects.toThrow("the session's connection dropped (WebSocket closed, code 1006)");
		expect(await c.ended).toMatchObject({how: 'dropped'});
		channel = new DataChannel({streamUrl: 'ws://127.0.0.1:1/x', tokenValue: 'T', socket: url => (socket = new FakeSocket(url))});
		socket.emit('error', {message: 'connect ECONNREFUSED 127.0.0.1:1'});
		await expect(channel.ready).rejects.toThrow("cannot open the session's data channel (127.0.0.1:1): connect ECONNREFUSED 127.0.0.1:1");
	});

	it('gives up on a handshake that never comes', async () => {
		vi.useFakeTimers();
		const c = open({handshakeTimeoutMs: 5000});
		vi.advanceTimersByTime(5001);
		await expect(c.ready).rejects.toThrow(/no handshake from the session's agent within 5 s/);
	});

	it('resends an unacknowledged message until acknowledged, then gives up on a silent agent', async () => {
		vi.useFakeTimers();
		const c = open({giveUpMs: 10_000});
		socket.handshake('Standard_Stream');
		socket.complete();
		await c.ready;
		c.send(PayloadType.Output, Buffer.from('ls\r'));
		expect(socket.inputs().map(m => m.sequenceNumber)).toEqual([0, 1]);
		vi.advanceTimersByTime(1000);
		const resent = socket.inputs().filter(m => m.sequenceNumber === 0).length;
		expect(resent).toBeGreaterThan(1);
		socket.ack(0);
		vi.advanceTimersByTime(1000);
		// Once 0 is acknowledged, 1 is the oldest and is resent in its place.
		expect(socket.inputs().filter(m => m.sequenceNumber === 0).length).toBe(resent);
		expect(socket.inputs().filter(m => m.sequenceNumber === 1).length).toBeGreaterThan(1);
		expect(c.unacknowledged).toBe(1);
		vi.advanceTimersByTime(10_000);
		expect(await c.ended).toMatchObject({how: 'dropped', line: expect.stringMatching(/stopped acknowledging/)});
	});

	it('holds input while the agent paused publication, sends it on start_publication', async () => {
		const c = open();
		socket.handshake('Standard_Stream');
		socket.complete();
		await c.ready;
		socket.agent(0, 0, '', MessageType.pausePublication);
		c.send(PayloadType.Output, Buffer.from('a'));
		c.send(PayloadType.Output, Buffer.from('\n'));
		expect(socket.inputs().length).toBe(1);
		socket.agent(0, 0, '', MessageType.startPublication);
		const sent = socket.inputs().slice(1);
		// Byte-exact: a port's lone LF stays LF (the shell's Enter is the shell's business).
		expect(sent.map(m => [m.sequenceNumber, m.payload.toString('hex')])).toEqual([[1, '61'], [2, '0a']]);
	});

	it('takes an agent without the handshake as a shell (its first message is output)', async () => {
		const c = open();
		socket.agent(0, PayloadType.Output, '$ ');
		await expect(c.ready).resolves.toMatchObject({kind: 'shell'});
		const got: string[] = [];
		c.onData((_t, p) => got.push(p.toString()));
		expect(got).toEqual(['$ ']);
	});
});
