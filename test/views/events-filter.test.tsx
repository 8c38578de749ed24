// The `/` filter reaches the events pane (the shell hands it the filtered rows), and a pane that
// draws itself shows no "1/N" position in the header.
import {describe, expect, it} from 'vitest';
import {keys} from '../tui/render-app.js';
import {closeAppsAfterEach, start} from './app.js';

closeAppsAfterEach();

const eventLines = (frame: string) => frame.split('\n').filter(l => /^\d\d-\d\d \d\d:\d\d:\d\d {2}/.test(l));

describe('events pane', () => {
	it('is filtered by /, live, and Esc clears the filter before leaving', async () => {
		const app = await start({app: {cluster: 'staging', columns: 140, rows: 40}});
		await app.sim.advance(90);
		await app.untilText('payments');
		await app.press(':ev\r');
		await app.until(f => expect(eventLines(f).length).toBeGreaterThan(5));
		expect(app.frame().split('\n')[1]).not.toMatch(/\d+\/\d+ {2}updated/);
		const all = eventLines(app.frame());
		expect(all.some(l => !/search/.test(l))).toBe(true);
		await app.press('/ search ');
		await app.waitFor(f => {
			const lines = eventLines(f);
			expect(lines.length).toBeGreaterThan(0);
			expect(lines.length).toBeLessThan(all.length);
			for (const line of lines) expect(line).toMatch(/ search /);
		});
		expect(app.frame()).toMatch(/^EVENTS .*\[filter {2}search  \d+ of \d+\]/m);
		await app.press('\u0015/circuit breaker|rolling back/\r');
		await app.waitFor(f => {
			const lines = eventLines(f);
			expect(lines.length).toBeGreaterThan(0);
			for (const line of lines) expect(line).toMatch(/circuit breaker|rolling back/);
		});
		await app.press(keys.escape);
		await app.waitFor(f => expect(eventLines(f).length).toBeGreaterThanOrEqual(all.length));
		expect(app.frame()).toMatch(/^EVENTS /m);
		await app.press(keys.escape);
		await app.until(f => expect(f).toMatch(/^SERVICES /m));
	});
});
