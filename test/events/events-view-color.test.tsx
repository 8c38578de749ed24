// Colour needs chalk to believe the terminal has colours: set before Ink is imported.
import {cleanup} from 'ink-testing-library';
import {afterEach, expect, it, vi} from 'vitest';
import {events, openFeed} from './view-world.js';

vi.hoisted(() => {
	process.env.FORCE_COLOR = '1';
});

afterEach(() => cleanup());

it('colours failures red and steady state green, and nothing without colour', async () => {
	const {app, addEvents} = await openFeed(true);
	addEvents('web', events('web', 2, 900, i => (i ? '(service web) has reached a steady state.' : '(service web) was unable to place a task.')));
	await app.waitFor(f => expect(f).toContain('steady state'));
	const raw = app.lastFrame()!;
	expect(raw).toMatch(/\u001B\[31m[^\n]*unable to place/);
	expect(raw).toMatch(/\u001B\[32m[^\n]*steady state/);
	cleanup();
	const plain = await openFeed(false);
	plain.addEvents('web', events('web', 1, 950, () => '(service web) was unable to place a task.'));
	await plain.app.waitFor(f => expect(f).toContain('unable to place'));
	expect(plain.app.lastFrame()).not.toMatch(/\u001B\[3[12]m/);
});
