// A total outage must never cost more calls than normal polling: every failure (HTTP 500, an HTML
// 500 page, a dropped connection) backs off, exponentially with full jitter, as throttling does.
// Measured at the simulator's /_sim/stats over 60 s of stepped time, the TUI on a cluster's
// services pane (the clusters pane open behind it), against 60 s of normal polling just before.
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {faultApp, total} from './harness.js';

let opened: Array<{close(): Promise<void>}> = [];
afterEach(async () => {
	cleanup();
	for (const app of opened) await app.close();
	opened = [];
});

async function measure(outage: Record<string, unknown>) {
	const app = await faultApp({app: {cluster: 'production'}});
	opened.push(app);
	await app.until(f => expect(f).toMatch(/worker +ACTIVE/));
	await app.step(10_000);
	const normal = await app.callsDuring(60);
	await app.sim.faults(outage);
	const failing = await app.callsDuring(60);
	expect(app.frame()).toContain('stale since');
	// Once the endpoint answers again, the pane recovers (within the backoff's cap).
	await app.sim.faults({});
	await app.until(f => expect(f).toMatch(/updated \d+s ago/), 60);
	return {normal, failing};
}

describe('an outage costs no more calls than normal polling', () => {
	for (const [name, outage] of [
		['HTTP 500', {errorRate: 1}],
		['HTML 500 pages', {errorRate: 1, htmlErrors: true}],
		['connection resets', {resetRate: 1}],
	] as const) {
		it(`${name}: calls per minute, in total and per operation`, async () => {
			const {normal, failing} = await measure(outage);
			console.info(`${name}: normal ${total(normal)}/min ${JSON.stringify(normal)}; outage ${total(failing)}/min ${JSON.stringify(failing)}`);
			expect(normal.ListServices).toBeGreaterThan(0);
			expect(total(failing)).toBeLessThanOrEqual(total(normal));
			for (const [operation, calls] of Object.entries(failing)) expect(calls, operation).toBeLessThanOrEqual(normal[operation] ?? 0);
			// Backing off, not merely not retrying: one failed poll per refresh would be 30 a minute.
			expect(failing.ListServices).toBeLessThanOrEqual(normal.ListServices! / 3);
		});
	}

	it('failing polls come later each time (exponential, full jitter), never sooner than the interval, at most 32 s apart', async () => {
		const app = await faultApp({app: {cluster: 'production'}});
		opened.push(app);
		await app.until(f => expect(f).toMatch(/worker +ACTIVE/));
		await app.sim.faults({errorRate: 1});
		const at: number[] = [];
		let seen = app.sim.sim.stats().calls.ListServices ?? 0;
		for (let t = 0; t < 240_000; t += 250) {
			await app.step(250);
			const now = app.sim.sim.stats().calls.ListServices ?? 0;
			for (; seen < now; seen++) at.push(app.clock.now());
		}
		const gaps = at.slice(1).map((t, i) => t - at[i]!);
		expect(gaps.length).toBeGreaterThan(5);
		// 250 ms steps: a gap is measured to the step.
		for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(2000);
		for (const gap of gaps) expect(gap).toBeLessThanOrEqual(32_250);
		const mean = (list: number[]) => list.reduce((a, b) => a + b, 0) / list.length;
		expect(mean(gaps.slice(-5))).toBeGreaterThan(2 * mean(gaps.slice(0, 3)));
		// Jittered: not one fixed cadence.
		expect(new Set(gaps.slice(-5)).size).toBeGreaterThan(1);
	});
});
