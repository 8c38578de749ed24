// Several regions against moto, which keeps its state per region: clusters made in two regions
// through the SDK, then `get clusters --region a,b --json` lists each with its region and the
// account moto's STS GetCallerIdentity names; and `logs --region a,b` reads a service's awslogs
// lines in each region (moto has no service events: `events` is checked against the simulator only).
import {CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand} from '@aws-sdk/client-cloudwatch-logs';
import {CreateClusterCommand, CreateServiceCommand, ECSClient, RegisterContainerInstanceCommand, RegisterTaskDefinitionCommand, RunTaskCommand} from '@aws-sdk/client-ecs';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {parseArgs} from '../../source/cli-args.js';
import {runGet} from '../../source/commands/get.js';
import {runLogs} from '../../source/commands/logs.js';
import {instanceIdentityDocument, type Moto, motoAvailable, motoRunInstance, startMoto} from '../helpers/moto.js';
import {captureOutput} from '../helpers/run-command.js';

const available = motoAvailable();
if (!available.ok) console.warn(`[skip] contexts against moto: ${available.reason}`);

const credentials = {accessKeyId: 'testing', secretAccessKey: 'testing'};

describe.skipIf(!available.ok)('get across regions against moto', () => {
	let moto: Moto;

	beforeAll(async () => {
		moto = await startMoto();
		for (const [region, name] of [['us-east-1', 'ctx-east'], ['eu-west-1', 'ctx-west']] as const) {
			const ecs = new ECSClient({endpoint: moto.endpoint, region, maxAttempts: 1, credentials});
			// aws ecs create-cluster --cluster-name NAME --region REGION
			await ecs.send(new CreateClusterCommand({clusterName: name}));
		}
	}, 60_000);
	afterAll(() => moto?.close());
	afterEach(() => {
		vi.restoreAllMocks();
		vi.unstubAllEnvs();
	});

	it('lists each region\'s clusters with its context', async () => {
		let out = '';
		let err = '';
		vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string, cb?: () => void) => ((out += chunk), cb?.(), true)) as never);
		vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string, cb?: () => void) => ((err += chunk), cb?.(), true)) as never);
		vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
		vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
		vi.stubEnv('AWS_PROFILE', undefined as never);
		vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
		const code = await runGet(parseArgs(['get', 'clusters', '--region', 'us-east-1,eu-west-1', '--json', '--endpoint-url', moto.endpoint], '0.0.0'));
		vi.restoreAllMocks();
		expect(err).toBe('');
		expect(code).toBe(0);
		const items = JSON.parse(out) as Array<{clusterName: string; clusterArn: string; context: {profile: string | null; region: string; account: string}}>;
		const byName = Object.fromEntries(items.map(i => [i.clusterName, i]));
		expect(byName['ctx-east']!.context).toEqual({profile: null, region: 'us-east-1', account: '123456789012'});
		expect(byName['ctx-west']!.context).toEqual({profile: null, region: 'eu-west-1', account: '123456789012'});
		expect(byName['ctx-west']!.clusterArn).toContain(':eu-west-1:');
		// moto keeps each region apart: each cluster is listed once, in its own region.
		expect(items.filter(i => i.clusterName.startsWith('ctx-')).map(i => `${i.context.region} ${i.clusterName}`).sort()).toEqual(['eu-west-1 ctx-west', 'us-east-1 ctx-east']);
	});
});

describe.skipIf(!available.ok)('logs across regions against moto', () => {
	let moto: Moto;
	const base = Date.now() - 60_000;

	beforeAll(async () => {
		moto = await startMoto();
		// In each region: cluster m, a service web whose task logs to /ecs/web, one line in its stream.
		for (const region of ['us-east-1', 'eu-west-1']) {
			const client = {endpoint: moto.endpoint, region, maxAttempts: 1, credentials};
			const ecs = new ECSClient(client);
			const cwl = new CloudWatchLogsClient(client);
			// aws ecs create-cluster --cluster-name m
			await ecs.send(new CreateClusterCommand({clusterName: 'm'}));
			const instance = await motoRunInstance(moto.endpoint, 'm5.large', region);
			// aws ecs register-container-instance --cluster m --instance-identity-document …
			await ecs.send(new RegisterContainerInstanceCommand({cluster: 'm', instanceIdentityDocument: instanceIdentityDocument(instance, 'm5.large', `${region}a`, region)}));
			const logConfiguration = {logDriver: 'awslogs' as const, options: {'awslogs-group': '/ecs/web', 'awslogs-region': region, 'awslogs-stream-prefix': 'ecs'}};
			// aws ecs register-task-definition --family web --container-definitions …
			await ecs.send(new RegisterTaskDefinitionCommand({family: 'web', networkMode: 'bridge', containerDefinitions: [{name: 'web', image: 'nginx:1.27', cpu: 64, memory: 128, logConfiguration}]}));
			// aws ecs create-service --cluster m --service-name web --task-definition web --desired-count 0
			await ecs.send(new CreateServiceCommand({cluster: 'm', serviceName: 'web', taskDefinition: 'web', desiredCount: 0}));
			// aws ecs run-task --cluster m --task-definition web --group service:web (as the service's scheduler would)
			const run = await ecs.send(new RunTaskCommand({cluster: 'm', taskDefinition: 'web', launchType: 'EC2', count: 1, group: 'service:web'}));
			const task = run.tasks![0]!.taskArn!.split('/').at(-1)!;
			// aws logs create-log-group / create-log-stream / put-log-events
			await cwl.send(new CreateLogGroupCommand({logGroupName: '/ecs/web'}));
			await cwl.send(new CreateLogStreamCommand({logGroupName: '/ecs/web', logStreamName: `ecs/web/${task}`}));
			await cwl.send(new PutLogEventsCommand({logGroupName: '/ecs/web', logStreamName: `ecs/web/${task}`, logEvents: [{timestamp: base + (region === 'us-east-1' ? 2000 : 1000), message: `hello from ${region}`}]}));
			ecs.destroy();
			cwl.destroy();
		}
	}, 60_000);
	afterAll(() => moto?.close());
	afterEach(() => {
		vi.restoreAllMocks();
		vi.unstubAllEnvs();
	});

	it('reads each region\'s lines with its context, merged oldest first', async () => {
		const output = captureOutput();
		vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
		vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
		vi.stubEnv('AWS_PROFILE', undefined as never);
		vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
		const code = await runLogs(parseArgs(['logs', '--cluster', 'm', '--service', 'web', '--region', 'us-east-1,eu-west-1', '--json', '--endpoint-url', moto.endpoint], '0.0.0'));
		vi.restoreAllMocks();
		expect(output.err()).toBe('');
		expect(code).toBe(0);
		const lines = output.out().split('\n').filter(Boolean).map(l => JSON.parse(l) as {message: string; timestamp: string; context: unknown});
		expect(lines.map(l => [l.message, l.context])).toEqual([
			['hello from eu-west-1', {profile: null, region: 'eu-west-1', account: '123456789012'}],
			['hello from us-east-1', {profile: null, region: 'us-east-1', account: '123456789012'}],
		]);
	});
});
