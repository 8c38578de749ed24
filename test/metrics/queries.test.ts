// GetMetricData's queries for utilization, pure: which namespace, metric and dimensions each target
// reads, ids m0…, results merged across pages, percents, the windows, the ≥95 %-for-5-minutes rule.
import {describe, expect, it} from 'vitest';
import {historyRequest, memorySustained, targetKey} from '../../source/aws/metrics-api.js';
import {billedMetrics, buildQueries, containerInsightsTask, latestWindow, mergeResults, percentSeries, type Datapoints} from '../../source/aws/metrics-queries.js';

const minute = 60_000;
const t0 = Date.UTC(2026, 0, 1, 12);

describe('the queries', () => {
	it('clusters and services read AWS/ECS CPUUtilization and MemoryUtilization by their dimensions, stat Average', () => {
		const {queries, plans} = buildQueries([{kind: 'cluster', cluster: 'prod'}, {kind: 'service', cluster: 'prod', service: 'web'}], 60);
		expect(queries.map(q => [q.Id, q.MetricStat.Metric.Namespace, q.MetricStat.Metric.MetricName, q.MetricStat.Metric.Dimensions, q.MetricStat.Period, q.MetricStat.Stat])).toEqual([
			['m0', 'AWS/ECS', 'CPUUtilization', [{Name: 'ClusterName', Value: 'prod'}], 60, 'Average'],
			['m1', 'AWS/ECS', 'MemoryUtilization', [{Name: 'ClusterName', Value: 'prod'}], 60, 'Average'],
			['m2', 'AWS/ECS', 'CPUUtilization', [{Name: 'ClusterName', Value: 'prod'}, {Name: 'ServiceName', Value: 'web'}], 60, 'Average'],
			['m3', 'AWS/ECS', 'MemoryUtilization', [{Name: 'ClusterName', Value: 'prod'}, {Name: 'ServiceName', Value: 'web'}], 60, 'Average'],
		]);
		expect(plans).toEqual([
			{key: 'cluster:prod', cpu: {value: 'm0'}, memory: {value: 'm1'}},
			{key: 'service:prod/web', cpu: {value: 'm2'}, memory: {value: 'm3'}},
		]);
		expect(queries.every(q => /^[a-z][a-zA-Z0-9_]*$/.test(q.Id))).toBe(true);
	});

	it('tasks read Container Insights used and reserved by cluster, family and task id; without a family nothing is asked', () => {
		const {queries, plans, messages} = buildQueries([
			{kind: 'task', cluster: 'prod', taskId: 'abc', family: 'web'},
			{kind: 'task', cluster: 'prod', taskId: 'def'},
		], 60);
		const dims = [{Name: 'ClusterName', Value: 'prod'}, {Name: 'TaskDefinitionFamily', Value: 'web'}, {Name: 'TaskId', Value: 'abc'}];
		expect(queries.map(q => [q.Id, q.MetricStat.Metric.Namespace, q.MetricStat.Metric.MetricName, q.MetricStat.Metric.Dimensions])).toEqual([
			['m0', 'ECS/ContainerInsights', 'CpuUtilized', dims],
			['m1', 'ECS/ContainerInsights', 'CpuReserved', dims],
			['m2', 'ECS/ContainerInsights', 'MemoryUtilized', dims],
			['m3', 'ECS/ContainerInsights', 'MemoryReserved', dims],
		]);
		expect(containerInsightsTask.dimensions).toEqual(['ClusterName', 'TaskDefinitionFamily', 'TaskId']);
		expect(plans).toEqual([{key: 'task:prod/abc', cpu: {used: 'm0', reserved: 'm1'}, memory: {used: 'm2', reserved: 'm3'}}]);
		expect(messages).toEqual([{key: 'task:prod/def', code: 'NoFamily', text: expect.stringContaining('family')}]);
	});

	it('a target asked twice is asked once; every query is billed (ReturnData is never false)', () => {
		const {queries} = buildQueries([{kind: 'cluster', cluster: 'a'}, {kind: 'cluster', cluster: 'a'}], 60);
		expect(queries).toHaveLength(2);
		expect(billedMetrics(queries)).toBe(2);
		expect(billedMetrics([...queries, {...queries[0]!, ReturnData: false}])).toBe(2);
	});

	it('keys', () => {
		expect(targetKey({kind: 'cluster', cluster: 'c'})).toBe('cluster:c');
		expect(targetKey({kind: 'service', cluster: 'c', service: 's'})).toBe('service:c/s');
		expect(targetKey({kind: 'task', cluster: 'c', taskId: 't', family: 'f'})).toBe('task:c/t');
	});
});

describe('the answers', () => {
	it('merge by id across pages, with Dates or ISO strings', () => {
		const data = new Map<string, Datapoints>();
		mergeResults(data, [{Id: 'm0', Timestamps: [new Date(t0 + minute)], Values: [10]}, {Id: 'm1', Timestamps: [], Values: []}]);
		mergeResults(data, [{Id: 'm0', Timestamps: [new Date(t0).toISOString()], Values: [20]}]);
		expect([...data.get('m0')!]).toEqual([[t0 + minute, 10], [t0, 20]]);
		expect(data.get('m1')!.size).toBe(0);
	});

	it('percent: a value as it is, oldest first; used / reserved where both have the minute and reserved is not 0', () => {
		const data = new Map<string, Datapoints>([
			['m0', new Map([[t0 + minute, 30], [t0, 20]])],
			['u', new Map([[t0, 256], [t0 + minute, 512], [t0 + 2 * minute, 100]])],
			['r', new Map([[t0, 1024], [t0 + minute, 0]])],
		]);
		expect(percentSeries({value: 'm0'}, data)).toEqual([{t: t0, v: 20}, {t: t0 + minute, v: 30}]);
		expect(percentSeries({used: 'u', reserved: 'r'}, data)).toEqual([{t: t0, v: 25}]);
		expect(percentSeries({value: 'nothing'}, data)).toEqual([]);
	});
});

describe('the windows', () => {
	it('latest: the ten whole minutes before the current one', () => {
		expect(latestWindow(t0 + 30_000)).toEqual({start: t0 - 10 * minute, end: t0});
		expect(latestWindow(t0)).toEqual({start: t0 - 10 * minute, end: t0});
	});

	it('history: 1 h and 3 h a minute a point, 24 h five; never more than 1,440 points', () => {
		const now = t0 + 90_000;
		expect(historyRequest('1h', now)).toEqual({start: t0 + minute - 3_600_000, end: t0 + minute, period: 60});
		expect(historyRequest('3h', now)).toEqual({start: t0 + minute - 3 * 3_600_000, end: t0 + minute, period: 60});
		expect(historyRequest('24h', now)).toEqual({start: t0 - 24 * 3_600_000, end: t0, period: 300});
		for (const range of ['1h', '3h', '24h'] as const) {
			const r = historyRequest(range, now);
			expect((r.end - r.start) / (r.period * 1000)).toBeLessThanOrEqual(1440);
		}
	});
});

describe('memory ≥ 95 % for the last 5 complete minutes', () => {
	const points = (values: Array<number | undefined>) => values.flatMap((v, i) => (v === undefined ? [] : [{t: t0 + i * minute, v}]));

	it('holds when each of the 5 newest minutes is at or above 95', () => {
		expect(memorySustained(points([10, 20, 95, 96, 99, 97, 95]))).toBe(true);
	});

	it('fails on one minute below, on a gap, and with fewer than 5 minutes', () => {
		expect(memorySustained(points([99, 99, 99, 94.9, 99, 99]))).toBe(false);
		expect(memorySustained(points([99, 99, undefined, 99, 99, 99]))).toBe(false);
		expect(memorySustained(points([99, 99, 99, 99]))).toBe(false);
		expect(memorySustained([])).toBe(false);
	});

	it('is anchored on the newest datapoint, in whatever order they come', () => {
		expect(memorySustained(points([99, 99, 99, 99, 99, 50]))).toBe(false);
		expect(memorySustained(points([99, 99, 99, 99, 99]).reverse())).toBe(true);
		expect(memorySustained(points([90, 91, 92]), {threshold: 90, minutes: 3})).toBe(true);
	});
});
