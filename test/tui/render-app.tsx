// Renders the whole app with ink-testing-library and drives it like a user: press keys, wait for
// the frame to show something (frames update asynchronously, so always poll, never sleep).
import {render} from 'ink-testing-library';
import {expect, vi} from 'vitest';
import {App, type AppProps} from '../../source/app.js';
import {confirmGuardMs} from '../../source/views/actions/dialog.js';

export const keys = {
	down: '\u001B[B',
	up: '\u001B[A',
	pageDown: '\u001B[6~',
	pageUp: '\u001B[5~',
	enter: '\r',
	escape: '\u001B',
};

/** Ink 8's pendingInputFlushDelayMilliseconds, plus a margin. */
const inkEscapeDelayMs = 30;

export const stripAnsi = (text: string) => text.replace(/\u001B\[[0-9;]*m/g, '');

export const tick = () => new Promise(resolve => setTimeout(resolve, 0));

/** The keys line of a confirmation, once it can take `y` (its verb may be two words: `y roll back`). */
export const confirmKeys = /^y \S+(?: \S+)? {3}n\/Esc cancel/m;

export function renderApp(props: AppProps) {
	// The app's clock, unless the test brings one: real time that the test can move forward
	// (a confirmation takes `y` only confirmGuardMs after it appeared).
	let offset = 0;
	const app = render(<App color={false} now={() => Date.now() + offset} {...props} />);
	const frame = () => stripAnsi(app.lastFrame() ?? '');
	const lines = () => frame().split('\n');
	const selectedLine = () => lines().find(l => l.startsWith('>')) ?? '';
	const waitFor = async (check: (frame: string) => void, timeout = 5000) => {
		await vi.waitFor(() => check(frame()), {timeout, interval: 5});
	};
	const waitForText = (text: string, timeout?: number) => waitFor(f => expect(f).toContain(text), timeout);
	const press = async (input: string) => {
		app.stdin.write(input);
		await tick();
		// Ink holds an input that ends in a lone Esc for 20 ms (its flush delay), in case the rest
		// of an escape sequence follows; a second Esc inside that window would make one "meta+Esc".
		if (input.endsWith(keys.escape)) await new Promise(resolve => setTimeout(resolve, inkEscapeDelayMs));
	};
	/** Moves the app's own clock (only when the test gave no `now`). */
	const advance = async (ms: number) => {
		offset += ms;
		await tick();
	};
	/** Waits for a confirmation to be on screen, lets its guard time pass, then presses `y`. */
	const confirm = async (pass: (ms: number) => Promise<void> = advance) => {
		await waitFor(f => expect(f).toMatch(confirmKeys));
		await pass(confirmGuardMs + 10);
		await press('y');
	};
	return {...app, frame, lines, selectedLine, waitFor, waitForText, press, advance, confirm};
}

/** Every line of a frame fits `columns` and there are at most `rows` of them. */
export function expectFits(frame: string, columns: number, rows: number) {
	const lines = frame.split('\n');
	expect(lines.length).toBeLessThanOrEqual(rows);
	for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(columns);
}
