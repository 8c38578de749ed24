// The simulator's SSM data channel for multiplexed port forwarding: a client from 1.1.70 on gets
// smux (version 1) over the Output payloads, the agent being the smux server, one TCP connection
// to the target per stream. The smux client here is the test's own, written from the protocol's
// description (8-byte header: ver u8, cmd u8, length u16 LE, sid u32 LE), not from either side's code.
import net from 'node:net';
import type {AddressInfo} from 'node:net';
import type {StartSessionCommandInput} from '@aws-sdk/client-ssm';
import {describe, expect, it} from 'vitest';
import type {WorkIo} from '../../source/sim/ssm/data-channel/channel.js';
import {MuxPortForward} from '../../source/sim/ssm/data-channel/mux-port.js';
import {compareVersions, muxKeepAlive, PortTargets, portMode} from '../../source/sim/ssm/data-channel/port.js';
import {encodeData, FrameReader, SmuxProtocolError} from '../../source/sim/ssm/data-channel/smux.js';
import type {ChannelStats} from '../../source/sim/sessions.js';
import type {TestSim} from '../helpers/sim.js';
import {ssmFixture} from '../helpers/ssm-fixture.js';
import {sessionRow, type TestChannel} from '../helpers/ssm-channel.js';

const SYN = 0;
const FIN = 1;
const PSH = 2;
const NOP = 3;

/** One smux v1 frame as a client writes it. */
function frame(cmd: number, sid: number, data: Buffer | string = Buffer.alloc(0), version = 1): Buffer {
	const body = Buffer.isBuffer(data) ? data : Buffer.from(data);
	const out = Buffer.alloc(8 + body.length);
	const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
	view.setUint8(0, version);
	view.setUint8(1, cmd);
	view.setUint16(2, body.length, true);
	view.setUint32(4, sid, true);
	body.copy(out, 8);
	return out;
}

interface Got {
	version: number;
	cmd: number;
	sid: number;
	data: Buffer;
}

/** The agent's frames in a byte stream (a frame not yet complete at the end is left out). */
function frames(bytes: Buffer): Got[] {
	const out: Got[] = [];
	let at = 0;
	while (at + 8 <= bytes.length) {
		const view = new DataView(bytes.buffer, bytes.byteOffset + at, 8);
		const length = view.getUint16(2, true);
		if (at + 8 + length > bytes.length) break;
		out.push({version: view.getUint8(0), cmd: view.getUint8(1), sid: view.getUint32(4, true), data: bytes.subarray(at + 8, at + 8 + length)});
		at += 8 + length;
	}
	return out;
}

/** The agent's side of one mux session, read from what the test channel received. */
class MuxView {
	constructor(readonly channel: TestChannel) {}
	get all(): Got[] {
		return frames(this.channel.bytes);
	}
	text(sid: number): string {
		return Buffer.concat(this.all.filter(f => f.cmd === PSH && f.sid === sid).map(f => f.data)).toString();
	}
	fins(): number[] {
		return this.all.filter(f => f.cmd === FIN).map(f => f.sid);
	}
	nops(): number {
		return this.all.filter(f => f.cmd === NOP).length;
	}
	/** Sends these bytes cut every `size` bytes, one data-channel message each, wherever the cut falls. */
	sendCut(bytes: Buffer, size: number): void {
		for (let at = 0; at < bytes.length; at += size) this.channel.type(bytes.subarray(at, at + size));
	}
}

const fixture = ssmFixture();

interface Session {
	s: TestSim;
	channel: TestChannel;
	mux: MuxView;
	taskId: string;
	sessionId: string;
	stats(): Promise<ChannelStats>;
}

async function portSession(clientVersion: string, input: Omit<StartSessionCommandInput, 'Target'> = {DocumentName: 'AWS-StartPortForwardingSession'}, before?: (s: TestSim) => void): Promise<Session> {
	const web = await fixture.webTask(before);
	const {s, taskId} = web;
	const out = await fixture.startSession(web, input);
	const channel = await fixture.open(out.StreamUrl!, {token: out.TokenValue!, clientVersion});
	await channel.until(() => channel.of('output_stream_data').some(m => m.payloadType === 7), 'HandshakeComplete');
	const sessionId = out.SessionId!;
	return {s, channel, mux: new MuxView(channel), taskId, sessionId, stats: async () => (await sessionRow(s, sessionId)).channel!};
}

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`;
const answers = (text: string, taskId: string) => text.split(`task ${taskId}\n`).length - 1;

describe('SSM data channel: multiplexed port forwarding (smux)', () => {
	it('three streams at once, requests interleaved and cut at odd bytes: each its own connection, each answered on its own id', async () => {
		const {channel, mux, taskId, stats} = await portSession('1.2.339.0');
		expect(channel.handshakeRequest!.AgentVersion).toBe('3.3.2299.0');
		// Several frames in one message.
		channel.type(Buffer.concat([frame(SYN, 3), frame(SYN, 5), frame(SYN, 7)]));
		const request = Buffer.from(get('/three'));
		const stream = Buffer.concat([
			frame(PSH, 3, request.subarray(0, 10)),
			frame(PSH, 5, request),
			frame(PSH, 7, request.subarray(0, 3)),
			frame(PSH, 3, request.subarray(10)),
			frame(PSH, 7, request.subarray(3)),
		]);
		// Messages of 7 bytes: headers and data cut everywhere.
		mux.sendCut(stream, 7);
		await channel.until(() => [3, 5, 7].every(sid => answers(mux.text(sid), taskId) === 1), 'an answer on each stream');
		for (const sid of [3, 5, 7]) expect(mux.text(sid)).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\ntask [0-9a-f]+\n$/);
		expect(mux.all.every(f => f.version === 1)).toBe(true);
		expect(await stats()).toMatchObject({portMode: 'mux', muxStreams: 3, muxOpen: 3, portConnections: 3});
		// The agent's output, too, comes in messages of at most 1 KiB.
		expect(Math.max(...channel.of('output_stream_data').map(m => m.payload.length))).toBeLessThanOrEqual(1024);

		// The client closes 5: its connection to the target closes, the agent answers with its FIN.
		channel.type(frame(FIN, 5));
		await channel.until(() => mux.fins().includes(5), 'the agent\'s FIN for 5');
		await expect.poll(async () => (await stats()).muxOpen).toBe(2);
		// 3 and 7 still work, on the same connections; 5 is unknown now and a PSH for it is dropped, as is one for 9 (never opened).
		channel.type(Buffer.concat([frame(PSH, 5, get('/closed')), frame(PSH, 9, get('/unknown')), frame(PSH, 7, get('/again')), frame(PSH, 3, get('/again'))]));
		await channel.until(() => answers(mux.text(3), taskId) === 2 && answers(mux.text(7), taskId) === 2, 'second answers on 3 and 7');
		expect(answers(mux.text(5), taskId)).toBe(1);
		expect(mux.text(9)).toBe('');
		expect(mux.fins()).toEqual([5]);
		expect(await stats()).toMatchObject({muxStreams: 3, muxOpen: 2, portConnections: 3});
		expect((await stats()).closedWith).toBeUndefined();
	});

	it('a SYN for an open id is ignored, and a stream whose target closes gets the agent\'s FIN once', async () => {
		const {channel, mux, taskId, stats} = await portSession('1.2.339.0');
		channel.type(Buffer.concat([frame(SYN, 3), frame(SYN, 3), frame(PSH, 3, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]));
		// The server closes after answering: the agent sends FIN for 3.
		await channel.until(() => mux.fins().includes(3), 'FIN for 3');
		expect(answers(mux.text(3), taskId)).toBe(1);
		expect(await stats()).toMatchObject({muxStreams: 1, portConnections: 1, muxOpen: 0});
		// The client's own FIN afterwards is for an id no longer open: nothing more.
		channel.type(Buffer.concat([frame(FIN, 3), frame(SYN, 5), frame(PSH, 5, get('/'))]));
		await channel.until(() => answers(mux.text(5), taskId) === 1, 'the answer on 5');
		expect(mux.fins()).toEqual([3]);
	});

	it('one byte a message works as well as one frame', async () => {
		const {channel, mux, taskId} = await portSession('1.1.70');
		mux.sendCut(Buffer.concat([frame(SYN, 3), frame(PSH, 3, get('/bytes'))]), 1);
		await channel.until(() => answers(mux.text(3), taskId) === 1, 'the answer');
	});

	it('a frame of version 2 ends the session: channel_closed says "smux: invalid protocol version 2", the streams\' connections close', async () => {
		const {s, channel, mux, taskId, sessionId, stats} = await portSession('1.2.339.0');
		channel.type(Buffer.concat([frame(SYN, 3), frame(PSH, 3, get('/'))]));
		await channel.until(() => answers(mux.text(3), taskId) === 1, 'the answer');
		channel.type(frame(PSH, 3, get('/'), 2));
		expect((await channel.untilClosed()).code).toBe(1000);
		expect(JSON.parse(channel.of('channel_closed')[0]!.payload.toString())).toMatchObject({SessionId: sessionId, Output: 'smux: invalid protocol version 2'});
		expect(s.sim.world.sessions.find(sessionId)!.status).toBe('Terminated');
		await expect.poll(async () => (await stats()).muxOpen).toBe(0);
		expect((await stats()).closedWith).toBe('smux: invalid protocol version 2');
	});

	it('UPD (4, version 2 only) is a protocol error too', async () => {
		const {channel} = await portSession('1.2.339.0');
		channel.type(frame(4, 3));
		await channel.untilClosed();
		expect(JSON.parse(channel.of('channel_closed')[0]!.payload.toString()).Output).toBe('smux: invalid command 4');
	});

	it('to a remote host: each stream is its own connection to the echo server', async () => {
		const {channel, mux, stats} = await portSession('1.2.339.0', {DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost', Parameters: {host: ['db.internal'], portNumber: ['5432']}});
		const big = Buffer.alloc(40_000, 'x');
		channel.type(Buffer.concat([frame(SYN, 3), frame(SYN, 5), frame(PSH, 5, 'five\n'), frame(PSH, 3, 'three\n')]));
		// 40,000 bytes in the client's 1 KiB messages, as frames of at most 1 KiB data.
		for (let at = 0; at < big.length; at += 1000) channel.type(frame(PSH, 3, big.subarray(at, at + 1000)));
		await channel.until(() => mux.text(3).length === 6 + big.length && mux.text(5) === 'five\n', 'the echoes');
		expect(mux.text(3)).toBe(`three\n${big.toString()}`);
		expect(await stats()).toMatchObject({portMode: 'mux', muxStreams: 2, muxOpen: 2});
	});

	it('a client before 1.1.70 gets basic forwarding: raw bytes, no frames', async () => {
		const {channel, taskId, stats} = await portSession('1.1.61.0');
		channel.type(get('/'));
		await channel.untilText(`\r\n\r\ntask ${taskId}\n`);
		expect(channel.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
		expect(await stats()).toMatchObject({portMode: 'basic', muxStreams: 0, portConnections: 1});
	});

	it('a cluster\'s ssmAgentVersion is the AgentVersion of its sessions\' HandshakeRequest', async () => {
		const {channel} = await portSession('1.2.339.0', undefined, s => {
			s.sim.world.findCluster('production')!.ssmAgentVersion = '3.0.100.0';
		});
		expect(channel.handshakeRequest!.AgentVersion).toBe('3.0.100.0');
	});

	it('keepalive: a NOP every 10 s of the simulator\'s clock for a client up to 1.2.331.0; the client\'s NOPs are counted', async () => {
		const {s, channel, mux, stats} = await portSession('1.2.331.0');
		await s.advance(9);
		expect((await stats()).nopsOut).toBe(0);
		await s.advance(1);
		await channel.until(() => mux.nops() === 1, 'the first NOP');
		expect(mux.all.find(f => f.cmd === NOP)).toMatchObject({version: 1, sid: 0, data: Buffer.alloc(0)});
		await s.advance(10);
		await channel.until(() => mux.nops() === 2, 'the second NOP');
		// A jump of 35 s is one NOP (a late ticker does not catch up), and the next is on the 10 s beat.
		await s.advance(35);
		await channel.until(() => mux.nops() === 3, 'the third NOP');
		await s.advance(4);
		expect((await stats()).nopsOut).toBe(3);
		await s.advance(1);
		await channel.until(() => mux.nops() === 4, 'the fourth NOP');
		channel.type(Buffer.concat([frame(NOP, 0), frame(NOP, 0)]));
		await expect.poll(async () => (await stats()).nopsIn).toBe(2);
		expect(mux.all.every(f => f.cmd === NOP)).toBe(true);
		expect(channel.bytes).toEqual(Buffer.concat(Array.from({length: 4}, () => Buffer.from([1, 3, 0, 0, 0, 0, 0, 0]))));
	});

	it('keepalive: no NOP ever for a client after 1.2.331.0', async () => {
		const {s, channel, mux, taskId, stats} = await portSession('1.2.339.0');
		for (let i = 0; i < 4; i++) await s.advance(10);
		// The channel delivers in order: once this answer is here, a NOP sent before it would be too.
		channel.type(Buffer.concat([frame(SYN, 3), frame(PSH, 3, get('/'))]));
		await channel.until(() => answers(mux.text(3), taskId) === 1, 'the answer');
		expect(mux.nops()).toBe(0);
		expect((await stats()).nopsOut).toBe(0);
	});

	it('stops with the simulator: the target connections and ports close', async () => {
		const {s, channel, mux, taskId} = await portSession('1.2.339.0');
		channel.type(Buffer.concat([frame(SYN, 3), frame(SYN, 5), frame(PSH, 3, get('/')), frame(PSH, 5, get('/'))]));
		await channel.until(() => answers(mux.text(3), taskId) === 1 && answers(mux.text(5), taskId) === 1, 'both answers');
		expect(s.sim.dataChannels.listening()).toHaveLength(2);
		fixture.closedByTest();
		await s.close();
		await channel.untilClosed();
		expect(s.sim.dataChannels.listening()).toEqual([]);
	});
});

describe('smux pieces', () => {
	it('the agent\'s mode: mux for LocalPortForwarding from client 1.1.70, keepalive up to 1.2.331.0', () => {
		const local = {type: 'LocalPortForwarding'};
		expect(portMode(local, '1.1.70')).toBe('mux');
		expect(portMode(local, '1.1.70.0')).toBe('mux');
		expect(portMode(local, '1.2.707.0')).toBe('mux');
		expect(portMode(local, '1.1.69.99')).toBe('basic');
		expect(portMode(local, '1.1.61.0')).toBe('basic');
		expect(portMode(local, '')).toBe('basic');
		expect(portMode(local, 'latest')).toBe('basic');
		expect(portMode({type: 'RemotePortForwarding'}, '1.2.707.0')).toBe('basic');
		expect(portMode({}, '1.2.707.0')).toBe('basic');
		expect(muxKeepAlive('1.2.331.0')).toBe(true);
		expect(muxKeepAlive('1.2.331.1')).toBe(false);
		expect(muxKeepAlive('1.2.0.0')).toBe(true);
		expect(compareVersions('1.10.0', '1.9.9')).toBe(1);
	});

	it('the agent\'s data frames carry at most 32768 bytes', () => {
		const got = frames(encodeData(7, Buffer.alloc(40_000, 1)));
		expect(got.map(f => [f.cmd, f.sid, f.data.length])).toEqual([[PSH, 7, 32_768], [PSH, 7, 7232]]);
	});

	it('the reader waits for a frame\'s last byte, and reads nothing after a bad header', () => {
		const reader = new FrameReader();
		const bytes = Buffer.concat([frame(SYN, 3), frame(PSH, 3, 'abc')]);
		expect(reader.push(bytes.subarray(0, 12))).toEqual([{cmd: SYN, sid: 3, data: Buffer.alloc(0)}]);
		expect(reader.push(bytes.subarray(12))).toEqual([{cmd: PSH, sid: 3, data: Buffer.from('abc')}]);
		expect(() => reader.push(frame(NOP, 0, '', 2))).toThrow(SmuxProtocolError);
		expect(reader.push(frame(NOP, 0))).toEqual([]);
	});

	it('a dial that fails (nothing listening) or a destination that cannot be had sends FIN for the stream', async () => {
		const closed = net.createServer();
		await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>(resolve => closed.close(() => resolve()));
		const targets = new PortTargets();
		const out: Buffer[] = [];
		const stats = {portConnections: 0, muxStreams: 0, muxOpen: 0, nopsIn: 0, nopsOut: 0} as ChannelStats;
		const io: WorkIo = {output: data => out.push(Buffer.from(data)), exit: () => undefined, stats, clientVersion: '1.2.339.0', now: () => 0};
		let refuse = false;
		const forward = new MuxPortForward(io, async () => {
			if (refuse) throw new Error('no such host');
			return port;
		}, targets, {keepAlive: false, now: 0});
		forward.input(Buffer.concat([frame(SYN, 3), frame(PSH, 3, 'lost')]));
		await expect.poll(() => frames(Buffer.concat(out))).toEqual([{version: 1, cmd: FIN, sid: 3, data: Buffer.alloc(0)}]);
		refuse = true;
		forward.input(frame(SYN, 5));
		await expect.poll(() => frames(Buffer.concat(out)).map(f => f.sid)).toEqual([3, 5]);
		expect(stats).toMatchObject({muxStreams: 2, muxOpen: 0, portConnections: 2});
		forward.stop();
		await targets.close();
	});
});
