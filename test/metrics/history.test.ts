// The describe view's utilization history: each range read whole once, then only extended (with
// CloudWatch's late minutes read again); the chart's columns and figures.
import {describe, expect, it} from 'vitest';
import type {HistoryRequest, HistoryResult, MetricsApi} from '../../source/aws/metrics-api.js';
import {createMetricsHistory} from '../../source/store/metrics/history.js';
import {chart, utilizationLines} from '../../source/views/describe/utilization.js';
import {ManualClock} from '../helpers/manual-clock.js';

const minute = 60_000;

function fakeApi() {
	const requests: HistoryRequest[] = [];
	const api: MetricsApi = {
		region: 'us-east-1',
		latest: async () => ({readings: new Map(), messages: []}),
		async history(_target, request): Promise<HistoryResult> {
			requests.push(request);
			const points = [];
			for (let t = request.start; t < request.end; t += request.period * 1000) points.push({t, v: (t / minute) % 100});
			return {series: {period: request.period, cpu: points, memory: points.map(p => ({...p, v: 50}))}, messages: []};
		},
	};
	return {api, requests};
}

describe('utilization history', () => {
	it('reads a range whole once, then extends it each minute from 5 minutes back', async () => {
		const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
		const {api, requests} = fakeApi();
		const feed = createMetricsHistory({api, target: {kind: 'service', cluster: 'prod', service: 'web'}, now: clock.now, timers: clock.timers});
		feed.setRange('1h');
		await clock.advance(0);
		expect(requests).toEqual([{start: clock.now() - 60 * minute, end: clock.now(), period: 60}]);
		expect(feed.getState().series?.cpu).toHaveLength(60);
		await clock.advance(minute);
		expect(requests[1]).toEqual({start: clock.now() - 6 * minute, end: clock.now(), period: 60});
		// The chart keeps its hour: the oldest minute drops out as a new one comes in.
		expect(feed.getState().series?.cpu).toHaveLength(60);
		expect(feed.getState().series?.cpu.at(-1)?.t).toBe(clock.now() - minute);
		feed.setRange('24h');
		await clock.advance(0);
		expect(requests[2]).toMatchObject({period: 300, end: Math.floor(clock.now() / (5 * minute)) * 5 * minute});
		expect(requests[2]!.end - requests[2]!.start).toBe(24 * 60 * minute);
		// Back to the hour: extended, not read whole again.
		feed.setRange('1h');
		await clock.advance(0);
		expect(requests[3]!.end - requests[3]!.start).toBe(5 * minute);
		feed.stop();
		const count = requests.length;
		await clock.advance(10 * minute);
		expect(requests).toHaveLength(count);
	});

	it('draws a column a minute on a 0–100 scale, the highest value of a column, blanks without data', () => {
		const start = 0;
		expect(chart([{t: 0, v: 0}, {t: minute, v: 100}, {t: 3 * minute, v: 50}], start, 4 * minute, 4)).toBe('▁█ ▄');
		// 3 h in 60 columns: three minutes a column, the spike kept.
		const points = Array.from({length: 180}, (_, i) => ({t: i * minute, v: i === 91 ? 99 : 10}));
		const line = chart(points, 0, 180 * minute);
		expect(line).toHaveLength(60);
		expect(line[30]).toBe('█');
		expect(line.replace('█', '')).toMatch(/^▁+$/);
	});

	it('shows min, average, max and the latest value, and why there is no chart', () => {
		const series = {period: 60, cpu: [{t: 0, v: 10}, {t: minute, v: 30}], memory: [{t: 0, v: 96}, {t: minute, v: 97}]};
		const lines = utilizationLines({version: 1, range: '1h', series, start: 0, end: 60 * minute, loading: false, notes: []}).map(l => l.text);
		expect(lines).toContain('  CPU  min 10% · avg 20% · max 30% · latest 30%');
		expect(lines.some(l => l.startsWith('  MEM  min 96% · avg 97% · max 97%'))).toBe(true);
		const unavailable = utilizationLines(undefined, 'metrics are off (--no-metrics)').map(l => l.text);
		expect(unavailable).toContain('  metrics are off (--no-metrics)');
	});
});
