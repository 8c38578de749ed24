// The cost meter against the simulator: the whole app through the real SDK clients (ECS, CloudWatch
// Logs for a logs pane, CloudWatch for CPU%/MEM%) on the app's stepped clock, every call counted by
// the limiter into a ledger the app shows on `$`. Once the app has polled, read logs and metrics,
// the meter's count per throttle category equals what the simulator says it answered
// (`/_sim/stats`, its operations mapped to categories as the limiter maps them), and its metrics
// requested equal the simulator's `metricsRequested`.
import {describe, expect, it, vi} from 'vitest';
import {createLogsApis} from '../../source/aws/client.js';
import {categoryLabel, operationCategory, type Category} from '../../source/aws/categories.js';
import {createLogsFeed} from '../../source/store/logs/feed.js';
import type {LogsTarget} from '../../source/store/logs/types.js';
import {testCredentials} from '../helpers/api.js';
import type {ManualClock} from '../helpers/manual-clock.js';
import {closeAppsAfterEach, firstCells, start, type App} from '../views/app.js';
import {keys} from './render-app.js';

closeAppsAfterEach();

const appStart = Date.UTC(2026, 0, 1);
const labelCategory = new Map(Object.entries(categoryLabel).map(([category, label]) => [label, category as Category]));

/** The meter's figures as drawn: calls since start per category, all calls, metrics requested. */
function meter(frame: string) {
	const byCategory: Partial<Record<Category, number>> = {};
	let all: number | undefined;
	let metrics: number | undefined;
	for (const line of frame.split('\n')) {
		const m = /^ {2}(\S.*?) {2,}([\d,]+) +([\d,]+)$/.exec(line.trimEnd());
		if (!m) continue;
		const total = Number(m[3]!.replaceAll(',', ''));
		const category = labelCategory.get(m[1]!);
		if (category) byCategory[category] = total;
		else if (m[1] === 'all calls') all = total;
		else if (m[1] === 'GetMetricData metrics requested') metrics = total;
		else throw new Error(`a line of the meter names no category: ${line}`);
	}
	return {byCategory, all, metrics};
}

describe('the cost meter against the simulator', () => {
	it('counts per category what the simulator answered, ECS, Logs and CloudWatch alike, and the metrics it billed', async () => {
		const holder: {clock?: ManualClock; app?: App} = {};
		// A logs feed on the app's limiter (its calls are counted in the same ledger) and stepped clock.
		const logsFeed = (target: LogsTarget) => {
			const app = holder.app!;
			const logs = createLogsApis({endpointUrl: app.sim.endpoint, region: 'us-east-1', credentials: testCredentials, limiter: app.limiter});
			return createLogsFeed({ecs: app.api, logs, target, now: holder.clock!.now, timers: holder.clock!.timers, random: () => 0.5});
		};
		// The simulator's world starts 15 minutes before the app's clock: complete minutes exist.
		const app = await start({sim: {startTime: appStart - 900_000}, app: {cluster: 'staging', columns: 120, rows: 30, logsFeed}, metrics: true});
		holder.app = app;
		holder.clock = app.clock;
		await app.sim.advance(900);
		// The services of staging, with CPU% read from CloudWatch.
		await app.until(f => expect(firstCells(f)).toContain('frontend'));
		await app.until(f => expect(f).toMatch(/^> .*\b\d+%/m));
		// A logs pane: DescribeLogStreams and GetLogEvents (or FilterLogEvents) through the same limiter.
		await app.press('l');
		await app.until(f => expect(f.split('\n')[1]).toMatch(/^LOGS/));
		await app.until(f => expect(f).toMatch(/\d\d:\d\d:\d\d\.\d{3} {2}/));
		await app.step(3000);
		await app.press(keys.escape);
		await app.until(f => expect(f.split('\n')[1]).toMatch(/^SERVICES/));
		await app.step(1000);

		// Reopened on each try: a call still on the wire when the meter was drawn is there the next time.
		await vi.waitFor(
			async () => {
				await app.press('$');
				await app.waitForText('AWS calls');
				const shown = meter(app.frame());
				await app.press('$');
				const stats = await app.sim.stats();
				const expected: Partial<Record<Category, number>> = {};
				for (const [operation, count] of Object.entries(stats.calls)) {
					const category = operationCategory[operation];
					expect(category, `the simulator answered ${operation}, which no category counts`).toBeDefined();
					expected[category!] = (expected[category!] ?? 0) + count;
				}
				expect(shown.byCategory).toEqual(expected);
				expect(shown.all).toBe(Object.values(stats.calls).reduce((a, b) => a + b, 0));
				expect(shown.metrics).toBe(stats.metricsRequested);
			},
			{timeout: 10_000, interval: 50},
		);
		const stats = await app.sim.stats();
		// Every kind was really called: the comparison is not of empty tables.
		expect(stats.calls.ListServices).toBeGreaterThan(0);
		expect(stats.calls.GetMetricData).toBeGreaterThan(0);
		expect(stats.metricsRequested).toBeGreaterThan(0);
		expect(Object.keys(stats.calls).filter(op => operationCategory[op]?.startsWith('logs'))).not.toEqual([]);
	});
});
