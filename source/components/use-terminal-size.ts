// The terminal's size, re-read on stdout's 'resize'. Explicit sizes (tests, benchmarks) win over
// the terminal's. Not Ink's useWindowSize: where stdout reports no size (ink-testing-library has
// no rows, a pipe has neither) it asks the terminal-size package, which may run `tput`/`stty`;
// this hook answers 80x24 there, the same in every test run.
//
// Once the size has held still for a moment after a resize, the screen is cleared and the frame
// drawn whole, once. A terminal moves, cuts and reflows its rows as it resizes, and Ink's
// incremental frames assume the rows are where it left them: after a fast run of resizes (a window
// dragged, a tmux layout change) a row the new frame leaves blank could keep a piece of an older
// frame, such as an old hint bar, until something redrew it. One clear per settled size, not per
// resize: no flicker while the size is still changing.
import process from 'node:process';
import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export interface TerminalSize {
	columns: number;
	rows: number;
}

/** ink-testing-library's stdout has 100 columns and no rows; a piped stdout has neither. */
export const defaultSize: TerminalSize = {columns: 80, rows: 24};

/** How long the size must hold still after a resize before the screen is redrawn whole. */
export const resizeSettleMs = 150;

/** Cursor home, erase to the end: Ink's next write() then draws its whole frame on a clean screen. */
export const clearScreen = '\u001B[H\u001B[J';

export function useTerminalSize(override?: Partial<TerminalSize>): TerminalSize {
	const {stdout: out, write} = useStdout();
	const stdout = out as NodeJS.WriteStream;
	const read = (): TerminalSize => ({
		columns: override?.columns ?? (stdout.columns || defaultSize.columns),
		rows: override?.rows ?? (stdout.rows || defaultSize.rows),
	});
	const [size, setSize] = useState(read);
	useEffect(() => {
		let settle: ReturnType<typeof setTimeout> | undefined;
		const redrawWhenSettled = () => {
			// Only on a terminal (a test's fake stdout has nothing to tear). Ink's write() erases its
			// frame, writes this, and draws the latest frame again in full, in one synchronized update.
			if (!stdout.isTTY) return;
			clearTimeout(settle);
			settle = setTimeout(() => write(clearScreen), resizeSettleMs);
		};
		const onResize = () => {
			setSize(read());
			redrawWhenSettled();
		};
		setSize(read());
		stdout.on('resize', onResize);
		// The signal too: a size that changed and changed back before Node looked (tmux's zoom on and
		// off, a resize storm ending where it began, on a busy machine) emits no 'resize', since Node
		// compares the size it reads with the one it had, but the terminal has cut and reflowed the rows.
		// (No SIGWINCH on Windows, where Node emits 'resize' from the console's own events.)
		const watchSignal = stdout.isTTY === true && process.platform !== 'win32';
		if (watchSignal) process.on('SIGWINCH', redrawWhenSettled);
		return () => {
			clearTimeout(settle);
			stdout.off('resize', onResize);
			if (watchSignal) process.off('SIGWINCH', redrawWhenSettled);
		};
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [stdout, write, override?.columns, override?.rows]);
	return size;
}
