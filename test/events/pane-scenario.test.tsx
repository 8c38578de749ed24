// The events pane in the whole TUI over the real data layer and the simulator, on a stepped
// clock: a service's events, following, the "N new" marker, and the cluster feed's call budget.
import {cleanup} from 'ink-testing-library';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {eventsExtension} from '../../source/views/events-view.js';
import {fillCluster, simFixture, type Fixture} from '../aws/sim-fixture.js';
import {layerFor} from '../store/layer-fixture.js';
import {renderApp, tick} from '../tui/render-app.js';

let f: Fixture;
const stops: Array<() => void> = [];

beforeAll(async () => {
	f = await simFixture({throttle: false});
	fillCluster(f.sim, 'shop', 12, 1);
	fillCluster(f.sim, 'big', 2000, 1);
});
afterAll(() => f.close());
afterEach(() => {
	cleanup();
	for (const stop of stops.splice(0)) stop();
});

function tui(cluster?: string, rows = 20) {
	const layer = layerFor(f);
	stops.push(() => layer.poller.stop());
	const app = renderApp({store: layer.store, poller: layer.poller, api: layer.api, extensions: [eventsExtension], cluster, rows, columns: 120, now: layer.clock.now});
	return {layer, app};
}

const addEvents = (cluster: string, service: string, count: number, message?: string) => f.sim.world && fetch(`${f.endpoint}/_sim/events`, {method: 'POST', body: JSON.stringify({cluster, service, count, message})});
const eventLines = (frame: string) => frame.split('\n').filter(l => /^\d\d-\d\d \d\d:\d\d:\d\d/.test(l));

describe('events pane scenarios', () => {
	it("e on a service shows its events oldest first and follows new ones; scrolling up counts them as 'N new'", async () => {
		const {layer, app} = tui('shop');
		await tick();
		await layer.step(500);
		await app.waitForText('svc-0000');
		for (let i = 0; i < 20; i++) await addEvents('shop', 'svc-0000', 1, `(service svc-0000) numbered ${String(i).padStart(2, '0')}`);
		await app.press('e');
		await app.waitForText('svc-0000 events');
		await layer.step(2500);
		await app.waitFor(frame => expect(eventLines(frame).at(-1)).toContain('numbered 19'));
		const lines = eventLines(app.frame());
		expect(lines).toHaveLength(14);
		expect(lines.map(l => l.match(/numbered (\d+)/)?.[1])).toEqual(Array.from({length: 14}, (_, i) => String(i + 6).padStart(2, '0')));
		expect(app.frame()).toContain('following');

		await addEvents('shop', 'svc-0000', 2, '(service svc-0000) later');
		await layer.step(2500);
		await app.waitFor(frame => expect(eventLines(frame).at(-1)).toContain('later'));

		await app.press('kk');
		await app.waitForText('paused');
		await addEvents('shop', 'svc-0000', 3, '(service svc-0000) while away');
		await layer.step(2500);
		await app.waitForText('3 new ↓ G');
		expect(app.frame()).not.toContain('while away');
		await app.press('G');
		await app.waitForText('following');
		expect(eventLines(app.frame()).slice(-3).every(l => l.includes('while away'))).toBe(true);
	});

	it('the cluster feed of a 2,000-service cluster merges every service and stays within the poll budget', async () => {
		const {layer, app} = tui(undefined, 24);
		await tick();
		await layer.step(500);
		await app.waitForText('big');
		// Select "big" in the cluster list and open its feed.
		await app.waitFor(frame => expect(frame).toMatch(/^> +\S/m));
		while (!app.selectedLine().includes('big')) await app.press('j');
		await addEvents('big', 'svc-1999', 1, '(service svc-1999) the last service speaks');
		await f.resetStats();
		await app.press('e');
		await app.waitForText('big events');
		// The first sweep: every service described once (its pace is the data layer's cold load).
		const started = layer.clock.now();
		await layer.step(1000);
		while ((await f.stats()).calls.DescribeServices! < 200 && layer.clock.now() - started < 300_000) await layer.step(5000);
		const cold = await f.stats();
		const coldSeconds = (layer.clock.now() - started) / 1000;
		await app.waitForText('the last service speaks');
		// Steady state: a quarter of ECS's 20/s service-read refill (the data layer plans 95 % of it).
		await f.resetStats();
		const seconds = 60;
		await layer.step(seconds * 1000, 1000);
		const stats = await f.stats();
		const serviceReads = (stats.calls.DescribeServices ?? 0) + (stats.calls.ListServices ?? 0);
		process.stdout.write(`cluster feed, 2,000 services: first sweep ${cold.calls.DescribeServices} DescribeServices + ${cold.calls.ListServices} ListServices in ${coldSeconds} s; then ${(serviceReads / seconds).toFixed(2)} service reads/s\n`);
		expect(serviceReads / seconds).toBeLessThanOrEqual(5);
		expect(serviceReads).toBeGreaterThan(0);
		expect(app.frame()).toMatch(/updated \d+s ago|loaded [\d,]+ of 2,000/);
	});
});
