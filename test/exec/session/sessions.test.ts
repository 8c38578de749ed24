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

describe('built-in shell', () => {
	it('sends the size, the keys as typed, writes the output raw, and ends 0 on channel_closed', async () => {
		const terminal = io();
		const shell = startBuiltinShell({streamUrl: 'ws://127.0.0.1:1/s', tokenValue: 'T', socket: factory}, terminal);
		await flush();
		socket.handshake('Standard_Stream');
		socket.complete();
		await shell.channel.ready;
		await flush();
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
		const shell = startBuiltinShell({streamUrl: 'ws://127.0.0.1:1/s', tokenValue: 'T', socket: factory}, terminal);
		await flush();
		socket.handshake('Standard_Stream');
		socket.complete();
		await shell.channel.ready;
		await flush();
		Object.assign(stdout, {columns: 80, rows: 24});
		stdout.emit('resize');
		const sizes = socket.inputs().filter(m => m.payloadType === PayloadType.Size).map(m => JSON.parse(m.payload.toString()));
		expect(sizes).toEqual([{cols: 120, rows: 40}, {cols: 80, rows: 24}]);
		shell.stop(143);
		expect(await shell.outcome).toEqual({status: 143});
	});

	it('ends 1 with the line when the connection drops', async () => {
		const terminal = io();
		const shell = startBuiltinShell({streamUrl: 'ws://127.0.0.1:1/s', tokenValue: 'T', socket: factory}, terminal);
		await flush();
		socket.handshake('Standard_Stream');
		socket.complete();
		await shell.channel.ready;
		await flush();
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
	it('listens on 127.0.0.1, carries one connection both ways, refuses a second, flags DisconnectToPort', async () => {
		const notices: string[] = [];
		const forward = startBuiltinForward({streamUrl: 'ws://127.0.0.1:1/s', tokenValue: 'T', socket: factory, sessionId: 'sess-1', localPort: 0, onNotice: line => notices.push(line)});
		cleanups.push(() => forward.kill());
		await flush();
		socket.handshake('Port', [], {portNumber: '80', type: 'LocalPortForwarding'});
		socket.complete();
		const port = await forward.listening();
		expect(forward.state()).toMatchObject({state: 'listening', sessionId: 'sess-1'});
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
		expect(notices).toEqual([oneConnectionNote('3.3.1000.0')]);
		expect(forward.state()).toMatchObject({state: 'listening', note: expect.stringMatching(/^one connection at a time: /)});
		first.end();
		await new Promise(resolve => first.on('close', resolve));
		await vi.waitFor(() => expect(socket.inputs().find(m => m.payloadType === PayloadType.Flag)?.payload.toString('hex')).toBe('00000001'), {timeout: 10_000});
		socket.agent(0, 0, {Output: ''}, MessageType.channelClosed);
		expect(await forward.ended()).toMatchObject({state: 'ended', reason: 'the session ended'});
	});

	it('names the agent as the limit when it is too old to multiplex', () => {
		expect(oneConnectionNote('3.0.190.0')).toBe('one connection at a time: the agent does not multiplex (agent < 3.0.196.0)');
	});

	it('ends with the refusal when the session needs KMS', async () => {
		const forward = startBuiltinForward({streamUrl: 'ws://127.0.0.1:1/s', tokenValue: 'T', socket: factory, sessionId: 's', localPort: 0});
		await flush();
		socket.handshake('Port', [{ActionType: 'KMSEncryption', ActionParameters: {KMSKeyId: 'k'}}]);
		await expect(forward.listening()).rejects.toThrow(/requires KMS encryption/);
	});
});
