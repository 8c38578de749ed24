// Issue 2's cross-check: the same few resources in moto and in our simulator, and the full set of
// nested field names of each read response compared. Fields one side has and the other lacks must
// be explained in the allow-lists (moto-allow-list.ts), one comment per entry. The moto helper's
// own tests share the one moto process (it takes seconds to start).
import {CreateClusterCommand, CreateServiceCommand, DescribeTasksCommand, ECSClient, ListClustersCommand, RegisterContainerInstanceCommand, RegisterTaskDefinitionCommand, RunTaskCommand} from '@aws-sdk/client-ecs';
import {writeFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSim, type Sim} from '../../source/sim/index.js';
import {instanceIdentityDocument, type Moto, motoAvailable, motoDefaultSubnet, motoRecordedRequests, motoRunInstance, startMoto} from '../helpers/moto.js';
import {onlyInMoto, onlyInOurs} from './moto-allow-list.js';
import {diffShapes, type Shape, shapeOf} from './shape.js';

const available = motoAvailable();
if (!available.ok) console.warn(`[skip] moto cross-check: ${available.reason}`);

const CLUSTER = 'xcheck';

/** A raw AWS JSON 1.1 call, so that the SDK's model does not filter the fields we compare. */
async function call(endpoint: string, operation: string, body: Record<string, unknown>): Promise<unknown> {
	const res = await fetch(`${endpoint}/`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/x-amz-json-1.1',
			'X-Amz-Target': `AmazonEC2ContainerServiceV20141113.${operation}`,
			// Neither side checks signatures; moto routes on the credential scope's service.
			Authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-target, Signature=00',
		},
		body: JSON.stringify(body),
	});
	const json = await res.json() as unknown;
	if (!res.ok) throw new Error(`${operation} on ${endpoint}: HTTP ${res.status} ${JSON.stringify(json)}`);
	return json;
}

/** The read calls compared, each built from what the endpoint listed. */
async function reads(endpoint: string): Promise<Record<string, unknown>> {
	const out: Record<string, unknown> = {};
	const run = async (name: string, operation: string, body: Record<string, unknown>) => {
		out[name] = await call(endpoint, operation, body);
		return out[name] as Record<string, string[] | undefined>;
	};

	const clusters = await run('ListClusters', 'ListClusters', {});
	const clusterArn = clusters.clusterArns!.find(a => a.endsWith(`/${CLUSTER}`))!;
	await run('DescribeClusters', 'DescribeClusters', {clusters: [clusterArn]});
	await run('DescribeClusters+include', 'DescribeClusters', {clusters: [clusterArn], include: ['STATISTICS', 'TAGS']});
	const services = await run('ListServices', 'ListServices', {cluster: CLUSTER});
	await run('DescribeServices', 'DescribeServices', {cluster: CLUSTER, services: services.serviceArns});
	const tasks = await run('ListTasks', 'ListTasks', {cluster: CLUSTER});
	await run('DescribeTasks', 'DescribeTasks', {cluster: CLUSTER, tasks: tasks.taskArns});
	const instances = await run('ListContainerInstances', 'ListContainerInstances', {cluster: CLUSTER});
	await run('DescribeContainerInstances', 'DescribeContainerInstances', {cluster: CLUSTER, containerInstances: instances.containerInstanceArns});
	await run('DescribeTaskDefinition', 'DescribeTaskDefinition', {taskDefinition: 'xweb'});
	await run('DescribeTaskDefinition (Fargate)', 'DescribeTaskDefinition', {taskDefinition: 'xfargate'});
	await run('ListTaskDefinitionFamilies', 'ListTaskDefinitionFamilies', {});
	await run('ListTaskDefinitionFamilies prefix', 'ListTaskDefinitionFamilies', {familyPrefix: 'xw'});
	await run('ListTaskDefinitions', 'ListTaskDefinitions', {});
	await run('ListTaskDefinitions family', 'ListTaskDefinitions', {familyPrefix: 'xweb'});
	// The one mutation compared: xweb:2 exists only for this (no service or task runs it).
	await run('DeregisterTaskDefinition', 'DeregisterTaskDefinition', {taskDefinition: 'xweb:2'});
	await run('ListTaskDefinitions INACTIVE', 'ListTaskDefinitions', {status: 'INACTIVE'});
	return out;
}

async function populateMoto(moto: Moto): Promise<void> {
	const ecs = new ECSClient({endpoint: moto.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}});
	try {
		// aws ecs create-cluster --cluster-name xcheck
		await ecs.send(new CreateClusterCommand({clusterName: CLUSTER, tags: [{key: 'env', value: 'test'}]}));
		const instanceId = await motoRunInstance(moto.endpoint);
		// aws ecs register-container-instance --cluster xcheck --instance-identity-document …
		await ecs.send(new RegisterContainerInstanceCommand({cluster: CLUSTER, instanceIdentityDocument: instanceIdentityDocument(instanceId)}));
		// aws ecs register-task-definition --family xweb … (bridge, EC2)
		await ecs.send(new RegisterTaskDefinitionCommand({
			family: 'xweb',
			networkMode: 'bridge',
			requiresCompatibilities: ['EC2'],
			cpu: '256',
			memory: '512',
			containerDefinitions: [{name: 'xweb', image: 'nginx:1.27', essential: true, cpu: 0, memory: 512, portMappings: [{containerPort: 80, hostPort: 0, protocol: 'tcp'}]}],
		}));
		// aws ecs register-task-definition --family xfargate … (awsvpc, Fargate)
		await ecs.send(new RegisterTaskDefinitionCommand({
			family: 'xfargate',
			networkMode: 'awsvpc',
			requiresCompatibilities: ['FARGATE'],
			cpu: '256',
			memory: '512',
			containerDefinitions: [{name: 'xfargate', image: 'nginx:1.27', essential: true, cpu: 256, memory: 512, portMappings: [{containerPort: 3000, hostPort: 3000, protocol: 'tcp'}]}],
		}));
		// aws ecs create-service --cluster xcheck --service-name xweb --task-definition xweb --desired-count 1 --launch-type EC2
		await ecs.send(new CreateServiceCommand({cluster: CLUSTER, serviceName: 'xweb', taskDefinition: 'xweb', desiredCount: 1, launchType: 'EC2'}));
		// aws ecs register-task-definition --family xweb … (a second revision, deregistered by the reads)
		await ecs.send(new RegisterTaskDefinitionCommand({
			family: 'xweb',
			networkMode: 'bridge',
			requiresCompatibilities: ['EC2'],
			cpu: '256',
			memory: '512',
			containerDefinitions: [{name: 'xweb', image: 'nginx:1.28', essential: true, cpu: 0, memory: 512, portMappings: [{containerPort: 80, hostPort: 0, protocol: 'tcp'}]}],
		}));
		// aws ecs run-task --cluster xcheck --task-definition xweb --launch-type EC2 --started-by xcheck
		await ecs.send(new RunTaskCommand({cluster: CLUSTER, taskDefinition: 'xweb', launchType: 'EC2', startedBy: 'xcheck'}));
		const subnet = await motoDefaultSubnet(moto.endpoint);
		// aws ecs run-task --cluster xcheck --task-definition xfargate --launch-type FARGATE --network-configuration …
		await ecs.send(new RunTaskCommand({cluster: CLUSTER, taskDefinition: 'xfargate', launchType: 'FARGATE', networkConfiguration: {awsvpcConfiguration: {subnets: [subnet], securityGroups: ['sg-1']}}}));
	} finally {
		ecs.destroy();
	}
}

function populateSim(sim: Sim): void {
	const world = sim.world;
	const cluster = world.addCluster(CLUSTER, {tags: [{key: 'env', value: 'test'}]});
	world.addInstance(cluster, {instanceType: 'm5.large'});
	const web = world.addTaskDefinition({family: 'xweb', cpu: 256, memory: 512, networkMode: 'bridge', containerPort: 80});
	const fargate = world.addTaskDefinition({family: 'xfargate', cpu: 256, memory: 512, networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], containerPort: 3000});
	world.addService(cluster, {name: 'xweb', taskDefinition: web, desiredCount: 1, launchType: 'EC2'});
	world.addTaskDefinition({family: 'xweb', cpu: 256, memory: 512, networkMode: 'bridge', containerPort: 80, image: 'nginx:1.28'});
	world.runTask(cluster, {taskDefinition: web, launchType: 'EC2', startedBy: 'xcheck'});
	world.runTask(cluster, {taskDefinition: fargate, launchType: 'FARGATE'});
}

let moto: Moto;

beforeAll(async () => {
	if (available.ok) moto = await startMoto();
}, 60_000);

afterAll(async () => {
	await moto?.close();
});

describe.skipIf(!available.ok)('moto helper', () => {
	let ecs: ECSClient;

	beforeAll(() => {
		ecs = new ECSClient({endpoint: moto.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}});
	});

	afterAll(() => {
		ecs?.destroy();
	});

	it('serves ECS on a loopback port', async () => {
		expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		// aws ecs create-cluster --cluster-name helper
		await ecs.send(new CreateClusterCommand({clusterName: 'helper'}));
		// aws ecs list-clusters
		const list = await ecs.send(new ListClustersCommand({}));
		expect(list.clusterArns).toContain('arn:aws:ecs:us-east-1:123456789012:cluster/helper');
	});

	it('keeps tasks RUNNING however often they are described (EC2 and Fargate)', async () => {
		const instanceId = await motoRunInstance(moto.endpoint);
		// aws ecs register-container-instance --cluster helper --instance-identity-document …
		await ecs.send(new RegisterContainerInstanceCommand({cluster: 'helper', instanceIdentityDocument: instanceIdentityDocument(instanceId)}));
		// aws ecs register-task-definition --family helper --container-definitions …
		await ecs.send(new RegisterTaskDefinitionCommand({family: 'helper', requiresCompatibilities: ['EC2', 'FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512', containerDefinitions: [{name: 'app', image: 'nginx', essential: true, cpu: 256, memory: 512}]}));
		const subnet = await motoDefaultSubnet(moto.endpoint);
		const arns: string[] = [];
		for (const launchType of ['EC2', 'FARGATE'] as const) {
			// aws ecs run-task --cluster helper --task-definition helper --launch-type … --network-configuration …
			const run = await ecs.send(new RunTaskCommand({cluster: 'helper', taskDefinition: 'helper', launchType, networkConfiguration: {awsvpcConfiguration: {subnets: [subnet], securityGroups: ['sg-1']}}}));
			expect(run.failures).toEqual([]);
			arns.push(run.tasks![0]!.taskArn!);
		}

		for (let i = 0; i < 5; i++) {
			// aws ecs describe-tasks --cluster helper --tasks ARN…
			const described = await ecs.send(new DescribeTasksCommand({cluster: 'helper', tasks: arns}));
			expect(described.tasks?.map(t => t.lastStatus)).toEqual(['RUNNING', 'RUNNING']);
		}
	});

	it('records requests once recording is on', async () => {
		await moto.resetRecording();
		expect(await moto.recordedRequests()).toEqual([]);
		await moto.startRecording();
		// aws ecs list-clusters --max-results 5
		await ecs.send(new ListClustersCommand({maxResults: 5}));
		const recorded = await motoRecordedRequests(moto.endpoint);
		expect(recorded).toHaveLength(1);
		expect(recorded[0]).toMatchObject({method: 'POST', operation: 'ListClusters', body: {maxResults: 5}});
		expect(recorded[0]!.headers['x-amz-target']).toBe('AmazonEC2ContainerServiceV20141113.ListClusters');
		await moto.stopRecording();
	});
});

describe.skipIf(!available.ok)('cross-check of response shapes against moto', () => {
	let sim: Sim;
	let ours: Record<string, unknown>;
	let theirs: Record<string, unknown>;

	beforeAll(async () => {
		sim = await startSim({clock: 'manual', throttle: false, world: 'empty'});
		populateSim(sim);
		await populateMoto(moto);
		[ours, theirs] = await Promise.all([reads(sim.url), reads(moto.endpoint)]);
		// XCHECK_DUMP=file writes both sides and their diffs, to update the allow-lists.
		if (process.env.XCHECK_DUMP) {
			const diffs = Object.fromEntries(Object.keys(ours).map(n => [n, diffShapes(shapeOf(ours[n]), shapeOf(theirs[n]))]));
			writeFileSync(process.env.XCHECK_DUMP, JSON.stringify({diffs, ours, theirs}, null, '\t'));
		}
	}, 60_000);

	afterAll(async () => {
		await sim?.close();
	});

	const responses = ['ListClusters', 'DescribeClusters', 'DescribeClusters+include', 'ListServices', 'DescribeServices', 'ListTasks', 'DescribeTasks', 'ListContainerInstances', 'DescribeContainerInstances', 'DescribeTaskDefinition', 'DescribeTaskDefinition (Fargate)', 'ListTaskDefinitionFamilies', 'ListTaskDefinitionFamilies prefix', 'ListTaskDefinitions', 'ListTaskDefinitions family', 'DeregisterTaskDefinition', 'ListTaskDefinitions INACTIVE'];

	it.each(responses)('%s: the same field names, or a documented difference', name => {
		const a: Shape = shapeOf(ours[name]);
		const b: Shape = shapeOf(theirs[name]);
		const diff = diffShapes(a, b);
		const operation = name.split(/[ +]/)[0]!;
		const explained = (list: Record<string, Record<string, string>>, path: string) => Object.hasOwn(list[operation] ?? {}, path);
		expect.soft(diff.onlyInSecond.filter(p => !explained(onlyInMoto, p)), `fields moto returns and we do not (a sim gap, or a moto quirk to document in onlyInMoto.${operation})`).toEqual([]);
		expect.soft(diff.onlyInFirst.filter(p => !explained(onlyInOurs, p)), `fields we return and moto does not (document in onlyInOurs.${operation})`).toEqual([]);
	});

	it('task definition lists: the same revisions and families for the same registrations', () => {
		// ListTaskDefinitions takes the full family name in both; moto does not sort, so compare as sets.
		const arns = (name: string) => [...(ours[name] as {taskDefinitionArns: string[]}).taskDefinitionArns].sort();
		for (const name of ['ListTaskDefinitions family', 'ListTaskDefinitions INACTIVE']) {
			expect(arns(name), name).toEqual([...(theirs[name] as {taskDefinitionArns: string[]}).taskDefinitionArns].sort());
		}
		expect(arns('ListTaskDefinitions family')).toEqual(['arn:aws:ecs:us-east-1:123456789012:task-definition/xweb:1', 'arn:aws:ecs:us-east-1:123456789012:task-definition/xweb:2']);
		expect(ours['ListTaskDefinitionFamilies prefix']).toEqual(theirs['ListTaskDefinitionFamilies prefix']);
	});

	it('every allow-list entry is still needed', () => {
		const stale: string[] = [];
		for (const [list, first, second] of [[onlyInOurs, ours, theirs], [onlyInMoto, theirs, ours]] as const) {
			for (const [operation, entries] of Object.entries(list)) {
				const names = responses.filter(r => r.split(/[ +]/)[0] === operation);
				for (const path of Object.keys(entries)) {
					const seen = names.some(n => diffShapes(shapeOf(first[n]), shapeOf(second[n])).onlyInFirst.includes(path));
					if (!seen) stale.push(`${list === onlyInOurs ? 'onlyInOurs' : 'onlyInMoto'}.${operation}: ${path}`);
				}
			}
		}

		expect(stale).toEqual([]);
	});
});
