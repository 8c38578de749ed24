// List and Describe operations through the real SDK: pagination past 100 and 1,000 items, batch
// limits, failures with MISSING, and the names, ARNs and IDs ECS accepts.
import {
	DescribeClustersCommand,
	DescribeContainerInstancesCommand,
	DescribeServicesCommand,
	DescribeTaskDefinitionCommand,
	DescribeTasksCommand,
	ListClustersCommand,
	ListContainerInstancesCommand,
	ListServicesCommand,
	ListTasksCommand,
	paginateListServices,
	paginateListTasks,
	type ECSClient,
} from '@aws-sdk/client-ecs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {ClusterRec, InstanceRec, ServiceRec, TaskRec} from '../../source/sim/model.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

let t: TestSim;
let client: ECSClient;
let many: ClusterRec;
let small: ClusterRec;
let web: ServiceRec;
let instances: InstanceRec[];
let standalone: TaskRec;

beforeAll(async () => {
	t = await startTestSim({world: 'empty'});
	client = t.client;
	const w = t.sim.world;
	many = w.addCluster('many');
	const tiny = w.addTaskDefinition({family: 'tiny', cpu: 256, memory: 512});
	for (let i = 0; i < 1050; i++) w.addService(many, {name: `s${String(i).padStart(4, '0')}`, taskDefinition: tiny, desiredCount: 0});
	for (let i = 0; i < 1234; i++) w.runTask(many, {taskDefinition: tiny, launchType: 'FARGATE', startedBy: i % 2 ? 'odd' : 'even'});
	for (let i = 0; i < 120; i++) w.addCluster(`c${String(i).padStart(3, '0')}`);
	small = w.addCluster('small');
	instances = [0, 1, 2].map(() => w.addInstance(small, {instanceType: 'm5.xlarge'}));
	const webDef = w.addTaskDefinition({family: 'web', cpu: 512, memory: 1024, networkMode: 'bridge', containerPort: 80});
	web = w.addService(small, {name: 'web', taskDefinition: webDef, desiredCount: 3});
	standalone = w.runTask(small, {taskDefinition: w.addTaskDefinition({family: 'cron', networkMode: 'bridge'}), startedBy: 'cron'});
});
afterAll(async () => t.close());

describe('pagination', () => {
	it('ListServices defaults to pages of 10 and walks past 1,000 with opaque tokens', async () => {
		const first = await client.send(new ListServicesCommand({cluster: 'many'}));
		expect(first.serviceArns).toHaveLength(10);
		expect(first.nextToken).toBeTruthy();
		expect(first.nextToken).not.toMatch(/s00/);
		const all: string[] = [];
		let pages = 0;
		for await (const page of paginateListServices({client, pageSize: 100}, {cluster: 'many'})) {
			all.push(...page.serviceArns!);
			pages++;
		}
		expect(pages).toBe(11);
		expect(all).toHaveLength(1050);
		expect(new Set(all).size).toBe(1050);
	});

	it('ListTasks pages of 100 by default, past 1,000, each task exactly once', async () => {
		const first = await client.send(new ListTasksCommand({cluster: 'many'}));
		expect(first.taskArns).toHaveLength(100);
		const all: string[] = [];
		for await (const page of paginateListTasks({client}, {cluster: 'many'})) all.push(...page.taskArns!);
		expect(all).toHaveLength(1234);
		expect(new Set(all).size).toBe(1234);
		expect(new Set(all)).toEqual(new Set([...many.tasks.values()].map(task => task.arn)));
	});

	it('a page may be exact: no token when nothing follows', async () => {
		const out = await client.send(new ListTasksCommand({cluster: 'small', maxResults: 4}));
		expect(out.taskArns).toHaveLength(4);
		expect(out.nextToken).toBeUndefined();
	});

	it('ListClusters past 100', async () => {
		const first = await client.send(new ListClustersCommand({}));
		expect(first.clusterArns).toHaveLength(100);
		const second = await client.send(new ListClustersCommand({nextToken: first.nextToken}));
		expect(second.clusterArns).toHaveLength(22);
		expect(second.nextToken).toBeUndefined();
	});

	it('a token is tied to its query', async () => {
		const first = await client.send(new ListTasksCommand({cluster: 'many', maxResults: 5}));
		await expect(client.send(new ListTasksCommand({cluster: 'many', maxResults: 5, startedBy: 'odd', nextToken: first.nextToken}))).rejects.toMatchObject({name: 'InvalidParameterException'});
	});

	it('tasks created between pages do not disturb the walk', async () => {
		const first = await client.send(new ListTasksCommand({cluster: 'many', maxResults: 2, startedBy: 'even'}));
		const extra = t.sim.world.runTask(many, {taskDefinition: 'tiny', launchType: 'FARGATE', startedBy: 'even'});
		const rest: string[] = [];
		for await (const page of paginateListTasks({client, startingToken: first.nextToken}, {cluster: 'many', startedBy: 'even'})) rest.push(...page.taskArns!);
		const seen = [...first.taskArns!, ...rest];
		expect(seen).toHaveLength(618);
		expect(new Set(seen).size).toBe(seen.length);
		expect(seen).toContain(extra.arn);
		t.sim.world.scheduler.stopTask(extra, 'cleanup');
	});
});

describe('batch limits', () => {
	const invalid = {name: 'InvalidParameterException'};
	it('DescribeServices takes at most 10', async () => {
		const names = Array.from({length: 10}, (_, i) => `s${String(i).padStart(4, '0')}`);
		expect((await client.send(new DescribeServicesCommand({cluster: 'many', services: names}))).services).toHaveLength(10);
		await expect(client.send(new DescribeServicesCommand({cluster: 'many', services: [...names, 's0010']}))).rejects.toMatchObject(invalid);
		await expect(client.send(new DescribeServicesCommand({cluster: 'many', services: []}))).rejects.toMatchObject(invalid);
	});

	it('DescribeTasks, DescribeClusters and DescribeContainerInstances take at most 100', async () => {
		const arns = [...many.tasks.values()].slice(0, 101).map(task => task.arn);
		expect((await client.send(new DescribeTasksCommand({cluster: 'many', tasks: arns.slice(0, 100)}))).tasks).toHaveLength(100);
		await expect(client.send(new DescribeTasksCommand({cluster: 'many', tasks: arns}))).rejects.toMatchObject(invalid);
		const clusters = Array.from({length: 101}, (_, i) => `c${String(i).padStart(3, '0')}`);
		expect((await client.send(new DescribeClustersCommand({clusters: clusters.slice(0, 100)}))).clusters).toHaveLength(100);
		await expect(client.send(new DescribeClustersCommand({clusters}))).rejects.toMatchObject(invalid);
		const ids = Array.from({length: 101}, (_, i) => `0000${i}`);
		expect((await client.send(new DescribeContainerInstancesCommand({cluster: 'small', containerInstances: ids.slice(0, 100)}))).failures).toHaveLength(100);
		await expect(client.send(new DescribeContainerInstancesCommand({cluster: 'small', containerInstances: ids}))).rejects.toMatchObject(invalid);
	});
});

describe('identifiers and failures', () => {
	it('accepts names and ARNs for clusters, names and long/short ARNs for services', async () => {
		const arn = 'arn:aws:ecs:us-east-1:123456789012:cluster/small';
		expect((await client.send(new DescribeClustersCommand({clusters: [arn, 'small']}))).clusters!.map(c => c.clusterName)).toEqual(['small', 'small']);
		const out = await client.send(new DescribeServicesCommand({
			cluster: arn,
			services: ['web', web.arn, 'arn:aws:ecs:us-east-1:123456789012:service/web', 'arn:aws:ecs:us-east-1:123456789012:service/many/web'],
		}));
		expect(out.services!.map(s => s.serviceName)).toEqual(['web', 'web', 'web']);
		expect(out.failures).toEqual([{arn: 'arn:aws:ecs:us-east-1:123456789012:service/many/web', reason: 'MISSING'}]);
	});

	it('accepts task IDs and ARNs; reports unknown ones as MISSING with a full ARN', async () => {
		const task = standalone;
		const out = await client.send(new DescribeTasksCommand({cluster: 'small', tasks: [task.id, task.arn, 'deadbeef'.repeat(4), 'arn:aws:ecs:eu-west-1:123456789012:task/small/' + task.id]}));
		expect(out.tasks!.map(x => x.taskArn)).toEqual([task.arn, task.arn]);
		expect(out.failures).toEqual([
			{arn: `arn:aws:ecs:us-east-1:123456789012:task/small/${'deadbeef'.repeat(4)}`, reason: 'MISSING'},
			{arn: `arn:aws:ecs:eu-west-1:123456789012:task/small/${task.id}`, reason: 'MISSING'},
		]);
	});

	it('accepts container instance IDs and ARNs', async () => {
		const [a, b] = instances;
		const out = await client.send(new DescribeContainerInstancesCommand({cluster: 'small', containerInstances: [a!.id, b!.arn]}));
		expect(out.containerInstances!.map(i => i.containerInstanceArn)).toEqual([a!.arn, b!.arn]);
	});

	it('DescribeClusters reports unknown clusters as failures, not exceptions; others throw ClusterNotFoundException', async () => {
		const out = await client.send(new DescribeClustersCommand({clusters: ['small', 'nope']}));
		expect(out.clusters).toHaveLength(1);
		expect(out.failures).toEqual([{arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/nope', reason: 'MISSING'}]);
		for (const command of [new DescribeTasksCommand({cluster: 'nope', tasks: ['x']}), new ListTasksCommand({cluster: 'nope'}), new ListContainerInstancesCommand({cluster: 'nope'})]) {
			await expect(client.send(command as never)).rejects.toMatchObject({name: 'ClusterNotFoundException'});
		}
	});

	it('DescribeTaskDefinition by family, family:revision and ARN; unknown → ClientException', async () => {
		const w = t.sim.world;
		const v2 = w.addTaskDefinition({family: 'web', cpu: 512, memory: 1024, networkMode: 'bridge', containerPort: 80});
		for (const ref of ['web', 'web:2', v2.arn]) {
			const out = await client.send(new DescribeTaskDefinitionCommand({taskDefinition: ref}));
			expect(out.taskDefinition!.taskDefinitionArn).toBe(v2.arn);
			expect(out.taskDefinition!.containerDefinitions![0]!.portMappings).toEqual([{containerPort: 80, hostPort: 0, protocol: 'tcp'}]);
		}
		expect((await client.send(new DescribeTaskDefinitionCommand({taskDefinition: 'web:1'}))).taskDefinition!.revision).toBe(1);
		await expect(client.send(new DescribeTaskDefinitionCommand({taskDefinition: 'nope'}))).rejects.toMatchObject({name: 'ClientException'});
	});
});

describe('filters and shapes', () => {
	it('ListTasks filters by service, instance, family, startedBy, launch type and desired status', async () => {
		const list = async (input: Record<string, unknown>) => (await client.send(new ListTasksCommand({cluster: 'small', ...input}))).taskArns!.sort();
		const webTasks = [...web.tasksRunning.values()].map(x => x.arn).sort();
		expect(await list({serviceName: 'web'})).toEqual(webTasks);
		expect(await list({serviceName: web.arn})).toEqual(webTasks);
		expect(await list({family: 'cron'})).toEqual([standalone.arn]);
		expect(await list({startedBy: 'cron'})).toEqual([standalone.arn]);
		expect(await list({launchType: 'FARGATE'})).toEqual([]);
		expect(await list({desiredStatus: 'PENDING'})).toEqual([]);
		expect(await list({desiredStatus: 'STOPPED'})).toEqual([]);
		const onA = [...instances[0]!.tasksRunning.values()].map(x => x.arn).sort();
		expect(onA.length).toBeGreaterThan(0);
		expect(await list({containerInstance: instances[0]!.id})).toEqual(onA);
		expect(await list({containerInstance: instances[0]!.arn, serviceName: 'web'})).toEqual(onA.filter(a => webTasks.includes(a)));
		await expect(list({serviceName: 'nope'})).rejects.toMatchObject({name: 'ServiceNotFoundException'});
	});

	it('cluster counters and statistics agree with the tasks', async () => {
		const c = (await client.send(new DescribeClustersCommand({clusters: ['small'], include: ['STATISTICS', 'TAGS']}))).clusters![0]!;
		expect(c).toMatchObject({runningTasksCount: 4, pendingTasksCount: 0, activeServicesCount: 1, registeredContainerInstancesCount: 3, tags: []});
		expect(c.statistics).toContainEqual({name: 'runningEC2TasksCount', value: '4'});
		expect(c.statistics).toContainEqual({name: 'activeEC2ServiceCount', value: '1'});
	});

	it('a task has the fields a monitor reads, with dates as Date objects', async () => {
		const task = (await client.send(new DescribeTasksCommand({cluster: 'small', tasks: [[...web.tasksRunning.values()][0]!.id]}))).tasks![0]!;
		expect(task).toMatchObject({lastStatus: 'RUNNING', desiredStatus: 'RUNNING', launchType: 'EC2', group: 'service:web', cpu: '512', memory: '1024'});
		expect(task.startedBy).toMatch(/^ecs-svc\/\d{19}$/);
		for (const key of ['createdAt', 'pullStartedAt', 'pullStoppedAt', 'startedAt', 'connectivityAt'] as const) expect(task[key]).toBeInstanceOf(Date);
		expect(task.createdAt!.getTime()).toBeLessThan(task.startedAt!.getTime());
		expect(task.containers![0]!.networkBindings![0]).toMatchObject({containerPort: 80, protocol: 'tcp'});
		expect(task.containers![0]!.networkBindings![0]!.hostPort).toBeGreaterThanOrEqual(32768);
	});

	it('instances report reservations as remaining resources', async () => {
		const out = await client.send(new DescribeContainerInstancesCommand({cluster: 'small', containerInstances: instances.map(i => i.id)}));
		for (const ci of out.containerInstances!) {
			const rec = instances.find(i => i.arn === ci.containerInstanceArn)!;
			const registered = ci.registeredResources!.find(r => r.name === 'CPU')!.integerValue!;
			const remaining = ci.remainingResources!.find(r => r.name === 'CPU')!.integerValue!;
			expect(registered - remaining).toBe(512 * [...rec.tasksRunning.values()].filter(x => x.taskDef.family === 'web').length + 256 * [...rec.tasksRunning.values()].filter(x => x.taskDef.family === 'cron').length);
			expect(ci.runningTasksCount).toBe(rec.tasksRunning.size);
		}
	});

	it('ListContainerInstances filters by status and a simple attribute query', async () => {
		const all = await client.send(new ListContainerInstancesCommand({cluster: 'small'}));
		expect(all.containerInstanceArns).toHaveLength(3);
		expect((await client.send(new ListContainerInstancesCommand({cluster: 'small', status: 'DRAINING'}))).containerInstanceArns).toEqual([]);
		const zone = instances[0]!.availabilityZone;
		const byZone = await client.send(new ListContainerInstancesCommand({cluster: 'small', filter: `attribute:ecs.availability-zone == ${zone}`}));
		expect(byZone.containerInstanceArns).toEqual(instances.filter(i => i.availabilityZone === zone).map(i => i.arn));
	});

	it('ListServices filters by launch type and scheduling strategy', async () => {
		const ec2 = await client.send(new ListServicesCommand({cluster: 'small', launchType: 'EC2'}));
		expect(ec2.serviceArns).toEqual([web.arn]);
		expect((await client.send(new ListServicesCommand({cluster: 'small', launchType: 'FARGATE'}))).serviceArns).toEqual([]);
		expect((await client.send(new ListServicesCommand({cluster: 'small', schedulingStrategy: 'DAEMON'}))).serviceArns).toEqual([]);
		expect((await client.send(new ListServicesCommand({cluster: 'small', schedulingStrategy: 'REPLICA'}))).serviceArns).toEqual([web.arn]);
	});

	it('keeps the world consistent', () => {
		expect(t.sim.world.audit()).toEqual([]);
	});
});
