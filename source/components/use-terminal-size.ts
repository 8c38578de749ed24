// The terminal's size, re-read on stdout's 'resize'. Explicit sizes (tests, benchmarks) win over
// the terminal's. Not Ink's useWindowSize: where stdout reports no size (ink-testing-library has
// no rows, a pipe has neither) it asks the terminal-size package, which may run `tput`/`stty`;
// this hook answers 80x24 there, the same in every test run.
import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export interface TerminalSize {
	columns: number;
	rows: number;
}

/** ink-testing-library's stdout has 100 columns and no rows; a piped stdout has neither. */
export const defaultSize: TerminalSize = {columns: 80, rows: 24};

export function useTerminalSize(override?: Partial<TerminalSize>): TerminalSize {
	const stdout = useStdout().stdout as NodeJS.WriteStream;
	const read = (): TerminalSize => ({
		columns: override?.columns ?? (stdout.columns || defaultSize.columns),
		rows: override?.rows ?? (stdout.rows || defaultSize.rows),
	});
	const [size, setSize] = useState(read);
	useEffect(() => {
		const onResize = () => setSize(read());
		onResize();
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [stdout, override?.columns, override?.rows]);
	return size;
}
