// The agent's multiplexed port forwarding (portsession/muxportforwarding.go), for a
// LocalPortForwarding session whose client is 1.1.70 or later: the Output payloads both ways are one
// smux (version 1) byte stream, the agent being smux's server. Each stream the client opens is one
// TCP connection to the session's target.
//
// Per stream: SYN dials the target (PSH data waits while it connects); the target's bytes go back
// as PSH frames; when the target's connection closes (or the dial fails) the agent sends FIN once;
// the client's FIN ends the connection (after what was written reaches it) and forgets the stream,
// and the agent answers with its own FIN, as the agent's deferred stream.Close() does. A frame the
// agent's smux cannot read (another version, an unknown command) ends the session.
import net from 'node:net';
import type {WorkIo} from './channel.js';
import type {Destination, PortForward, PortTargets} from './port.js';
import {Cmd, encodeData, encodeFrame, FrameReader, SmuxProtocolError, StreamTable, type Frame} from './smux.js';

/** smux's default KeepAliveInterval: the agent's NOP every 10 s while keepalive is on. */
export const KEEPALIVE_MS = 10_000;

interface Stream {
	sid: number;
	socket: net.Socket;
	/** The client's bytes while the target's port is being resolved (a socket not yet connecting refuses writes). */
	waiting: Buffer[] | undefined;
	/** The client's FIN came while waiting: end the connection once the waiting bytes are written. */
	ending: boolean;
	finSent: boolean;
}

export class MuxPortForward implements PortForward {
	private readonly reader = new FrameReader();
	private readonly streams = new StreamTable<Stream>();
	/** Every stream's socket until it closes (a forgotten stream's socket may still be flushing). */
	private readonly sockets = new Set<net.Socket>();
	private stopped = false;
	private nextNop: number;

	constructor(
		private readonly io: WorkIo,
		private readonly destination: Destination,
		private readonly targets: PortTargets,
		private readonly options: {keepAlive: boolean; now: number},
	) {
		this.nextNop = options.now + KEEPALIVE_MS;
	}

	input(data: Buffer): void {
		if (this.stopped) return;
		let frames: Frame[];
		try {
			frames = this.reader.push(data);
		} catch (error) {
			if (!(error instanceof SmuxProtocolError)) throw error;
			// The agent's smux session dies on a protocol error, and the port session with it.
			this.stop();
			this.io.exit(error.message);
			return;
		}
		for (const frame of frames) this.frame(frame);
	}

	/** The keepalive NOP on the simulator's clock; a clock stepped past several is one NOP (as a late Go ticker drops ticks). */
	tick(now: number): void {
		if (this.stopped || !this.options.keepAlive || now < this.nextNop) return;
		this.io.output(encodeFrame(Cmd.nop, 0));
		this.io.stats.nopsOut++;
		while (this.nextNop <= now) this.nextNop += KEEPALIVE_MS;
	}

	stop(): void {
		this.stopped = true;
		this.streams.drain();
		for (const socket of this.sockets) socket.destroy();
	}

	private frame(frame: Frame): void {
		if (this.stopped) return;
		const stats = this.io.stats;
		switch (frame.cmd) {
			case Cmd.syn: {
				if (this.streams.open(frame.sid, () => this.dial(frame.sid))) stats.muxStreams++;
				return;
			}
			case Cmd.psh: {
				const stream = this.streams.get(frame.sid);
				if (!stream || frame.data.length === 0) return;
				if (stream.waiting) stream.waiting.push(frame.data);
				else if (!stream.socket.destroyed) stream.socket.write(frame.data);
				return;
			}
			case Cmd.fin: {
				const stream = this.streams.get(frame.sid);
				if (!stream) return;
				this.streams.forget(stream.sid, stream);
				this.sendFin(stream);
				if (stream.waiting) stream.ending = true;
				else endThenDestroy(stream.socket);
				return;
			}
			case Cmd.nop:
				stats.nopsIn++;
				return;
			default:
		}
	}

	/** A stream's connection to the target; a failed dial closes it, which sends FIN. */
	private dial(sid: number): Stream {
		const socket = new net.Socket();
		const stream: Stream = {sid, socket, waiting: [], ending: false, finSent: false};
		this.targets.track(socket);
		this.sockets.add(socket);
		const stats = this.io.stats;
		stats.portConnections++;
		stats.muxOpen++;
		socket.on('data', (chunk: Buffer) => {
			// Bytes after the client's FIN have no stream to go to.
			if (this.streams.get(sid) === stream) this.io.output(encodeData(sid, chunk));
		});
		socket.on('error', () => socket.destroy());
		socket.on('close', () => {
			this.sockets.delete(socket);
			stats.muxOpen--;
			if (this.stopped) return;
			if (this.streams.forget(sid, stream)) this.sendFin(stream);
		});
		this.destination().then(port => {
			const waiting = stream.waiting ?? [];
			stream.waiting = undefined;
			if (socket.destroyed) return;
			socket.connect(port, '127.0.0.1');
			// Queued by the socket itself until it connects.
			for (const data of waiting) socket.write(data);
			if (stream.ending) endThenDestroy(socket);
		}, () => socket.destroy());
		return stream;
	}

	private sendFin(stream: Stream): void {
		if (stream.finSent || this.stopped) return;
		stream.finSent = true;
		this.io.output(encodeFrame(Cmd.fin, stream.sid));
	}
}

/** Ends the connection once what was written is flushed, then lets it go (the target may never close its side). */
function endThenDestroy(socket: net.Socket): void {
	if (socket.destroyed) return;
	socket.end(() => socket.destroy());
}
