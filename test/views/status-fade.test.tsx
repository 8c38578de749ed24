// The status line: an error fades like other messages (a little later), and goes as soon as the
// user moves on (a command that works, another view) — but what a call to AWS did stays its time.
import {describe, expect, it} from 'vitest';
import {render} from 'ink-testing-library';
import {StatusLine} from '../../source/views/status-line.js';
import {keys} from '../tui/render-app.js';
import {closeAppsAfterEach, start} from './app.js';

closeAppsAfterEach();

const line = (status: Parameters<typeof StatusLine>[0]['status'], now: number) => render(<StatusLine status={status} now={now} color={false} />).lastFrame()?.trim();

describe('status line', () => {
	it('a failed : command is gone once a later one works', async () => {
		const app = await start({app: {cluster: 'production'}});
		await app.until(f => expect(f).toMatch(/^SERVICES /m));
		await app.press(':nope\r');
		await app.waitFor(f => expect(f).toContain('unknown command ":nope"'));
		await app.press(':clusters\r');
		await app.waitFor(f => expect(f).toMatch(/^CLUSTERS/m));
		expect(app.frame()).not.toContain('unknown command');
		await app.press(keys.escape);
	});

	it('errors fade after 8 s, outcomes of AWS calls after 15 s', () => {
		const error = {text: 'unknown command ":x"', tone: 'error' as const, at: 0};
		expect(line(error, 7999)).toBe('unknown command ":x"');
		expect(line(error, 8000)).toBe('');
		const outcome = {text: 'outcome unknown: scale web', tone: 'error' as const, outcome: true, at: 0};
		expect(line(outcome, 14_999)).toBe('outcome unknown: scale web');
		expect(line(outcome, 15_000)).toBe('');
	});
});
