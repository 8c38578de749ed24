// The metrics client against moto, a second CloudWatch that speaks the SDK's JSON protocol: the
// datapoints AWS/ECS would publish for a cluster and a service (and Container Insights for a task)
// are put with the SDK directly, at whole minutes, then read back through createMetricsApi. Skipped,
// with the reason printed, when moto is not installed.
import {putDatapoints} from '../helpers/cloudwatch.js';
import {CloudWatchClient} from '@aws-sdk/client-cloudwatch';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createMetricsApi} from '../../source/aws/client.js';
import {historyRequest, memorySustained} from '../../source/aws/metrics-api.js';
import {SpendLedger} from '../../source/aws/spend.js';
import {testCredentials, testLimiter} from '../helpers/api.js';
import {type Moto, motoAvailable, startMoto} from '../helpers/moto.js';

const available = motoAvailable();
if (!available.ok) console.warn(`[skip] metrics against moto: ${available.reason}`);

const minute = 60_000;

describe.skipIf(!available.ok)('the metrics client against moto', () => {
	let moto: Moto;
	let cw: CloudWatchClient;
	// A fixed clock for the client, and datapoints placed relative to it.
	const now = Math.floor(Date.now() / minute) * minute + 20_000;
	const thisMinute = Math.floor(now / minute) * minute;
	const ledger = new SpendLedger();
	const api = () => createMetricsApi({endpointUrl: moto.endpoint, region: 'us-east-1', credentials: testCredentials, limiter: testLimiter({spend: ledger}), retry: {maxAttempts: 1}, sleep: async () => {}, now: () => now});

	const put = (namespace: string, metric: string, dimensions: Record<string, string>, points: Array<[number, number]>) => putDatapoints(cw, thisMinute, namespace, metric, dimensions, points);

	beforeAll(async () => {
		moto = await startMoto();
		cw = new CloudWatchClient({endpoint: moto.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: testCredentials});
		const service = {ClusterName: 'prod', ServiceName: 'web'};
		await put('AWS/ECS', 'CPUUtilization', service, [[6, 30], [4, 35.5], [3, 41.25]]);
		await put('AWS/ECS', 'MemoryUtilization', service, [[7, 96], [6, 97], [5, 95], [4, 99], [3, 98]]);
		await put('AWS/ECS', 'CPUUtilization', {ClusterName: 'prod'}, [[2, 12]]);
		await put('AWS/ECS', 'MemoryUtilization', {ClusterName: 'prod'}, [[2, 40]]);
		// Outside the window (the current minute, and 11 minutes ago): never the reading.
		await put('AWS/ECS', 'CPUUtilization', service, [[0, 99], [11, 99]]);
		const task = {ClusterName: 'prod', TaskDefinitionFamily: 'web', TaskId: 'abc123'};
		await put('ECS/ContainerInsights', 'CpuUtilized', task, [[2, 256]]);
		await put('ECS/ContainerInsights', 'CpuReserved', task, [[2, 1024]]);
		await put('ECS/ContainerInsights', 'MemoryUtilized', task, [[2, 384]]);
		await put('ECS/ContainerInsights', 'MemoryReserved', task, [[2, 512]]);
	}, 60_000);

	afterAll(async () => {
		cw?.destroy();
		await moto?.close();
	});

	it('latest: the newest complete minute of a service, a cluster and a task; null for one with no data', async () => {
		const {readings, messages} = await api().latest([
			{kind: 'service', cluster: 'prod', service: 'web'},
			{kind: 'cluster', cluster: 'prod'},
			{kind: 'task', cluster: 'prod', taskId: 'abc123', family: 'web'},
			{kind: 'service', cluster: 'prod', service: 'idle'},
		]);
		expect(messages).toEqual([]);
		expect(readings.get('service:prod/web')!.utilization).toEqual({cpu: 41.25, memory: 98, periodEnd: new Date(thisMinute - 2 * minute).toISOString()});
		expect(readings.get('cluster:prod')!.utilization).toEqual({cpu: 12, memory: 40, periodEnd: new Date(thisMinute - minute).toISOString()});
		expect(readings.get('task:prod/abc123')!.utilization).toEqual({cpu: 25, memory: 75, periodEnd: new Date(thisMinute - minute).toISOString()});
		expect(readings.get('service:prod/idle')!.utilization).toEqual({cpu: null, memory: null, periodEnd: new Date(thisMinute).toISOString()});
		// Memory at or above 95 % in each of its last five minutes.
		expect(memorySustained(readings.get('service:prod/web')!.memory)).toBe(true);
		// 2 queries for each AWS/ECS target, 4 for the task: what AWS would bill.
		expect(ledger.snapshot().metricsRequested.total).toBe(10);
	});

	it('history: the hour’s points, oldest first', async () => {
		const {series} = await api().history({kind: 'service', cluster: 'prod', service: 'web'}, historyRequest('1h', now));
		expect(series.cpu.map(p => [(thisMinute - p.t) / minute, p.v])).toEqual([[11, 99], [6, 30], [4, 35.5], [3, 41.25]]);
		expect(series.memory).toHaveLength(5);
	});
});
