// Port-forwarding sessions and what they reach. A container's ports are one real HTTP server per
// task and container (on 127.0.0.1, an ephemeral port, made on first use) that answers every
// request with the task's id; a remote host (AWS-StartPortForwardingSessionToRemoteHost) is one TCP
// echo server. Both close with the simulator.
//
// The stream is the plugin's basic (non-multiplexed) port forwarding
// (portsession/basicportforwarding.go): the client's Output payloads are the raw bytes of one local
// connection, written to one connection to the target, whose bytes come back as output. When the
// local connection closes the client sends the DisconnectToPort flag; the agent closes its
// connection to the target and opens a new one when the next bytes arrive.
import http from 'node:http';
import net from 'node:net';
import type {AddressInfo} from 'node:net';
import {FlagValue} from './codec.js';
import type {SessionWork, WorkIo} from './channel.js';

/** The loopback servers port sessions connect to. */
export class PortTargets {
	private readonly http = new Map<string, Promise<net.Server>>();
	private echo: Promise<net.Server> | undefined;
	private readonly servers = new Set<net.Server>();
	private readonly sockets = new Set<net.Socket>();
	private closed = false;

	/** The HTTP server standing for a task's container, whatever port of it is asked for. */
	async containerPort(taskId: string, containerName: string): Promise<number> {
		const key = `${taskId}/${containerName}`;
		let server = this.http.get(key);
		if (!server) {
			server = this.listen(http.createServer((req, res) => {
				req.resume();
				const body = `task ${taskId}\n`;
				res.writeHead(200, {'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body)});
				res.end(body);
			}));
			this.http.set(key, server);
		}
		return ((await server).address() as AddressInfo).port;
	}

	/** The echo server standing for any remote host. */
	async remoteHost(): Promise<number> {
		this.echo ??= this.listen(net.createServer(socket => socket.pipe(socket)));
		return ((await this.echo).address() as AddressInfo).port;
	}

	/** The ports listening now (tests check that none is left after close). */
	listening(): number[] {
		return [...this.servers].filter(server => server.listening).map(server => (server.address() as AddressInfo).port);
	}

	/** Tracks a socket to a target so close() can end it. */
	track(socket: net.Socket): void {
		this.sockets.add(socket);
		socket.once('close', () => this.sockets.delete(socket));
	}

	async close(): Promise<void> {
		this.closed = true;
		for (const socket of this.sockets) socket.destroy();
		await Promise.all([...this.servers].map(async server => new Promise<void>(resolve => {
			server.close(() => resolve());
			if (server instanceof http.Server) server.closeAllConnections();
		})));
	}

	private async listen(server: net.Server): Promise<net.Server> {
		if (this.closed) throw new Error('the simulator is closing');
		this.servers.add(server);
		server.on('connection', socket => this.track(socket));
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve());
		});
		return server;
	}
}

export class PortWork implements SessionWork {
	readonly sessionType = 'Port';
	private io: WorkIo | undefined;
	private target: net.Socket | undefined;
	/** Bytes for the target while its port is being resolved (a socket not yet connecting refuses writes). */
	private waiting: Buffer[] | undefined;

	constructor(
		readonly properties: Record<string, unknown>,
		/** Resolves the loopback port standing for the session's destination. */
		private readonly destination: () => Promise<number>,
		private readonly targets: PortTargets,
	) {}

	start(io: WorkIo): void {
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
