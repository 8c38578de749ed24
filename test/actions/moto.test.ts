// The three mutations once each through the action layer and our EcsApi against moto, a second,
// independent ECS emulator: moto's request recorder shows exactly the requests ECS would get
// (one per action, the parameters we meant), and reading moto's state back shows they applied.
// Skipped, with the reason printed, when moto is not installed.
import {
	CreateClusterCommand,
	CreateServiceCommand,
	ECSClient,
	RegisterContainerInstanceCommand,
	RegisterTaskDefinitionCommand,
	RunTaskCommand,
} from '@aws-sdk/client-ecs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {EcsApi} from '../../source/aws/ecs-api.js';
import {redeployService, scaleService, setInstancesState, stopTasks, type ActionDeps} from '../../source/store/actions/actions.js';
import {memoryAuditLog} from '../../source/store/actions/audit.js';
import {apiFor} from '../helpers/api.js';
import {instanceIdentityDocument, type Moto, motoAvailable, motoRunInstance, startMoto} from '../helpers/moto.js';

const available = motoAvailable();
if (!available.ok) console.warn(`[skip] actions against moto: ${available.reason}`);

describe.skipIf(!available.ok)('actions against moto', () => {
	let moto: Moto;
	let raw: ECSClient;
	let api: EcsApi;

	beforeAll(async () => {
		moto = await startMoto();
		raw = new ECSClient({endpoint: moto.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}});
		await raw.send(new CreateClusterCommand({clusterName: 'm'}));
		for (let i = 0; i < 2; i++) {
			const id = await motoRunInstance(moto.endpoint);
			await raw.send(new RegisterContainerInstanceCommand({cluster: 'm', instanceIdentityDocument: instanceIdentityDocument(id)}));
		}
		await raw.send(new RegisterTaskDefinitionCommand({family: 'web', networkMode: 'bridge', containerDefinitions: [{name: 'web', image: 'nginx:1.27', cpu: 128, memory: 256}]}));
		await raw.send(new CreateServiceCommand({cluster: 'm', serviceName: 'web', taskDefinition: 'web', desiredCount: 1, launchType: 'EC2'}));
		await raw.send(new RunTaskCommand({cluster: 'm', taskDefinition: 'web', launchType: 'EC2', count: 1, startedBy: 'actions-test'}));
		api = apiFor(moto.endpoint);
	}, 60_000);

	afterAll(async () => {
		raw?.destroy();
		await moto?.close();
	});

	it('StopTask, UpdateService (desiredCount, then forceNewDeployment) and UpdateContainerInstancesState: one recorded request each', async () => {
		const audit = memoryAuditLog();
		const deps: ActionDeps = {api, audit, where: {cluster: 'm', region: 'us-east-1'}};
		const [task] = (await api.describeTasks('m', await api.listTaskArns('m', {startedBy: 'actions-test'}))).items;
		const [service] = (await api.describeServices('m', ['web'])).items;
		const instances = (await api.describeContainerInstances('m', await api.listContainerInstanceArns('m'))).items;
		expect(task && service && instances.length === 2).toBeTruthy();

		await moto.resetRecording();
		await moto.startRecording();
		const results = [
			await stopTasks(deps, [task!], 'Stopped by ecs-top (test@moto)'),
			await scaleService(deps, service!, 3),
			await redeployService(deps, service!),
			await setInstancesState(deps, [instances[0]!], 'DRAINING'),
		];
		const recorded = (await moto.recordedRequests()).filter(r => r.operation !== '');
		for (const result of results) expect(result, result.summary).toMatchObject({ok: true, calls: 1});

		expect(recorded.map(r => r.operation)).toEqual(['StopTask', 'UpdateService', 'UpdateService', 'UpdateContainerInstancesState']);
		expect(recorded.map(r => r.body)).toEqual([
			{cluster: 'm', task: task!.taskArn, reason: 'Stopped by ecs-top (test@moto)'},
			{cluster: 'm', service: 'web', desiredCount: 3},
			{cluster: 'm', service: 'web', forceNewDeployment: true},
			{cluster: 'm', containerInstances: [instances[0]!.containerInstanceArn], status: 'DRAINING'},
		]);
		expect(audit.entries.filter(e => e.phase === 'intent').map(e => e.operation)).toEqual(recorded.map(r => r.operation));

		// And moto's state agrees.
		const stopped = (await api.describeTasks('m', [task!.taskArn])).items[0]!;
		expect(stopped.desiredStatus).toBe('STOPPED');
		expect(stopped.stoppedReason).toBe('Stopped by ecs-top (test@moto)');
		expect((await api.describeServices('m', ['web'])).items[0]!.desiredCount).toBe(3);
		const after = (await api.describeContainerInstances('m', [instances[0]!.containerInstanceArn])).items[0]!;
		expect(after.status).toBe('DRAINING');
	});
});
