// Every local connection on its own smux stream (smux.ts), as the plugin's muxportforwarding.go runs
// them for agents after 3.0.196.0: opening the stream makes the agent dial the destination; the
// bytes go both ways as PSH frames; whichever side closes first sends FIN, and the other follows.
// Agents up to 3.1.1511.0 keep smux's keep-alive on and drop a session that sends nothing for 30 s,
// so for them a NOP goes out every 10 s, as the plugin's smux client does.
import type net from 'node:net';
import {compareVersions} from '../../checks.js';
import {keepAliveOffAgentAfter} from '../handshake.js';
import {SmuxClient} from '../smux.js';
import type {Connections, ConnectionsHost} from './connections.js';

/** smux DefaultConfig().KeepAliveInterval. */
export const keepAliveMs = 10_000;

export function needsKeepAlive(agentVersion: string): boolean {
	// Unknown: on, as the plugin's smux does unless the agent is known to have it off.
	return (compareVersions(agentVersion, keepAliveOffAgentAfter) ?? -1) <= 0;
}

export function multiplexed(host: ConnectionsHost, agentVersion: string): Connections {
	const mux = new SmuxClient(bytes => host.send(bytes));
	const sockets = new Set<net.Socket>();
	const timer = needsKeepAlive(agentVersion) ? setInterval(() => mux.keepAlive(), keepAliveMs) : undefined;
	timer?.unref();
	return {
		accept(socket) {
			sockets.add(socket);
			const stream = mux.open({
				data: data => {
					if (!socket.destroyed) socket.write(data);
				},
				// The agent's connection to the destination ended (or never opened): so does this one,
				// once what it sent is written.
				closed: () => socket.end(),
			});
			socket.on('data', (chunk: Buffer) => stream.write(chunk));
			socket.on('end', () => stream.close());
			socket.on('error', () => {
				// 'close' follows.
			});
			socket.on('close', () => {
				sockets.delete(socket);
				stream.close();
			});
		},
		data(payload) {
			mux.receive(payload);
			if (mux.error) host.fail(mux.error);
		},
		close() {
			if (timer) clearInterval(timer);
			for (const socket of sockets) socket.destroy();
			mux.closeAll();
		},
	};
}
