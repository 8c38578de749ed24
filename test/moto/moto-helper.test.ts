// The moto helper itself: start, task progression frozen, request recorder.
import {CreateClusterCommand, DescribeTasksCommand, ECSClient, ListClustersCommand, RegisterContainerInstanceCommand, RegisterTaskDefinitionCommand, RunTaskCommand} from '@aws-sdk/client-ecs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type Moto, motoAvailable, motoDefaultSubnet, motoRecordedRequests, motoRunInstance, instanceIdentityDocument, startMoto} from '../helpers/moto.js';

const available = motoAvailable();
if (!available.ok) console.warn(`[skip] moto helper tests: ${available.reason}`);

describe.skipIf(!available.ok)('moto helper', () => {
	let moto: Moto;
	let ecs: ECSClient;

	beforeAll(async () => {
		moto = await startMoto();
		ecs = new ECSClient({endpoint: moto.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}});
	}, 60_000);

	afterAll(async () => {
		ecs?.destroy();
		await moto?.close();
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
	});
});
