// The header's API status tells the latest truth: a server fault after throttling is an error, not
// a stale `throttled`; `API ok` comes back with the first answer; a call that gets no answer shows
// as `waiting for ECS (N s)` once it is 5 s old. The whole TUI through the real SDK, on one stepped clock.
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {apiStatusText} from '../../source/views/header.js';
import {blackHole, type BlackHole} from './black-hole.js';
import {faultApp} from './harness.js';

let opened: Array<{close(): Promise<void>}> = [];
afterEach(async () => {
	cleanup();
	for (const app of opened.reverse()) await app.close();
	opened = [];
});

async function start(options: Parameters<typeof faultApp>[0] = {}) {
	const app = await faultApp({app: {cluster: 'production'}, ...options});
	opened.push(app);
	await app.until(f => expect(f).toMatch(/worker +ACTIVE/));
	expect(app.apiLine()).toContain('API ok');
	return app;
}

describe('the header API status', () => {
	it('throttled, then HTTP 500s: shows the error, not a stale throttle mark; API ok after the next answer', async () => {
		const app = await start();
		await app.sim.faults({throttleRate: 1});
		await app.until(() => expect(app.apiLine()).toMatch(/throttled/));
		await app.step(10_000);
		expect(app.apiLine()).toMatch(/throttled/);
		// Throttling ends; ECS fails instead. Once a call has met a 500 the header says so, and keeps
		// saying so for as long as the 500s last (a minute here), never `throttled` again.
		await app.sim.faults({throttleRate: 0, errorRate: 1});
		await app.until(() => expect(app.apiLine()).toContain('error: ECS returned a server error (HTTP 500)'), 40);
		for (let t = 0; t < 60_000; t += 1000) {
			await app.step(1000);
			expect(app.apiLine()).not.toMatch(/throttled/);
			expect(app.apiLine()).toContain('error: ECS returned a server error (HTTP 500)');
		}
		await app.sim.faults({});
		await app.until(() => expect(app.apiLine()).toContain('API ok'), 40);
		expect(app.frame()).toMatch(/updated \d+s ago/);
	});

	it('a call with no answer: API ok for its first seconds, then "waiting for ECS (N s)", counting, until answers come back', async () => {
		let proxy: BlackHole | undefined;
		const app = await start({
			endpoint: async url => {
				proxy = await blackHole(url);
				return proxy.url;
			},
		});
		opened.push({close: () => proxy!.close()});
		proxy!.hold();
		// The next poll goes out and gets no answer.
		let sent: number | undefined;
		for (let i = 0; i < 40 && sent === undefined; i++) {
			await app.stepBlind(250);
			sent = app.limiter.status().outstandingSince;
		}
		expect(sent).toBeDefined();
		await app.stepBlind(sent! + 4000 - app.clock.now());
		await app.waitFor(() => expect(app.apiLine()).toContain('API ok'));
		await app.stepBlind(sent! + 12_000 - app.clock.now());
		await app.waitFor(() => expect(app.apiLine()).toContain('waiting for ECS (12 s)'));
		expect(app.apiLine()).not.toContain('API ok');
		await app.stepBlind(8000);
		await app.waitFor(() => expect(app.apiLine()).toContain('waiting for ECS (20 s)'));
		// The network comes back: the lost calls fail (reset), the next poll is answered.
		proxy!.release();
		await app.until(() => expect(app.apiLine()).toContain('API ok'), 40);
		expect(app.frame()).toMatch(/updated \d+s ago/);
	});
});

describe('apiStatusText', () => {
	it('waiting is yellow and counts whole seconds since the oldest unanswered call', () => {
		expect(apiStatusText({state: 'waiting', waitingSince: 1000}, 13_400)).toEqual({text: 'waiting for ECS (12 s)', color: 'yellow'});
	});
});
