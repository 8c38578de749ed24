// The simulator's ssmmessages: one WebSocket server on its own loopback port for every session of
// every simulated account and region. Stream URLs are
// `ws://127.0.0.1:<port>/v1/data-channel/<session id>?role=publish_subscribe&cell-number=…`; the
// client's first text frame (open_data_channel) must carry the session's token. It starts and stops
// with the simulator (index.ts) and closes every socket and port target when it stops.
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import type {Duplex} from 'node:stream';
import {DataChannel, type SessionWork} from './channel.js';
import {PortTargets, PortWork} from './port.js';
import {isShellCommand, ShellWork, type ContainerView} from './shell.js';
import {refuseUpgrade, WsConnection} from './websocket.js';
import {sessionDocuments} from '../documents.js';
import type {SessionEndCause, SessionRec, SessionStore} from '../../sessions.js';
import type {World} from '../../world.js';

/**
 * A current agent: after 3.0.196.0, so the plugin multiplexes port forwards
 * (config.TCPMultiplexingSupportedAfterThisAgentVersion). A cluster's ssmAgentVersion overrides it.
 */
export const SIM_AGENT_VERSION = '3.3.2299.0';
const PATH = /^\/v1\/data-channel\/([^/?]+)$/;
/** Real-clock mode: how often late output is looked for (wall ms). */
const TICK_MS = 100;

export interface DataChannelStats {
	/** Channels with a client connected now. */
	open: number;
	/** WebSocket connections accepted (a token checked) since the start. */
	connections: number;
	/** Connections refused: unknown session, bad token, the drop fault. */
	refused: number;
	/** Sockets destroyed by the drop fault. */
	dropped: number;
}

const endOutput: Record<SessionEndCause, string> = {
	terminated: '',
	'task-stopped': 'The session ended because its task stopped.',
	exited: '',
};

export class DataChannelServer {
	readonly server = http.createServer((_req, res) => {
		res.writeHead(426, {'Content-Type': 'text/plain', Connection: 'close'});
		res.end('Upgrade Required\n');
	});
	private readonly worlds: World[] = [];
	private readonly channels = new Map<SessionRec, DataChannel>();
	private readonly sockets = new Set<WsConnection>();
	private readonly targets = new PortTargets();
	private ticker: NodeJS.Timeout | undefined;
	private refuseNext = 0;
	private counts = {connections: 0, refused: 0, dropped: 0};
	private port = 0;

	constructor(private readonly options: {now(): number; realClock: boolean}) {
		this.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
	}

	async listen(): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(0, '127.0.0.1', () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		this.port = (this.server.address() as AddressInfo).port;
		if (this.options.realClock) {
			this.ticker = setInterval(() => this.pump(), TICK_MS);
			this.ticker.unref();
		}
	}

	get url(): string {
		return `ws://127.0.0.1:${this.port}`;
	}

	/** Serves a world's sessions: its stream URLs point here, and a session's end closes its channel. */
	attach(world: World): void {
		this.worlds.push(world);
		world.sessions.streamBase = this.url;
		world.sessions.onEnd((session, cause) => this.channels.get(session)?.end(endOutput[cause]));
	}

	/** Resends late output, closes channels done waiting; on the real clock's tick and when a test steps the clock. */
	pump(): void {
		for (const [session, channel] of this.channels) {
			channel.tick();
			if (channel.isClosed) this.channels.delete(session);
		}
	}

	/** The drop fault: every open socket is destroyed without a close frame and the next connection is refused. */
	drop(): number {
		let dropped = 0;
		for (const socket of this.sockets) {
			socket.destroy();
			dropped++;
		}
		this.counts.dropped += dropped;
		this.refuseNext = 1;
		return dropped;
	}

	/** Every port it listens on: its own and the port targets' (tests check they all close). */
	listening(): number[] {
		return [...(this.server.listening ? [this.port] : []), ...this.targets.listening()];
	}

	/** `POST /_sim/faults {}`: a refusal still pending is forgotten. */
	clearFaults(): void {
		this.refuseNext = 0;
	}

	stats(): DataChannelStats {
		let open = 0;
		for (const channel of this.channels.values()) if (channel.stats.connected) open++;
		return {open, ...this.counts};
	}

	/** Counters restart (POST /_sim/stats/reset). */
	resetCounts(): void {
		this.counts = {connections: 0, refused: 0, dropped: 0};
	}

	async close(): Promise<void> {
		if (this.ticker) clearInterval(this.ticker);
		for (const socket of this.sockets) socket.destroy();
		this.sockets.clear();
		this.channels.clear();
		await this.targets.close();
		await new Promise<void>(resolve => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	private candidates(id: string): SessionRec[] {
		// Worlds of several accounts draw ids from equally seeded streams: the token tells them apart.
		return this.worlds.map(w => w.sessions.open.get(id)).filter((s): s is SessionRec => s !== undefined);
	}

	private upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const match = PATH.exec(url.pathname);
		if (this.refuseNext > 0) {
			// As a network failure looks to the client: no answer at all.
			this.refuseNext--;
			this.counts.refused++;
			socket.destroy();
			return;
		}
		const candidates = match ? this.candidates(decodeURIComponent(match[1]!)) : [];
		if (candidates.length === 0) {
			this.counts.refused++;
			refuseUpgrade(socket, match ? 403 : 404, match ? 'Forbidden' : 'Not Found');
			return;
		}
		let channel: DataChannel | undefined;
		let opened = false;
		const connection = WsConnection.accept(req, socket, head, {
			text: text => {
				if (opened) return;
				opened = true;
				const session = this.authenticate(candidates, text);
				if (!session) {
					this.counts.refused++;
					connection?.close(1008, 'Authentication failed: the token does not match the session.');
					return;
				}
				this.counts.connections++;
				channel = this.channelFor(session);
				if (!channel) {
					connection?.close(1011, 'The session cannot be served.');
					return;
				}
				channel.attach(connection!);
			},
			binary: data => {
				// Nothing a client sends may bring the simulator down: a failure closes this socket only.
				try {
					if (channel) channel.receive(data);
					// Binary before the token: the service closes such a channel.
					else if (!opened) connection?.close(1008, 'open_data_channel expected first.');
				} catch {
					connection?.close(1011, 'Internal error in the simulator.');
				}
			},
			closed: () => {
				this.sockets.delete(connection!);
				channel?.detach(connection!);
			},
		});
		if (connection) this.sockets.add(connection);
	}

	private authenticate(candidates: SessionRec[], text: string): SessionRec | undefined {
		let token: unknown;
		try {
			token = (JSON.parse(text) as {TokenValue?: unknown}).TokenValue;
		} catch {
			return undefined;
		}
		return candidates.find(s => s.status === 'Connected' && s.tokenValue === token);
	}

	/** The session's channel: the one it has (a reconnect), else a new one with its work. */
	private channelFor(session: SessionRec): DataChannel | undefined {
		const existing = this.channels.get(session);
		if (existing && !existing.isClosed) return existing;
		const world = this.worlds.find(w => w.sessions.open.get(session.id) === session);
		if (!world) return undefined;
		const channel = new DataChannel({
			session,
			work: this.workFor(world, session),
			now: () => this.options.now(),
			agentVersion: session.task.cluster.ssmAgentVersion ?? SIM_AGENT_VERSION,
			kmsKeyId: session.task.cluster.execKmsKeyId,
			ended: ended => this.ended(world.sessions, ended),
		});
		this.channels.set(session, channel);
		return channel;
	}

	private ended(sessions: SessionStore, session: SessionRec): void {
		this.channels.delete(session);
		sessions.finish(session.id, this.options.now());
	}

	private workFor(world: World, session: SessionRec): SessionWork {
		const view: ContainerView = {task: session.task, containerName: session.containerName, region: world.region};
		const param = (name: string) => session.parameters[name]?.[0];
		if (session.kind === 'exec') {
			const command = param('command') ?? '/bin/sh';
			// ECS Exec sessions are InteractiveCommands, a shell or not.
			return new ShellWork(view, 'InteractiveCommands', isShellCommand(command) ? undefined : command);
		}
		const type = sessionDocuments[session.documentName]?.sessionType ?? 'Standard_Stream';
		if (type === 'Port') {
			const host = param('host');
			// The document's inputs as the agent hands them to the plugin (PortParameters).
			const properties: Record<string, unknown> = {portNumber: param('portNumber') ?? '80', localPortNumber: param('localPortNumber') ?? '0', type: 'LocalPortForwarding'};
			if (host !== undefined) properties.host = host;
			const destination = host === undefined
				? () => this.targets.containerPort(session.task.id, session.containerName)
				: () => this.targets.remoteHost();
			return new PortWork(properties, destination, this.targets);
		}
		if (type === 'InteractiveCommands') return new ShellWork(view, 'InteractiveCommands', param('command') ?? '');
		return new ShellWork(view, 'Standard_Stream');
	}
}
