// Port-forwarding sessions and what they reach. A container's ports are one real HTTP server per
// task and container (on 127.0.0.1, an ephemeral port, made on first use) that answers every
// request with the task's id; a remote host (AWS-StartPortForwardingSessionToRemoteHost) is one TCP
// echo server. Both close with the simulator.
//
// Which forwarding a session gets is the agent's choice when the handshake completes
// (agent/session/plugins/port/port.go): multiplexed (smux, mux-port.ts) for a LocalPortForwarding
// session whose client is 1.1.70 or later, else basic (basic-port.ts), one connection at a time.
import http from 'node:http';
import net from 'node:net';
import type {AddressInfo} from 'node:net';
import {BasicPortForward} from './basic-port.js';
import type {SessionWork, WorkIo} from './channel.js';
import {MuxPortForward} from './mux-port.js';

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

/** port.go's muxSupportedClientVersion: older clients get basic forwarding. */
const MUX_SUPPORTED_CLIENT_VERSION = '1.1.70';
/** port.go's muxKeepAliveDisabledAfterThisClientVersion: newer clients get no keepalive NOPs. */
const MUX_KEEPALIVE_DISABLED_AFTER = '1.2.331.0';

/** One way of carrying a port session's Output payloads, once the mode is chosen. */
export interface PortForward {
	input(data: Buffer): void;
	flag?(value: number): void;
	tick?(now: number): void;
	stop(): void;
}

/** Resolves the loopback port standing for the session's destination (a container's port or a remote host). */
export type Destination = () => Promise<number>;

/**
 * The agent's versionutil comparison: dot-separated numbers compared in turn, a missing one being
 * 0. Undefined when either is not such a version (the caller then keeps the older behaviour).
 */
export function compareVersions(a: string, b: string): number | undefined {
	const parse = (v: string) => (/^\d+(\.\d+)*$/.test(v) ? v.split('.').map(Number) : undefined);
	const x = parse(a);
	const y = parse(b);
	if (!x || !y) return undefined;
	for (let i = 0; i < Math.max(x.length, y.length); i++) {
		const d = (x[i] ?? 0) - (y[i] ?? 0);
		if (d !== 0) return Math.sign(d);
	}
	return 0;
}

/** port.go's choice: multiplexed for LocalPortForwarding and a client at 1.1.70 or later. */
export function portMode(properties: Record<string, unknown>, clientVersion: string): 'basic' | 'mux' {
	const atLeast = compareVersions(clientVersion, MUX_SUPPORTED_CLIENT_VERSION);
	return properties.type === 'LocalPortForwarding' && atLeast !== undefined && atLeast >= 0 ? 'mux' : 'basic';
}

/** Whether the agent's smux keeps its keepalive on for this client (it is off only after 1.2.331.0). */
export function muxKeepAlive(clientVersion: string): boolean {
	return compareVersions(clientVersion, MUX_KEEPALIVE_DISABLED_AFTER) !== 1;
}

/**
 * A Port session. The HandshakeRequest (sent before the client is known) needs only its type and
 * properties; the forwarding itself is chosen in start(), which the channel calls with the client's
 * HandshakeResponse ClientVersion.
 */
export class PortWork implements SessionWork {
	readonly sessionType = 'Port';
	private forward: PortForward | undefined;

	constructor(
		readonly properties: Record<string, unknown>,
		private readonly destination: Destination,
		private readonly targets: PortTargets,
	) {}

	start(io: WorkIo): void {
		const mode = portMode(this.properties, io.clientVersion);
		io.stats.portMode = mode;
		this.forward = mode === 'mux'
			? new MuxPortForward(io, this.destination, this.targets, {keepAlive: muxKeepAlive(io.clientVersion), now: io.now()})
			: new BasicPortForward(io, this.destination, this.targets);
	}

	input(data: Buffer): void {
		this.forward?.input(data);
	}

	flag(value: number): void {
		this.forward?.flag?.(value);
	}

	tick(now: number): void {
		this.forward?.tick?.(now);
	}

	stop(): void {
		this.forward?.stop();
		this.forward = undefined;
	}
}
