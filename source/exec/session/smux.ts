// The client's end of smux version 1 (github.com/xtaci/smux), the multiplexer the SSM agent and
// session-manager-plugin run over a port session's data channel (plugin: portsession/
// muxportforwarding.go; agent: plugins/port/muxportsession.go). The channel's Output payloads, both
// ways, are one byte stream of frames; where one message ends says nothing about where a frame does.
//
//   offset size field
//        0    1 version (1)
//        1    1 command: SYN 0 opens a stream, FIN 1 closes it, PSH 2 carries its data, NOP 3 keeps alive
//        2    2 length of the data that follows, little-endian
//        4    4 stream id, little-endian
//
// The client opens streams with odd ids, 3 first (smux's client starts at 1 and adds 2 before each
// open); the agent's dial of the destination happens on SYN. Version 1 has no windows: smux's own
// flow control in version 2 (UPD) is not spoken by either end of a port session, so neither is it here.

export const smuxVersion = 1;
export const SmuxCommand = {SYN: 0, FIN: 1, PSH: 2, NOP: 3} as const;
const headerSize = 8;
/** smux DefaultConfig().MaxFrameSize: the most data one frame carries when we write. */
export const maxFrameData = 32_768;

export interface SmuxFrame {
	version: number;
	command: number;
	streamId: number;
	data: Buffer;
}

export function encodeFrame(command: number, streamId: number, data: Buffer = Buffer.alloc(0)): Buffer {
	const frame = Buffer.allocUnsafe(headerSize + data.length);
	frame.writeUInt8(smuxVersion, 0);
	frame.writeUInt8(command, 1);
	frame.writeUInt16LE(data.length, 2);
	frame.writeUInt32LE(streamId, 4);
	data.copy(frame, headerSize);
	return frame;
}

/** Cuts a byte stream that arrives in arbitrary pieces back into frames. */
export class FrameReader {
	#buffered: Buffer = Buffer.alloc(0);

	/** The frames completed by `chunk`; a partial one waits for the next chunk. */
	push(chunk: Buffer): SmuxFrame[] {
		let bytes = this.#buffered.length > 0 ? Buffer.concat([this.#buffered, chunk]) : chunk;
		const frames: SmuxFrame[] = [];
		while (bytes.length >= headerSize) {
			// smux's reader takes data after a PSH header only (and UPD's, version 2): SYN, FIN and NOP
			// are the header alone, whatever their length field says.
			const length = bytes.readUInt8(1) === SmuxCommand.PSH ? bytes.readUInt16LE(2) : 0;
			if (bytes.length < headerSize + length) break;
			// Copied out: the chunk belongs to the channel's message, which is not kept.
			frames.push({version: bytes.readUInt8(0), command: bytes.readUInt8(1), streamId: bytes.readUInt32LE(4), data: Buffer.from(bytes.subarray(headerSize, headerSize + length))});
			bytes = bytes.subarray(headerSize + length);
		}
		this.#buffered = bytes.length > 0 ? Buffer.from(bytes) : Buffer.alloc(0);
		return frames;
	}
}

export interface StreamHandlers {
	/** The agent's bytes for this stream. */
	data(data: Buffer): void;
	/** The agent closed the stream (FIN): its connection to the destination is gone, or never was. */
	closed(): void;
}

export interface MuxStream {
	readonly id: number;
	/** Data for the destination, cut into frames of at most 32 KiB. Ignored once the stream is closed. */
	write(data: Buffer): void;
	/** FIN, once; the agent closes its connection to the destination. */
	close(): void;
	readonly isClosed: boolean;
}

interface Entry {
	handlers: StreamHandlers;
	/** We sent FIN. */
	finSent: boolean;
	/** The agent sent FIN. */
	finReceived: boolean;
}

/** The client side of one smux session: opens streams, routes the agent's frames to them. */
export class SmuxClient {
	#next = 1;
	readonly #streams = new Map<number, Entry>();
	readonly #reader = new FrameReader();
	#error: string | undefined;
	/** Streams opened since the start (the two counts are for tests: nothing in the forward reads them). */
	opened = 0;

	constructor(private readonly send: (bytes: Buffer) => void) {}

	/** Streams neither end has closed. */
	get openStreams(): number {
		let open = 0;
		for (const entry of this.#streams.values()) if (!entry.finSent && !entry.finReceived) open++;
		return open;
	}

	/** Set once the agent's bytes broke the protocol; the session cannot go on. */
	get error(): string | undefined {
		return this.#error;
	}

	open(handlers: StreamHandlers): MuxStream {
		this.#next += 2;
		const id = this.#next;
		const entry: Entry = {handlers, finSent: false, finReceived: false};
		this.#streams.set(id, entry);
		this.opened++;
		this.send(encodeFrame(SmuxCommand.SYN, id));
		const forget = () => {
			if (entry.finSent && entry.finReceived) this.#streams.delete(id);
		};
		return {
			id,
			write: data => {
				// smux's Write after either FIN fails: the agent would drop the bytes anyway.
				if (entry.finSent || entry.finReceived || this.#error) return;
				for (let at = 0; at < data.length; at += maxFrameData) this.send(encodeFrame(SmuxCommand.PSH, id, data.subarray(at, at + maxFrameData)));
			},
			close: () => {
				if (entry.finSent || this.#error) return;
				entry.finSent = true;
				this.send(encodeFrame(SmuxCommand.FIN, id));
				forget();
			},
			get isClosed() {
				return entry.finSent || entry.finReceived;
			},
		};
	}

	/** Keep-alive, for agents whose smux expects one (a NOP every 10 s, smux's KeepAliveInterval). */
	keepAlive(): void {
		if (!this.#error) this.send(encodeFrame(SmuxCommand.NOP, 0));
	}

	/** The agent's bytes (a channel Output payload). A protocol error closes every stream and is kept in `error`. */
	receive(chunk: Buffer): void {
		if (this.#error) return;
		for (const frame of this.#reader.push(chunk)) {
			if (frame.version !== smuxVersion) {
				this.#fail(`the agent's multiplexer spoke smux version ${frame.version}, not ${smuxVersion}`);
				return;
			}
			const entry = this.#streams.get(frame.streamId);
			switch (frame.command) {
				case SmuxCommand.PSH:
					// Data for a stream already closed here, or never opened, is dropped, as smux does.
					if (entry && !entry.finReceived && frame.data.length > 0) entry.handlers.data(frame.data);
					break;
				case SmuxCommand.FIN:
					if (entry && !entry.finReceived) {
						entry.finReceived = true;
						if (entry.finSent) this.#streams.delete(frame.streamId);
						entry.handlers.closed();
					}
					break;
				case SmuxCommand.NOP:
					break;
				case SmuxCommand.SYN:
					// The agent never opens streams in a port session; smux would queue it for an Accept
					// nobody calls. Refused at once so the agent does not wait on it.
					this.send(encodeFrame(SmuxCommand.FIN, frame.streamId));
					break;
				default:
					this.#fail(`the agent's multiplexer sent an unknown smux command ${frame.command}`);
					return;
			}
		}
	}

	/** Every stream ends (the channel is gone). */
	closeAll(): void {
		for (const [id, entry] of [...this.#streams]) {
			this.#streams.delete(id);
			if (!entry.finReceived) {
				entry.finReceived = true;
				entry.handlers.closed();
			}
		}
	}

	#fail(reason: string): void {
		this.#error = reason;
		this.closeAll();
	}
}
