// One local connection at a time, as the plugin's basicportforwarding.go runs one, for agents that do
// not multiplex (3.0.196.0 and older): the connection's bytes go out as Output, the agent's come back
// to it; when it closes, the Flag DisconnectToPort tells the agent to close its side too, and the
// next connection is taken. A second connection while one is open is closed at once and said: the
// agent's stream carries one connection, and two would mix their bytes.
import type net from 'node:net';
import {compareVersions} from '../../checks.js';
import {muxAgentAfter} from '../handshake.js';
import type {Connections, ConnectionsHost} from './connections.js';

/** What the agent sent while no local connection was open, kept for the next one (the plugin leaves it unacknowledged to the same effect). */
const heldLimit = 4 * 1024 * 1024;

/** The line for a refused second connection: whose limit it is depends on the agent and the session. */
export function oneConnectionNote(agentVersion: string, type?: unknown): string {
	if ((compareVersions(agentVersion, muxAgentAfter) ?? 1) <= 0) return `one connection at a time: the agent does not multiplex (agent < ${muxAgentAfter})`;
	return `one connection at a time: the agent multiplexes only local port forwarding sessions (this one is ${typeof type === 'string' && type ? type : 'untyped'})`;
}

export function oneAtATime(host: ConnectionsHost & {flagDisconnect(): void}, note: () => string): Connections {
	let connection: net.Socket | undefined;
	let held: Buffer[] = [];
	let heldBytes = 0;
	return {
		accept(socket) {
			if (connection) {
				socket.destroy();
				host.notice(note());
				return;
			}
			connection = socket;
			for (const chunk of held) socket.write(chunk);
			held = [];
			heldBytes = 0;
			socket.on('data', (chunk: Buffer) => host.send(chunk));
			socket.on('error', () => {
				// 'close' follows.
			});
			socket.on('close', () => {
				if (connection !== socket) return;
				connection = undefined;
				// basicportforwarding.go: the agent closes its connection to the port too.
				host.flagDisconnect();
			});
		},
		data(payload) {
			if (connection && !connection.destroyed) {
				connection.write(payload);
			} else if (heldBytes + payload.length <= heldLimit) {
				held.push(payload);
				heldBytes += payload.length;
			}
		},
		close() {
			connection?.destroy();
		},
	};
}
