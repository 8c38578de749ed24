// A port forward over the built-in data channel: a listener on 127.0.0.1 only, whose connections
// go to the agent each on its own smux stream when the agent multiplexes (forward/multiplexed.ts),
// else one at a time (forward/one-at-a-time.ts); which one was agreed in the handshake
// (handshake.ts multiplexes). It offers the same face as the plugin's process (ForwardProcess), so a
// forward runs either way.
import net from 'node:net';
import {clean} from '../../text.js';
import {listeningOf, type ForwardProcess, type ForwardProcessState} from '../plugin.js';
import {DataChannel, endLine, type ChannelEnd, type ChannelOptions} from './channel.js';
import {PayloadFlag, PayloadType} from './codec.js';
import {piece, type Connections} from './forward/connections.js';
import {multiplexed} from './forward/multiplexed.js';
import {oneAtATime, oneConnectionNote} from './forward/one-at-a-time.js';

export {oneConnectionNote} from './forward/one-at-a-time.js';

const keptLines = 20;

export interface BuiltinForwardOptions extends ChannelOptions {
	sessionId: string;
	localPort: number;
	host?: string;
	/** Told each line worth saying (a refused connection), as it happens. */
	onNotice?: (line: string) => void;
}

export function startBuiltinForward(options: BuiltinForwardOptions): ForwardProcess & {channel: DataChannel} {
	const channel = new DataChannel(options);
	const host = options.host ?? '127.0.0.1';
	let current: ForwardProcessState = {state: 'starting'};
	const listeners = new Set<(state: ForwardProcessState) => void>();
	const lines: string[] = [];
	const say = (line: string) => {
		lines.push(line);
		if (lines.length > keptLines) lines.shift();
	};
	const set = (next: ForwardProcessState) => {
		current = next;
		for (const listener of [...listeners]) listener(next);
	};
	const server = net.createServer({pauseOnConnect: false});
	let resolveEnded!: (end: ForwardProcessState & {state: 'ended'}) => void;
	const ended = new Promise<ForwardProcessState & {state: 'ended'}>(resolve => (resolveEnded = resolve));
	let connections: Connections | undefined;
	const finish = (reason: string) => {
		if (current.state === 'ended') return;
		connections?.close();
		server.close();
		channel.close();
		const end = {state: 'ended' as const, reason};
		say(reason);
		set(end);
		resolveEnded(end);
	};
	// Bytes for the agent are gathered for a turn, then sent in the plugin's 1 KiB pieces: smux's
	// 8-byte headers and small writes would otherwise each cost a message and an acknowledgement.
	let outgoing: Buffer[] = [];
	const flush = () => {
		const bytes = Buffer.concat(outgoing);
		outgoing = [];
		for (let at = 0; at < bytes.length; at += piece) channel.send(PayloadType.Output, bytes.subarray(at, at + piece));
	};
	const connectionsHost = {
		send(bytes: Buffer) {
			if (outgoing.length === 0) queueMicrotask(flush);
			outgoing.push(bytes);
		},
		notice(line: string) {
			say(line);
			options.onNotice?.(line);
			if (current.state === 'listening') set({...current, note: line});
		},
		fail: (line: string) => finish(line),
		flagDisconnect() {
			// After the connection's last bytes, not before them.
			if (outgoing.length > 0) flush();
			if (!channel.isEnded) channel.sendFlag(PayloadFlag.DisconnectToPort);
		},
	};
	// What the agent sends before the handshake settles the mode (nothing, normally) waits for it.
	const early: Buffer[] = [];
	channel.onData((payloadType, payload) => {
		if (payloadType !== PayloadType.Output) return;
		if (connections) connections.data(payload);
		else early.push(payload);
	});
	server.on('connection', socket => {
		if (connections) connections.accept(socket);
		else socket.destroy();
	});
	server.on('error', error => finish(`cannot listen on ${host}:${options.localPort}: ${clean(error.message)}`));
	channel.ready.then(
		ready => {
			if (ready.kind !== 'port') {
				finish(`the agent opened a ${clean(ready.sessionType)} session where a port forward was expected`);
				return;
			}
			connections = ready.multiplexed
				? multiplexed(connectionsHost, ready.agentVersion)
				: oneAtATime(connectionsHost, () => oneConnectionNote(ready.agentVersion, (ready.properties as {type?: unknown} | undefined)?.type));
			for (const payload of early.splice(0)) connections.data(payload);
			server.listen(options.localPort, host, () => {
				const {port} = server.address() as net.AddressInfo;
				// The plugin's own line, so the two transports read alike.
				say(`Port ${port} opened for sessionId ${options.sessionId}.`);
				if (current.state === 'starting') set({state: 'listening', localPort: port, sessionId: options.sessionId});
			});
		},
		() => {
			// `ended` below says why.
		},
	);
	void channel.ended.then((end: ChannelEnd) => finish(end.how === 'local' ? 'stopped' : end.how === 'closed' ? `the session ended${end.output ? `: ${endLine(end)}` : ''}` : endLine(end)));
	const subscribe = (listener: (state: ForwardProcessState) => void) => {
		listeners.add(listener);
		return () => {
			listeners.delete(listener);
		};
	};
	return {
		channel,
		pid: undefined,
		state: () => current,
		subscribe,
		listening: () => listeningOf({state: () => current, subscribe}),
		ended: () => ended,
		async kill() {
			finish('stopped');
			await ended;
		},
		output: () => [...lines],
	};
}
