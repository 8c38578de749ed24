// The simulator's SSM data channel for shells, through Node's own WebSocket and a test-side encoder
// (test/helpers/ssm-channel.ts): the stream URL, the token check, the handshake, the sandboxed
// shell (hostname, echo, line editing, Ctrl-C, exit), a one-off command, acknowledgements and
// retransmission, resizes, and the session's end.
import {ExecuteCommandCommand, type Task} from '@aws-sdk/client-ecs';
import {describe, expect, it} from 'vitest';
import {SIM_AGENT_VERSION} from '../../source/sim/ssm/data-channel/server.js';
import type {TestSim} from '../helpers/sim.js';
import {ssmFixture} from '../helpers/ssm-fixture.js';
import {sessionRow, type TestChannel} from '../helpers/ssm-channel.js';

const fixture = ssmFixture();

async function webTask(): Promise<{s: TestSim; task: Task; taskId: string}> {
	return fixture.webTask();
}

async function execSession(s: TestSim, task: Task, command = '/bin/sh') {
	const answer = await s.client.send(new ExecuteCommandCommand({cluster: 'production', task: task.taskArn!, command, interactive: true}));
	return answer.session!;
}

async function connect(streamUrl: string, token: string, options: {ack?: boolean; kmsStatus?: 1 | 2 | 3} = {}): Promise<TestChannel> {
	return fixture.open(streamUrl, {token, ...options});
}


describe('SSM data channel: shells', () => {
	it('the stream URL points at the simulator\'s loopback WebSocket server', async () => {
		const {s, task} = await webTask();
		const session = await execSession(s, task);
		const url = new URL(session.streamUrl!);
		expect(url.protocol).toBe('ws:');
		expect(url.hostname).toBe('127.0.0.1');
		expect(url.port).toBe(String((s.sim.dataChannels.server.address() as {port: number}).port));
		expect(url.port).not.toBe(String(s.sim.port));
		expect(url.pathname).toBe(`/v1/data-channel/${session.sessionId}`);
		expect(url.searchParams.get('role')).toBe('publish_subscribe');
		expect(url.searchParams.get('cell-number')).toBeTruthy();
	});

	it('refuses a wrong token with a close frame, and an unknown session before the upgrade', async () => {
		const {s, task} = await webTask();
		const session = await execSession(s, task);
		const wrong = await connect(session.streamUrl!, 'not-the-token');
		const closed = await wrong.untilClosed();
		expect(closed.code).toBe(1008);
		expect(closed.reason).toMatch(/token/);
		expect(wrong.received).toEqual([]);
		const unknown = new WebSocket(session.streamUrl!.replace(session.sessionId!, 'ecs-execute-command-0000000000000000'));
		const failed = await new Promise<string>(resolve => {
			unknown.addEventListener('error', () => resolve('error'));
			unknown.addEventListener('open', () => resolve('open'));
		});
		expect(failed).toBe('error');
		expect((await s.stats()).dataChannels).toMatchObject({connections: 0, refused: 2});
	});

	it('handshakes as the agent does, then runs hostname (the task id), echo and exit', async () => {
		const {s, task, taskId} = await webTask();
		const session = await execSession(s, task);
		const channel = await connect(session.streamUrl!, session.tokenValue!);
		await channel.untilText('# ');
		expect(channel.handshakeRequest).toEqual({
			AgentVersion: SIM_AGENT_VERSION,
			RequestedClientActions: [{ActionType: 'SessionType', ActionParameters: {SessionType: 'InteractiveCommands', Properties: {}}}],
		});
		const [request, complete] = channel.of('output_stream_data');
		expect([request!.sequenceNumber, request!.payloadType]).toEqual([0, 5]);
		expect([complete!.sequenceNumber, complete!.payloadType]).toEqual([1, 7]);
		expect(JSON.parse(complete!.payload.toString())).toMatchObject({CustomerMessage: ''});
		// Our HandshakeResponse (input sequence 0) was acknowledged with its id and number.
		const ack = JSON.parse(channel.of('acknowledge')[0]!.payload.toString());
		expect(ack).toEqual({AcknowledgedMessageType: 'input_stream_data', AcknowledgedMessageId: channel.sent[0]!.messageId, AcknowledgedMessageSequenceNumber: 0, IsSequentialMessage: true});

		channel.type('hostname\r');
		await channel.untilText(`hostname\r\n${taskId}\r\n# `);
		channel.type('echo hello   world\r');
		await channel.untilText('hello world\r\n# ');
		channel.type('nosuch\r');
		await channel.untilText('sh: nosuch: not found\r\n# ');
		channel.type('exit\r');
		const closed = await channel.untilClosed();
		expect(closed.code).toBe(1000);
		const [closedMessage] = channel.of('channel_closed');
		expect(JSON.parse(closedMessage!.payload.toString())).toMatchObject({MessageType: 'channel_closed', SessionId: session.sessionId, SchemaVersion: 1, Output: ''});
		expect(s.sim.world.sessions.find(session.sessionId!)!.status).toBe('Terminated');
		const row = await sessionRow(s, session.sessionId!);
		expect(row.status).toBe('Terminated');
		expect(row.channel!.commands).toEqual(['hostname', 'echo hello   world', 'nosuch', 'exit']);
		expect(row.channel!.bytesIn).toBe('hostname\recho hello   world\rnosuch\rexit\r'.length);
		expect((await s.stats()).execSessions).toMatchObject({open: 0, ended: 1});
	});

	it('echoes typing with backspace, Ctrl-C abandons the line, Ctrl-D on an empty line exits; env, pwd, cat and ls work on the sandbox', async () => {
		const {s, task, taskId} = await webTask();
		const session = await execSession(s, task);
		const channel = await connect(session.streamUrl!, session.tokenValue!);
		await channel.untilText('# ');
		channel.type('echo abx\x7fc\r');
		await channel.untilText('echo abx\b \bc\r\nabc\r\n# ');
		channel.type('echo never\x03');
		await channel.untilText('echo never^C\r\n# ');
		channel.type('pwd\r');
		await channel.untilText('/root\r\n# ');
		channel.type('env\r');
		await channel.untilText('# env\r\n');
		await channel.untilText(`ECS_CONTAINER_METADATA_URI_V4=http://169.254.170.2/v4/${taskId}`);
		expect(channel.text).toContain(`HOSTNAME=${taskId}\r\n`);
		expect(channel.text).toContain('AWS_REGION=us-east-1\r\n');
		channel.type('cat /etc/hostname\r');
		await channel.untilText(`cat /etc/hostname\r\n${taskId}\r\n# `);
		channel.type('ls /etc\r');
		await channel.untilText('hostname  os-release\r\n# ');
		channel.type('\x04');
		await channel.untilClosed();
		expect(channel.of('channel_closed')).toHaveLength(1);
		expect(s.sim.world.sessions.find(session.sessionId!)!.status).toBe('Terminated');
	});

	it('a non-shell command runs once and the session closes', async () => {
		const {s, task, taskId} = await webTask();
		const session = await execSession(s, task, 'hostname');
		const channel = await connect(session.streamUrl!, session.tokenValue!);
		await channel.untilClosed();
		expect(channel.text).toBe(`${taskId}\r\n`);
		expect(channel.of('channel_closed')).toHaveLength(1);
		expect((await sessionRow(s, session.sessionId!)).channel!.commands).toEqual(['hostname']);
	});

	it('records resizes (Size payloads) in the session state', async () => {
		const {s, task} = await webTask();
		const session = await execSession(s, task);
		const channel = await connect(session.streamUrl!, session.tokenValue!);
		await channel.untilText('# ');
		channel.send(3, JSON.stringify({cols: 120, rows: 40}));
		channel.type('pwd\r');
		await channel.untilText('/root\r\n# ');
		expect((await sessionRow(s, session.sessionId!)).channel!.resizes).toEqual([{cols: 120, rows: 40}]);
	});

	it('delivers input in sequence order (a later message waits for the earlier one) and acknowledges each', async () => {
		const {s, task} = await webTask();
		const session = await execSession(s, task);
		const channel = await connect(session.streamUrl!, session.tokenValue!);
		await channel.untilText('# ');
		const first = channel.takeSeq();
		const second = channel.takeSeq();
		channel.send(1, 'o\r', second);
		channel.send(1, 'echo hell', first);
		await channel.untilText('echo hello\r\nhello\r\n# ');
		await channel.until(() => channel.of('acknowledge').length >= 3);
		expect(channel.of('acknowledge').map(m => JSON.parse(m.payload.toString()).AcknowledgedMessageSequenceNumber)).toEqual([0, second, first]);
	});

	it('resends output the client has not acknowledged, byte for byte, once the timeout passes on the simulator clock', async () => {
		const {s, task} = await webTask();
		const session = await execSession(s, task);
		const channel = await connect(session.streamUrl!, session.tokenValue!, {ack: false});
		// Unacknowledged, the HandshakeRequest stays outstanding: the client answers it but never acks.
		await channel.untilText('# ');
		const before = channel.of('output_stream_data').length;
		await s.advance(2);
		await channel.until(() => channel.of('output_stream_data').length > before, 'a retransmission');
		const resent = channel.of('output_stream_data').slice(before);
		const original = channel.of('output_stream_data').slice(0, before);
		expect(resent.map(m => m.sequenceNumber)).toEqual(original.map(m => m.sequenceNumber));
		expect(resent.map(m => m.raw.toString('hex'))).toEqual(original.map(m => m.raw.toString('hex')));
		expect((await sessionRow(s, session.sessionId!)).channel!.resent).toBe(before);
		// Acknowledged now, nothing more is resent.
		channel.ack = true;
		for (const m of original) channel.acknowledge(m);
		channel.type('pwd\r');
		await channel.untilText('/root\r\n# ');
		const count = channel.of('output_stream_data').length;
		await s.advance(5);
		channel.type('pwd\r');
		await channel.until(() => channel.text.split('/root').length === 3);
		expect(channel.of('output_stream_data').length).toBe(count + 'pwd\r'.length + 1);
	});

	it('on the real clock, the server\'s own tick resends (no clock stepping)', async () => {
		const {s: t, task} = await fixture.webTask(undefined, {realClock: true});
		const session = await execSession(t, task);
		const channel = await connect(session.streamUrl!, session.tokenValue!, {ack: false});
		await channel.until(() => channel.of('output_stream_data').filter(m => m.sequenceNumber === 0).length >= 2, 'the HandshakeRequest again');
		expect(t.sim.world.sessions.find(session.sessionId!)!.channel!.resent).toBeGreaterThan(0);
	});
});
