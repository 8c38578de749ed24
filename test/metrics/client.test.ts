// The MetricsClient over a fake GetMetricData: chunks of at most 500 queries, NextToken followed to
// the end (PartialData included), the newest datapoint of the window chosen, CloudWatch's messages
// surfaced per target, the spend ledger fed, history's limits.
import {GetMetricDataCommand} from '@aws-sdk/client-cloudwatch';
import {describe, expect, it} from 'vitest';
import {RateLimiter} from '../../source/aws/limiter.js';
import type {MetricsTarget} from '../../source/aws/metrics-api.js';
import {MetricsClient} from '../../source/aws/metrics-client.js';
import type {MetricQuery, RawResult} from '../../source/aws/metrics-queries.js';
import {SpendLedger} from '../../source/aws/spend.js';

const minute = 60_000;
const now = Date.UTC(2026, 0, 1, 12, 0, 42);
const thisMinute = Date.UTC(2026, 0, 1, 12);

interface Input {
	MetricDataQueries: MetricQuery[];
	StartTime: Date;
	EndTime: Date;
	NextToken?: string;
}

type Answer = (input: Input) => {MetricDataResults?: RawResult[]; NextToken?: string; Messages?: Array<{Code: string; Value: string}>};

function client(answer: Answer) {
	const sent: Input[] = [];
	const ledger = new SpendLedger();
	// Rates high enough that a thousand-target test never waits for a token.
	const limiter = new RateLimiter({spend: ledger, rates: {cloudwatchGetMetricData: {burst: 10_000, rate: 10_000}}});
	const send = async (command: unknown) => {
		expect(command).toBeInstanceOf(GetMetricDataCommand);
		const input = (command as GetMetricDataCommand).input as Input;
		sent.push(input);
		return answer(input);
	};
	const api = new MetricsClient({send, region: 'us-east-1', limiter, now: () => now, retry: {maxAttempts: 1}, sleep: async () => {}});
	return {api, sent, ledger};
}

/** Every query answered with these minutes' values (newest first, as CloudWatch sends by default). */
const everyQuery = (points: Array<[number, number]>): Answer => input => ({
	MetricDataResults: input.MetricDataQueries.map(q => ({Id: q.Id, Timestamps: points.map(([t]) => new Date(t)), Values: points.map(([, v]) => v), StatusCode: 'Complete'})),
});

describe('latest', () => {
	it('asks the ten whole minutes before this one, and reads the newest datapoint as the latest complete minute', async () => {
		const {api, sent} = client(input => ({
			MetricDataResults: input.MetricDataQueries.map(q => q.MetricStat.Metric.MetricName === 'CPUUtilization'
				? {Id: q.Id, Timestamps: [new Date(thisMinute - 3 * minute), new Date(thisMinute - 5 * minute)], Values: [41.5, 12], StatusCode: 'Complete'}
				: {Id: q.Id, Timestamps: [new Date(thisMinute - 4 * minute), new Date(thisMinute - 2 * minute)], Values: [70, 72.25], StatusCode: 'Complete'}),
		}));
		const {readings, messages} = await api.latest([{kind: 'service', cluster: 'prod', service: 'web'}]);
		expect(sent).toHaveLength(1);
		expect(sent[0]!.StartTime.getTime()).toBe(thisMinute - 10 * minute);
		expect(sent[0]!.EndTime.getTime()).toBe(thisMinute);
		const reading = readings.get('service:prod/web')!;
		expect(reading.utilization).toEqual({cpu: 41.5, memory: 72.25, periodEnd: new Date(thisMinute - minute).toISOString()});
		expect(reading.memory).toEqual([{t: thisMinute - 4 * minute, v: 70}, {t: thisMinute - 2 * minute, v: 72.25}]);
		expect(messages).toEqual([]);
	});

	it('null without a datapoint, and the window’s end as periodEnd when neither has one', async () => {
		const {api} = client(input => ({MetricDataResults: input.MetricDataQueries.map(q => ({Id: q.Id, Timestamps: [], Values: [], StatusCode: 'Complete'}))}));
		const {readings} = await api.latest([{kind: 'cluster', cluster: 'prod'}]);
		expect(readings.get('cluster:prod')!.utilization).toEqual({cpu: null, memory: null, periodEnd: new Date(thisMinute).toISOString()});
	});

	it('a task’s percent is used / reserved of one minute; a task without its family is null, with a message, and not asked', async () => {
		const values: Record<string, number> = {CpuUtilized: 128, CpuReserved: 512, MemoryUtilized: 1000, MemoryReserved: 1024};
		const {api, sent} = client(input => ({
			MetricDataResults: input.MetricDataQueries.map(q => ({Id: q.Id, Timestamps: [new Date(thisMinute - 2 * minute)], Values: [values[q.MetricStat.Metric.MetricName]!], StatusCode: 'Complete'})),
		}));
		const {readings, messages} = await api.latest([{kind: 'task', cluster: 'prod', taskId: 'abc', family: 'web'}, {kind: 'task', cluster: 'prod', taskId: 'def'}]);
		expect(sent[0]!.MetricDataQueries).toHaveLength(4);
		expect(readings.get('task:prod/abc')!.utilization).toEqual({cpu: 25, memory: (100 * 1000) / 1024, periodEnd: new Date(thisMinute - minute).toISOString()});
		expect(readings.get('task:prod/def')!.utilization).toEqual({cpu: null, memory: null, periodEnd: new Date(thisMinute).toISOString()});
		expect(messages.map(m => [m.key, m.code])).toEqual([['task:prod/def', 'NoFamily']]);
	});

	it('1,001 services are 2,002 queries: 5 calls of at most 500, ids unique, every target read', async () => {
		const {api, sent, ledger} = client(everyQuery([[thisMinute - minute, 50]]));
		const targets: MetricsTarget[] = Array.from({length: 1001}, (_, i) => ({kind: 'service', cluster: 'prod', service: `s${i}`}));
		const {readings} = await api.latest(targets);
		expect(sent.map(s => s.MetricDataQueries.length)).toEqual([500, 500, 500, 500, 2]);
		const ids = sent.flatMap(s => s.MetricDataQueries.map(q => q.Id));
		expect(new Set(ids).size).toBe(2002);
		expect(readings.size).toBe(1001);
		expect(readings.get('service:prod/s1000')!.utilization.cpu).toBe(50);
		expect(ledger.snapshot().metricsRequested.total).toBe(2002);
		expect(ledger.snapshot().byCategory).toEqual({cloudwatchGetMetricData: {total: 5, lastMinute: 5}});
	});

	it('501 clusters are 1,002 queries: 3 calls (500, 500, 2); 499 are 2 calls', async () => {
		const {api, sent} = client(everyQuery([]));
		await api.latest(Array.from({length: 501}, (_, i) => ({kind: 'cluster', cluster: `c${i}`})));
		expect(sent.map(s => s.MetricDataQueries.length)).toEqual([500, 500, 2]);
		sent.length = 0;
		await api.latest(Array.from({length: 499}, (_, i) => ({kind: 'cluster', cluster: `c${i}`})));
		expect(sent.map(s => s.MetricDataQueries.length)).toEqual([500, 498]);
	});

	it('follows NextToken to the end, a query’s datapoints over several pages (PartialData then Complete)', async () => {
		const {api, sent} = client(input => {
			const [cpu, memory] = input.MetricDataQueries;
			if (!input.NextToken) {
				return {
					NextToken: 'page-2',
					MetricDataResults: [
						{Id: cpu!.Id, Timestamps: [new Date(thisMinute - minute)], Values: [90], StatusCode: 'PartialData'},
						{Id: memory!.Id, Timestamps: [], Values: [], StatusCode: 'PartialData'},
					],
				};
			}
			expect(input.NextToken).toBe('page-2');
			return {
				MetricDataResults: [
					{Id: cpu!.Id, Timestamps: [new Date(thisMinute - 2 * minute)], Values: [80], StatusCode: 'Complete'},
					{Id: memory!.Id, Timestamps: [new Date(thisMinute - 2 * minute)], Values: [60], StatusCode: 'Complete'},
				],
			};
		});
		const {readings, messages} = await api.latest([{kind: 'cluster', cluster: 'prod'}]);
		expect(sent.map(s => s.NextToken)).toEqual([undefined, 'page-2']);
		expect(readings.get('cluster:prod')!.utilization).toEqual({cpu: 90, memory: 60, periodEnd: new Date(thisMinute).toISOString()});
		expect(messages).toEqual([]);
	});

	it('PartialData with no token left, Forbidden and Messages come back as messages of their target, not as an error', async () => {
		const {api} = client(input => ({
			Messages: [{Code: 'MaxQueryTimeRangeExceed', Value: 'narrow the range'}],
			MetricDataResults: [
				{Id: input.MetricDataQueries[0]!.Id, Timestamps: [], Values: [], StatusCode: 'PartialData'},
				{Id: input.MetricDataQueries[1]!.Id, Timestamps: [], Values: [], StatusCode: 'Complete', Messages: [{Code: 'ArithmeticError', Value: 'division by zero'}]},
				{Id: input.MetricDataQueries[2]!.Id, Timestamps: [], Values: [], StatusCode: 'Forbidden'},
				{Id: input.MetricDataQueries[3]!.Id, Timestamps: [], Values: [], StatusCode: 'Complete'},
			],
		}));
		const {readings, messages} = await api.latest([{kind: 'cluster', cluster: 'a'}, {kind: 'cluster', cluster: 'b'}]);
		expect(readings.size).toBe(2);
		expect(messages.map(m => [m.key, m.code])).toEqual([
			['cluster:a', 'ArithmeticError'],
			['cluster:b', 'Forbidden'],
			[undefined, 'MaxQueryTimeRangeExceed'],
			['cluster:a', 'PartialData'],
		]);
	});

	it('an endpoint that repeats its token does not loop', async () => {
		const {api, sent} = client(input => ({NextToken: 'same', MetricDataResults: input.MetricDataQueries.map(q => ({Id: q.Id, Timestamps: [], Values: [], StatusCode: 'Complete'}))}));
		await api.latest([{kind: 'cluster', cluster: 'a'}]);
		expect(sent.map(s => s.NextToken)).toEqual([undefined, 'same']);
	});

	it('no targets, no call', async () => {
		const {api, sent} = client(everyQuery([]));
		expect((await api.latest([])).readings.size).toBe(0);
		expect(sent).toEqual([]);
	});
});

describe('history', () => {
	it('asks the period over the range, aligned, and returns both series oldest first', async () => {
		const {api, sent} = client(everyQuery([[thisMinute - minute, 3], [thisMinute - 2 * minute, 2], [thisMinute - 3 * minute, 1]]));
		const {series} = await api.history({kind: 'service', cluster: 'prod', service: 'web'}, {start: thisMinute - 3_600_000 + 5000, end: thisMinute + 5000, period: 60});
		expect(sent[0]!.StartTime.getTime()).toBe(thisMinute - 3_600_000);
		expect(sent[0]!.EndTime.getTime()).toBe(thisMinute);
		expect(sent[0]!.MetricDataQueries.every(q => q.MetricStat.Period === 60)).toBe(true);
		expect(series.cpu.map(p => p.v)).toEqual([1, 2, 3]);
		expect(series.memory.map(p => p.t)).toEqual([thisMinute - 3 * minute, thisMinute - 2 * minute, thisMinute - minute]);
		expect(series.period).toBe(60);
	});

	it('refuses more than 1,440 points a series, and a period that is not whole minutes, before sending', async () => {
		const {api, sent} = client(everyQuery([]));
		const target: MetricsTarget = {kind: 'cluster', cluster: 'prod'};
		await expect(api.history(target, {start: thisMinute - 25 * 3_600_000, end: thisMinute, period: 60})).rejects.toThrow(RangeError);
		await expect(api.history(target, {start: thisMinute - 3_600_000, end: thisMinute, period: 30})).rejects.toThrow(RangeError);
		await api.history(target, {start: thisMinute - 24 * 3_600_000, end: thisMinute, period: 60});
		expect(sent).toHaveLength(1);
	});
});
