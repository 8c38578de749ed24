// A shell (or a command) over the built-in data channel, as the plugin's shellsession runs one:
// the terminal in raw mode, every key read from stdin sent as it comes (Ctrl-C, Ctrl-\ and Ctrl-Z
// are bytes like any other, so they reach the remote), the remote's output written to stdout as
// raw terminal bytes (by design: it is the remote terminal's screen, shown while the TUI is away),
// the terminal's size sent at the start and on every resize. Ends on channel_closed (status 0) or
// when the channel cannot go on (status 1 and one line); the terminal's mode is restored either way.
import process from 'node:process';
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

/** Opens the channel; resolves once the handshake is done (the terminal untouched before), rejects with the one line otherwise. */
export async function startBuiltinShell(options: ChannelOptions, io: ShellIo = process as unknown as ShellIo): Promise<BuiltinShell> {
	const channel = new DataChannel(options);
	const ready = await channel.ready.catch((error: Error) => {
		throw error;
	});
	if (ready.kind !== 'shell') {
		channel.close();
		throw new Error(`the agent opened a ${ready.sessionType} session where a shell was expected`);
	}
	if (ready.customerMessage) io.stdout.write(`${ready.customerMessage}\r\n`);
	let stopped: number | undefined;
	const size = () => {
		// shellsession.go: 300×100 when the size cannot be read.
		const cols = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 300;
		const rows = io.stdout.isTTY && io.stdout.rows ? io.stdout.rows : 100;
		channel.send(PayloadType.Size, Buffer.from(JSON.stringify({cols, rows})));
	};
	const onInput = (chunk: Buffer | string) => {
		const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
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
	if (raw) io.stdin.setRawMode!(true);
	io.stdin.ref?.();
	io.stdin.on('data', onInput);
	io.stdin.resume();
	io.stdout.on('resize', size);
	size();
	channel.onData((payloadType, payload) => {
		if (payloadType === PayloadType.Output) io.stdout.write(payload);
		else if (payloadType === PayloadType.StdErr) io.stderr.write(payload);
	});
	const outcome = channel.ended.then((end: ChannelEnd): ShellOutcome => {
		io.stdout.off('resize', size);
		io.stdin.off('data', onInput);
		io.stdin.pause();
		if (raw) io.stdin.setRawMode!(false);
		for (const {signal, listeners, forward} of saved) {
			process.off(signal, forward);
			for (const listener of listeners) process.on(signal, listener);
		}
		if (end.how === 'closed') return {status: stopped ?? 0, ...(end.output ? {output: endLine(end)} : {})};
		if (end.how === 'local') return {status: stopped ?? 0};
		return {status: stopped ?? 1, line: endLine(end)};
	});
	return {
		channel,
		outcome,
		stop(status) {
			stopped = status;
			channel.close();
		},
	};
}
