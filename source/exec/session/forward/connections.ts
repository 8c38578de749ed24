// How a built-in port forward carries its local connections over the data channel: one at a time
// (the agent's basic port forwarding) or each on its own smux stream (the agent's multiplexed one).
// port-session.ts owns the listener and the forward's state; these own the sockets they are given.
import type net from 'node:net';

export interface Connections {
	/** A local connection accepted on 127.0.0.1. */
	accept(socket: net.Socket): void;
	/** An Output payload from the agent. */
	data(payload: Buffer): void;
	/** The session is over: every local connection ends. */
	close(): void;
}

export interface ConnectionsHost {
	/** Bytes for the agent, as Output payloads (cut here into the plugin's 1 KiB pieces). */
	send(bytes: Buffer): void;
	/** A one-line notice for the user (a refused connection). */
	notice(line: string): void;
	/** The session cannot go on: this line ends it. */
	fail(line: string): void;
}

/** config.StreamDataPayloadSize: the plugin sends at most 1 KiB of a port's bytes a message. */
export const piece = 1024;
