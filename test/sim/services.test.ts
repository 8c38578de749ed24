// Services over time, through the SDK on a stepped clock: reconciliation after scaling, placement
// failure, rolling deployments (bounds held at every step), the circuit breaker, service
// deployments and events.
import {
	DescribeServiceDeploymentsCommand,
	DescribeServicesCommand,
	ListServiceDeploymentsCommand,
	ListTasksCommand,
	UpdateContainerInstancesStateCommand,
	UpdateServiceCommand,
	type Service,
} from '@aws-sdk/client-ecs';
import {afterEach, describe, expect, it} from 'vitest';
import {startTestSim, type TestSim} from '../helpers/sim.js';

let t: TestSim | undefined;
afterEach(async () => {
	await t?.close();
	t = undefined;
});

async function setup(seed = 3) {
	t = await startTestSim({world: 'empty', seed});
	const w = t.sim.world;
	return {t, w, cluster: w.addCluster('svc')};
}

async function service(s: TestSim, name: string): Promise<Service> {
	return (await s.client.send(new DescribeServicesCommand({cluster: 'svc', services: [name]}))).services![0]!;
}

/** Steps `seconds` one at a time, calling check after each step; stops early when done() holds. */
async function run(s: TestSim, name: string, seconds: number, check: (svc: Service) => void, done?: (svc: Service) => boolean): Promise<Service> {
	let svc = await service(s, name);
	for (let i = 0; i < seconds; i++) {
		s.sim.advance(1);
		svc = await service(s, name);
		check(svc);
		expect(s.sim.world.audit()).toEqual([]);
		if (done?.(svc)) break;
	}
	return svc;
}

const steady = (svc: Service) => svc.deployments!.length === 1 && svc.runningCount === svc.desiredCount && svc.pendingCount === 0 && svc.deployments![0]!.rolloutState === 'COMPLETED';

describe('reconciliation', () => {
	it('scales up and down to desiredCount, with ECS events', async () => {
		const {t, w, cluster} = await setup();
		w.addService(cluster, {name: 'web', taskDefinition: w.addTaskDefinition({family: 'web'}), desiredCount: 2, launchType: 'FARGATE'});
		await t.client.send(new UpdateServiceCommand({cluster: 'svc', service: 'web', desiredCount: 5}));
		expect((await service(t, 'web')).desiredCount).toBe(5);
		let svc = await run(t, 'web', 120, s => expect(s.runningCount! + s.pendingCount!).toBeLessThanOrEqual(5), steady);
		expect(svc).toMatchObject({runningCount: 5, pendingCount: 0});
		expect(svc.events![0]!.message).toBe('(service web) has reached a steady state.');
		expect(svc.events!.some(e => /^\(service web\) has started 3 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/.test(e.message!))).toBe(true);

		await t.client.send(new UpdateServiceCommand({cluster: 'svc', service: 'web', desiredCount: 1}));
		svc = await run(t, 'web', 120, () => {}, steady);
		expect(svc).toMatchObject({runningCount: 1, pendingCount: 0});
		expect(svc.events!.some(e => /^\(service web\) has stopped 4 running tasks: (\(task [0-9a-f]{32}\) ?){4}\.$/.test(e.message!))).toBe(true);
		const stopped = await t.client.send(new ListTasksCommand({cluster: 'svc', serviceName: 'web', desiredStatus: 'STOPPED'}));
		expect(stopped.taskArns).toHaveLength(4);
	});

	it('cannot place what does not fit: the ECS event names the closest instance, the service stays short, new capacity heals it', async () => {
		const {t, w, cluster} = await setup();
		const small = w.addInstance(cluster, {instanceType: 't3.medium'});
		const def = w.addTaskDefinition({family: 'big', cpu: 1024, memory: 1536, networkMode: 'bridge'});
		w.addService(cluster, {name: 'big', taskDefinition: def, desiredCount: 2, launchType: 'EC2'});
		await t.client.send(new UpdateServiceCommand({cluster: 'svc', service: 'big', desiredCount: 4}));
		let svc = await run(t, 'big', 60, () => {});
		expect(svc.runningCount).toBe(2);
		const event = svc.events!.find(e => e.message!.includes('unable to place'));
		expect(event?.message).toBe(`(service big) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance ${small.id}) has insufficient memory available. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`);
		// Not every retry repeats the event.
		expect(svc.events!.filter(e => e.message!.includes('unable to place'))).toHaveLength(1);
		w.addInstance(cluster, {instanceType: 'm5.xlarge'});
		svc = await run(t, 'big', 120, () => {}, steady);
		expect(svc.runningCount).toBe(4);
	});

	it('an EC2 cluster with no instances says so', async () => {
		const {t, w, cluster} = await setup();
		w.addService(cluster, {name: 'lonely', taskDefinition: w.addTaskDefinition({family: 'l', networkMode: 'bridge'}), desiredCount: 1, launchType: 'EC2'});
		const svc = await run(t, 'lonely', 5, () => {});
		expect(svc.events![0]!.message).toContain('No Container Instances were found in your cluster.');
	});
});

describe('rolling deployments', () => {
	it('forceNewDeployment: PRIMARY/ACTIVE within min 100% / max 200%, then COMPLETED and steady', async () => {
		const {t, w, cluster} = await setup();
		w.addService(cluster, {name: 'api', taskDefinition: w.addTaskDefinition({family: 'api'}), desiredCount: 4, launchType: 'FARGATE'});
		const before = await service(t, 'api');
		const out = await t.client.send(new UpdateServiceCommand({cluster: 'svc', service: 'api', forceNewDeployment: true}));
		expect(out.service!.deployments!.map(d => [d.status, d.rolloutState])).toEqual([['PRIMARY', 'IN_PROGRESS'], ['ACTIVE', 'COMPLETED']]);
		let sawBoth = false;
		const svc = await run(t, 'api', 300, s => {
			// Never fewer than 100% running, never more than 200% running or pending.
			expect(s.runningCount).toBeGreaterThanOrEqual(4);
			expect(s.runningCount! + s.pendingCount!).toBeLessThanOrEqual(8);
			const [primary, old] = s.deployments!;
			if (old && primary!.runningCount! > 0 && old.runningCount! > 0) sawBoth = true;
			expect(s.runningCount).toBe(s.deployments!.reduce((n, d) => n + d.runningCount!, 0));
		}, steady);
		expect(sawBoth).toBe(true);
		expect(svc.deployments).toHaveLength(1);
		expect(svc.deployments![0]).toMatchObject({status: 'PRIMARY', rolloutState: 'COMPLETED', runningCount: 4, failedTasks: 0});
		expect(svc.deployments![0]!.id).not.toBe(before.deployments![0]!.id);
		const messages = svc.events!.map(e => e.message);
		expect(messages[0]).toBe('(service api) has reached a steady state.');
		expect(messages[1]).toBe(`(service api) (deployment ${svc.deployments![0]!.id}) deployment completed.`);
		// Every task now belongs to the new deployment.
		const running = await t.client.send(new ListTasksCommand({cluster: 'svc', serviceName: 'api'}));
		const byNew = await t.client.send(new ListTasksCommand({cluster: 'svc', startedBy: svc.deployments![0]!.id}));
		expect(new Set(running.taskArns)).toEqual(new Set(byNew.taskArns));

		const list = await t.client.send(new ListServiceDeploymentsCommand({cluster: 'svc', service: 'api'}));
		expect(list.serviceDeployments!.map(d => d.status)).toEqual(['SUCCESSFUL', 'SUCCESSFUL']);
		expect(list.serviceDeployments![0]!.serviceDeploymentArn).toBe(svc.currentServiceDeployment);
		const described = await t.client.send(new DescribeServiceDeploymentsCommand({serviceDeploymentArns: [svc.currentServiceDeployment!, 'arn:aws:ecs:us-east-1:123456789012:service-deployment/svc/api/nope']}));
		expect(described.serviceDeployments![0]).toMatchObject({status: 'SUCCESSFUL', targetServiceRevision: {requestedTaskCount: 4, runningTaskCount: 4}, deploymentCircuitBreaker: {status: 'DISABLED'}});
		expect(described.serviceDeployments![0]!.sourceServiceRevisions).toHaveLength(1);
		expect(described.serviceDeployments![0]!.finishedAt).toBeInstanceOf(Date);
		expect(described.failures).toEqual([{arn: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/svc/api/nope', reason: 'MISSING'}]);
	});

	it('min 50% / max 100% stops old tasks first and never exceeds desiredCount', async () => {
		const {t, w, cluster} = await setup();
		const v1 = w.addTaskDefinition({family: 'q'});
		const v2 = w.addTaskDefinition({family: 'q'});
		w.addService(cluster, {name: 'q', taskDefinition: v1, desiredCount: 4, launchType: 'FARGATE', minimumHealthyPercent: 50, maximumPercent: 100});
		await t.client.send(new UpdateServiceCommand({cluster: 'svc', service: 'q', taskDefinition: 'q:2'}));
		const svc = await run(t, 'q', 300, s => {
			expect(s.runningCount).toBeGreaterThanOrEqual(2);
			expect(s.runningCount! + s.pendingCount!).toBeLessThanOrEqual(4);
		}, steady);
		expect(svc.taskDefinition).toBe(v2.arn);
		expect(svc.deployments![0]!.taskDefinition).toBe(v2.arn);
	});

	it('the circuit breaker fails a deployment whose tasks cannot start and rolls back', async () => {
		const {t, w, cluster} = await setup();
		const good = w.addTaskDefinition({family: 'cb'});
		w.addTaskDefinition({family: 'cb', behaviour: {failToStart: 'CannotPullContainerError: not found'}});
		w.addService(cluster, {name: 'cb', taskDefinition: good, desiredCount: 2, launchType: 'FARGATE', circuitBreaker: {enable: true, rollback: true}});
		await t.client.send(new UpdateServiceCommand({cluster: 'svc', service: 'cb', taskDefinition: 'cb:2'}));
		const failed = (await service(t, 'cb')).deployments![0]!.id!;
		let svc = await run(t, 'cb', 300, s => expect(s.runningCount).toBeGreaterThanOrEqual(2), s => s.deployments!.some(d => d.rolloutState === 'FAILED'));
		const failedDeployment = svc.deployments!.find(d => d.id === failed)!;
		expect(failedDeployment).toMatchObject({rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.'});
		expect(failedDeployment.failedTasks).toBe(3);
		expect(svc.deployments![0]!.taskDefinition).toBe(good.arn);
		expect(svc.events!.some(e => e.message === `(service cb) (deployment ${failed}) deployment failed: tasks failed to start.`)).toBe(true);
		svc = await run(t, 'cb', 300, () => {}, steady);
		expect(svc.taskDefinition).toBe(good.arn);
		const list = await t.client.send(new ListServiceDeploymentsCommand({cluster: 'svc', service: 'cb'}));
		expect(list.serviceDeployments![0]).toMatchObject({status: 'ROLLBACK_SUCCESSFUL', statusReason: 'ECS deployment circuit breaker: tasks failed to start.'});
		const d = (await t.client.send(new DescribeServiceDeploymentsCommand({serviceDeploymentArns: [list.serviceDeployments![0]!.serviceDeploymentArn!]}))).serviceDeployments![0]!;
		expect(d.rollback?.reason).toBe('ECS deployment circuit breaker: tasks failed to start.');
		expect(d.deploymentCircuitBreaker).toMatchObject({status: 'TRIGGERED', failureCount: 3, threshold: 3});
	});

	it('without rollback the failed deployment stays PRIMARY and FAILED and stops launching', async () => {
		const {t, w, cluster} = await setup();
		const good = w.addTaskDefinition({family: 'nr'});
		w.addTaskDefinition({family: 'nr', behaviour: {failToStart: 'CannotPullContainerError: not found'}});
		w.addService(cluster, {name: 'nr', taskDefinition: good, desiredCount: 2, launchType: 'FARGATE', circuitBreaker: {enable: true, rollback: false}});
		await t.client.send(new UpdateServiceCommand({cluster: 'svc', service: 'nr', taskDefinition: 'nr:2'}));
		let svc = await run(t, 'nr', 300, () => {}, s => s.deployments![0]!.rolloutState === 'FAILED');
		// Tasks already in flight when the breaker tripped still fail; after that nothing new starts.
		await run(t, 'nr', 60, () => {});
		const stoppedBefore = (await t.client.send(new ListTasksCommand({cluster: 'svc', serviceName: 'nr', desiredStatus: 'STOPPED'}))).taskArns!.length;
		svc = await run(t, 'nr', 120, () => {});
		expect(svc.deployments!.map(d => [d.status, d.rolloutState])).toEqual([['PRIMARY', 'FAILED'], ['ACTIVE', 'COMPLETED']]);
		expect(svc.runningCount).toBe(2);
		const stoppedAfter = (await t.client.send(new ListTasksCommand({cluster: 'svc', serviceName: 'nr', desiredStatus: 'STOPPED'}))).taskArns!.length;
		expect(stoppedAfter).toBe(stoppedBefore);
	});
});

describe('draining', () => {
	it('replacements start elsewhere first, the instance empties to its standalone task, ACTIVE takes tasks again', async () => {
		const {t, w, cluster} = await setup();
		const a = w.addInstance(cluster, {instanceType: 'm5.xlarge'});
		const b = w.addInstance(cluster, {instanceType: 'm5.xlarge'});
		const def = w.addTaskDefinition({family: 'd', cpu: 512, memory: 1024, networkMode: 'bridge', containerPort: 80});
		w.addService(cluster, {name: 'd', taskDefinition: def, desiredCount: 4, launchType: 'EC2'});
		const cron = w.runTask(cluster, {taskDefinition: w.addTaskDefinition({family: 'cron', networkMode: 'bridge'}), instance: a});
		const onA = [...a.tasksRunning.values()].filter(x => x.service);
		expect(onA.length).toBeGreaterThan(0);
		const out = await t.client.send(new UpdateContainerInstancesStateCommand({cluster: 'svc', containerInstances: [a.arn, 'nope'], status: 'DRAINING'}));
		expect(out.containerInstances![0]!.status).toBe('DRAINING');
		expect(out.failures).toEqual([{arn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/svc/nope', reason: 'MISSING'}]);
		let replacementsFirst = true;
		await run(t, 'd', 300, s => {
			// min 100%: an old task on A only starts stopping once enough replacements run on B.
			const stoppingOld = onA.filter(x => x.desiredStatus === 'STOPPED').length;
			const runningOnB = [...b.tasksRunning.values()].filter(x => x.service && x.lastStatus === 'RUNNING').length;
			if (stoppingOld > 0 && runningOnB - (4 - onA.length) < stoppingOld) replacementsFirst = false;
			expect(s.runningCount).toBeGreaterThanOrEqual(4);
		}, s => steady(s) && a.counts.running === 1);
		expect(replacementsFirst).toBe(true);
		expect(a.counts).toEqual({running: 1, pending: 0});
		expect(cron.lastStatus).toBe('RUNNING');
		expect(cron.desiredStatus).toBe('RUNNING');
		const left = await t.client.send(new ListTasksCommand({cluster: 'svc', containerInstance: a.id}));
		expect(left.taskArns).toEqual([cron.arn]);
		expect(b.counts.running).toBe(4);

		await t.client.send(new UpdateContainerInstancesStateCommand({cluster: 'svc', containerInstances: [a.id], status: 'ACTIVE'}));
		await t.client.send(new UpdateServiceCommand({cluster: 'svc', service: 'd', desiredCount: 8}));
		await run(t, 'd', 300, () => {}, steady);
		expect([...a.tasksRunning.values()].filter(x => x.service).length).toBeGreaterThan(0);
	});

	it('refuses statuses other than ACTIVE and DRAINING, and more than 10 instances', async () => {
		const {t, cluster, w} = await setup();
		const i = w.addInstance(cluster);
		await expect(t.client.send(new UpdateContainerInstancesStateCommand({cluster: 'svc', containerInstances: [i.id], status: 'INACTIVE' as never}))).rejects.toMatchObject({name: 'InvalidParameterException'});
		await expect(t.client.send(new UpdateContainerInstancesStateCommand({cluster: 'svc', containerInstances: Array(11).fill(i.id), status: 'DRAINING'}))).rejects.toMatchObject({name: 'InvalidParameterException'});
	});
});

describe('service events', () => {
	it('are newest first, unique, at most 100, and synthetic ones can be injected', async () => {
		const {t, w, cluster} = await setup();
		w.addService(cluster, {name: 'ev', taskDefinition: w.addTaskDefinition({family: 'ev'}), desiredCount: 1, launchType: 'FARGATE'});
		await t.control('/_sim/events', {cluster: 'svc', service: 'ev', count: 150});
		t.sim.advance(1);
		await t.control('/_sim/events', {cluster: 'svc', service: 'ev', message: 'last one'});
		const svc = await service(t, 'ev');
		expect(svc.events).toHaveLength(100);
		expect(svc.events![0]!.message).toBe('last one');
		expect(svc.events![1]!.message).toBe('(service ev) synthetic event 150 of 150.');
		expect(new Set(svc.events!.map(e => e.id)).size).toBe(100);
		const times = svc.events!.map(e => e.createdAt!.getTime());
		expect([...times].sort((a, b) => b - a)).toEqual(times);
	});

	it('UpdateService refuses unknown, inactive and invalid input', async () => {
		const {t, w, cluster} = await setup();
		w.addService(cluster, {name: 'x', taskDefinition: w.addTaskDefinition({family: 'x'}), desiredCount: 0, launchType: 'FARGATE'});
		await expect(t.client.send(new UpdateServiceCommand({cluster: 'svc', service: 'nope', desiredCount: 1}))).rejects.toMatchObject({name: 'ServiceNotFoundException'});
		await expect(t.client.send(new UpdateServiceCommand({cluster: 'svc', service: 'x', desiredCount: -1}))).rejects.toMatchObject({name: 'InvalidParameterException'});
		await expect(t.client.send(new UpdateServiceCommand({cluster: 'svc', service: 'x', taskDefinition: 'nope:9'}))).rejects.toMatchObject({name: 'ClientException'});
		await t.faults({deleteService: {cluster: 'svc', service: 'x'}});
		await expect(t.client.send(new UpdateServiceCommand({cluster: 'svc', service: 'x', desiredCount: 1}))).rejects.toMatchObject({name: 'ServiceNotActiveException'});
	});
});
