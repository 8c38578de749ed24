// The simulator's CloudWatch wire protocol through the real @aws-sdk/client-cloudwatch (AWS JSON 1.0,
// query-compatible errors) on a stepped clock: GetMetricData's limits and errors as the SDK names
// them, PutMetricData (gzipped above 10 KiB) read back at once, POST /_sim/metrics into AWS/ECS,
// paging with MaxDatapoints and NextToken, the metricsRequested count, throttling and faults.
import {GetMetricDataCommand, type MetricDataQuery, PutMetricDataCommand} from '@aws-sdk/client-cloudwatch';
import {describe, expect, it} from 'vitest';
import {metric, pairs, series, simCloudWatchPerTest} from '../helpers/cloudwatch.js';

const start = Date.UTC(2026, 5, 1, 12);
const MINUTE = 60_000;
const setup = simCloudWatchPerTest({seed: 7, startTime: start});
const web = (id: string, options: {stat?: string; period?: number} = {}) => metric(id, 'AWS/ECS', 'CPUUtilization', {ClusterName: 'production', ServiceName: 'web'}, options);

/** The SDK's error for a call (its name, message and fault), or a failure if the call succeeds. */
async function refusal(call: Promise<unknown>): Promise<{name: string; message: string; $fault: string}> {
	try {
		await call;
	} catch (error) {
		return error as {name: string; message: string; $fault: string};
	}
	throw new Error('the call succeeded');
}

describe('GetMetricData', () => {
	it('takes 500 queries and refuses 501 with ValidationException', async () => {
		const {t, cw} = await setup();
		await t.advance(300);
		const queries = Array.from({length: 500}, (_, i) => web(`q${i}`));
		const ok = await cw.send(new GetMetricDataCommand({MetricDataQueries: queries, StartTime: new Date(start), EndTime: new Date(start + 300_000)}));
		expect(ok.MetricDataResults).toHaveLength(500);
		expect(ok.MetricDataResults![499]).toMatchObject({Id: 'q499', Label: 'CPUUtilization', StatusCode: 'Complete'});
		expect(ok.MetricDataResults![499]!.Values).toHaveLength(4);
		const error = await refusal(cw.send(new GetMetricDataCommand({MetricDataQueries: [...queries, web('q500')], StartTime: new Date(start), EndTime: new Date(start + 300_000)})));
		expect(error.name).toBe('ValidationException');
		expect(error.message).toMatch(/MetricDataQueries must not have a size greater than 500/);
		expect(error.$fault).toBe('client');
	});

	it('refuses bad ids, duplicate ids, metric math, odd periods, unknown statistics and a reversed range', async () => {
		const {cw} = await setup();
		const send = (queries: MetricDataQuery[], from = start, to = start + 600_000) => refusal(cw.send(new GetMetricDataCommand({MetricDataQueries: queries, StartTime: new Date(from), EndTime: new Date(to)})));
		expect((await send([web('Web')])).name).toBe('ValidationException');
		expect((await send([web('a'), web('a')])).message).toMatch(/not unique/);
		const math = await send([web('a'), {Id: 'e1', Expression: 'a * 2'}]);
		expect(math.name).toBe('InvalidParameterValueException');
		expect(math.message).toMatch(/Metric math is not implemented by the simulator \(query e1/);
		expect((await send([web('a', {period: 30})])).message).toMatch(/Period must be a multiple of 60/);
		const p99 = await send([web('a', {stat: 'p99'})]);
		expect(p99.name).toBe('InvalidParameterValueException');
		expect(p99.message).toMatch(/Average, Minimum, Maximum, Sum, SampleCount/);
		expect((await send([web('a')], start, start)).message).toMatch(/StartTime must be less than the parameter EndTime/);
	});

	it('pages by MaxDatapoints: PartialData and a NextToken until every datapoint came, as one unpaged call gives them', async () => {
		const {t, cw} = await setup();
		await t.advance(660);
		const queries = [web('a'), web('b', {stat: 'Maximum'})];
		const input = {MetricDataQueries: queries, StartTime: new Date(start), EndTime: new Date(start + 660_000)};
		const whole = await cw.send(new GetMetricDataCommand(input));
		expect(whole.NextToken).toBeUndefined();
		expect(whole.MetricDataResults!.map(r => r.Values!.length)).toEqual([10, 10]);
		// Newest first by default.
		expect(whole.MetricDataResults![0]!.Timestamps![0]!.getTime()).toBe(start + 9 * MINUTE);

		const pages = [];
		let token: string | undefined;
		do {
			const page = await cw.send(new GetMetricDataCommand({...input, MaxDatapoints: 7, NextToken: token}));
			pages.push(page);
			token = page.NextToken;
			// Time passing between pages changes nothing: the token keeps the first page's view.
			await t.advance(60);
		} while (token && pages.length < 10);
		expect(pages).toHaveLength(3);
		expect(pages[0]!.MetricDataResults!.map(r => [r.Values!.length, r.StatusCode])).toEqual([[7, 'PartialData'], [0, 'PartialData']]);
		expect(pages[1]!.MetricDataResults!.map(r => [r.Values!.length, r.StatusCode])).toEqual([[3, 'Complete'], [4, 'PartialData']]);
		expect(pages[2]!.MetricDataResults!.map(r => [r.Values!.length, r.StatusCode])).toEqual([[0, 'Complete'], [6, 'Complete']]);
		for (const [i, r] of whole.MetricDataResults!.entries()) expect(pages.flatMap(p => pairs(p.MetricDataResults![i]!))).toEqual(pairs(r));

		// A token belongs to its request.
		const first = await cw.send(new GetMetricDataCommand({...input, MaxDatapoints: 7}));
		const stray = await refusal(cw.send(new GetMetricDataCommand({...input, MaxDatapoints: 7, StartTime: new Date(start + MINUTE), NextToken: first.NextToken})));
		expect(stray.name).toBe('InvalidNextToken');
	});

	it('counts metricsRequested (queries with ReturnData not false, every page) at GET /_sim/stats', async () => {
		const {t, cw} = await setup();
		await t.advance(600);
		await t.resetStats();
		const hidden: MetricDataQuery = {...web('c'), ReturnData: false};
		const out = await cw.send(new GetMetricDataCommand({MetricDataQueries: [web('a'), web('b'), hidden], StartTime: new Date(start), EndTime: new Date(start + 600_000)}));
		expect(out.MetricDataResults!.map(r => r.Id)).toEqual(['a', 'b']);
		expect((await t.stats()).metricsRequested).toBe(2);
		const paged = await series(cw, [web('a')], start, start + 600_000);
		expect(paged.get('a')).toHaveLength(9);
		let token: string | undefined;
		let calls = 0;
		do {
			token = (await cw.send(new GetMetricDataCommand({MetricDataQueries: [web('a')], StartTime: new Date(start), EndTime: new Date(start + 600_000), MaxDatapoints: 5, NextToken: token}))).NextToken;
			calls++;
		} while (token);
		expect(calls).toBe(2);
		await refusal(cw.send(new GetMetricDataCommand({MetricDataQueries: [web('a'), web('a')], StartTime: new Date(start), EndTime: new Date(start + 600_000)})));
		const stats = await t.stats();
		expect(stats.metricsRequested).toBe(2 + 1 + 2);
		expect(stats.calls.GetMetricData).toBe(5);
		expect(stats.errors.GetMetricData).toBe(1);
		await t.resetStats();
		expect((await t.stats()).metricsRequested).toBe(0);
	});
});

describe('PutMetricData', () => {
	it('stores values, value lists and statistic sets, readable at once with every statistic', async () => {
		const {t, cw} = await setup();
		await t.advance(600);
		const at = new Date(start + 5 * MINUTE + 10_000);
		await cw.send(new PutMetricDataCommand({Namespace: 'Shop/Checkout', MetricData: [
			{MetricName: 'Latency', Dimensions: [{Name: 'Stage', Value: 'prod'}], Timestamp: at, Value: 10, Unit: 'Milliseconds'},
			{MetricName: 'Latency', Dimensions: [{Name: 'Stage', Value: 'prod'}], Timestamp: at, Values: [20, 40], Counts: [1, 3], Unit: 'Milliseconds'},
			{MetricName: 'Latency', Dimensions: [{Name: 'Stage', Value: 'prod'}], Timestamp: new Date(start + 9 * MINUTE + 59_000), StatisticValues: {SampleCount: 2, Sum: 8, Minimum: 3, Maximum: 5}},
			{MetricName: 'Latency', Dimensions: [{Name: 'Stage', Value: 'test'}], Timestamp: at, Value: 999},
		]}));
		const latency = (id: string, stat: string) => metric(id, 'Shop/Checkout', 'Latency', {Stage: 'prod'}, {stat});
		// The minute 12:09 is the current one: a put datapoint is there at once, unlike ECS's.
		const got = await series(cw, ['Average', 'Sum', 'SampleCount', 'Minimum', 'Maximum'].map(s => latency(s.toLowerCase(), s)), start, start + 10 * MINUTE);
		const m5 = start + 5 * MINUTE;
		const m9 = start + 9 * MINUTE;
		expect(got.get('average')).toEqual([[m5, (10 + 20 + 120) / 5], [m9, 4]]);
		expect(got.get('sum')).toEqual([[m5, 150], [m9, 8]]);
		expect(got.get('samplecount')).toEqual([[m5, 5], [m9, 2]]);
		expect(got.get('minimum')).toEqual([[m5, 10], [m9, 3]]);
		expect(got.get('maximum')).toEqual([[m5, 40], [m9, 5]]);
	});

	it('accepts a body the SDK gzips (over 10 KiB) and stores every datum', async () => {
		const {t, cw} = await setup();
		let encoding: string | undefined;
		cw.middlewareStack.add(next => async args => {
			encoding = (args.request as {headers: Record<string, string>}).headers['content-encoding'];
			return next(args);
		}, {step: 'finalizeRequest'});
		const data = Array.from({length: 400}, (_, i) => ({MetricName: 'Queue', Dimensions: [{Name: 'Name', Value: `queue-${String(i).padStart(4, '0')}-with-a-long-name`}], Timestamp: new Date(start - 2 * MINUTE), Value: i}));
		expect(JSON.stringify(data).length).toBeGreaterThan(10 * 1024);
		await cw.send(new PutMetricDataCommand({Namespace: 'Shop/Queues', MetricData: data}));
		expect(encoding).toBe('gzip');
		expect((await t.stats()).calls.PutMetricData).toBe(1);
		const got = await series(cw, [0, 199, 399].map(i => metric(`q${i}`, 'Shop/Queues', 'Queue', {Name: `queue-${String(i).padStart(4, '0')}-with-a-long-name`})), start - 5 * MINUTE, start);
		expect([...got.values()]).toEqual([[[start - 2 * MINUTE, 0]], [[start - 2 * MINUTE, 199]], [[start - 2 * MINUTE, 399]]]);
	});

	it('refuses AWS/ namespaces, Value with StatisticValues, and stale timestamps; POST /_sim/metrics plants AWS/ECS datapoints over the generated ones', async () => {
		const {t, cw} = await setup();
		await t.advance(600);
		const put = (input: ConstructorParameters<typeof PutMetricDataCommand>[0]) => refusal(cw.send(new PutMetricDataCommand(input)));
		const aws = await put({Namespace: 'AWS/ECS', MetricData: [{MetricName: 'CPUUtilization', Value: 1}]});
		expect(aws.name).toBe('InvalidParameterValueException');
		expect(aws.message).toMatch(/AWS\/ECS for parameter Namespace is invalid/);
		const both = await put({Namespace: 'App', MetricData: [{MetricName: 'm', Value: 1, StatisticValues: {SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1}}]});
		expect(both.name).toBe('InvalidParameterCombinationException');
		expect((await put({Namespace: 'App', MetricData: [{MetricName: 'm', Value: 1, Timestamp: new Date(start - 15 * 86_400_000)}]})).message).toMatch(/two weeks/);

		const before = await series(cw, [web('a')], start, start + 10 * MINUTE);
		expect(before.get('a')![3]![1]).not.toBe(97.5);
		const planted = await t.control('/_sim/metrics', {Namespace: 'AWS/ECS', MetricData: [
			{MetricName: 'CPUUtilization', Dimensions: [{Name: 'ServiceName', Value: 'web'}, {Name: 'ClusterName', Value: 'production'}], Timestamp: new Date(start + 3 * MINUTE).toISOString(), Value: 97.5},
		]});
		expect(planted).toEqual({ok: true, stored: 1});
		const after = await series(cw, [web('a')], start, start + 10 * MINUTE);
		expect(after.get('a')![3]).toEqual([start + 3 * MINUTE, 97.5]);
		expect(after.get('a')!.filter((_, i) => i !== 3)).toEqual(before.get('a')!.filter((_, i) => i !== 3));
	});
});

describe('throttling and faults', () => {
	it('throttles GetMetricData at 50 a second: the SDK names the refusal Throttling', async () => {
		const {t, cw} = await setup({throttle: true});
		await t.advance(120);
		const call = async () => cw.send(new GetMetricDataCommand({MetricDataQueries: [web('a')], StartTime: new Date(start), EndTime: new Date(start + 120_000)}));
		for (let i = 0; i < 50; i++) await call();
		const error = await refusal(call());
		expect(error.name).toBe('Throttling');
		expect(error.message).toBe('Rate exceeded');
		await t.advance(1);
		await call();
		const stats = await t.stats();
		expect(stats.throttled.GetMetricData).toBe(1);
		expect(stats.metricsRequested).toBe(51);
	});

	it('applies injected faults to CloudWatch calls in its own error dialect', async () => {
		const {t, cw} = await setup();
		const call = async () => cw.send(new GetMetricDataCommand({MetricDataQueries: [web('a')], StartTime: new Date(start - 600_000), EndTime: new Date(start)}));
		await t.faults({deny: {GetMetricData: 'AccessDeniedException'}});
		const denied = await refusal(call());
		expect(denied.name).toBe('AccessDenied');
		expect(denied.message).toMatch(/not authorized to perform: cloudwatch:GetMetricData/);
		await t.faults({deny: {}, errorRate: 1});
		const failed = await refusal(call());
		expect(failed.name).toBe('InternalServiceFault');
		expect(failed.$fault).toBe('server');
		await t.faults({errorRate: 0, throttleRate: 1});
		expect((await refusal(call())).name).toBe('Throttling');
		await t.faults({});
		await call();
		const stats = await t.stats();
		expect(stats.errors.GetMetricData).toBe(2);
		expect(stats.throttled.GetMetricData).toBe(1);
	});
});
