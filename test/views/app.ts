// The whole app against the simulator (real SDK, real data layer, stepped clocks), as the TUI
// part-1 tests drive it, with a helper to read the table's rows by name.
import {cleanup} from 'ink-testing-library';
import {afterEach, expect} from 'vitest';
import {simApp} from '../tui/sim-app.js';

let opened: Array<{close(): Promise<void>}> = [];

export function closeAppsAfterEach(): void {
	afterEach(async () => {
		cleanup();
		for (const app of opened) await app.close();
		opened = [];
	});
}

export async function start(options?: Parameters<typeof simApp>[0]) {
	const app = await simApp(options);
	opened.push(app);
	return app;
}

export type App = Awaited<ReturnType<typeof start>>;

/** The table rows of a frame: the lines under the column header (line 3) until the first blank. */
export function tableRows(frame: string): string[] {
	const rows: string[] = [];
	for (const line of frame.split('\n').slice(3)) {
		if (!/^[> ][* ] *\S/.test(line)) break;
		rows.push(line);
	}
	return rows;
}

/** The first word of each table row (names, task IDs), past the services pane's `!` column. */
export const firstCells = (frame: string) =>
	tableRows(frame).map(l => l.slice(2).trim().split(/\s+/).find(w => w !== '!') ?? '');

export const selectedIs = (text: string) => (frame: string) => {
	const line = frame.split('\n').find(l => l.startsWith('>')) ?? '';
	expect(line).toContain(text);
};
