// A resize storm in a real terminal (tmux): 50 resizes as fast as tmux applies them, between
// sizes that shrink and grow both ways. Once the size settles the screen must be whole: the
// same as a second instance started at the final size shows (numbers and the run of spaces
// before a right-aligned age aside), with no piece of an older frame (an old hint bar) left on a
// row the final frame leaves blank.
import {afterEach, describe, expect, it} from 'vitest';
import {TmuxSession, tmuxMissing} from './tmux.js';

const missing = tmuxMissing();
if (missing) process.stdout.write(`resize e2e: skipped (${missing})\n`);

const sessions: TmuxSession[] = [];
function start(columns: number, rows: number): TmuxSession {
	const session = new TmuxSession(['--demo'], {columns, rows});
	sessions.push(session);
	return session;
}

/** The cluster list with its first refresh in (not "loading…", not "loaded 1 of 3"). */
const loaded = (screen: string) => screen.includes('CLUSTERS') && /^>\s+\S/m.test(screen) && /updated \d+s ago/.test(screen);
/** What may differ between two runs at one size: counts and ages, and the padding that aligns them. */
const shape = (screen: string) =>
	screen
		.split('\n')
		.map(line => line.replace(/\d+/g, '#').replace(/ +/g, ' ').trimEnd())
		.join('\n');

const sizes: Array<[number, number]> = [
	[80, 24],
	[120, 40],
	[100, 30],
	[60, 20],
	[150, 45],
	[70, 50],
	[200, 15],
];

/** 49 resizes through `sizes`, then the final one: one tmux command line, so all land within milliseconds. */
function storm(session: TmuxSession, final: [number, number]): void {
	const args: string[] = [];
	for (let i = 0; i < 49; i++) {
		const [x, y] = sizes[i % sizes.length]!;
		args.push('resize-window', '-x', String(x), '-y', String(y), ';');
	}
	args.push('resize-window', '-x', String(final[0]), '-y', String(final[1]));
	session.tmux(...args);
}

describe.skipIf(missing)('a resize storm (tmux)', () => {
	// dist/cli.js is built once by test/global-setup.ts.
	afterEach(() => {
		for (const session of sessions.splice(0)) session.close();
	});

	// A size that changes and changes back before the app looks (tmux's zoom on and off, a layout
	// flipped and back): Node emits no 'resize', as the size it reads is the one it had, but the
	// terminal has reflowed the rows. Several times, since the app sometimes sees the middle size.
	// (Whether it does depends on timing; test/tui/terminal-size.test.tsx pins the redraw on the signal.)
	it('after a resize and back in one go, the frame is whole', async () => {
		const tui = start(100, 30);
		await tui.waitForScreen(loaded, 'the cluster list');
		const before = shape(tui.screen());
		for (let round = 0; round < 5; round++) {
			tui.tmux('resize-window', '-x', '40', '-y', '8', ';', 'resize-window', '-x', '100', '-y', '30');
			let seen = '';
			await tui.waitForScreen(s => (seen = shape(s)) === before, 'the frame it drew before', 5000).catch((error: unknown) => {
				throw new Error(`${(error as Error).message} (round ${round})\nexpected (shaped):\n${before}\nthe screen (shaped):\n${seen}`);
			});
		}
	}, 60_000);

	// Ending on each size after 200x15 (short and wide): growing taller and narrower, growing both
	// ways, and shrinking back to the start.
	for (const final of [[100, 30], [200, 50], [80, 24]] as Array<[number, number]>) {
		it(`after 50 resizes ending at ${final[0]}x${final[1]}, the frame is whole`, async () => {
			const tui = start(100, 30);
			const fresh = start(...final);
			await tui.waitForScreen(loaded, 'the cluster list');
			await fresh.waitForScreen(loaded, 'the cluster list at the final size');
			storm(tui, final);
			expect(tui.tmux('display-message', '-p', '#{window_width}x#{window_height}').trim()).toBe(`${final[0]}x${final[1]}`);
			// The screen may pass through torn frames while the storm is drawn; it must end whole.
			// (The fresh instance is read again each time: its ages move too.)
			let expected = '';
			const screen = await tui.waitForScreen(s => shape(s) === (expected = shape(fresh.screen())), 'the frame a fresh start draws', 5000).catch((error: unknown) => {
				throw new Error(`${(error as Error).message}\nexpected (shaped):\n${expected}\nthe screen (shaped):\n${shape(tui.screen())}`);
			});
			const lines = screen.split('\n');
			expect(lines.filter(l => l.includes('? help'))).toHaveLength(1);
			expect(lines.filter(l => l.startsWith('ecs-top  account'))).toHaveLength(1);
		}, 60_000);
	}
});
