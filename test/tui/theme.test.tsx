// Themes: dark (the terminal's ANSI colours), light (darker shades), high-contrast (bright ones) and
// terminal (no colour: bold, dim and inverse only); NO_COLOR wins over each; and a task needing
// attention is marked `!` whatever the colours. Truecolor forced before Ink is imported.
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {defaultTheme, paint, themeFromEnv, themeFromName, type Theme} from '../../source/components/theme.js';
import {fakeData, makeCluster, makeTask} from './fake-data.js';
import {renderApp, stripAnsi, tick} from './render-app.js';

vi.hoisted(() => {
	process.env.FORCE_COLOR = '3';
});

afterEach(() => cleanup());

async function tasksFrame(theme: Theme, color: boolean): Promise<string> {
	const data = fakeData();
	const scope = {kind: 'tasks', cluster: 'c', service: 'web'} as const;
	data.setScope({kind: 'clusters'}, [makeCluster('c')]);
	data.setScope({...scope, stopped: true}, [makeTask('c', 'aaaa-ok'), makeTask('c', 'bbbb-sick', {healthStatus: 'UNHEALTHY'}), makeTask('c', 'cccc-pending', {lastStatus: 'PENDING'})]);
	const app = renderApp({store: data.store, poller: data.poller, cluster: 'c', service: 'web', color, theme});
	await tick();
	await app.press('z');
	await app.waitForText('cccc-pending');
	return app.lastFrame()!;
}

const lineOf = (raw: string, text: string) => raw.split('\n').find(l => stripAnsi(l).includes(text)) ?? '';
const anyColour = /\u001B\[(3\d|9\d|38;)/;

describe('themes', () => {
	it('are chosen by name (the config file, ECS_TOP_THEME), the default dark', () => {
		expect(themeFromName('light')?.name).toBe('light');
		expect(themeFromName('High-Contrast')?.name).toBe('high-contrast');
		expect(themeFromName('terminal-default')?.name).toBe('terminal');
		expect(themeFromName('solarized')).toBeUndefined();
		expect(themeFromEnv({}).name).toBe('dark');
		expect(themeFromEnv({ECS_TOP_THEME: 'light'}).name).toBe('light');
		expect(themeFromEnv({ECS_TOP_THEME: 'nope'})).toBe(defaultTheme);
		expect(paint(themeFromName('light')!, 'red')).toBe('#b00000');
		expect(paint(themeFromName('terminal')!, 'red')).toBeUndefined();
	});

	it('draw the states in their colours: dark ANSI red, light a dark red, high-contrast bright red', async () => {
		expect(lineOf(await tasksFrame(themeFromName('dark')!, true), 'bbbb-sick')).toMatch(/\u001B\[31m/);
		expect(lineOf(await tasksFrame(themeFromName('light')!, true), 'bbbb-sick')).toMatch(/\u001B\[38;2;176;0;0m/);
		const high = await tasksFrame(themeFromName('high-contrast')!, true);
		expect(lineOf(high, 'bbbb-sick')).toMatch(/\u001B\[91m/);
		expect(lineOf(high, 'cccc-pending')).toMatch(/\u001B\[93m/);
	});

	it('terminal draws no colour, and NO_COLOR wins over every theme; attention stays visible as `!`', async () => {
		for (const [theme, color] of [[themeFromName('terminal')!, true], [themeFromName('high-contrast')!, false], [themeFromName('light')!, false]] as const) {
			const raw = await tasksFrame(theme, color);
			expect(raw, theme.name).not.toMatch(anyColour);
			expect(stripAnsi(lineOf(raw, 'bbbb-sick'))).toMatch(/^..bbbb-sick +! /);
			expect(stripAnsi(lineOf(raw, 'aaaa-ok'))).toMatch(/^..aaaa-ok {3,}[A-Z]/);
			expect(stripAnsi(lineOf(raw, 'bbbb-sick'))).toContain('UNHEALTHY');
		}
	});
});
