// The built-in shell and port forward over a played agent (FakeSocket): keys out and output in,
// the terminal's size, the end; a forward's listener on 127.0.0.1, one connection at a time, and
// DisconnectToPort when it closes.
import net from 'node:net';
import {PassThrough} from 'node:stream';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {MessageType, PayloadType} from '../../../source/exec/session/codec.js';
import {oneConnectionNote, startBuiltinForward} from '../../../source/exec/session/port-session.js';
import {startBuiltinShell, type ShellIo} from '../../../source/exec/session/shell-session.js';
import {FakeSocket} from './fake-socket.js';

let socket: FakeSocket;
const factory = (url: string) => {
	socket = new FakeSocket(url);
	queueMicrotask(() => socket.open());
	return socket;
};
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
	for (const c of cleanups.splice(0)) await c();
});

function io(): ShellIo & {out: () => string; keys: PassThrough} {
	const stdin = new PassThrough();
	const stdout = new PassThrough() as PassThrough & {isTTY?: boolean};
	const chunks: Buffer[] = [];
	stdout.on('data', c => chunks.push(Buffer.from(c)));
	return {stdin, keys: stdin, stdout: stdout as unknown as ShellIo['stdout'], stderr: new PassThrough(), out: () => Buffer.concat(chunks).toString()};
}

const flush = () => new Promise(resolve => setImmediate(resolve));
const channelOptions = {streamUrl: 'ws://127.0.0.1:1/s', tokenValue: 'T', socket: factory};

/** A shell whose agent has opened a Standard_Stream session and shaken hands: ready for keys. */
async function readyShell(terminal: ShellIo) {
	const shell = startBuiltinShell(channelOptions, terminal);
	await flush();
	socket.handshake('Standard_Stream');
	socket.complete();
	await shell.channel.ready;
	await flush();
	return shell;
}

/** A forward whose agent (`agentVersion`, else FakeSocket's) opened a local port forwarding session; once it listens. */
async function listeningForward(agentVersion?: string, options: {sessionId?: string; onNotice?: (line: string) => void} = {}) {
	const forward = startBuiltinForward({...channelOptions, sessionId: 's', localPort: 0, ...options});
	cleanups.push(() => forward.kill());
	await flush();
	const agent = socket;
	agent.handshake('Port', [], {portNumber: '80', type: 'LocalPortForwarding'}, agentVersion);
	agent.complete();
	const port = await forward.listening();
	return {forward, port, agent};
}

describe('built-in shell', () => {
	it('sends the size, the keys as typed, writes the output raw, and ends 0 on channel_closed', async () => {
		const terminal = io();
		const shell = await readyShell(terminal);
		const [, size] = socket.inputs();
		expect(size).toMatchObject({payloadType: PayloadType.Size});
		expect(JSON.parse(size!.payload.toString())).toEqual({cols: 300, rows: 100});
		terminal.keys.write('hostname\r');
		terminal.keys.write('\u0003');
		await flush();
		// Keys read together may share a message; what counts is every byte, in order, as Output.
		expect(socket.inputs().slice(2).every(m => m.payloadType === PayloadType.Output)).toBe(true);
		expect(socket.inputs().slice(2).map(m => m.payload.toString()).join('')).toBe('hostname\r\u0003');
		terminal.keys.write('\n');
		await flush();
		expect(socket.inputs().at(-1)!.payload.toString('hex')).toBe('0d');
		socket.agent(2, PayloadType.Output, 'task-1\r\n\u001b[0m');
		expect(terminal.out()).toBe('task-1\r\n\u001b[0m');
		socket.agent(0, 0, {Output: ''}, MessageType.channelClosed);
		expect(await shell.outcome).toEqual({status: 0});
	});

	it('sends the terminal\'s size at the start and again on each resize (SIGWINCH)', async () => {
		const terminal = io();
		const stdout = terminal.stdout as unknown as PassThrough & {isTTY: boolean; columns: number; rows: number};
		Object.assign(stdout, {isTTY: true, columns: 120, rows: 40});
		const shell = await readyShell(terminal);
		Object.assign(stdout, {columns: 80, rows: 24});
		stdout.emit('resize');
		const sizes = socket.inputs().filter(m => m.payloadType === PayloadType.Size).map(m => JSON.parse(m.payload.toString()));
		expect(sizes).toEqual([{cols: 120, rows: 40}, {cols: 80, rows: 24}]);
		shell.stop(143);
		expect(await shell.outcome).toEqual({status: 143});
	});

	it('ends 1 with the line when the connection drops', async () => {
		const terminal = io();
		const shell = await readyShell(terminal);
		socket.emit('close', {code: 1006});
		expect(await shell.outcome).toEqual({status: 1, line: "the session's connection dropped (WebSocket closed, code 1006)"});
	});
});

function connect(port: number): Promise<net.Socket> {
	return new Promise((resolve, reject) => {
		const s = net.connect(port, '127.0.0.1', () => resolve(s));
		s.on('error', reject);
	});
}

describe('built-in port forward', () => {
	it('with an agent that does not multiplex: listens on 127.0.0.1, carries one connection both ways, refuses a second, flags DisconnectToPort', async () => {
		const notices: string[] = [];
		const {forward, port} = await listeningForward('3.0.196.0', {sessionId: 'sess-1', onNotice: line => notices.push(line)});
		expect(forward.state()).toMatchObject({state: 'listening', sessionId: 'sess-1'});
		// The basic stream: the handshake told the agent a version below its multiplexing one.
		expect(JSON.parse(socket.inputs()[0]!.payload.toString()).ClientVersion).toBe('1.1.61.0');
		// Before any connection, what the agent sends waits for the first one.
		socket.agent(2, PayloadType.Output, 'banner ');
		const first = await connect(port);
		const received: Buffer[] = [];
		first.on('data', c => received.push(c));
		first.write('GET / HTTP/1.0\r\n\r\n');
		await vi.waitFor(() => expect(socket.inputs().filter(m => m.payloadType === PayloadType.Output).map(m => m.payload.toString()).join('')).toBe('GET / HTTP/1.0\r\n\r\n'), {timeout: 10_000});
		socket.agent(3, PayloadType.Output, 'task-1');
		await vi.waitFor(() => expect(Buffer.concat(received).toString()).toBe('banner task-1'), {timeout: 10_000});
		const second = await connect(port);
		await new Promise(resolve => second.on('close', resolve));
		expect(notices).toEqual(['one connection at a time: the agent does not multiplex (agent < 3.0.196.0)']);
		expect(forward.state()).toMatchObject({state: 'listening', note: expect.stringMatching(/^one connection at a time: /)});
		first.end();
		await new Promise(resolve => first.on('close', resolve));
		await vi.waitFor(() => expect(socket.inputs().find(m => m.payloadType === PayloadType.Flag)?.payload.toString('hex')).toBe('00000001'), {timeout: 10_000});
		socket.agent(0, 0, {Output: ''}, MessageType.channelClosed);
		expect(await forward.ended()).toMatchObject({state: 'ended', reason: 'the session ended'});
	});

	it('names the agent as the limit when it is too old to multiplex, else the session\'s type', () => {
		expect(oneConnectionNote('3.0.190.0')).toBe('one connection at a time: the agent does not multiplex (agent < 3.0.196.0)');
		expect(oneConnectionNote('3.3.1000.0', 'LocalPortForwardingToSocket')).toBe('one connection at a time: the agent multiplexes only local port forwarding sessions (this one is LocalPortForwardingToSocket)');
	});

	it('ends with the refusal when the session needs KMS', async () => {
		const forward = startBuiltinForward({...channelOptions, sessionId: 's', localPort: 0});
		await flush();
		socket.handshake('Port', [{ActionType: 'KMSEncryption', ActionParameters: {KMSKeyId: 'k'}}]);
		await expect(forward.listening()).rejects.toThrow(/requires KMS encryption/);
	});
});

/** The agent's side of smux, read by hand from the client's Output payloads. */
function agentFrames(sock: FakeSocket): Array<{command: number; sid: number; data: string}> {
	const bytes = Buffer.concat(sock.inputs().filter(m => m.payloadType === PayloadType.Output).map(m => m.payload));
	const frames = [];
	for (let at = 0; at + 8 <= bytes.length;) {
		const length = bytes.readUInt16LE(at + 2);
		frames.push({command: bytes[at + 1]!, sid: bytes.readUInt32LE(at + 4), data: bytes.subarray(at + 8, at + 8 + length).toString()});
		at += 8 + length;
	}
	return frames;
}

function smuxFrame(command: number, sid: number, data = ''): Buffer {
	const body = Buffer.from(data);
	const header = Buffer.alloc(8);
	header.writeUInt8(1, 0);
	header.writeUInt8(command, 1);
	header.writeUInt16LE(body.length, 2);
	header.writeUInt32LE(sid, 4);
	return Buffer.concat([header, body]);
}

function collect(s: net.Socket): () => string {
	const chunks: Buffer[] = [];
	s.on('data', c => chunks.push(c));
	return () => Buffer.concat(chunks).toString();
}

describe('built-in port forward, multiplexed (agent after 3.0.196.0)', () => {
	it('declares a multiplexing client, carries three connections at once on streams 3, 5, 7, and closes each on its own', async () => {
		const {forward, port} = await listeningForward('3.3.1000.0', {sessionId: 'sess-m'});
		expect(JSON.parse(socket.inputs()[0]!.payload.toString()).ClientVersion).toBe('1.2.339.0');
		const sockets = [await connect(port), await connect(port), await connect(port)];
		const reads = sockets.map(collect);
		await vi.waitFor(() => expect(agentFrames(socket).filter(f => f.command === 0).map(f => f.sid)).toEqual([3, 5, 7]), {timeout: 10_000});
		sockets[2]!.write('third');
		sockets[0]!.write('first');
		// Which local socket is read first is the event loop's business; each stream's bytes are its own.
		await vi.waitFor(() => expect(agentFrames(socket).filter(f => f.command === 2).map(f => [f.sid, f.data]).sort()).toEqual([[3, 'first'], [7, 'third']]), {timeout: 10_000});
		// The agent's answers, interleaved and cut mid-frame across two messages.
		const answer = Buffer.concat([smuxFrame(2, 3, 'one'), smuxFrame(2, 7, 'three'), smuxFrame(2, 5, 'two')]);
		socket.agent(2, PayloadType.Output, answer.subarray(0, 11));
		socket.agent(3, PayloadType.Output, answer.subarray(11));
		await vi.waitFor(() => expect(reads.map(r => r())).toEqual(['one', 'two', 'three']), {timeout: 10_000});
		// The agent's destination closed for stream 5: that connection ends, the others stay.
		socket.agent(4, PayloadType.Output, smuxFrame(1, 5));
		await new Promise(resolve => sockets[1]!.on('close', resolve));
		await vi.waitFor(() => expect(agentFrames(socket).filter(f => f.command === 1).map(f => f.sid)).toEqual([5]), {timeout: 10_000});
		// A local connection closing sends its FIN.
		sockets[0]!.end();
		await vi.waitFor(() => expect(agentFrames(socket).filter(f => f.command === 1).map(f => f.sid)).toEqual([5, 3]), {timeout: 10_000});
		sockets[2]!.write('still here');
		await vi.waitFor(() => expect(agentFrames(socket).at(-1)).toEqual({command: 2, sid: 7, data: 'still here'}), {timeout: 10_000});
		expect(forward.state()).toMatchObject({state: 'listening'});
		expect(forward.state()).not.toHaveProperty('note');
		// No DisconnectToPort in a multiplexed session: FIN says it per stream.
		expect(socket.inputs().some(m => m.payloadType === PayloadType.Flag)).toBe(false);
		socket.agent(0, 0, {Output: ''}, MessageType.channelClosed);
		await new Promise(resolve => sockets[2]!.on('close', resolve));
		expect(await forward.ended()).toMatchObject({state: 'ended', reason: 'the session ended'});
	});

	it('ends the forward with a line when the agent breaks the protocol', async () => {
		const {forward} = await listeningForward();
		socket.agent(2, PayloadType.Output, Buffer.from([2, 0, 0, 0, 3, 0, 0, 0]));
		expect(await forward.ended()).toEqual({state: 'ended', reason: 'the agent\'s multiplexer spoke smux version 2, not 1'});
	});

	it('keeps an agent up to 3.1.1511.0 alive with a NOP every 10 s, and a newer one not at all', async () => {
		vi.useFakeTimers({toFake: ['setInterval', 'clearInterval']});
		try {
			const nops = async (agentVersion: string) => {
				const {forward, agent: sock} = await listeningForward(agentVersion);
				vi.advanceTimersByTime(35_000);
				await flush();
				await forward.kill();
				return agentFrames(sock).filter(f => f.command === 3).length;
			};
			expect(await nops('3.1.1511.0')).toBe(3);
			expect(await nops('3.1.1512.0')).toBe(0);
		} finally {
			vi.useRealTimers();
		}
	});
});

