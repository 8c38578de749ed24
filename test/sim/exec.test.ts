// ECS Exec in the simulator, through the real @aws-sdk/client-ecs: the task fields the AWS CLI and
// ecs-top read (enableExecuteCommand, managedAgents, runtimeId, platformVersion, agentVersion),
// ExecuteCommand's answer and each way it fails, UpdateService enableExecuteCommand, the stats.
import {
	DescribeContainerInstancesCommand,
	DescribeServicesCommand,
	DescribeTasksCommand,
	ExecuteCommandCommand,
	type ExecuteCommandCommandInput,
	ListContainerInstancesCommand,
	ListTasksCommand,
	StopTaskCommand,
	type Task,
	UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {SSMClient, TerminateSessionCommand} from '@aws-sdk/client-ssm';
import {afterEach, describe, expect, it} from 'vitest';
import {versionAtLeast} from '../../source/sim/exec.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

let t: TestSim | undefined;
afterEach(async () => {
	await t?.close();
	t = undefined;
});

// ECS's wording (see source/sim/ops-exec.ts for where each comes from).
const NOT_ENABLED = 'The execute command failed because execute command was not enabled when the task was run or the execute command agent isn’t running. Wait and try again or run a new task with execute command enabled and try again.';
const INTERACTIVE_ONLY = 'Interactive is the only mode supported currently.';
const NOT_CONNECTED = 'The execute command failed due to an internal error. Try again later.';

async function demo(options: {throttle?: boolean} = {}): Promise<TestSim> {
	t = await startTestSim({seed: 1, startTime: Date.UTC(2026, 2, 1), ...options});
	return t;
}

async function tasksOf(s: TestSim, cluster: string, serviceName?: string, desiredStatus?: 'RUNNING' | 'STOPPED'): Promise<Task[]> {
	const arns = (await s.client.send(new ListTasksCommand({cluster, serviceName, desiredStatus}))).taskArns!;
	if (arns.length === 0) return [];
	return (await s.client.send(new DescribeTasksCommand({cluster, tasks: arns}))).tasks!;
}

async function taskOf(s: TestSim, cluster: string, serviceName?: string): Promise<Task> {
	const [task] = await tasksOf(s, cluster, serviceName);
	expect(task).toBeDefined();
	return task!;
}

const idOf = (task: Task) => task.taskArn!.split('/').at(-1)!;

// aws ecs execute-command --cluster C --task T [--container N] --interactive --command CMD
const exec = async (s: TestSim, input: Partial<ExecuteCommandCommandInput>) =>
	s.client.send(new ExecuteCommandCommand({command: '/bin/sh', interactive: true, task: '', ...input}));

async function failure(call: Promise<unknown>): Promise<{name?: string; message?: string; $metadata?: {httpStatusCode?: number}}> {
	try {
		await call;
	} catch (error) {
		return error as {name?: string; message?: string};
	}
	throw new Error('the call succeeded');
}

describe('ECS Exec task fields (DescribeTasks)', () => {
	it('exec-enabled tasks have a RUNNING ExecuteCommandAgent per container; others none; every started container a runtimeId', async () => {
		const s = await demo();
		const web = await taskOf(s, 'production', 'web');
		expect(web.enableExecuteCommand).toBe(true);
		expect(web.containers![0]!.runtimeId).toMatch(/^[0-9a-f]{64}$/);
		const agents = web.containers![0]!.managedAgents!;
		expect(agents).toEqual([{name: 'ExecuteCommandAgent', lastStatus: 'RUNNING', lastStartedAt: expect.any(Date)}]);
		expect(agents[0]!.lastStartedAt!.getTime()).toBeGreaterThan(web.startedAt!.getTime());

		const worker = await taskOf(s, 'production', 'worker');
		expect(worker.enableExecuteCommand).toBe(false);
		expect(worker.containers![0]!.managedAgents).toBeUndefined();
		expect(worker.containers![0]!.runtimeId).toMatch(/^[0-9a-f]{64}$/);

		// Fargate: `<task id>-<10 digits>`, platform 1.4.0.
		const frontend = await taskOf(s, 'staging', 'frontend');
		expect(frontend.platformVersion).toBe('1.4.0');
		expect(frontend.containers![0]!.runtimeId).toMatch(new RegExp(`^${idOf(frontend)}-\\d{10}$`));
		expect(frontend.containers![0]!.managedAgents![0]!.lastStatus).toBe('RUNNING');

		// Exec on, but platform 1.3.0 has no agent.
		const payments = await taskOf(s, 'staging', 'payments');
		expect(payments).toMatchObject({enableExecuteCommand: true, platformVersion: '1.3.0'});
		expect(payments.containers![0]!.managedAgents).toBeUndefined();
		const service = (await s.client.send(new DescribeServicesCommand({cluster: 'staging', services: ['payments', 'frontend', 'checkout']}))).services!;
		expect(service.map(x => [x.serviceName, x.platformVersion, x.enableExecuteCommand])).toEqual([['payments', '1.3.0', true], ['frontend', 'LATEST', true], ['checkout', 'LATEST', false]]);
	});

	it('container instances run an ECS agent new enough for exec (≥ 1.50.2)', async () => {
		const s = await demo();
		const arns = (await s.client.send(new ListContainerInstancesCommand({cluster: 'production'}))).containerInstanceArns!;
		const instances = (await s.client.send(new DescribeContainerInstancesCommand({cluster: 'production', containerInstances: arns}))).containerInstances!;
		expect(instances.length).toBeGreaterThan(0);
		for (const i of instances) expect(versionAtLeast(i.versionInfo!.agentVersion, '1.50.2')).toBe(true);
		expect(versionAtLeast('1.50.1', '1.50.2')).toBe(false);
		expect(versionAtLeast('1.4', '1.4.0')).toBe(true);
		expect(versionAtLeast('LATEST', '1.4.0')).toBe(false);
	});

	it('the agent is PENDING until a few seconds after the container starts, then RUNNING; STOPPED with the task', async () => {
		t = await startTestSim({world: 'empty', seed: 4});
		const w = t.sim.world;
		const c = w.addCluster('c');
		w.addInstance(c);
		const def = w.addTaskDefinition({family: 'app', networkMode: 'bridge'});
		w.addService(c, {name: 'app', taskDefinition: def, desiredCount: 0, enableExecuteCommand: true});
		await t.client.send(new UpdateServiceCommand({cluster: 'c', service: 'app', desiredCount: 1}));
		t.sim.advance(1);
		let task = await taskOf(t, 'c', 'app');
		expect(task.enableExecuteCommand).toBe(true);
		expect(task.containers![0]!.managedAgents).toEqual([{name: 'ExecuteCommandAgent', lastStatus: 'PENDING'}]);
		// Not yet started: no runtimeId, and exec is refused.
		expect(task.containers![0]!.runtimeId).toBeUndefined();
		expect(await failure(exec(t, {cluster: 'c', task: task.taskArn}))).toMatchObject({name: 'InvalidParameterException', message: NOT_ENABLED});
		const seen: string[] = [];
		for (let i = 0; i < 60 && seen.at(-1) !== 'RUNNING/RUNNING'; i++) {
			t.sim.advance(0.5);
			task = await taskOf(t, 'c', 'app');
			const state = `${task.lastStatus}/${task.containers![0]!.managedAgents![0]!.lastStatus}`;
			if (seen.at(-1) !== state) seen.push(state);
		}
		expect(seen.slice(-2)).toEqual(['RUNNING/PENDING', 'RUNNING/RUNNING']);
		const agent = task.containers![0]!.managedAgents![0]!;
		const delay = agent.lastStartedAt!.getTime() - task.startedAt!.getTime();
		expect(delay).toBeGreaterThanOrEqual(2000);
		expect(delay).toBeLessThanOrEqual(6500);
		expect((await exec(t, {cluster: 'c', task: task.taskArn})).session?.sessionId).toBeDefined();

		await t.client.send(new StopTaskCommand({cluster: 'c', task: task.taskArn}));
		t.sim.advance(30);
		const stopped = (await t.client.send(new DescribeTasksCommand({cluster: 'c', tasks: [task.taskArn!]}))).tasks![0]!;
		expect(stopped.lastStatus).toBe('STOPPED');
		expect(stopped.containers![0]!.managedAgents![0]!.lastStatus).toBe('STOPPED');
		expect(t.sim.world.audit()).toEqual([]);
	});
});

describe('ExecuteCommand', () => {
	it('answers as ECS does: cluster, container, interactive, a session with an AWS-like id, stream URL and token', async () => {
		const s = await demo();
		const web = await taskOf(s, 'production', 'web');
		const out = await exec(s, {cluster: 'production', task: idOf(web), container: 'web', command: '/bin/sh'});
		expect(out).toMatchObject({
			clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/production',
			containerArn: web.containers![0]!.containerArn,
			containerName: 'web',
			interactive: true,
			taskArn: web.taskArn,
		});
		const session = out.session!;
		expect(session.sessionId).toMatch(/^ecs-execute-command-0[0-9a-f]{16}$/);
		const url = new URL(session.streamUrl!);
		// The simulator's own data channel (ssmmessages), on its loopback port.
		expect(`${url.protocol}//${url.host}${url.pathname}`).toBe(`${s.sim.dataChannels.url}/v1/data-channel/${session.sessionId}`);
		expect(url.searchParams.get('role')).toBe('publish_subscribe');
		expect(url.searchParams.get('cell-number')).toMatch(/^[\w-]{20,}$/);
		expect(session.tokenValue!.length).toBeGreaterThan(100);
		// A second session: new id and token. A single container needs no container name.
		const again = await exec(s, {cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/production', task: web.taskArn});
		expect(again.session!.sessionId).not.toBe(session.sessionId);
		expect(again.session!.tokenValue).not.toBe(session.tokenValue);
		expect((await s.stats()).execSessions).toEqual({open: 2, started: 2, terminated: 0, ended: 0});
		// The store keeps what the AWS CLI passes on as the SSM target.
		expect(s.sim.world.sessions.open.get(session.sessionId!)!.target).toBe(`ecs:production_${idOf(web)}_${web.containers![0]!.runtimeId}`);
	});

	it('refuses an unknown cluster (ClusterNotFoundException) and interactive false (InvalidParameterException)', async () => {
		const s = await demo();
		const web = await taskOf(s, 'production', 'web');
		expect(await failure(exec(s, {cluster: 'nope', task: web.taskArn}))).toMatchObject({name: 'ClusterNotFoundException', message: 'Cluster not found.'});
		expect(await failure(exec(s, {cluster: 'production', task: web.taskArn, interactive: false}))).toMatchObject({name: 'InvalidParameterException', message: INTERACTIVE_ONLY});
		expect(await failure(exec(s, {cluster: 'production', task: 'ffffffffffffffffffffffffffffffff'}))).toMatchObject({name: 'InvalidParameterException', message: 'The referenced task was not found.'});
		expect(await failure(exec(s, {cluster: 'production', task: web.taskArn, command: ''}))).toMatchObject({name: 'InvalidParameterException'});
		expect((await s.stats()).execSessions!.started).toBe(0);
	});

	it('refuses exec that was not enabled at launch, and a platform without the agent, with ECS’s message', async () => {
		const s = await demo();
		const worker = await taskOf(s, 'production', 'worker');
		const error = await failure(exec(s, {cluster: 'production', task: worker.taskArn}));
		expect(error).toMatchObject({name: 'InvalidParameterException', message: NOT_ENABLED});
		expect(error.$metadata?.httpStatusCode).toBe(400);
		const payments = await taskOf(s, 'staging', 'payments');
		expect(await failure(exec(s, {cluster: 'staging', task: payments.taskArn}))).toMatchObject({name: 'InvalidParameterException', message: NOT_ENABLED});
		expect((await s.stats()).errors.ExecuteCommand).toBe(2);
	});

	it('needs the container named when the task has several', async () => {
		const s = await demo();
		const [etl] = (await tasksOf(s, 'data')).filter(x => x.group === 'family:etl');
		expect(etl!.containers!.map(c => c.name)).toEqual(['etl', 'log_router']);
		expect(await failure(exec(s, {cluster: 'data', task: etl!.taskArn}))).toMatchObject({name: 'InvalidParameterException', message: expect.stringMatching(/more than one container/)});
		expect(await failure(exec(s, {cluster: 'data', task: etl!.taskArn, container: 'nope'}))).toMatchObject({name: 'InvalidParameterException', message: expect.stringMatching(/nope/)});
		const out = await exec(s, {cluster: 'data', task: etl!.taskArn, container: 'log_router'});
		expect(out).toMatchObject({containerName: 'log_router', containerArn: etl!.containers![1]!.containerArn});
	});

	it('refuses a stopped task (the agent is no longer running)', async () => {
		const s = await demo();
		const web = await taskOf(s, 'production', 'web');
		await s.client.send(new StopTaskCommand({cluster: 'production', task: web.taskArn}));
		// Stopping: the desired status is STOPPED at once.
		expect(await failure(exec(s, {cluster: 'production', task: web.taskArn}))).toMatchObject({name: 'InvalidParameterException', message: NOT_ENABLED});
		s.sim.advance(60);
		const [stopped] = (await s.client.send(new DescribeTasksCommand({cluster: 'production', tasks: [web.taskArn!]}))).tasks!;
		expect(stopped!.lastStatus).toBe('STOPPED');
		expect(await failure(exec(s, {cluster: 'production', task: web.taskArn}))).toMatchObject({name: 'InvalidParameterException', message: NOT_ENABLED});
	});

	it('TargetNotConnectedException when the task’s container instance lost its agent', async () => {
		const s = await demo();
		const web = await taskOf(s, 'production', 'web');
		const instance = [...s.sim.world.cluster('production').instances.values()].find(i => i.arn === web.containerInstanceArn)!;
		instance.agentConnected = false;
		const error = await failure(exec(s, {cluster: 'production', task: web.taskArn}));
		expect(error).toMatchObject({name: 'TargetNotConnectedException', message: NOT_CONNECTED});
	});

	it('faults: deny ExecuteCommand (AccessDeniedException, or TargetNotConnectedException in ECS’s words)', async () => {
		const s = await demo();
		const web = await taskOf(s, 'production', 'web');
		await s.faults({deny: {ExecuteCommand: 'AccessDeniedException'}});
		const denied = await failure(exec(s, {cluster: 'production', task: web.taskArn}));
		expect(denied.name).toBe('AccessDeniedException');
		expect(denied.message).toContain('is not authorized to perform: ecs:ExecuteCommand');
		await s.faults({deny: {ExecuteCommand: 'TargetNotConnectedException'}});
		expect(await failure(exec(s, {cluster: 'production', task: web.taskArn}))).toMatchObject({name: 'TargetNotConnectedException', message: NOT_CONNECTED});
		const stats = await s.stats();
		expect(stats.errors.ExecuteCommand).toBe(2);
		expect(stats.execSessions!.started).toBe(0);
		await s.faults({deny: {}});
		expect((await exec(s, {cluster: 'production', task: web.taskArn})).session).toBeDefined();
	});

	it('is throttled in the "cluster resource modify" bucket it shares with StopTask (burst 100)', async () => {
		const s = await demo({throttle: true});
		const web = await taskOf(s, 'production', 'web');
		for (let i = 0; i < 100; i++) await exec(s, {cluster: 'production', task: web.taskArn});
		expect(await failure(s.client.send(new StopTaskCommand({cluster: 'production', task: web.taskArn})))).toMatchObject({name: 'ThrottlingException', message: 'Rate exceeded'});
		expect(await failure(exec(s, {cluster: 'production', task: web.taskArn}))).toMatchObject({name: 'ThrottlingException'});
		expect((await s.stats()).throttled).toEqual({StopTask: 1, ExecuteCommand: 1});
		// 40 tokens a second.
		s.sim.advance(1);
		expect((await exec(s, {cluster: 'production', task: web.taskArn})).session).toBeDefined();
	});

	it('sessions end with TerminateSession or with their task; the stats count both', async () => {
		const s = await demo();
		const [a, b] = await tasksOf(s, 'production', 'web');
		const first = (await exec(s, {cluster: 'production', task: a!.taskArn})).session!.sessionId!;
		await exec(s, {cluster: 'production', task: b!.taskArn});
		const ssm = new SSMClient({endpoint: s.endpoint, region: 'us-east-1', credentials: {accessKeyId: 'sim', secretAccessKey: 'sim'}, maxAttempts: 1});
		try {
			// aws ssm terminate-session --session-id ID
			expect((await ssm.send(new TerminateSessionCommand({SessionId: first}))).SessionId).toBe(first);
		} finally {
			ssm.destroy();
		}
		expect((await s.stats()).execSessions).toEqual({open: 1, started: 2, terminated: 1, ended: 0});
		await s.client.send(new StopTaskCommand({cluster: 'production', task: b!.taskArn}));
		s.sim.advance(60);
		expect((await s.stats()).execSessions).toEqual({open: 0, started: 2, terminated: 1, ended: 1});
		await s.resetStats();
		expect((await s.stats()).execSessions).toEqual({open: 0, started: 0, terminated: 0, ended: 0});
	});
});

describe('UpdateService enableExecuteCommand', () => {
	it('is stored at once and reaches only tasks launched afterwards (forceNewDeployment replaces the old ones)', async () => {
		const s = await demo();
		const before = await tasksOf(s, 'production', 'worker');
		expect(before.every(x => x.enableExecuteCommand === false)).toBe(true);
		// aws ecs update-service --cluster production --service worker --enable-execute-command
		const updated = await s.client.send(new UpdateServiceCommand({cluster: 'production', service: 'worker', enableExecuteCommand: true}));
		expect(updated.service!.enableExecuteCommand).toBe(true);
		expect(updated.service!.deployments!.length).toBe(1);
		s.sim.advance(5);
		const still = await tasksOf(s, 'production', 'worker');
		expect(still.map(x => x.taskArn).sort()).toEqual(before.map(x => x.taskArn).sort());
		expect(still.every(x => x.enableExecuteCommand === false)).toBe(true);
		expect(await failure(exec(s, {cluster: 'production', task: still[0]!.taskArn}))).toMatchObject({message: NOT_ENABLED});

		// aws ecs update-service … --force-new-deployment (ecs-top's `E`)
		await s.client.send(new UpdateServiceCommand({cluster: 'production', service: 'worker', enableExecuteCommand: true, forceNewDeployment: true}));
		let fresh: Task[] = [];
		for (let i = 0; i < 180 && fresh.length < 3; i++) {
			s.sim.advance(1);
			fresh = (await tasksOf(s, 'production', 'worker')).filter(x => x.lastStatus === 'RUNNING' && x.containers![0]!.managedAgents?.[0]?.lastStatus === 'RUNNING');
		}
		expect(fresh).toHaveLength(3);
		expect(fresh.every(x => x.enableExecuteCommand && !before.some(b => b.taskArn === x.taskArn))).toBe(true);
		expect((await exec(s, {cluster: 'production', task: fresh[0]!.taskArn})).containerName).toBe('worker');

		// Turning it off again: new tasks come without the agent.
		await s.client.send(new UpdateServiceCommand({cluster: 'production', service: 'worker', enableExecuteCommand: false, forceNewDeployment: true}));
		let off: Task[] = [];
		for (let i = 0; i < 180 && off.length < 3; i++) {
			s.sim.advance(1);
			off = (await tasksOf(s, 'production', 'worker')).filter(x => x.lastStatus === 'RUNNING' && !x.enableExecuteCommand);
		}
		expect(off).toHaveLength(3);
		expect(off.every(x => x.containers![0]!.managedAgents === undefined)).toBe(true);
		expect(s.sim.world.audit()).toEqual([]);
	});

	it('rejects a non-boolean enableExecuteCommand', async () => {
		const s = await demo();
		const res = await fetch(`${s.endpoint}/`, {
			method: 'POST',
			headers: {'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AmazonEC2ContainerServiceV20141113.UpdateService'},
			body: JSON.stringify({cluster: 'production', service: 'worker', enableExecuteCommand: 'yes'}),
		});
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({__type: 'InvalidParameterException'});
	});
});
