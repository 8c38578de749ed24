// The simulator's SSM data channel for port forwarding, basic (non-multiplexed, as the agent runs it
// for a client before 1.1.70; multiplexing is data-channel-mux.test.ts): bytes of one local connection through the channel to the
// container's HTTP server (which answers with the task id) or the remote host's echo server, and
// DisconnectToPort before the next connection.
import type {StartSessionCommandInput} from '@aws-sdk/client-ssm';
import {describe, expect, it} from 'vitest';
import type {TestSim} from '../helpers/sim.js';
import {ssmFixture} from '../helpers/ssm-fixture.js';
import {sessionRow, type TestChannel} from '../helpers/ssm-channel.js';

const fixture = ssmFixture();

async function portSession(input: Omit<StartSessionCommandInput, 'Target'>): Promise<{s: TestSim; channel: TestChannel; taskId: string; sessionId: string}> {
	const web = await fixture.webTask();
	const {s: t, taskId} = web;
	const out = await fixture.startSession(web, input);
	// A plugin before muxSupportedClientVersion (1.1.70): the agent forwards one connection at a time.
	const channel = await fixture.open(out.StreamUrl!, {token: out.TokenValue!, clientVersion: '1.1.61.0'});
	// HandshakeComplete (output sequence 1) arrived: the session is forwarding.
	await channel.until(() => channel.of('output_stream_data').some(m => m.payloadType === 7), 'HandshakeComplete');
	return {s: t, channel, taskId, sessionId: out.SessionId!};
}

const flag = (value: number) => {
	const payload = Buffer.alloc(4);
	payload.writeUInt32BE(value);
	return payload;
};


describe('SSM data channel: port forwarding', () => {
	it('asks for a Port session with the document\'s parameters, then carries HTTP to the container (it answers with the task id)', async () => {
		const {s, channel, taskId, sessionId} = await portSession({DocumentName: 'AWS-StartPortForwardingSession', Parameters: {portNumber: ['8080'], localPortNumber: ['0']}});
		expect(channel.handshakeRequest!.RequestedClientActions).toEqual([{
			ActionType: 'SessionType',
			ActionParameters: {SessionType: 'Port', Properties: {portNumber: '8080', localPortNumber: '0', type: 'LocalPortForwarding'}},
		}]);
		// A current agent; basic forwarding all the same, because of the client's version.
		expect(channel.handshakeRequest!.AgentVersion).toBe('3.3.2299.0');
		channel.type('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
		await channel.untilText(`\r\n\r\ntask ${taskId}\n`);
		expect(channel.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);

		// The local connection closed: DisconnectToPort; the next bytes are a new connection to the target.
		channel.send(10, flag(1));
		channel.type('GET /again HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
		await channel.until(() => channel.text.split(`task ${taskId}\n`).length === 3, 'the second answer');
		const row = await sessionRow(s, sessionId);
		expect(row.channel!.portMode).toBe('basic');
		expect(row.channel!.portConnections).toBe(2);
		expect(row.channel!.bytesOut).toBe(channel.text.length);
	});

	it('without DisconnectToPort, the next request rides the same (keep-alive) connection', async () => {
		const {s, channel, taskId, sessionId} = await portSession({DocumentName: 'AWS-StartPortForwardingSession'});
		channel.type('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
		await channel.untilText(`task ${taskId}\n`);
		channel.type('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
		await channel.until(() => channel.text.split(`task ${taskId}\n`).length === 3, 'the second answer');
		expect((await sessionRow(s, sessionId)).channel!.portConnections).toBe(1);
	});

	it('to a remote host: the bytes come back from the echo server', async () => {
		const {channel} = await portSession({DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost', Parameters: {host: ['db.internal'], portNumber: ['5432']}});
		expect(channel.handshakeRequest!.RequestedClientActions[0]!.ActionParameters).toMatchObject({SessionType: 'Port', Properties: {host: 'db.internal', portNumber: '5432', type: 'LocalPortForwarding'}});
		channel.type('hello through the channel\n');
		await channel.untilText('hello through the channel\n');
		channel.send(10, flag(1));
		channel.type('second connection\n');
		await channel.untilText('hello through the channel\nsecond connection\n');
	});

	it('the TerminateSession flag ends the session with channel_closed', async () => {
		const {s, channel, sessionId} = await portSession({DocumentName: 'AWS-StartPortForwardingSession'});
		channel.send(10, flag(2));
		expect((await channel.untilClosed()).code).toBe(1000);
		expect(channel.of('channel_closed')).toHaveLength(1);
		expect(s.sim.world.sessions.find(sessionId)!.status).toBe('Terminated');
	});
});
