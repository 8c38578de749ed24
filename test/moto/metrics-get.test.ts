// `get … --metrics` cross-checked against moto, a second ECS and CloudWatch: a cluster and two
// services made in moto, the datapoints AWS/ECS would publish for one service and the cluster put
// with the SDK at whole minutes of the last 10 (never the current minute, which `get` leaves out
// and the wall clock may turn into), then our command reads them back. Skipped, with the reason
// printed, when moto is not installed.
import {putDatapoints} from '../helpers/cloudwatch.js';
import {CloudWatchClient} from '@aws-sdk/client-cloudwatch';
import {CreateClusterCommand, CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand} from '@aws-sdk/client-ecs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runGet} from '../../source/commands/get.js';
import type {Cluster, Service} from '../../source/domain.js';
import {testCredentials} from '../helpers/api.js';
import {type Moto, motoAvailable, startMoto} from '../helpers/moto.js';
import {runCaptured} from '../helpers/run-command.js';

const available = motoAvailable();
if (!available.ok) console.warn(`[skip] get --metrics against moto: ${available.reason}`);

const minute = 60_000;
type Utilization = {cpu: number | null; memory: number | null; periodEnd: string};

describe.skipIf(!available.ok)('get --metrics against moto', () => {
	let moto: Moto;
	let ecs: ECSClient;
	let cw: CloudWatchClient;
	// The minute the datapoints are placed back from (a turn of the clock before `get` moves its
	// window by a minute, which still holds every point put: none is in the current minute).
	const thisMinute = Math.floor(Date.now() / minute) * minute;
	const get = (...argv: string[]) => runCaptured(runGet, ['get', ...argv], moto.endpoint);

	const put = (metric: string, dimensions: Record<string, string>, points: Array<[minutesAgo: number, value: number]>) => putDatapoints(cw, thisMinute, 'AWS/ECS', metric, dimensions, points);

	beforeAll(async () => {
		moto = await startMoto();
		ecs = new ECSClient({endpoint: moto.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: testCredentials});
		cw = new CloudWatchClient({endpoint: moto.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: testCredentials});
		// aws ecs create-cluster --cluster-name C
		await ecs.send(new CreateClusterCommand({clusterName: 'C'}));
		await ecs.send(new RegisterTaskDefinitionCommand({family: 'app', containerDefinitions: [{name: 'app', image: 'nginx:1.27', cpu: 256, memory: 512}]}));
		// aws ecs create-service --cluster C --service-name NAME --task-definition app --desired-count 0
		for (const name of ['web', 'idle']) await ecs.send(new CreateServiceCommand({cluster: 'C', serviceName: name, taskDefinition: 'app', desiredCount: 0}));
		const web = {ClusterName: 'C', ServiceName: 'web'};
		await put('CPUUtilization', web, [[7, 30], [5, 35.5], [2, 41.25]]);
		await put('MemoryUtilization', web, [[8, 60], [4, 61], [3, 62.5]]);
		await put('CPUUtilization', {ClusterName: 'C'}, [[4, 12]]);
		await put('MemoryUtilization', {ClusterName: 'C'}, [[4, 40]]);
		// 11 minutes ago: outside `get`'s 10-minute window, never the reading.
		await put('CPUUtilization', web, [[11, 99]]);
	}, 60_000);

	afterAll(async () => {
		ecs?.destroy();
		cw?.destroy();
		await moto?.close();
	});

	it('services --json: each metric\'s newest minute put, and null for a service with no datapoint', async () => {
		const {code, out} = await get('services', '--cluster', 'C', '--metrics', '--json');
		expect(code).toBe(0);
		const services = JSON.parse(out) as Array<Service & {utilization: Utilization}>;
		const byName = new Map(services.map(s => [s.serviceName, s.utilization]));
		expect([...byName.keys()].sort()).toEqual(['idle', 'web']);
		// CPU's newest minute is 2 minutes ago, memory's 3: periodEnd is the end of the newer one.
		expect(byName.get('web')).toEqual({cpu: 41.25, memory: 62.5, periodEnd: new Date(thisMinute - minute).toISOString()});
		expect(byName.get('idle')).toMatchObject({cpu: null, memory: null});
		expect(byName.get('idle')!.periodEnd).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);
	});

	it('clusters --json and the services table', async () => {
		const clusters = JSON.parse((await get('clusters', '--metrics', '--json')).out) as Array<Cluster & {utilization: Utilization}>;
		expect(clusters.find(c => c.clusterName === 'C')?.utilization).toEqual({cpu: 12, memory: 40, periodEnd: new Date(thisMinute - 3 * minute).toISOString()});
		const {out} = await get('services', '--cluster', 'C', '--metrics');
		const [header, ...rows] = out.trimEnd().split('\n');
		expect(header).toMatch(/\sCPU%\s+MEM%(\s|$)/);
		expect(rows.find(r => /\bweb\b/.test(r))).toMatch(/\s41%\s+63%\s/);
		expect(rows.find(r => /\bidle\b/.test(r))).toMatch(/\s-\s+-\s/);
	});
});
