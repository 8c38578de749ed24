// A raw CloudWatchClient (no retries) for a test simulator, and GetMetricData queries written
// briefly: the same port serves ECS, Logs and CloudWatch.
import {CloudWatchClient, GetMetricDataCommand, PutMetricDataCommand, type MetricDataQuery, type MetricDataResult} from '@aws-sdk/client-cloudwatch';
import {afterEach} from 'vitest';
import type {SimOptions} from '../../source/sim/index.js';
import {startTestSim, type TestSim} from './sim.js';

export function cloudwatchClient(t: TestSim): CloudWatchClient {
	return new CloudWatchClient({
		endpoint: t.endpoint,
		region: t.sim.region,
		credentials: {accessKeyId: 'AKID', secretAccessKey: 'x'},
		maxAttempts: 1,
	});
}

/** A simulator and a CloudWatch client per test, both closed after each (the options win over the suite's). */
export function simCloudWatchPerTest(defaults: SimOptions): (options?: SimOptions) => Promise<{t: TestSim; cw: CloudWatchClient}> {
	let t: TestSim | undefined;
	let cw: CloudWatchClient | undefined;
	afterEach(async () => {
		cw?.destroy();
		await t?.close();
		t = undefined;
		cw = undefined;
	});
	return async (options = {}) => {
		t = await startTestSim({...defaults, ...options});
		cw = cloudwatchClient(t);
		return {t, cw};
	};
}

/** A MetricStat query: `metric('cpu', 'AWS/ECS', 'CPUUtilization', {ClusterName: 'shop'})`. */
export function metric(id: string, namespace: string, name: string, dims: Record<string, string>, options: {stat?: string; period?: number} = {}): MetricDataQuery {
	return {
		Id: id,
		MetricStat: {
			Metric: {Namespace: namespace, MetricName: name, Dimensions: Object.entries(dims).map(([Name, Value]) => ({Name, Value}))},
			Period: options.period ?? 60,
			Stat: options.stat ?? 'Average',
		},
	};
}

/** GetMetricData over [from, to) (epoch ms), every page, results by id with epoch-ms timestamps, oldest first. */
export async function series(cw: CloudWatchClient, queries: MetricDataQuery[], from: number, to: number): Promise<Map<string, Array<[number, number]>>> {
	const out = new Map<string, Array<[number, number]>>();
	let token: string | undefined;
	do {
		const page = await cw.send(new GetMetricDataCommand({MetricDataQueries: queries, StartTime: new Date(from), EndTime: new Date(to), ScanBy: 'TimestampAscending', NextToken: token}));
		for (const r of page.MetricDataResults!) {
			const points = out.get(r.Id!) ?? [];
			points.push(...pairs(r));
			out.set(r.Id!, points);
		}
		token = page.NextToken;
	} while (token);
	return out;
}

export const pairs = (r: MetricDataResult): Array<[number, number]> => r.Timestamps!.map((t, i) => [t.getTime(), r.Values![i]!]);

/** Datapoints put with the SDK at whole minutes before `thisMinute` (moto keeps them as given). */
export async function putDatapoints(cw: CloudWatchClient, thisMinute: number, namespace: string, metricName: string, dimensions: Record<string, string>, points: Array<[minutesAgo: number, value: number]>): Promise<void> {
	// aws cloudwatch put-metric-data --namespace N --metric-data …
	await cw.send(new PutMetricDataCommand({
		Namespace: namespace,
		MetricData: points.map(([minutesAgo, value]) => ({
			MetricName: metricName,
			Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({Name, Value})),
			Timestamp: new Date(thisMinute - minutesAgo * 60_000),
			Value: value,
		})),
	}));
}
