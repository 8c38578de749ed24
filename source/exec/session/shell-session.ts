// A shell (or a command) over the built-in data channel, as the plugin's shellsession runs one:
// the terminal in raw mode, every key read from stdin sent as it comes (Ctrl-C, Ctrl-\ and Ctrl-Z
// are bytes like any other, so they reach the remote), the remote's output written to stdout as
// raw terminal bytes (by design: it is the remote terminal's screen, shown while the TUI is away),
// the terminal's size sent at the start and on every resize. Ends on channel_closed (status 0) or
// when the channel cannot go on (status 1 and one line); the terminal's mode is restored either way.
import process from 'node:process';
import {clean} from '../../text.js';
import {DataChannel, endLine, type ChannelEnd, type ChannelOptions} from './channel.js';
import {PayloadType} from './codec.js';

/** shellsession.go StdinBufferLimit: input is sent in pieces of at most this. */
const stdinPiece = 1024;

export interface ShellIo {
	stdin: NodeJS.ReadableStream & {isTTY?: boolean; setRawMode?: (raw: boolean) => unknown; ref?: () => void; unref?: () => void};
	stdout: NodeJS.WritableStream & {isTTY?: boolean; columns?: number; rows?: number; on(event: 'resize', listener: () => void): unknown; off(event: 'resize', listener: () => void): unknown};
	stderr: NodeJS.WritableStream;
}

export interface ShellOutcome {
	/** 0 when the session ended normally (channel_closed), 1 otherwise, 128+n when `stop` was given a signal's status. */
	status: number;
	/** Why it ended, when not normally (cleaned, one line). */
	line?: string;
	/** channel_closed's Output, cleaned (the plugin prints it). */
	output?: string;
}

export interface BuiltinShell {
	channel: DataChannel;
	outcome: Promise<ShellOutcome>;
	/** Ends the session from here (SIGTERM, SIGHUP): the channel closed, `status` the outcome's. */
	stop(status: number): void;
}

/** Signals that keys make when the terminal is not in raw mode (stdin not a terminal): sent as those keys, as the plugin does. */
const signalBytes: Array<[NodeJS.Signals, number]> = [['SIGINT', 0x03], ['SIGQUIT', 0x1c], ['SIGTSTP', 0x1a]];

/** Opens the channel and, once the handshake is done (the terminal untouched before), runs the session. */
export function startBuiltinShell(options: ChannelOptions, io: ShellIo = process as unknown as ShellIo): BuiltinShell {
	const channel = new DataChannel(options);
	let stopped: number | undefined;
	const outcome = (async (): Promise<ShellOutcome> => {
		let ready;
		try {
			ready = await channel.ready;
		} catch (error) {
			return {status: stopped ?? 1, line: (error as Error).message};
		}
		if (ready.kind !== 'shell') {
			channel.close();
			return {status: 1, line: `the agent opened a ${clean(ready.sessionType)} session where a shell was expected`};
		}
		return run(channel, io, ready.customerMessage, () => stopped);
	})();
	return {
		channel,
		outcome,
		stop(status) {
			stopped = status;
			channel.close();
		},
	};
}

async function run(channel: DataChannel, io: ShellIo, customerMessage: string | undefined, stopped: () => number | undefined): Promise<ShellOutcome> {
	if (customerMessage) io.stdout.write(`${customerMessage}\r\n`);
	const size = () => {
		// shellsession.go: 300×100 when the size cannot be read.
		const cols = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 300;
		const rows = io.stdout.isTTY && io.stdout.rows ? io.stdout.rows : 100;
		channel.send(PayloadType.Size, Buffer.from(JSON.stringify({cols, rows})));
	};
	const onInput = (chunk: Buffer | string) => {
		const read = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
		// streaming.go SendInputDataMessage: a lone LF is sent as CR, the remote's Enter (a piped
		// stdin's lines). The plugin does it for a port's bytes too; here only a shell's keys are touched.
		const bytes = read.length === 1 && read[0] === 10 ? Buffer.from([13]) : read;
		for (let at = 0; at < bytes.length; at += stdinPiece) channel.send(PayloadType.Output, bytes.subarray(at, at + stdinPiece));
	};
	const raw = Boolean(io.stdin.isTTY && io.stdin.setRawMode);
	// Each signal's listeners are set aside (the TUI's own Ctrl-C among them) and put back after.
	const saved = signalBytes.map(([signal, byte]) => {
		const listeners = process.rawListeners(signal) as Array<(...args: unknown[]) => void>;
		for (const listener of listeners) process.off(signal, listener);
		const forward = () => channel.send(PayloadType.Output, Buffer.from([byte]));
		process.on(signal, forward);
		return {signal, listeners, forward};
	});
	// Read as Ink reads ('readable', then read()), not in flowing mode: when the session ends and the
	// listener goes, the stream is left as Ink expects to find it, and its own listener takes over.
	const onReadable = () => {
		for (let chunk = io.stdin.read(); chunk !== null; chunk = io.stdin.read()) onInput(chunk as Buffer | string);
	};
	if (raw) io.stdin.setRawMode!(true);
	io.stdin.ref?.();
	io.stdin.on('readable', onReadable);
	io.stdout.on('resize', size);
	size();
	channel.onData((payloadType, payload) => {
		if (payloadType === PayloadType.Output) io.stdout.write(payload);
		else if (payloadType === PayloadType.StdErr) io.stderr.write(payload);
	});
	const end: ChannelEnd = await channel.ended;
	io.stdout.off('resize', size);
	io.stdin.off('readable', onReadable);
	if (raw) io.stdin.setRawMode!(false);
	// Nothing of ours keeps the process alive now (the TUI refs stdin again when it takes it back).
	io.stdin.unref?.();
	for (const {signal, listeners, forward} of saved) {
		process.off(signal, forward);
		for (const listener of listeners) process.on(signal, listener);
	}
	if (end.how === 'closed') return {status: stopped() ?? 0, ...(end.output ? {output: endLine(end)} : {})};
	if (end.how === 'local') return {status: stopped() ?? 0};
	return {status: stopped() ?? 1, line: endLine(end)};
}
