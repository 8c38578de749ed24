// Task lifecycle on a stepped clock, observed through the SDK: every transition, its timestamps,
// stop codes and reasons, crash loops, failed pulls, health checks and the one-hour retention.
import {DescribeServicesCommand, DescribeTasksCommand, ListTasksCommand, StopTaskCommand, UpdateServiceCommand, type Task} from '@aws-sdk/client-ecs';
import {afterEach, describe, expect, it} from 'vitest';
import {startTestSim, type TestSim} from '../helpers/sim.js';

let t: TestSim | undefined;
afterEach(async () => {
	await t?.close();
	t = undefined;
});

async function setup() {
	t = await startTestSim({world: 'empty', seed: 7});
	const w = t.sim.world;
	const cluster = w.addCluster('life');
	return {t, w, cluster};
}

async function describeTask(s: TestSim, arn: string): Promise<Task | undefined> {
	return (await s.client.send(new DescribeTasksCommand({cluster: 'life', tasks: [arn]}))).tasks![0];
}

/** Steps the clock 0.5 s at a time and records each lastStatus the task shows (without repeats). */
async function watch(s: TestSim, arn: string, seconds: number, until?: (task: Task) => boolean): Promise<{statuses: string[]; task: Task}> {
	const statuses: string[] = [];
	let task = (await describeTask(s, arn))!;
	for (let i = 0; i < seconds * 2; i++) {
		if (statuses.at(-1) !== task.lastStatus) statuses.push(task.lastStatus!);
		if (until?.(task)) break;
		s.sim.advance(0.5);
		task = (await describeTask(s, arn))!;
	}
	if (statuses.at(-1) !== task.lastStatus) statuses.push(task.lastStatus!);
	return {statuses, task};
}

describe('task lifecycle', () => {
	it('a Fargate task goes PROVISIONING → PENDING → ACTIVATING → RUNNING with ordered timestamps', async () => {
		const {t, w, cluster} = await setup();
		const def = w.addTaskDefinition({family: 'app', containerPort: 80});
		w.addService(cluster, {name: 'app', taskDefinition: def, desiredCount: 0, launchType: 'FARGATE'});
		await t.client.send(new UpdateServiceCommand({cluster: 'life', service: 'app', desiredCount: 1}));
		t.sim.advance(1);
		const [arn] = (await t.client.send(new ListTasksCommand({cluster: 'life', serviceName: 'app'}))).taskArns!;
		expect(arn).toBeDefined();
		const {statuses, task} = await watch(t, arn!, 60, x => x.lastStatus === 'RUNNING');
		expect(statuses).toEqual(['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING']);
		const times = [task.createdAt, task.connectivityAt, task.pullStartedAt, task.pullStoppedAt, task.startedAt].map(d => d!.getTime());
		expect([...times].sort((a, b) => a - b)).toEqual(times);
		expect(task.connectivity).toBe('CONNECTED');
		expect(task.attachments![0]).toMatchObject({type: 'ElasticNetworkInterface', status: 'ATTACHED'});
		expect(task.containers![0]).toMatchObject({lastStatus: 'RUNNING'});
		expect(task.stoppingAt).toBeUndefined();
	});

	it('StopTask: desired STOPPED at once, then DEACTIVATING → STOPPING → DEPROVISIONING → STOPPED; the service replaces it', async () => {
		const {t, w, cluster} = await setup();
		const def = w.addTaskDefinition({family: 'app'});
		const svc = w.addService(cluster, {name: 'app', taskDefinition: def, desiredCount: 2, launchType: 'FARGATE'});
		const victim = [...svc.tasksRunning.values()][0]!;
		const out = await t.client.send(new StopTaskCommand({cluster: 'life', task: victim.id, reason: 'Stopped by ecs-top (me@host)'}));
		expect(out.task).toMatchObject({desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Stopped by ecs-top (me@host)'});
		expect(out.task!.stoppingAt).toBeInstanceOf(Date);
		const {statuses, task} = await watch(t, victim.arn, 60, x => x.lastStatus === 'STOPPED');
		expect(statuses).toEqual(['RUNNING', 'DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED']);
		const times = [task.startedAt, task.stoppingAt, task.executionStoppedAt, task.stoppedAt].map(d => d!.getTime());
		expect([...times].sort((a, b) => a - b)).toEqual(times);
		expect(task.containers![0]).toMatchObject({lastStatus: 'STOPPED', exitCode: 0});
		expect(task.attachments![0]!.status).toBe('DELETED');
		// The STOPPED list has it; the RUNNING list has a replacement.
		const stopped = await t.client.send(new ListTasksCommand({cluster: 'life', desiredStatus: 'STOPPED'}));
		expect(stopped.taskArns).toEqual([victim.arn]);
		t.sim.advance(60);
		const service = (await t.client.send(new DescribeServicesCommand({cluster: 'life', services: ['app']}))).services![0]!;
		expect(service.runningCount).toBe(2);
		expect(service.events!.some(e => /has started 1 tasks: \(task [0-9a-f]{32}\)\./.test(e.message!))).toBe(true);
		expect(w.audit()).toEqual([]);
	});

	it('stopped tasks stay describable for an hour, then are gone (MISSING)', async () => {
		const {t, w, cluster} = await setup();
		const def = w.addTaskDefinition({family: 'job'});
		const task = w.runTask(cluster, {taskDefinition: def, launchType: 'FARGATE'});
		await t.client.send(new StopTaskCommand({cluster: 'life', task: task.arn}));
		t.sim.advance(60);
		const stopped = (await describeTask(t, task.arn))!;
		expect(stopped.lastStatus).toBe('STOPPED');
		expect(stopped.stoppedReason).toBe('Task stopped by user');
		t.sim.advance(3500 - 60);
		expect(await describeTask(t, task.arn)).toBeDefined();
		t.sim.advance(200);
		const out = await t.client.send(new DescribeTasksCommand({cluster: 'life', tasks: [task.arn]}));
		expect(out.failures).toEqual([{arn: task.arn, reason: 'MISSING'}]);
		expect((await t.client.send(new ListTasksCommand({cluster: 'life', desiredStatus: 'STOPPED'}))).taskArns).toEqual([]);
		expect(w.audit()).toEqual([]);
	});

	it('a crashing essential container: EssentialContainerExited, exit code, then a replacement', async () => {
		const {t, w, cluster} = await setup();
		const def = w.addTaskDefinition({family: 'crashy', behaviour: {crashAfterSeconds: 10, exitCode: 137}});
		const svc = w.addService(cluster, {name: 'crashy', taskDefinition: def, desiredCount: 1, launchType: 'FARGATE'});
		const first = [...svc.tasksRunning.values()][0]!;
		const {task} = await watch(t, first.arn, 60, x => x.lastStatus === 'STOPPED');
		expect(task).toMatchObject({lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited'});
		expect(task.containers![0]!.exitCode).toBe(137);
		t.sim.advance(30);
		const list = await t.client.send(new ListTasksCommand({cluster: 'life', serviceName: 'crashy'}));
		expect(list.taskArns).toHaveLength(1);
		expect(list.taskArns![0]).not.toBe(first.arn);
	});

	it('an image that cannot be pulled: TaskFailedToStart with the container reason, never RUNNING', async () => {
		const {t, w, cluster} = await setup();
		const reason = 'CannotPullContainerError: pull image manifest has been retried 5 time(s): not found';
		const def = w.addTaskDefinition({family: 'broken', behaviour: {failToStart: reason}});
		const task = w.runTask(cluster, {taskDefinition: def, launchType: 'FARGATE', state: 'launch'});
		const {statuses, task: out} = await watch(t, task.arn, 60, x => x.lastStatus === 'STOPPED');
		expect(statuses).not.toContain('RUNNING');
		expect(statuses[0]).toBe('PROVISIONING');
		expect(statuses.at(-1)).toBe('STOPPED');
		expect(out).toMatchObject({stopCode: 'TaskFailedToStart', stoppedReason: reason});
		expect(out.containers![0]).toMatchObject({lastStatus: 'STOPPED', reason});
		expect(out.containers![0]!.exitCode).toBeUndefined();
		expect(out.startedAt).toBeUndefined();
		expect(out.pullStartedAt).toBeInstanceOf(Date);
	});

	it('health checks: UNKNOWN → HEALTHY; a failing check stops the task and the service says so', async () => {
		const {t, w, cluster} = await setup();
		const def = w.addTaskDefinition({family: 'hc', healthCheck: true, behaviour: {unhealthyAfterSeconds: 40}});
		w.addService(cluster, {name: 'hc', taskDefinition: def, desiredCount: 0, launchType: 'FARGATE'});
		await t.client.send(new UpdateServiceCommand({cluster: 'life', service: 'hc', desiredCount: 1}));
		t.sim.advance(1);
		const [arn] = (await t.client.send(new ListTasksCommand({cluster: 'life', serviceName: 'hc'}))).taskArns!;
		const running = await watch(t, arn!, 60, x => x.lastStatus === 'RUNNING');
		expect(running.task.healthStatus).toBe('UNKNOWN');
		const healthy = await watch(t, arn!, 30, x => x.healthStatus === 'HEALTHY');
		expect(healthy.task.containers![0]!.healthStatus).toBe('HEALTHY');
		const end = await watch(t, arn!, 120, x => x.lastStatus === 'STOPPED');
		expect(end.task).toMatchObject({healthStatus: 'UNHEALTHY', stopCode: 'ServiceSchedulerInitiated', stoppedReason: 'Task failed container health checks'});
		const svc = (await t.client.send(new DescribeServicesCommand({cluster: 'life', services: ['hc']}))).services![0]!;
		expect(svc.events!.some(e => e.message === `(service hc) (task ${arn!.split('/').pop()}) failed container health checks.`)).toBe(true);
	});
});
