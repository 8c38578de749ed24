// smux version 1 as the client speaks it to the agent: frames laid out by hand here (not with the
// code's encoder), split anywhere, several to a chunk; streams opened with odd ids from 3; FIN both
// ways; the agent's protocol errors end everything.
import {describe, expect, it} from 'vitest';
import {FrameReader, SmuxClient, maxFrameData} from '../../../source/exec/session/smux.js';

/** A frame by the book: version, command, length (LE u16), stream id (LE u32), data. */
function frame(command: number, sid: number, data = '', version = 1): Buffer {
	const body = Buffer.from(data);
	const header = Buffer.from([version, command, body.length & 0xff, body.length >> 8, sid & 0xff, (sid >> 8) & 0xff, (sid >> 16) & 0xff, sid >>> 24]);
	return Buffer.concat([header, body]);
}

function client() {
	const sent: Buffer[] = [];
	const mux = new SmuxClient(bytes => sent.push(bytes));
	return {mux, wire: () => Buffer.concat(sent), sent};
}

describe('FrameReader', () => {
	it('gives back every frame whatever the cut, and keeps a partial one for later', () => {
		const stream = Buffer.concat([frame(0, 3), frame(2, 3, 'hello'), frame(2, 5, 'x'.repeat(300)), frame(1, 3), frame(3, 0)]);
		for (const cut of [1, 2, 7, 8, 9, 13, 64, 1024]) {
			const reader = new FrameReader();
			const frames = [];
			for (let at = 0; at < stream.length; at += cut) frames.push(...reader.push(stream.subarray(at, at + cut)));
			expect(frames.map(f => [f.command, f.streamId, f.data.toString()])).toEqual([[0, 3, ''], [2, 3, 'hello'], [2, 5, 'x'.repeat(300)], [1, 3, ''], [3, 0, '']]);
		}
	});
});

describe('SmuxClient', () => {
	it('opens streams 3, 5, 7 with SYN; writes PSH; closes with one FIN', () => {
		const {mux, wire} = client();
		const a = mux.open({data() {}, closed() {}});
		const b = mux.open({data() {}, closed() {}});
		a.write(Buffer.from('GET /'));
		b.write(Buffer.from('ping'));
		a.close();
		a.close();
		a.write(Buffer.from('late'));
		const c = mux.open({data() {}, closed() {}});
		expect([a.id, b.id, c.id]).toEqual([3, 5, 7]);
		expect(wire().equals(Buffer.concat([frame(0, 3), frame(0, 5), frame(2, 3, 'GET /'), frame(2, 5, 'ping'), frame(1, 3), frame(0, 7)]))).toBe(true);
		expect(mux.openStreams).toBe(2);
		expect(mux.opened).toBe(3);
	});

	it('cuts a large write into frames of at most 32 KiB', () => {
		const {mux, sent} = client();
		const s = mux.open({data() {}, closed() {}});
		s.write(Buffer.alloc(maxFrameData * 2 + 5, 7));
		expect(sent.slice(1).map(f => f.readUInt16LE(2))).toEqual([32_768, 32_768, 5]);
	});

	it('routes the agent\'s data by stream, drops data for streams it does not know, and ends a stream on FIN', () => {
		const {mux, wire} = client();
		const got: Record<number, string> = {3: '', 5: ''};
		const closed: number[] = [];
		const a = mux.open({data: d => (got[3] += d.toString()), closed: () => closed.push(3)});
		mux.open({data: d => (got[5] += d.toString()), closed: () => closed.push(5)});
		const agent = Buffer.concat([frame(2, 5, 'five'), frame(2, 3, 'three'), frame(2, 9, 'nobody'), frame(3, 0), frame(1, 3), frame(2, 3, 'after fin')]);
		// One byte at a time: the channel's messages may end anywhere.
		for (const byte of agent) mux.receive(Buffer.from([byte]));
		expect(got).toEqual({3: 'three', 5: 'five'});
		expect(closed).toEqual([3]);
		expect(a.isClosed).toBe(true);
		// Closed at the agent's word: our FIN follows when the local side closes, once.
		a.close();
		expect(wire().subarray(-8).equals(frame(1, 3))).toBe(true);
		expect(mux.openStreams).toBe(1);
	});

	it('refuses a stream the agent opens (nothing here accepts one)', () => {
		const {mux, wire} = client();
		mux.receive(frame(0, 2));
		expect(wire().equals(frame(1, 2))).toBe(true);
	});

	it('ends every stream on another version\'s frame, says why, and sends nothing more', () => {
		const {mux, sent} = client();
		const closed: number[] = [];
		const a = mux.open({data() {}, closed: () => closed.push(3)});
		mux.receive(frame(4, 3, '', 2));
		expect(mux.error).toBe('the agent\'s multiplexer spoke smux version 2, not 1');
		expect(closed).toEqual([3]);
		const before = sent.length;
		a.write(Buffer.from('x'));
		mux.keepAlive();
		expect(sent.length).toBe(before);
	});

	it('sends a NOP on stream 0 to keep alive', () => {
		const {mux, wire} = client();
		mux.keepAlive();
		expect(wire().equals(frame(3, 0))).toBe(true);
	});
});

describe('FrameReader, as smux reads', () => {
	it('takes data after PSH only: a NOP\'s length field does not swallow the next frame', () => {
		const nop = frame(3, 0);
		nop.writeUInt16LE(4, 2);
		const frames = new FrameReader().push(Buffer.concat([nop, frame(2, 3, 'data')]));
		expect(frames.map(f => [f.command, f.streamId, f.data.toString()])).toEqual([[3, 0, ''], [2, 3, 'data']]);
	});
});
