// The same read paths against moto, a second, independent ECS emulator: every list and describe of
// the EcsApi and the store give domain objects that agree field by field with what moto answers
// through the plain SDK (dates as ISO strings, the same numbers and names). Skipped without moto.
import {
	CreateClusterCommand, CreateServiceCommand, DescribeClustersCommand, DescribeContainerInstancesCommand, DescribeServicesCommand,
	DescribeTasksCommand, ECSClient, ListContainerInstancesCommand, ListServicesCommand, ListTasksCommand,
	RegisterContainerInstanceCommand, RegisterTaskDefinitionCommand, RunTaskCommand,
} from '@aws-sdk/client-ecs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createDataLayer} from '../../source/store/index.js';
import {apiFor} from '../helpers/api.js';
import {instanceIdentityDocument, type Moto, motoAvailable, motoRunInstance, startMoto} from '../helpers/moto.js';
import {adapterFor} from '../../source/resources/index.js';

const available = motoAvailable();
if (!available.ok) console.warn(`[skip] data layer against moto: ${available.reason}`);

/** Every field of ours that moto also has must carry the same value (Dates compared as ISO strings). */
function agree(ours: unknown, theirs: unknown, at: string, problems: string[]): void {
	if (theirs instanceof Date) {
		if (ours !== theirs.toISOString()) problems.push(`${at}: ${String(ours)} vs ${theirs.toISOString()}`);
		return;
	}
	if (Array.isArray(ours) && Array.isArray(theirs)) {
		if (ours.length !== theirs.length) problems.push(`${at}: ${ours.length} items vs ${theirs.length}`);
		ours.forEach((item, i) => agree(item, theirs[i], `${at}[${i}]`, problems));
		return;
	}
	if (ours && typeof ours === 'object' && theirs && typeof theirs === 'object') {
		for (const [key, value] of Object.entries(ours)) {
			if (value !== undefined && key in theirs) agree(value, (theirs as Record<string, unknown>)[key], `${at}.${key}`, problems);
		}
		return;
	}
	if (theirs === undefined || theirs === null) return;
	// Statistics are numbers in the domain; ECS sends them as strings.
	if (ours !== theirs && String(ours) !== String(theirs)) problems.push(`${at}: ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`);
}

describe.skipIf(!available.ok)('data layer against moto', () => {
	let moto: Moto;
	let raw: ECSClient;

	beforeAll(async () => {
		moto = await startMoto();
		raw = new ECSClient({endpoint: moto.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}});
		await raw.send(new CreateClusterCommand({clusterName: 'm'}));
		for (let i = 0; i < 2; i++) {
			const id = await motoRunInstance(moto.endpoint);
			await raw.send(new RegisterContainerInstanceCommand({cluster: 'm', instanceIdentityDocument: instanceIdentityDocument(id)}));
		}
		await raw.send(new RegisterTaskDefinitionCommand({family: 'web', networkMode: 'bridge', containerDefinitions: [{name: 'web', image: 'nginx:1.27', cpu: 128, memory: 256, portMappings: [{containerPort: 80, hostPort: 0}]}]}));
		for (let i = 0; i < 12; i++) await raw.send(new CreateServiceCommand({cluster: 'm', serviceName: `s${i}`, taskDefinition: 'web', desiredCount: 0, launchType: 'EC2'}));
		await raw.send(new RunTaskCommand({cluster: 'm', taskDefinition: 'web', launchType: 'EC2', count: 3, startedBy: 'moto-test'}));
	}, 60_000);

	afterAll(async () => {
		raw?.destroy();
		await moto?.close();
	});

	it('lists and describes clusters, services, tasks and instances as moto has them', async () => {
		const api = apiFor(moto.endpoint);
		const problems: string[] = [];
		const clusters = await api.describeClusters(await api.listClusterArns());
		const rawClusters = await raw.send(new DescribeClustersCommand({clusters: ['m'], include: ['STATISTICS']}));
		agree(clusters.items, rawClusters.clusters, 'clusters', problems);

		const serviceArns = await api.listServiceArns('m');
		expect(serviceArns).toHaveLength(12);
		const services = await api.describeServices('m', serviceArns);
		const rawServiceArns = (await raw.send(new ListServicesCommand({cluster: 'm', maxResults: 100}))).serviceArns!;
		const rawServices = [
			...(await raw.send(new DescribeServicesCommand({cluster: 'm', services: rawServiceArns.slice(0, 10)}))).services!,
			...(await raw.send(new DescribeServicesCommand({cluster: 'm', services: rawServiceArns.slice(10)}))).services!,
		];
		agree(services.items, rawServices, 'services', problems);

		const taskArns = await api.listTaskArns('m');
		const rawTaskArns = (await raw.send(new ListTasksCommand({cluster: 'm'}))).taskArns!;
		expect(taskArns.length).toBeGreaterThan(0);
		expect(taskArns.sort()).toEqual([...rawTaskArns].sort());
		const tasks = await api.describeTasks('m', rawTaskArns);
		const rawTasks = await raw.send(new DescribeTasksCommand({cluster: 'm', tasks: rawTaskArns}));
		agree(tasks.items, rawTasks.tasks, 'tasks', problems);

		const instanceArns = await api.listContainerInstanceArns('m');
		const instances = await api.describeContainerInstances('m', instanceArns);
		const rawInstances = await raw.send(new DescribeContainerInstancesCommand({cluster: 'm', containerInstances: (await raw.send(new ListContainerInstancesCommand({cluster: 'm'}))).containerInstanceArns}));
		agree(instances.items, rawInstances.containerInstances, 'instances', problems);

		expect(problems).toEqual([]);
		expect(tasks.items[0]).toMatchObject({lastStatus: expect.any(String), startedBy: 'moto-test', containers: expect.any(Array), attachments: expect.any(Array)});
		expect(instances.items[0]!.registeredResources.length).toBeGreaterThan(0);
	});

	it('fills the store with the same objects', async () => {
		const api = apiFor(moto.endpoint);
		const {store, poller} = createDataLayer({api, adapters: adapterFor, refreshSeconds: 60});
		try {
			poller.open({kind: 'services', cluster: 'm'});
			poller.open({kind: 'tasks', cluster: 'm'});
			poller.open({kind: 'instances', cluster: 'm'});
			await poller.settled();
			const snap = store.getSnapshot();
			const services = await api.describeServices('m', await api.listServiceArns('m'));
			expect([...snap.services.values()].sort((a, b) => a.serviceName.localeCompare(b.serviceName))).toEqual(services.items.sort((a, b) => a.serviceName.localeCompare(b.serviceName)));
			expect(snap.scopes.get('tasks|m|||')!.ids.length).toBe((await api.listTaskArns('m')).length);
			expect(snap.instances.size).toBe(2);
			expect(snap.clusters.size).toBe(0);
		} finally {
			poller.stop();
		}
	});
});
