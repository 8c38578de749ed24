// `$`, the cost meter, in the whole app on fake data: a real SpendLedger on a stepped clock with
// known calls shows exactly those figures (per category, last minute and since start, billed
// units, the estimate and its parts, the prices' date and status); it opens on every pane, Esc and
// `$` close it, it redraws by itself as the ledger moves, scrolls when short, and says spend is
// not counted when the app has no ledger.
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {cloudwatchPrices, SpendLedger} from '../../source/aws/spend.js';
import {fakeData, makeCluster, makeService} from './fake-data.js';
import {expectFits, keys, renderApp, tick} from './render-app.js';

afterEach(() => cleanup());

const start = Date.UTC(2026, 0, 1, 12);
/** A frame's lines with runs of spaces made one: the figures, whatever the column widths. */
const words = (frame: string) => frame.split('\n').map(l => l.trim().replace(/\s+/g, ' '));

/** Known calls over 144 s of the ledger's clock: some in the last minute, some before it. */
function knownLedger() {
	let t = start;
	const ledger = new SpendLedger({now: () => t});
	const calls = (category: Parameters<SpendLedger['call']>[0], n: number) => {
		for (let i = 0; i < n; i++) ledger.call(category);
	};
	calls('clusterRead', 3);
	calls('serviceRead', 40);
	calls('logsGetLogEvents', 5);
	calls('cloudwatchGetMetricData', 2);
	ledger.metricsRequested(132);
	const firstSession = ledger.liveTailStarted();
	t += 120_000;
	firstSession();
	calls('serviceRead', 6);
	calls('cloudwatchGetMetricData', 1);
	ledger.metricsRequested(12);
	calls('logsStartLiveTail', 1);
	ledger.liveTailStarted();
	t += 24_000;
	return {ledger, calls};
}

function app(spend?: () => ReturnType<SpendLedger['snapshot']>, rows = 30) {
	const data = fakeData();
	// Data that is never late: the shell's own clock then ticks only every 5 s, so a faster redraw
	// of the meter is the meter's own.
	data.setScope({kind: 'clusters'}, [makeCluster('prod')], {intervalMs: 600_000});
	data.setScope({kind: 'services', cluster: 'prod'}, [makeService('prod', 'web')], {intervalMs: 600_000});
	return renderApp({store: data.store, poller: data.poller, columns: 100, rows, spend});
}

describe('the cost meter ($)', () => {
	it('shows every category called, billed units and the estimate with its parts, exactly', async () => {
		const {ledger} = knownLedger();
		const a = app(() => ledger.snapshot());
		await tick();
		await a.waitForText('prod');
		await a.press('$');
		await a.waitForText('What ecs-top has called and spent since 12:00:00 UTC (2m). Esc or $ closes.');
		const lines = words(a.frame());
		const table = lines.slice(lines.indexOf('AWS calls last 60 s since start'));
		// categoryLabel's order (ECS, Logs, CloudWatch), only what was called, then the sum.
		expect(table.slice(0, 8)).toEqual([
			'AWS calls last 60 s since start',
			'cluster read 0 3',
			'service read 6 46',
			'logs GetLogEvents 0 5',
			'logs StartLiveTail 1 1',
			'CloudWatch GetMetricData 1 3',
			'all calls 8 58',
			'',
		]);
		expect(table.slice(8, 12)).toEqual([
			'Billed by AWS last 60 s since start',
			'GetMetricData metrics requested 12 144',
			'Live Tail sessions: 1 open, 2 started, 2.4 session-minutes',
			'',
		]);
		// 144 / 1,000 × $0.01 and 2.4 × $0.01.
		expect(table.slice(12, 18)).toEqual([
			'Estimate: $0.0254 (us-east-1 prices, free tier not subtracted)',
			'GetMetricData $0.0014 144 metrics × $0.01 per 1,000',
			'Live Tail $0.0240 2.4 session-minutes × $0.01',
			`Prices are estimates read on ${cloudwatchPrices.readAt}, unverified.`,
			'Billed calls: metrics once a minute for what is on screen (CPU%, MEM%),',
			'Live Tail only when L is pressed; ECS and CloudWatch Logs reads are not billed.',
		]);
		expectFits(a.frame(), 100, 29);
		// The table is gone while the meter is up; Esc brings it back.
		expect(a.frame()).not.toMatch(/^> prod/m);
		await a.press(keys.escape);
		await a.waitFor(f => expect(f).toMatch(/^> prod/m));
		expect(a.frame()).not.toContain('AWS calls');
	});

	it('opens on every pane and closes with $ as with Esc', async () => {
		const {ledger} = knownLedger();
		const a = app(() => ledger.snapshot());
		await tick();
		await a.waitForText('prod');
		await a.press(keys.enter);
		await a.waitForText('SERVICES');
		await a.press('$');
		await a.waitForText('AWS calls');
		await a.press('$');
		await a.waitFor(f => expect(f).not.toContain('AWS calls'));
		expect(a.frame()).toContain('SERVICES');
		// A key of the pane under it does nothing while the meter is up (`?` would open help).
		await a.press('$?');
		await a.waitForText('AWS calls');
		expect(a.frame()).not.toContain('Keys: services');
	});

	it('redraws by itself as the ledger counts, without a key', async () => {
		const {ledger, calls} = knownLedger();
		const a = app(() => ledger.snapshot());
		await tick();
		await a.waitForText('prod');
		await a.press('$');
		await a.waitFor(f => expect(words(f)).toContain('service read 6 46'));
		calls('serviceRead', 4);
		// The meter's own redraw (once a second while open) shows them; no key, no store change.
		await a.waitFor(f => expect(words(f)).toContain('service read 10 50'), 3500);
		expect(words(a.frame())).toContain('all calls 12 62');
	});

	it('scrolls with j/k when the terminal is short', async () => {
		const {ledger} = knownLedger();
		const a = app(() => ledger.snapshot(), 14);
		await tick();
		await a.waitForText('prod');
		await a.press('$');
		await a.waitForText('(j/k scroll)');
		expect(a.frame()).not.toContain('Live Tail only when L is pressed');
		await a.press('j'.repeat(20));
		await a.waitForText('Live Tail only when L is pressed; ECS and CloudWatch Logs reads are not billed.');
		expect(a.frame()).not.toContain('(j/k scroll)');
		expectFits(a.frame(), 100, 13);
		await a.press('k'.repeat(30));
		await a.waitFor(f => expect(words(f)).toContain('AWS calls last 60 s since start'));
	});

	it('says spend is not counted when the app has no ledger', async () => {
		const a = app(undefined);
		await tick();
		await a.waitForText('prod');
		await a.press('$');
		await a.waitForText('Cost meter: spend not counted');
		expect(a.frame()).not.toContain('AWS calls');
		await a.press(keys.escape);
		await a.waitFor(f => expect(f).not.toContain('spend not counted'));
	});
});
