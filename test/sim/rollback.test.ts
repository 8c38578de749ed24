// The simulator's rollbacks and revision deployments through the SDK on a stepped clock: the demo's
// failing deployment (staging's cart, cart:2 → cart:3, no circuit breaker) stays IN_PROGRESS while
// its tasks fail; StopServiceDeployment with ROLLBACK takes it through ROLLBACK_REQUESTED and
// ROLLBACK_IN_PROGRESS to ROLLBACK_SUCCESSFUL with cart:2 running again; a second stop carries on,
// a finished deployment is a ConflictException; UpdateService with another revision rolls out.
import {
	DescribeServiceDeploymentsCommand,
	DescribeServiceRevisionsCommand,
	DescribeServicesCommand,
	ListServiceDeploymentsCommand,
	StopServiceDeploymentCommand,
	UpdateServiceCommand,
	type Service,
	type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import {afterEach, describe, expect, it} from 'vitest';
import {startTestSim, type TestSim} from '../helpers/sim.js';

let t: TestSim | undefined;
afterEach(async () => {
	await t?.close();
	t = undefined;
});

const td = (arn: string | undefined) => arn?.split('/').at(-1);

async function cart(s: TestSim): Promise<Service> {
	return (await s.client.send(new DescribeServicesCommand({cluster: 'staging', services: ['cart']}))).services![0]!;
}

async function deployments(s: TestSim): Promise<ServiceDeployment[]> {
	const list = (await s.client.send(new ListServiceDeploymentsCommand({cluster: 'staging', service: 'cart'}))).serviceDeployments!;
	const arns = list.map(d => d.serviceDeploymentArn!);
	const described = (await s.client.send(new DescribeServiceDeploymentsCommand({serviceDeploymentArns: arns}))).serviceDeployments!;
	return arns.map(a => described.find(d => d.serviceDeploymentArn === a)!);
}

async function revisionTaskDefinition(s: TestSim, arn: string): Promise<string | undefined> {
	const [revision] = (await s.client.send(new DescribeServiceRevisionsCommand({serviceRevisionArns: [arn]}))).serviceRevisions!;
	return td(revision?.taskDefinition);
}

async function errorOf(promise: Promise<unknown>): Promise<{name: string; message: string}> {
	try {
		await promise;
	} catch (error) {
		return {name: (error as Error).name, message: (error as Error).message};
	}
	throw new Error('expected an error');
}

describe('the demo world keeps a failing deployment', () => {
	it("cart:3 fails to start for minutes while cart:2 keeps serving, IN_PROGRESS without a circuit breaker", async () => {
		t = await startTestSim({seed: 1});
		const [newest] = await deployments(t);
		expect(newest!.status).toBe('IN_PROGRESS');
		expect(await revisionTaskDefinition(t, newest!.targetServiceRevision!.arn!)).toBe('cart:3');
		expect(await revisionTaskDefinition(t, newest!.sourceServiceRevisions![0]!.arn!)).toBe('cart:2');
		for (let i = 0; i < 30; i++) t.sim.advance(10);
		const svc = await cart(t);
		expect(td(svc.taskDefinition)).toBe('cart:3');
		expect(svc.deployments!.map(d => [d.status, td(d.taskDefinition), d.rolloutState])).toEqual([['PRIMARY', 'cart:3', 'IN_PROGRESS'], ['ACTIVE', 'cart:2', 'COMPLETED']]);
		expect(svc.deployments![0]!.failedTasks).toBeGreaterThanOrEqual(3);
		expect(svc.deployments![1]!.runningCount).toBe(2);
		expect(svc.runningCount).toBe(2);
		expect((await deployments(t))[0]!.status).toBe('IN_PROGRESS');
		expect(svc.events!.some(e => e.message!.includes('CannotPullContainerError') || e.message!.includes('unable to consistently start tasks'))).toBe(true);
		expect(t.sim.world.audit()).toEqual([]);
	});
});

describe('StopServiceDeployment (ROLLBACK)', () => {
	it('rolls the failing deployment back: ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL, cart:2 again', async () => {
		t = await startTestSim({seed: 1});
		t.sim.advance(30);
		const [failing] = await deployments(t);
		const source = failing!.sourceServiceRevisions![0]!.arn!;
		// aws ecs stop-service-deployment --service-deployment-arn ARN --stop-type ROLLBACK
		const answer = await t.client.send(new StopServiceDeploymentCommand({serviceDeploymentArn: failing!.serviceDeploymentArn, stopType: 'ROLLBACK'}));
		expect(answer.serviceDeploymentArn).toBe(failing!.serviceDeploymentArn);
		let [now] = await deployments(t);
		expect(now!.serviceDeploymentArn).toBe(failing!.serviceDeploymentArn);
		expect(now!.status).toBe('ROLLBACK_REQUESTED');
		expect(now!.rollback).toMatchObject({serviceRevisionArn: source});
		expect(now!.deploymentCircuitBreaker!.status).toBe('DISABLED');
		let svc = await cart(t);
		expect(svc.deployments!.map(d => [d.status, td(d.taskDefinition)])).toEqual([['PRIMARY', 'cart:2'], ['ACTIVE', 'cart:3'], ['ACTIVE', 'cart:2']]);
		expect(svc.events![0]!.message).toMatch(/deployment is rolling back to/);

		// Stopping it again while it rolls back changes nothing.
		await t.client.send(new StopServiceDeploymentCommand({serviceDeploymentArn: failing!.serviceDeploymentArn, stopType: 'ROLLBACK'}));
		expect((await cart(t)).deployments).toHaveLength(3);

		t.sim.advance(2);
		[now] = await deployments(t);
		expect(now!.status).toBe('ROLLBACK_IN_PROGRESS');
		for (let i = 0; i < 120 && now!.status === 'ROLLBACK_IN_PROGRESS'; i++) {
			t.sim.advance(1);
			[now] = await deployments(t);
			expect(t.sim.world.audit()).toEqual([]);
		}
		expect(now!.status).toBe('ROLLBACK_SUCCESSFUL');
		expect(now!.finishedAt).toBeInstanceOf(Date);
		svc = await cart(t);
		expect(td(svc.taskDefinition)).toBe('cart:2');
		expect(svc.deployments!.map(d => [d.status, td(d.taskDefinition), d.rolloutState])).toEqual([['PRIMARY', 'cart:2', 'COMPLETED']]);
		expect(svc.runningCount).toBe(2);
		expect(svc.currentServiceDeployment).toBe(failing!.serviceDeploymentArn);
		expect(await revisionTaskDefinition(t, now!.rollback!.serviceRevisionArn!)).toBe('cart:2');

		// Finished: nothing to stop.
		const finished = await errorOf(t.client.send(new StopServiceDeploymentCommand({serviceDeploymentArn: failing!.serviceDeploymentArn, stopType: 'ROLLBACK'})));
		expect(finished).toEqual({name: 'ConflictException', message: 'The service deployment is ROLLBACK_SUCCESSFUL: only a PENDING or IN_PROGRESS service deployment can be stopped.'});
	});

	it('refuses an unknown deployment, ABORT, and a first deployment with nothing before it', async () => {
		t = await startTestSim({world: 'empty', seed: 3});
		const w = t.sim.world;
		const c = w.addCluster('svc');
		w.addInstance(c, {instanceType: 'm5.large'});
		const web = w.addTaskDefinition({family: 'web', cpu: 256, memory: 256, networkMode: 'bridge'});
		const svc = w.addService(c, {name: 'web', taskDefinition: web, desiredCount: 1, running: 0});
		expect(await errorOf(t.client.send(new StopServiceDeploymentCommand({serviceDeploymentArn: `arn:aws:ecs:us-east-1:${w.accountId}:service-deployment/svc/web/nope`, stopType: 'ROLLBACK'})))).toMatchObject({name: 'ServiceDeploymentNotFoundException'});
		const [first] = (await t.client.send(new ListServiceDeploymentsCommand({cluster: 'svc', service: 'web'}))).serviceDeployments!;
		// Created settled (SUCCESSFUL): put it back in progress as a service's first deployment is.
		const sd = svc.serviceDeployments.values()[0]!;
		sd.status = 'IN_PROGRESS';
		expect(await errorOf(t.client.send(new StopServiceDeploymentCommand({serviceDeploymentArn: first!.serviceDeploymentArn, stopType: 'ABORT'})))).toMatchObject({name: 'InvalidParameterException'});
		expect(await errorOf(t.client.send(new StopServiceDeploymentCommand({serviceDeploymentArn: first!.serviceDeploymentArn, stopType: 'ROLLBACK'})))).toEqual({name: 'ConflictException', message: 'The service deployment has no previous service revision to roll back to.'});
	});
});

describe('UpdateService taskDefinition', () => {
	it("deploys another revision through the rolling deployment: cart:1 replaces cart:3's failing tasks and cart:2's", async () => {
		t = await startTestSim({seed: 1});
		t.sim.advance(5);
		// aws ecs update-service --cluster staging --service cart --task-definition cart:1
		const answer = await t.client.send(new UpdateServiceCommand({cluster: 'staging', service: 'cart', taskDefinition: 'cart:1'}));
		expect(td(answer.service!.taskDefinition)).toBe('cart:1');
		let [newest, previous] = await deployments(t);
		expect(newest!.status).toBe('IN_PROGRESS');
		expect(previous!.status).toBe('STOPPED');
		expect(await revisionTaskDefinition(t, newest!.targetServiceRevision!.arn!)).toBe('cart:1');
		for (let i = 0; i < 180 && newest!.status === 'IN_PROGRESS'; i++) {
			t.sim.advance(1);
			[newest] = await deployments(t);
		}
		expect(newest!.status).toBe('SUCCESSFUL');
		const svc = await cart(t);
		expect(svc.deployments!.map(d => td(d.taskDefinition))).toEqual(['cart:1']);
		expect(svc.runningCount).toBe(2);
		expect(t.sim.world.audit()).toEqual([]);
	});
});
