// A port forward over the built-in data channel, as the plugin's basicportforwarding.go runs one:
// a listener on 127.0.0.1 only; one local connection at a time (its bytes sent as Output messages
// of at most 1024 bytes, the agent's written back to it); when it closes, the Flag DisconnectToPort
// tells the agent to close its side too, and the next connection is taken. A second connection
// while one is open is closed at once and said (the agent's stream carries one connection: without
// smux multiplexing, which this client does not speak, two would mix their bytes). It offers the
// same face as the plugin's process (ForwardProcess), so a forward runs either way.
import net from 'node:net';
import {clean} from '../../text.js';
import {listeningOf, type ForwardProcess, type ForwardProcessState} from '../plugin.js';
import {DataChannel, endLine, type ChannelEnd, type ChannelOptions} from './channel.js';
import {PayloadFlag, PayloadType} from './codec.js';
import {compareVersions} from './handshake.js';

const piece = 1024;
/** What the agent sent while no local connection was open, kept for the next one (the plugin leaves it unacknowledged to the same effect). */
const heldLimit = 4 * 1024 * 1024;
const keptLines = 20;

/** The line for a refused second connection: whose limit it is depends on the agent. */
export function oneConnectionNote(agentVersion: string): string {
	return agentVersion && compareVersions(agentVersion, '3.0.196.0') <= 0
		? 'one connection at a time: the agent does not multiplex (agent < 3.0.196.0)'
		: 'one connection at a time: ecs-top\'s built-in client does not multiplex connections (session-manager-plugin does)';
}

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
	let connection: net.Socket | undefined;
	let held: Buffer[] = [];
	let heldBytes = 0;
	const server = net.createServer({pauseOnConnect: false});
	let resolveEnded!: (end: ForwardProcessState & {state: 'ended'}) => void;
	const ended = new Promise<ForwardProcessState & {state: 'ended'}>(resolve => (resolveEnded = resolve));
	const finish = (reason: string) => {
		if (current.state === 'ended') return;
		connection?.destroy();
		server.close();
		channel.close();
		const end = {state: 'ended' as const, reason};
		say(reason);
		set(end);
		resolveEnded(end);
	};
	channel.onData((payloadType, payload) => {
		if (payloadType !== PayloadType.Output) return;
		if (connection && !connection.destroyed) {
			connection.write(payload);
		} else if (heldBytes + payload.length <= heldLimit) {
			held.push(payload);
			heldBytes += payload.length;
		}
	});
	server.on('connection', socket => {
		if (connection) {
			socket.destroy();
			const note = oneConnectionNote(channel.agentVersion);
			say(note);
			options.onNotice?.(note);
			if (current.state === 'listening') set({...current, note});
			return;
		}
		connection = socket;
		for (const chunk of held) socket.write(chunk);
		held = [];
		heldBytes = 0;
		socket.on('data', (chunk: Buffer) => {
			for (let at = 0; at < chunk.length; at += piece) channel.send(PayloadType.Output, chunk.subarray(at, at + piece));
		});
		socket.on('error', () => {
			// 'close' follows.
		});
		socket.on('close', () => {
			if (connection !== socket) return;
			connection = undefined;
			// basicportforwarding.go: the agent closes its connection to the port too.
			if (!channel.isEnded) channel.sendFlag(PayloadFlag.DisconnectToPort);
		});
	});
	server.on('error', error => finish(`cannot listen on ${host}:${options.localPort}: ${clean(error.message)}`));
	channel.ready.then(
		ready => {
			if (ready.kind !== 'port') {
				finish(`the agent opened a ${clean(ready.sessionType)} session where a port forward was expected`);
				return;
			}
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
