// The smux protocol, version 1 (github.com/xtaci/smux), as the agent's multiplexed port forwarding
// speaks it over the data channel's Output payloads. Written from the protocol's description, not
// from the client's code, so a wrong byte on either side fails against the other.
//
// A frame is an 8-byte header, then data:
//
//   0 ver u8 (1)   1 cmd u8   2 length u16 LE   4 sid u32 LE   8 data (length bytes, PSH only)
//
// Commands: SYN 0 opens stream sid, FIN 1 closes it (the sender sends no more on it), PSH 2 is data
// for it, NOP 3 is a keepalive on sid 0. UPD 4 is version 2's window update: not valid here.

export const SMUX_VERSION = 1;
export const Cmd = {syn: 0, fin: 1, psh: 2, nop: 3} as const;
export type SmuxCmd = typeof Cmd[keyof typeof Cmd];
export const HEADER_SIZE = 8;
/** smux's default MaxFrameSize: the agent's frames carry at most this much data. */
export const MAX_FRAME_DATA = 32_768;

export interface Frame {
	cmd: SmuxCmd;
	sid: number;
	data: Buffer;
}

/** What ends a mux session: the agent's smux stops reading, so the session is over. */
export class SmuxProtocolError extends Error {}

export function encodeFrame(cmd: SmuxCmd, sid: number, data: Buffer = Buffer.alloc(0)): Buffer {
	if (data.length > 0xffff) throw new RangeError('an smux frame carries at most 65535 bytes');
	const out = Buffer.alloc(HEADER_SIZE + data.length);
	out.writeUInt8(SMUX_VERSION, 0);
	out.writeUInt8(cmd, 1);
	out.writeUInt16LE(data.length, 2);
	out.writeUInt32LE(sid, 4);
	data.copy(out, HEADER_SIZE);
	return out;
}

/** PSH frames for bytes of any size, each at most MAX_FRAME_DATA, concatenated (one write to the channel). */
export function encodeData(sid: number, data: Buffer): Buffer {
	const frames: Buffer[] = [];
	for (let at = 0; at < data.length; at += MAX_FRAME_DATA) frames.push(encodeFrame(Cmd.psh, sid, data.subarray(at, at + MAX_FRAME_DATA)));
	return Buffer.concat(frames);
}

/**
 * Reads frames from a byte stream cut anywhere: the client splits its writes into 1 KiB messages
 * regardless of frame boundaries, and packs several small frames into one message.
 */
export class FrameReader {
	private buffered: Buffer = Buffer.alloc(0);
	private failed = false;

	/** The complete frames these bytes finish; throws SmuxProtocolError (and reads nothing more) on a bad header. */
	push(bytes: Buffer): Frame[] {
		if (this.failed) return [];
		this.buffered = this.buffered.length === 0 ? bytes : Buffer.concat([this.buffered, bytes]);
		const frames: Frame[] = [];
		while (this.buffered.length >= HEADER_SIZE) {
			const version = this.buffered.readUInt8(0);
			const cmd = this.buffered.readUInt8(1);
			// smux's recvLoop checks the version first, then rejects any command it does not know.
			if (version !== SMUX_VERSION) return this.fail(`smux: invalid protocol version ${version}`);
			if (cmd > Cmd.nop) return this.fail(`smux: invalid command ${cmd}`);
			const length = this.buffered.readUInt16LE(2);
			const sid = this.buffered.readUInt32LE(4);
			// Only PSH reads its data (smux's recvLoop): SYN, FIN and NOP are the header alone.
			const size = cmd === Cmd.psh ? length : 0;
			if (this.buffered.length < HEADER_SIZE + size) break;
			// A copy: the buffer it came from is reused for the next message's bytes.
			frames.push({cmd: cmd as SmuxCmd, sid, data: Buffer.from(this.buffered.subarray(HEADER_SIZE, HEADER_SIZE + size))});
			this.buffered = this.buffered.subarray(HEADER_SIZE + size);
		}
		return frames;
	}

	private fail(message: string): never {
		this.failed = true;
		this.buffered = Buffer.alloc(0);
		throw new SmuxProtocolError(message);
	}
}

/**
 * The server side's open streams by id. smux's session keeps the same: a SYN for an id already
 * open is ignored, PSH and FIN for an id it does not know are dropped, and a stream leaves the table
 * when it is closed (so a later frame for it is one for an unknown id).
 */
export class StreamTable<S> {
	private readonly streams = new Map<number, S>();

	/** The new stream, or undefined when the id is open already (the SYN is ignored). */
	open(sid: number, make: () => S): S | undefined {
		if (this.streams.has(sid)) return undefined;
		const stream = make();
		this.streams.set(sid, stream);
		return stream;
	}

	get(sid: number): S | undefined {
		return this.streams.get(sid);
	}

	/** Forgets the stream; whether it was there. */
	forget(sid: number, stream: S): boolean {
		if (this.streams.get(sid) !== stream) return false;
		this.streams.delete(sid);
		return true;
	}

	get size(): number {
		return this.streams.size;
	}

	/** Empties the table, handing back what was in it. */
	drain(): S[] {
		const all = [...this.streams.values()];
		this.streams.clear();
		return all;
	}
}
