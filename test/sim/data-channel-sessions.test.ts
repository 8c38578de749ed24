// The simulator's SSM data channel around the session: KMS encryption asked for in the handshake,
// TerminateSession and a stopped task closing the socket, the drop fault and a client's reconnect,
// flow control (pause/start publication), SSM shells and interactive commands, and the server
// stopping with the simulator.
import {ExecuteCommandCommand, StopTaskCommand, type Task} from '@aws-sdk/client-ecs';
import {ResumeSessionCommand, type SSMClient, type StartSessionCommandInput, TerminateSessionCommand} from '@aws-sdk/client-ssm';
import net from 'node:net';
import {describe, expect, it} from 'vitest';
import type {TestSim} from '../helpers/sim.js';
import {ssmFixture, type WebTask} from '../helpers/ssm-fixture.js';
import {encode, type TestChannel} from '../helpers/ssm-channel.js';

const fixture = ssmFixture();

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const demo = async (): Promise<WebTask> => fixture.webTask();

async function execShell(s: TestSim, task: Task, options: {kmsStatus?: 1 | 2 | 3} = {}) {
	const session = (await s.client.send(new ExecuteCommandCommand({cluster: 'production', task: task.taskArn!, command: '/bin/sh', interactive: true}))).session!;
	const channel = await open(session.streamUrl!, session.tokenValue!, options);
	return {session, channel};
}

async function open(streamUrl: string, token: string, options: {kmsStatus?: 1 | 2 | 3; clientVersion?: string} = {}): Promise<TestChannel> {
	return fixture.open(streamUrl, {token, ...options});
}

async function startSsm(client: SSMClient, task: Task, input: Omit<StartSessionCommandInput, 'Target'> = {}) {
	return fixture.startSession({ssm: client, task, taskId: task.taskArn!.split('/').at(-1)!}, input);
}

/** Whether a WebSocket to this URL opens ('open') or fails ('error'); closes it either way. */
async function attempt(url: string): Promise<'open' | 'error'> {
	const ws = new WebSocket(url);
	const outcome = await new Promise<'open' | 'error'>(resolve => {
		ws.addEventListener('open', () => resolve('open'));
		ws.addEventListener('error', () => resolve('error'));
	});
	ws.close();
	return outcome;
}

async function connectOutcome(port: number): Promise<string> {
	return new Promise<string>(resolve => {
		const socket = net.connect(port, '127.0.0.1');
		socket.on('connect', () => {
			socket.destroy();
			resolve('connected');
		});
		socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
	});
}

describe('SSM data channel: sessions', () => {
	it('a cluster with a KMS key asks for KMSEncryption first; a client that cannot encrypt is told why and closed', async () => {
		const {s, task} = await demo();
		s.sim.world.findCluster('production')!.execKmsKeyId = KEY;
		const {session, channel} = await execShell(s, task, {kmsStatus: 3});
		await channel.untilClosed();
		expect(channel.handshakeRequest!.RequestedClientActions).toEqual([
			{ActionType: 'KMSEncryption', ActionParameters: {KMSKeyId: KEY}},
			{ActionType: 'SessionType', ActionParameters: {SessionType: 'InteractiveCommands', Properties: {}}},
		]);
		const closed = JSON.parse(channel.of('channel_closed')[0]!.payload.toString()) as {Output: string};
		expect(closed.Output).toContain('Encryption is required');
		expect(closed.Output).toContain(KEY);
		expect(channel.text).toBe('');
		const found = s.sim.world.sessions.find(session.sessionId!)!;
		expect(found.status).toBe('Terminated');
		expect(found.channel).toMatchObject({handshake: 'failed', kmsRequested: true});
	});

	it('a client that reports KMS encryption done gets its shell (the simulator does not model the encryption itself)', async () => {
		const {s, task} = await demo();
		s.sim.world.findCluster('production')!.execKmsKeyId = KEY;
		const {channel} = await execShell(s, task, {kmsStatus: 1});
		await channel.untilText('# ');
		expect(channel.handshakeRequest!.RequestedClientActions[0]!.ActionType).toBe('KMSEncryption');
	});

	it('TerminateSession closes an open channel with channel_closed', async () => {
		const {s, ssm, task} = await demo();
		const {session, channel} = await execShell(s, task);
		await channel.untilText('# ');
		await ssm.send(new TerminateSessionCommand({SessionId: session.sessionId!}));
		expect((await channel.untilClosed()).code).toBe(1000);
		expect(JSON.parse(channel.of('channel_closed')[0]!.payload.toString())).toMatchObject({SessionId: session.sessionId, Output: ''});
		// The session is over: its URL no longer upgrades, and ResumeSession has no token for it.
		expect(await attempt(session.streamUrl!)).toBe('error');
		expect((await ssm.send(new ResumeSessionCommand({SessionId: session.sessionId!}))).TokenValue).toBeUndefined();
	});

	it('a stopped task ends its sessions and closes their channels', async () => {
		const {s, task} = await demo();
		const {channel} = await execShell(s, task);
		await channel.untilText('# ');
		await s.client.send(new StopTaskCommand({cluster: 'production', task: task.taskArn!}));
		await s.advance(60);
		await channel.untilClosed();
		expect(JSON.parse(channel.of('channel_closed')[0]!.payload.toString()).Output).toMatch(/task stopped/);
	});

	it('the drop fault breaks open sockets without a close frame and refuses the next connection; ResumeSession and a reconnect carry on', async () => {
		const {s, ssm, task} = await demo();
		const {session, channel} = await execShell(s, task);
		await channel.untilText('# ');
		expect(await s.faults({dataChannel: 'drop'})).toMatchObject({ok: true, dataChannelsDropped: 1});
		expect((await channel.untilClosed()).code).toBe(1006);
		expect(channel.of('channel_closed')).toEqual([]);
		expect(await attempt(session.streamUrl!)).toBe('error');
		expect((await s.stats()).dataChannels).toMatchObject({dropped: 1, refused: 1, connections: 1, open: 0});

		// As the plugin reconnects (ResumeSessionHandler): a new token from ResumeSession, the same URL, its sequence numbers carrying on.
		const resumed = await ssm.send(new ResumeSessionCommand({SessionId: session.sessionId!}));
		expect(resumed).toMatchObject({SessionId: session.sessionId, StreamUrl: session.streamUrl});
		expect(resumed.TokenValue).not.toBe(session.tokenValue);
		const stale = await open(session.streamUrl!, session.tokenValue!);
		expect((await stale.untilClosed()).code).toBe(1008);
		const again = await open(session.streamUrl!, resumed.TokenValue!);
		for (let i = 0; i < channel.sent.length; i++) again.takeSeq();
		again.type('pwd\r');
		await again.untilText('pwd\r\n/root\r\n# ');
		expect(again.handshakeRequest).toBeUndefined();
		expect(again.of('output_stream_data')[0]!.sequenceNumber).toBeGreaterThan(2);
		expect(s.sim.world.sessions.find(session.sessionId!)!.channel!.connections).toBe(2);
		expect((await s.stats()).dataChannels).toMatchObject({open: 1, connections: 2, refused: 2});
		await expect(s.faults({dataChannel: 'explode'})).rejects.toThrow(/dataChannel must be/);
		// `{}` clears a refusal still pending.
		await s.faults({dataChannel: 'drop'});
		await again.untilClosed();
		await s.faults({});
		const third = await open(session.streamUrl!, resumed.TokenValue!);
		for (let i = 0; i < channel.sent.length + again.sent.length; i++) third.takeSeq();
		third.type('pwd\r');
		await third.untilText('/root');
	});

	it('pause_publication holds output back until start_publication', async () => {
		const {s, task} = await demo();
		const {channel} = await execShell(s, task);
		await channel.untilText('# ');
		const before = channel.of('output_stream_data').length;
		channel.ws.send(encode('pause_publication', 0, 0, Buffer.alloc(0)));
		channel.type('pwd\r');
		channel.type('x');
		// The second input's acknowledgement comes after anything the first one produced.
		const last = channel.sent.at(-1)!;
		await channel.until(() => channel.of('acknowledge').some(m => JSON.parse(m.payload.toString()).AcknowledgedMessageId === last.messageId), 'the second acknowledgement');
		expect(channel.of('output_stream_data').length).toBe(before);
		channel.ws.send(encode('start_publication', 0, 0, Buffer.alloc(0)));
		await channel.untilText('pwd\r\n/root\r\n# x');
		void s;
	});

	it('SSM shells (no document) are Standard_Stream; AWS-StartInteractiveCommand runs its command once', async () => {
		const {s, ssm, task, taskId} = await demo();
		const shell = await startSsm(ssm, task);
		const channel = await open(shell.StreamUrl!, shell.TokenValue!);
		await channel.untilText('# ');
		expect(channel.handshakeRequest!.RequestedClientActions[0]!.ActionParameters).toMatchObject({SessionType: 'Standard_Stream'});
		const command = await startSsm(ssm, task, {DocumentName: 'AWS-StartInteractiveCommand', Parameters: {command: ['cat /etc/hostname']}});
		const once = await open(command.StreamUrl!, command.TokenValue!);
		await once.untilClosed();
		expect(once.handshakeRequest!.RequestedClientActions[0]!.ActionParameters).toMatchObject({SessionType: 'InteractiveCommands'});
		expect(once.text).toBe(`${taskId}\r\n`);
		void s;
	});
});

describe('SSM data channel: lifetime', () => {
	it('stops with the simulator: sockets closed, its port and the port targets\' no longer listening', async () => {
		const {s, ssm, task, taskId} = await demo();
		const {channel} = await execShell(s, task);
		await channel.untilText('# ');
		const forward = await startSsm(ssm, task, {DocumentName: 'AWS-StartPortForwardingSession'});
		// A client before 1.1.70: basic forwarding, raw bytes (data-channel-mux.test.ts does the same multiplexed).
		const port = await open(forward.StreamUrl!, forward.TokenValue!, {clientVersion: '1.1.61.0'});
		await port.until(() => port.of('output_stream_data').some(m => m.payloadType === 7), 'HandshakeComplete');
		port.type('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
		await port.untilText(`task ${taskId}`);
		// Its own port and the container's HTTP server.
		const ports = s.sim.dataChannels.listening();
		expect(ports).toHaveLength(2);
		expect(ports[0]).toBe(Number(new URL(s.sim.dataChannels.url).port));
		fixture.closedByTest();
		await s.close();
		await channel.untilClosed();
		await port.untilClosed();
		expect(s.sim.dataChannels.listening()).toEqual([]);
		expect(s.sim.dataChannels.server.listening).toBe(false);
		for (const each of ports) expect(await connectOutcome(each)).toBe('ECONNREFUSED');
	});
});
