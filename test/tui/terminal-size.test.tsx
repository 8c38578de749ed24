// useTerminalSize's redraw after a resize (components/use-terminal-size.ts): once the size has held
// still, the screen is cleared and Ink draws its frame whole. Also on SIGWINCH alone, when the size
// Node reads is the one it had (changed and changed back before it looked): then no 'resize' comes.
import {PassThrough} from 'node:stream';
import {render, Text} from 'ink';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {clearScreen, useTerminalSize} from '../../source/components/use-terminal-size.js';

class FakeTerminal extends PassThrough {
	readonly isTTY = true;
	columns = 100;
	rows = 30;
	written = '';
	constructor() {
		super();
		this.on('data', chunk => (this.written += String(chunk)));
	}
}

function Probe() {
	const {columns, rows} = useTerminalSize();
	return (
		<Text>
			size {columns}x{rows}
		</Text>
	);
}

const instances: Array<{unmount: () => void}> = [];
afterEach(() => {
	for (const instance of instances.splice(0)) instance.unmount();
});

function start(): FakeTerminal {
	const stdout = new FakeTerminal();
	instances.push(render(<Probe />, {stdout: stdout as unknown as NodeJS.WriteStream, interactive: true, patchConsole: false, exitOnCtrlC: false}));
	return stdout;
}

/** Clears written since `from`. */
const clearsAfter = (stdout: FakeTerminal, from: number) => stdout.written.slice(from).split(clearScreen).length - 1;

describe('useTerminalSize', () => {
	it("redraws whole once a resize has settled, and after SIGWINCH alone (no 'resize': the size is the one it had)", async () => {
		const stdout = start();
		await vi.waitFor(() => expect(stdout.written).toContain('size 100x30'));
		let mark = stdout.written.length;
		stdout.columns = 80;
		stdout.emit('resize');
		await vi.waitFor(() => expect(clearsAfter(stdout, mark)).toBe(1));
		expect(stdout.written.slice(stdout.written.lastIndexOf(clearScreen))).toContain('size 80x30');
		// The size changed and changed back before Node looked: only the signal comes.
		mark = stdout.written.length;
		process.emit('SIGWINCH');
		await vi.waitFor(() => expect(clearsAfter(stdout, mark)).toBe(1));
		// The frame drawn again whole after the clear.
		expect(stdout.written.slice(stdout.written.lastIndexOf(clearScreen))).toContain('size 80x30');
	});
});
