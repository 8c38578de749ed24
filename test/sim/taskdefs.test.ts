// Task definitions and service revisions through the real SDK: ListTaskDefinitionFamilies and
// ListTaskDefinitions paged to the end (no duplicates, no gaps, also while revisions are
// registered), their filters and order, RegisterTaskDefinition / DeregisterTaskDefinition,
// DescribeTaskDefinition's fields, DescribeServiceRevisions (limits, failures, rollbacks), and the
// demo world's history.
import {
	DeregisterTaskDefinitionCommand,
	DescribeServiceDeploymentsCommand,
	DescribeServiceRevisionsCommand,
	DescribeServicesCommand,
	DescribeTaskDefinitionCommand,
	ListServiceDeploymentsCommand,
	ListTaskDefinitionFamiliesCommand,
	ListTaskDefinitionsCommand,
	paginateListTaskDefinitionFamilies,
	paginateListTaskDefinitions,
	RegisterTaskDefinitionCommand,
	UpdateServiceCommand,
	type ContainerDefinition,
	type ECSClient,
	type ListTaskDefinitionsCommandInput,
	type Service,
} from '@aws-sdk/client-ecs';
import {afterEach, describe, expect, it} from 'vitest';
import {startTestSim, type TestSim} from '../helpers/sim.js';

const ARN = 'arn:aws:ecs:us-east-1:123456789012';
let t: TestSim | undefined;
afterEach(async () => {
	if (t) expect(t.sim.world.audit()).toEqual([]);
	await t?.close();
	t = undefined;
});

async function empty() {
	t = await startTestSim({world: 'empty', seed: 5, startTime: Date.UTC(2026, 2, 1)});
	return {t, w: t.sim.world, client: t.client};
}

async function allFamilies(client: ECSClient, input: {familyPrefix?: string; status?: 'ACTIVE' | 'INACTIVE' | 'ALL'}, pageSize: number): Promise<string[]> {
	const out: string[] = [];
	// aws ecs list-task-definition-families [--family-prefix P] [--status S] --max-items …
	for await (const page of paginateListTaskDefinitionFamilies({client, pageSize}, input)) out.push(...page.families!);
	return out;
}

async function allRevisions(client: ECSClient, input: ListTaskDefinitionsCommandInput, pageSize: number): Promise<string[]> {
	const out: string[] = [];
	// aws ecs list-task-definitions [--family-prefix F] [--status S] [--sort S] --max-items …
	for await (const page of paginateListTaskDefinitions({client, pageSize}, input)) out.push(...page.taskDefinitionArns!);
	return out;
}

const td = (family: string, revision: number) => `${ARN}:task-definition/${family}:${revision}`;

describe('ListTaskDefinitionFamilies', () => {
	it('pages through every family once, in name order, for any page size', async () => {
		const {w, client} = await empty();
		// Added out of order: the list is sorted by name, not by registration.
		const names = Array.from({length: 137}, (_, i) => `app-${String((i * 37) % 137).padStart(3, '0')}`);
		for (const family of names) w.addTaskDefinition({family});
		const sorted = [...names].sort();
		for (const size of [1, 7, 100]) {
			const got = await allFamilies(client, {}, size);
			expect(got).toEqual(sorted);
		}
		// aws ecs list-task-definition-families
		const first = await client.send(new ListTaskDefinitionFamiliesCommand({}));
		expect(first.families).toHaveLength(100);
		expect(first.nextToken).toBeTruthy();
		// An exact last page carries no token.
		const exact = await client.send(new ListTaskDefinitionFamiliesCommand({maxResults: 37, nextToken: first.nextToken}));
		expect(exact.families).toEqual(sorted.slice(100));
		expect(exact.nextToken).toBeUndefined();
	});

	it('a family registered while a client pages is listed once if it sorts after the token, never twice', async () => {
		const {w, client} = await empty();
		for (const family of ['b', 'd', 'f', 'h']) w.addTaskDefinition({family});
		// aws ecs list-task-definition-families --max-items 2
		const first = await client.send(new ListTaskDefinitionFamiliesCommand({maxResults: 2}));
		expect(first.families).toEqual(['b', 'd']);
		w.addTaskDefinition({family: 'a'});
		w.addTaskDefinition({family: 'e'});
		w.addTaskDefinition({family: 'd'});
		const rest = await client.send(new ListTaskDefinitionFamiliesCommand({maxResults: 10, nextToken: first.nextToken}));
		expect(rest.families).toEqual(['e', 'f', 'h']);
	});

	it('familyPrefix matches by prefix; status ALL (default) / ACTIVE / INACTIVE by whether a revision is ACTIVE', async () => {
		const {w, client} = await empty();
		for (const family of ['api', 'web', 'webhook', 'web_x', 'weba']) w.addTaskDefinition({family});
		w.deregisterTaskDef(w.addTaskDefinition({family: 'web-old'}));
		// A family with one ACTIVE revision left is ACTIVE.
		w.deregisterTaskDef(w.addTaskDefinition({family: 'api'}));
		expect(await allFamilies(client, {familyPrefix: 'web'}, 2)).toEqual(['web', 'web-old', 'web_x', 'weba', 'webhook']);
		expect(await allFamilies(client, {familyPrefix: 'web', status: 'ACTIVE'}, 2)).toEqual(['web', 'web_x', 'weba', 'webhook']);
		expect(await allFamilies(client, {status: 'INACTIVE'}, 2)).toEqual(['web-old']);
		expect(await allFamilies(client, {status: 'ALL'}, 3)).toEqual(['api', 'web', 'web-old', 'web_x', 'weba', 'webhook']);
		expect(await allFamilies(client, {familyPrefix: 'webhooks'}, 3)).toEqual([]);
	});

	it('refuses a bad status, a maxResults outside 1..100 and a token of another query', async () => {
		const {w, client} = await empty();
		for (const family of ['a', 'b', 'c']) w.addTaskDefinition({family});
		const first = await client.send(new ListTaskDefinitionFamiliesCommand({maxResults: 1}));
		for (const input of [{status: 'DELETED'}, {maxResults: 0}, {maxResults: 101}, {nextToken: first.nextToken, status: 'ACTIVE'}, {nextToken: 'garbage'}]) {
			await expect(client.send(new ListTaskDefinitionFamiliesCommand(input as never))).rejects.toMatchObject({name: 'InvalidParameterException'});
		}
	});
});

describe('ListTaskDefinitions', () => {
	async function world() {
		const {w, client} = await empty();
		// 12 revisions: revision 10 sorts after 9 (numerically), not after 1.
		for (let i = 0; i < 12; i++) w.addTaskDefinition({family: 'web'});
		for (let i = 0; i < 3; i++) w.addTaskDefinition({family: 'webhook'});
		for (let i = 0; i < 2; i++) w.addTaskDefinition({family: 'api'});
		w.deregisterTaskDef(w.findTaskDef('web:2')!);
		w.deregisterTaskDef(w.findTaskDef('webhook:1')!);
		return {w, client};
	}

	const web = [1, ...Array.from({length: 10}, (_, i) => i + 3)].map(r => td('web', r));

	it('ASC (default): by family name, then revision; every page size gives the same list', async () => {
		const {client} = await world();
		const expected = [td('api', 1), td('api', 2), ...web, td('webhook', 2), td('webhook', 3)];
		for (const size of [1, 3, 100]) expect(await allRevisions(client, {}, size)).toEqual(expected);
		expect(await allRevisions(client, {sort: 'ASC'}, 4)).toEqual(expected);
	});

	it('DESC reverses family and revision order, across pages', async () => {
		const {client} = await world();
		const expected = [td('webhook', 3), td('webhook', 2), ...[...web].reverse(), td('api', 2), td('api', 1)];
		for (const size of [1, 4, 100]) expect(await allRevisions(client, {sort: 'DESC'}, size)).toEqual(expected);
	});

	it('familyPrefix is the full family name (web lists web only, not webhook), in either order', async () => {
		const {client} = await world();
		expect(await allRevisions(client, {familyPrefix: 'web'}, 5)).toEqual(web);
		expect(await allRevisions(client, {familyPrefix: 'web', sort: 'DESC'}, 5)).toEqual([...web].reverse());
		expect(await allRevisions(client, {familyPrefix: 'we'}, 5)).toEqual([]);
		expect(await allRevisions(client, {familyPrefix: 'nope'}, 5)).toEqual([]);
	});

	it('status: ACTIVE by default, INACTIVE lists the deregistered ones, DELETE_IN_PROGRESS none', async () => {
		const {client} = await world();
		expect(await allRevisions(client, {status: 'INACTIVE'}, 1)).toEqual([td('web', 2), td('webhook', 1)]);
		expect(await allRevisions(client, {status: 'INACTIVE', familyPrefix: 'webhook'}, 1)).toEqual([td('webhook', 1)]);
		expect(await allRevisions(client, {status: 'INACTIVE', sort: 'DESC'}, 1)).toEqual([td('webhook', 1), td('web', 2)]);
		expect(await allRevisions(client, {status: 'DELETE_IN_PROGRESS'}, 10)).toEqual([]);
		await expect(client.send(new ListTaskDefinitionsCommand({status: 'ALL' as never}))).rejects.toMatchObject({name: 'InvalidParameterException'});
		await expect(client.send(new ListTaskDefinitionsCommand({sort: 'UP' as never}))).rejects.toMatchObject({name: 'InvalidParameterException'});
	});

	it('a revision registered while a client pages appears once, where it sorts (ASC and DESC)', async () => {
		const {w, client} = await world();
		// aws ecs list-task-definitions --max-items 3
		const first = await client.send(new ListTaskDefinitionsCommand({maxResults: 3}));
		expect(first.taskDefinitionArns).toEqual([td('api', 1), td('api', 2), td('web', 1)]);
		w.addTaskDefinition({family: 'api'});
		w.addTaskDefinition({family: 'web'});
		const rest = await allRevisions(client, {nextToken: first.nextToken}, 100);
		expect(rest).toEqual([...web.slice(1), td('web', 13), td('webhook', 2), td('webhook', 3)]);

		const down = await client.send(new ListTaskDefinitionsCommand({maxResults: 2, sort: 'DESC'}));
		expect(down.taskDefinitionArns).toEqual([td('webhook', 3), td('webhook', 2)]);
		w.addTaskDefinition({family: 'webhook'});
		const downRest = await allRevisions(client, {sort: 'DESC', nextToken: down.nextToken}, 100);
		expect(downRest[0]).toBe(td('web', 13));
		expect(downRest.at(-1)).toBe(td('api', 1));
		expect(new Set(downRest).size).toBe(downRest.length);
		// A token is bound to its query (ECS: keep status and order the same while paging).
		await expect(client.send(new ListTaskDefinitionsCommand({nextToken: down.nextToken}))).rejects.toMatchObject({name: 'InvalidParameterException'});
	});
});

describe('RegisterTaskDefinition, DescribeTaskDefinition, DeregisterTaskDefinition', () => {
	const container: ContainerDefinition = {
		name: 'app',
		image: 'public.ecr.aws/nginx/nginx:1.27',
		essential: true,
		memoryReservation: 256,
		portMappings: [{containerPort: 8080}],
		environment: [{name: 'MODE', value: 'fast'}],
		secrets: [{name: 'TOKEN', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/token'}],
		logConfiguration: {logDriver: 'awslogs', options: {'awslogs-group': '/ecs/app', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'app'}},
		healthCheck: {command: ['CMD-SHELL', 'curl -f http://localhost:8080/ || exit 1']},
	};

	it('registers the next revision, registered now, and describes what was registered', async () => {
		const {t, w, client} = await empty();
		w.addTaskDefinition({family: 'app'});
		t.sim.advance(42);
		// aws ecs register-task-definition --family app --network-mode awsvpc --requires-compatibilities FARGATE --cpu "0.5 vCPU" --memory 1GB --container-definitions … --tags key=team,value=core
		const out = await client.send(new RegisterTaskDefinitionCommand({
			family: 'app',
			networkMode: 'awsvpc',
			requiresCompatibilities: ['FARGATE'],
			cpu: '0.5 vCPU',
			memory: '1GB',
			taskRoleArn: 'arn:aws:iam::123456789012:role/app',
			executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
			containerDefinitions: [container],
			tags: [{key: 'team', value: 'core'}],
		}));
		expect(out.tags).toEqual([{key: 'team', value: 'core'}]);
		expect(out.taskDefinition).toMatchObject({taskDefinitionArn: td('app', 2), family: 'app', revision: 2, status: 'ACTIVE', cpu: '512', memory: '1024', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE']});
		expect(out.taskDefinition!.registeredAt!.getTime()).toBe(Date.UTC(2026, 2, 1) + 42_000);

		// aws ecs describe-task-definition --task-definition app --include TAGS
		const described = await client.send(new DescribeTaskDefinitionCommand({taskDefinition: 'app', include: ['TAGS']}));
		expect(described.tags).toEqual([{key: 'team', value: 'core'}]);
		const def = described.taskDefinition!;
		expect(def).toMatchObject({revision: 2, taskRoleArn: 'arn:aws:iam::123456789012:role/app', executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole'});
		expect(def.deregisteredAt).toBeUndefined();
		expect(def.containerDefinitions![0]).toMatchObject({
			name: 'app',
			image: 'public.ecr.aws/nginx/nginx:1.27',
			cpu: 0,
			memoryReservation: 256,
			essential: true,
			// awsvpc: the host port is the container port.
			portMappings: [{containerPort: 8080, hostPort: 8080, protocol: 'tcp'}],
			environment: [{name: 'MODE', value: 'fast'}],
			secrets: [{name: 'TOKEN', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/token'}],
			logConfiguration: container.logConfiguration,
			// ECS's defaults are stored and sent back.
			healthCheck: {command: container.healthCheck!.command, interval: 30, timeout: 5, retries: 3},
		});
		expect(def.containerDefinitions![0]!.memory).toBeUndefined();
		// Without include, no tags.
		expect((await client.send(new DescribeTaskDefinitionCommand({taskDefinition: 'app:2'}))).tags).toBeUndefined();
		// The new revision runs: tasks of a service moved to it reserve what it declares.
		const c = w.addCluster('c');
		w.addService(c, {name: 'app', taskDefinition: 'app:1', desiredCount: 1, launchType: 'FARGATE'});
		// aws ecs update-service --cluster c --service app --task-definition app:2
		await client.send(new UpdateServiceCommand({cluster: 'c', service: 'app', taskDefinition: 'app:2'}));
		for (let i = 0; i < 120; i++) t.sim.advance(1);
		expect([...c.services.get('app')!.tasksRunning.values()].map(x => x.taskDef.arn)).toEqual([td('app', 2)]);
	});

	it('an EC2 definition without task-level size reserves the sum of its containers and echoes no task cpu/memory', async () => {
		const {w, client} = await empty();
		// aws ecs register-task-definition --family side --container-definitions '[{"name":"a",…,"cpu":128,"memory":256},{"name":"b",…,"memoryReservation":64}]'
		const out = await client.send(new RegisterTaskDefinitionCommand({family: 'side', containerDefinitions: [{name: 'a', image: 'a', cpu: 128, memory: 256}, {name: 'b', image: 'b', memoryReservation: 64, essential: false}]}));
		expect(out.taskDefinition).toMatchObject({networkMode: 'bridge', revision: 1});
		expect(out.taskDefinition!.cpu).toBeUndefined();
		expect(out.taskDefinition!.memory).toBeUndefined();
		expect(out.taskDefinition!.containerDefinitions!.map(c => c.essential)).toEqual([true, false]);
		expect(w.findTaskDef('side:1')).toMatchObject({cpu: 128, memory: 320});
	});

	it('refuses what ECS refuses', async () => {
		const {client} = await empty();
		const refused = [
			{family: 'bad name!', containerDefinitions: [container]},
			{family: 'x', containerDefinitions: []},
			{family: 'x', containerDefinitions: [{...container, image: undefined}]},
			{family: 'x', containerDefinitions: [{...container, name: ''}]},
			{family: 'x', containerDefinitions: [container, container]},
			// EC2 without any memory setting.
			{family: 'x', containerDefinitions: [{name: 'a', image: 'a'}]},
			{family: 'x', requiresCompatibilities: ['FARGATE'], networkMode: 'bridge', cpu: '256', memory: '512', containerDefinitions: [container]},
			{family: 'x', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', memory: '512', containerDefinitions: [container]},
			{family: 'x', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', containerDefinitions: [container]},
			{family: 'x', networkMode: 'awsvpc', memory: '512', containerDefinitions: [{...container, portMappings: [{containerPort: 80, hostPort: 81}]}]},
			{family: 'x', cpu: 'lots', memory: '512', containerDefinitions: [container]},
		];
		for (const input of refused) {
			await expect(client.send(new RegisterTaskDefinitionCommand(input as never)), JSON.stringify(input)).rejects.toMatchObject({name: 'ClientException'});
		}
		await expect(client.send(new RegisterTaskDefinitionCommand({family: 'x', networkMode: 'overlay' as never, containerDefinitions: [container]}))).rejects.toMatchObject({name: 'InvalidParameterException'});
		// Nothing refused was registered.
		expect((await client.send(new ListTaskDefinitionFamiliesCommand({}))).families).toEqual([]);
	});

	it('deregistering marks the revision INACTIVE with deregisteredAt; the family then resolves to its latest ACTIVE revision', async () => {
		const {t, w, client} = await empty();
		const v1 = w.addTaskDefinition({family: 'job'});
		w.addTaskDefinition({family: 'job'});
		t.sim.advance(10);
		// aws ecs deregister-task-definition --task-definition job:2
		const out = await client.send(new DeregisterTaskDefinitionCommand({taskDefinition: 'job:2'}));
		expect(out.taskDefinition).toMatchObject({taskDefinitionArn: td('job', 2), status: 'INACTIVE'});
		expect(out.taskDefinition!.deregisteredAt!.getTime()).toBe(Date.UTC(2026, 2, 1) + 10_000);
		// Still describable, by revision.
		expect((await client.send(new DescribeTaskDefinitionCommand({taskDefinition: 'job:2'}))).taskDefinition!.status).toBe('INACTIVE');
		expect((await client.send(new DescribeTaskDefinitionCommand({taskDefinition: 'job'}))).taskDefinition!.revision).toBe(1);
		// Again: the same answer, the first deregisteredAt kept.
		t.sim.advance(5);
		const again = await client.send(new DeregisterTaskDefinitionCommand({taskDefinition: td('job', 2)}));
		expect(again.taskDefinition!.deregisteredAt!.getTime()).toBe(Date.UTC(2026, 2, 1) + 10_000);
		// The last one: the family becomes INACTIVE and no longer resolves by name.
		await client.send(new DeregisterTaskDefinitionCommand({taskDefinition: v1.arn}));
		expect((await client.send(new ListTaskDefinitionFamiliesCommand({status: 'INACTIVE'}))).families).toEqual(['job']);
		await expect(client.send(new DescribeTaskDefinitionCommand({taskDefinition: 'job'}))).rejects.toMatchObject({name: 'ClientException'});
		// A revision is required; unknown ones are ClientException.
		await expect(client.send(new DeregisterTaskDefinitionCommand({taskDefinition: 'job'}))).rejects.toMatchObject({name: 'ClientException', message: 'Revision is missing.'});
		await expect(client.send(new DeregisterTaskDefinitionCommand({taskDefinition: 'job:9'}))).rejects.toMatchObject({name: 'ClientException'});
		await expect(client.send(new DeregisterTaskDefinitionCommand({taskDefinition: 'job:x'}))).rejects.toMatchObject({name: 'InvalidParameterException'});
	});

	it('a service keeps running and scaling on a deregistered revision, but cannot be moved to one', async () => {
		const {t, w, client} = await empty();
		const c = w.addCluster('c');
		const v1 = w.addTaskDefinition({family: 'svc'});
		const v2 = w.addTaskDefinition({family: 'svc'});
		w.addService(c, {name: 'svc', taskDefinition: v1, desiredCount: 1, launchType: 'FARGATE'});
		await client.send(new DeregisterTaskDefinitionCommand({taskDefinition: 'svc:1'}));
		await client.send(new DeregisterTaskDefinitionCommand({taskDefinition: 'svc:2'}));
		// aws ecs update-service --cluster c --service svc --task-definition svc:2
		await expect(client.send(new UpdateServiceCommand({cluster: 'c', service: 'svc', taskDefinition: v2.arn}))).rejects.toMatchObject({name: 'ClientException', message: 'TaskDefinition is inactive'});
		// aws ecs update-service --cluster c --service svc --desired-count 3
		await client.send(new UpdateServiceCommand({cluster: 'c', service: 'svc', desiredCount: 3}));
		for (let i = 0; i < 60; i++) t.sim.advance(1);
		const svc = (await client.send(new DescribeServicesCommand({cluster: 'c', services: ['svc']}))).services![0]!;
		expect(svc).toMatchObject({runningCount: 3, taskDefinition: v1.arn});
	});
});

describe('DescribeServiceRevisions', () => {
	async function serviceOf(client: ECSClient, cluster: string, name: string): Promise<Service> {
		return (await client.send(new DescribeServicesCommand({cluster, services: [name]}))).services![0]!;
	}

	it('describes each deployment\'s revision: task definition, launch type, network, images; unknown ARNs are MISSING failures', async () => {
		const {t, w, client} = await empty();
		const c = w.addCluster('c');
		const v1 = w.addTaskDefinition({family: 'api', containerPort: 8080});
		const v2 = w.addTaskDefinition({family: 'api', containerPort: 8080, image: 'public.ecr.aws/acme/api:2.0.0'});
		w.addService(c, {name: 'api', taskDefinition: v1, desiredCount: 2, launchType: 'FARGATE'});
		t.sim.advance(5);
		// aws ecs update-service --cluster c --service api --task-definition api:2
		await client.send(new UpdateServiceCommand({cluster: 'c', service: 'api', taskDefinition: 'api:2'}));
		const svc = await serviceOf(client, 'c', 'api');
		// aws ecs list-service-deployments --cluster c --service api
		const deployments = (await client.send(new ListServiceDeploymentsCommand({cluster: 'c', service: 'api'}))).serviceDeployments!;
		const [newer, older] = deployments.map(d => d.targetServiceRevisionArn!);
		expect(svc.currentServiceRevisions!.map(r => r.arn)).toEqual([newer, older]);
		const missing = `${ARN}:service-revision/c/api/1234567890123456789`;
		// aws ecs describe-service-revisions --service-revision-arns NEW OLD MISSING
		const out = await client.send(new DescribeServiceRevisionsCommand({serviceRevisionArns: [newer!, older!, missing]}));
		expect(out.failures).toEqual([{arn: missing, reason: 'MISSING'}]);
		expect(out.serviceRevisions!.map(r => r.taskDefinition)).toEqual([v2.arn, v1.arn]);
		const r = out.serviceRevisions![0]!;
		expect(r).toMatchObject({
			serviceRevisionArn: newer,
			serviceArn: `${ARN}:service/c/api`,
			clusterArn: `${ARN}:cluster/c`,
			launchType: 'FARGATE',
			platformVersion: '1.4.0',
			platformFamily: 'Linux',
			guardDutyEnabled: false,
			containerImages: [{containerName: 'api', image: 'public.ecr.aws/acme/api:2.0.0', imageDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/)}],
		});
		expect(r.networkConfiguration?.awsvpcConfiguration?.subnets?.length).toBeGreaterThan(0);
		expect(r.createdAt!.getTime()).toBe(Date.UTC(2026, 2, 1) + 5000);
		// The new service deployment came from the old revision.
		const sd = (await client.send(new DescribeServiceDeploymentsCommand({serviceDeploymentArns: [deployments[0]!.serviceDeploymentArn!]}))).serviceDeployments![0]!;
		expect(sd.sourceServiceRevisions!.map(s => s.arn)).toEqual([older]);
		expect(sd.targetServiceRevision!.arn).toBe(newer);
	});

	it('takes 1 to 20 ARNs (InvalidParameterException otherwise)', async () => {
		const {client} = await empty();
		const arns = Array.from({length: 21}, (_, i) => `${ARN}:service-revision/c/s/${i}`);
		await expect(client.send(new DescribeServiceRevisionsCommand({serviceRevisionArns: arns}))).rejects.toMatchObject({name: 'InvalidParameterException'});
		await expect(client.send(new DescribeServiceRevisionsCommand({serviceRevisionArns: []}))).rejects.toMatchObject({name: 'InvalidParameterException'});
		const twenty = await client.send(new DescribeServiceRevisionsCommand({serviceRevisionArns: arns.slice(0, 20)}));
		expect(twenty.serviceRevisions).toEqual([]);
		expect(twenty.failures).toHaveLength(20);
	});

	it('a rollback runs the earlier revision again: its deployment reports that revision, not the failed one', async () => {
		const {t, w, client} = await empty();
		const c = w.addCluster('c');
		const good = w.addTaskDefinition({family: 'cb'});
		w.addTaskDefinition({family: 'cb', behaviour: {failToStart: 'CannotPullContainerError: not found'}});
		w.addService(c, {name: 'cb', taskDefinition: good, desiredCount: 2, launchType: 'FARGATE', circuitBreaker: {enable: true, rollback: true}});
		const before = (await serviceOf(client, 'c', 'cb')).currentServiceRevisions![0]!.arn!;
		await client.send(new UpdateServiceCommand({cluster: 'c', service: 'cb', taskDefinition: 'cb:2'}));
		const failed = (await serviceOf(client, 'c', 'cb')).currentServiceRevisions![0]!.arn!;
		let svc = await serviceOf(client, 'c', 'cb');
		for (let i = 0; i < 300 && !svc.deployments!.some(d => d.rolloutState === 'FAILED'); i++) {
			t.sim.advance(1);
			svc = await serviceOf(client, 'c', 'cb');
		}
		expect(svc.deployments![0]!.taskDefinition).toBe(good.arn);
		// The rollback deployment (first) runs the revision from before the failed deployment.
		expect(svc.currentServiceRevisions![0]!.arn).toBe(before);
		expect(svc.currentServiceRevisions!.map(r => r.arn)).toContain(failed);
		const sd = (await client.send(new DescribeServiceDeploymentsCommand({serviceDeploymentArns: [svc.currentServiceDeployment!]}))).serviceDeployments![0]!;
		expect(sd.rollback?.serviceRevisionArn).toBe(before);
		const described = await client.send(new DescribeServiceRevisionsCommand({serviceRevisionArns: [before, failed]}));
		expect(described.serviceRevisions!.map(r => r.taskDefinition)).toEqual([good.arn, td('cb', 2)]);
	});
});

describe('the demo world', () => {
	it('has families with several revisions, INACTIVE ones, an INACTIVE-only family, and services on their latest', async () => {
		t = await startTestSim({seed: 1});
		const client = t.client;
		const families = await allFamilies(client, {}, 100);
		expect(families).toEqual(expect.arrayContaining(['frontend', 'worker', 'legacy-cron', 'db-migrate', 'web', 'checkout']));
		expect(await allFamilies(client, {status: 'INACTIVE'}, 100)).toEqual(['legacy-cron']);
		expect(await allRevisions(client, {familyPrefix: 'frontend', sort: 'DESC'}, 2)).toEqual([5, 4, 3].map(r => td('frontend', r)));
		expect(await allRevisions(client, {familyPrefix: 'frontend', status: 'INACTIVE'}, 2)).toEqual([1, 2].map(r => td('frontend', r)));
		expect(await allRevisions(client, {familyPrefix: 'ingest', status: 'INACTIVE'}, 2)).toEqual([td('ingest', 1)]);

		const describe = async (ref: string) => (await client.send(new DescribeTaskDefinitionCommand({taskDefinition: ref, include: ['TAGS']})));
		const [v1, v4, v5] = await Promise.all(['frontend:1', 'frontend:4', 'frontend:5'].map(describe));
		expect(v1!.taskDefinition!.deregisteredAt).toBeInstanceOf(Date);
		expect(v1!.taskDefinition!.status).toBe('INACTIVE');
		expect(v5!.tags).toEqual([{key: 'team', value: 'storefront'}]);
		// Something for a diff: image tag, memory, environment and secrets change between revisions.
		const c1 = v1!.taskDefinition!.containerDefinitions![0]!;
		const c4 = v4!.taskDefinition!.containerDefinitions![0]!;
		const c5 = v5!.taskDefinition!.containerDefinitions![0]!;
		expect(c1.image).toMatch(/frontend:1\.0\.4$/);
		expect(c4.image).toMatch(/frontend:4\.0\.2$/);
		expect(c5.image).toMatch(/frontend:5\.0\.\d$/);
		expect([v1!.taskDefinition!.memory, v4!.taskDefinition!.memory, v5!.taskDefinition!.memory]).toEqual(['1024', '512', '512']);
		expect(c1.environment!.map(e => e.name)).toEqual(['APP_ENV']);
		expect(c4.environment).toEqual([{name: 'APP_ENV', value: 'production'}, {name: 'LOG_LEVEL', value: 'info'}, {name: 'FEATURE_FLAGS', value: 'checkout-v2'}]);
		expect(c5.environment!.map(e => `${e.name}=${e.value}`)).toEqual(['APP_ENV=production', 'LOG_LEVEL=warn', 'FEATURE_FLAGS=checkout-v2,search-v3']);
		expect(c5.secrets!.map(s => s.name)).toEqual(['SESSION_SECRET', 'API_TOKEN']);
		expect(c5.logConfiguration).toEqual({logDriver: 'awslogs', options: {'awslogs-group': '/ecs/frontend', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs'}});
		expect(v5!.taskDefinition).toMatchObject({taskRoleArn: `arn:aws:iam::123456789012:role/frontend-task`, executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole'});

		// The service runs frontend:5, and its deployment history walks back through 5..1.
		for (const [cluster, name, count] of [['staging', 'frontend', 5], ['data', 'ingest', 3]] as const) {
			const current = (await client.send(new DescribeServicesCommand({cluster, services: [name]}))).services![0]!;
			expect(current.taskDefinition).toBe(td(name, count));
			const history = (await client.send(new ListServiceDeploymentsCommand({cluster, service: name}))).serviceDeployments!;
			expect(history.map(h => h.status)).toEqual(Array.from({length: count}, () => 'SUCCESSFUL'));
			const revisions = await client.send(new DescribeServiceRevisionsCommand({serviceRevisionArns: history.map(h => h.targetServiceRevisionArn!)}));
			expect(revisions.failures).toEqual([]);
			expect(revisions.serviceRevisions!.map(r => r.taskDefinition)).toEqual(Array.from({length: count}, (_, i) => td(name, count - i)));
			// Newest first, each deployment after the one before, and every running task started after the current one.
			const started = history.map(h => h.startedAt!.getTime());
			expect([...started].sort((a, b) => b - a)).toEqual(started);
			expect(Math.min(...started)).toBeGreaterThanOrEqual(current.createdAt!.getTime());
			for (const task of t.sim.world.cluster(cluster).services.get(name)!.tasksRunning.values()) expect(task.startedAt!).toBeGreaterThan(started[0]!);
		}
	});

	it('is the same for the same seed, history included', async () => {
		const a = await startTestSim({seed: 7, startTime: Date.UTC(2026, 0, 1)});
		const b = await startTestSim({seed: 7, startTime: Date.UTC(2026, 0, 1)});
		try {
			const history = async (s: TestSim) => (await s.client.send(new ListServiceDeploymentsCommand({cluster: 'staging', service: 'frontend'}))).serviceDeployments!.map(d => `${d.serviceDeploymentArn} ${d.targetServiceRevisionArn}`);
			expect(await history(a)).toEqual(await history(b));
			expect(await history(a)).toHaveLength(5);
		} finally {
			await a.close();
			await b.close();
		}
	});
});
