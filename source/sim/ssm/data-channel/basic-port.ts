// The agent's basic (non-multiplexed) port forwarding (portsession/basicportforwarding.go), for a
// client before 1.1.70 or a session that is not LocalPortForwarding: the client's Output payloads
// are the raw bytes of one local connection, written to one connection to the target, whose bytes
// come back as output. When the local connection closes the client sends the DisconnectToPort flag;
// the agent closes its connection to the target and opens a new one when the next bytes arrive.
import net from 'node:net';
import {FlagValue} from './codec.js';
import type {WorkIo} from './channel.js';
import type {Destination, PortForward, PortTargets} from './port.js';

export class BasicPortForward implements PortForward {
	private io: WorkIo | undefined;
	private target: net.Socket | undefined;
	/** Bytes for the target while its port is being resolved (a socket not yet connecting refuses writes). */
	private waiting: Buffer[] | undefined;

	constructor(
		io: WorkIo,
		private readonly destination: Destination,
		private readonly targets: PortTargets,
	) {
		this.io = io;
	}

	input(data: Buffer): void {
		if (!this.io) return;
		const socket = this.connection();
		if (this.waiting) this.waiting.push(data);
		else socket.write(data);
	}

	flag(value: number): void {
		if (value !== FlagValue.disconnectToPort) return;
		this.target?.destroy();
		this.target = undefined;
		this.waiting = undefined;
	}

	stop(): void {
		this.io = undefined;
		this.target?.destroy();
		this.target = undefined;
	}

	/** The connection to the target, opened on first use; writes wait in the socket until it connects. */
	private connection(): net.Socket {
		if (this.target && !this.target.destroyed) return this.target;
		const socket = new net.Socket();
		this.target = socket;
		this.targets.track(socket);
		this.io!.stats.portConnections++;
		socket.on('data', (chunk: Buffer) => {
			if (this.target === socket) this.io?.output(chunk);
		});
		socket.on('error', () => socket.destroy());
		socket.on('close', () => {
			if (this.target === socket) this.target = undefined;
		});
		const waiting: Buffer[] = [];
		this.waiting = waiting;
		this.destination().then(port => {
			if (this.waiting === waiting) this.waiting = undefined;
			if (socket.destroyed || this.target !== socket) return;
			socket.connect(port, '127.0.0.1');
			// Queued by the socket itself until it connects.
			for (const data of waiting) socket.write(data);
		}, () => socket.destroy());
		return socket;
	}
}
