// Throttling through the real @aws-sdk/client-ecs (maxAttempts 1) on a stepped clock.
import {
	DescribeClustersCommand,
	DescribeContainerInstancesCommand,
	DescribeServiceDeploymentsCommand,
	DescribeServicesCommand,
	DescribeTaskDefinitionCommand,
	DescribeTasksCommand,
	type ECSClient,
	ListClustersCommand,
	ListContainerInstancesCommand,
	ListServiceDeploymentsCommand,
	ListServicesCommand,
	ListTasksCommand,
	StopTaskCommand,
	UpdateContainerInstancesStateCommand,
	UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {afterEach, describe, expect, it} from 'vitest';
import {startTestSim, type TestSim} from '../helpers/sim.js';

let sim: TestSim | undefined;

afterEach(async () => {
	await sim?.close();
	sim = undefined;
});

type Send = (client: ECSClient) => Promise<unknown>;
const cluster = 'production';
const missing = `arn:aws:ecs:us-east-1:123456789012:task/${cluster}/00000000000000000000000000000000`;

// Each category with calls that exercise every one of its operations. Modify calls target
// things that do not exist: they still take a token before failing, as at AWS.
const categories: Array<{name: string; burst: number; rate: number; calls: Send[]}> = [
	{name: 'cluster read', burst: 50, rate: 20, calls: [
		// aws ecs list-clusters
		async c => c.send(new ListClustersCommand({})),
		// aws ecs describe-clusters --clusters production
		async c => c.send(new DescribeClustersCommand({clusters: [cluster]})),
	]},
	{name: 'cluster resource read', burst: 100, rate: 20, calls: [
		// aws ecs list-tasks --cluster production
		async c => c.send(new ListTasksCommand({cluster})),
		// aws ecs describe-tasks --cluster production --tasks …
		async c => c.send(new DescribeTasksCommand({cluster, tasks: [missing]})),
		// aws ecs list-container-instances --cluster production
		async c => c.send(new ListContainerInstancesCommand({cluster})),
		// aws ecs describe-container-instances --cluster production --container-instances …
		async c => c.send(new DescribeContainerInstancesCommand({cluster, containerInstances: ['00000000000000000000000000000000']})),
	]},
	{name: 'cluster resource modify', burst: 100, rate: 40, calls: [
		// aws ecs stop-task --cluster production --task …
		async c => c.send(new StopTaskCommand({cluster, task: missing})),
		// aws ecs update-container-instances-state --cluster production --container-instances … --status DRAINING
		async c => c.send(new UpdateContainerInstancesStateCommand({cluster, containerInstances: ['00000000000000000000000000000000'], status: 'DRAINING'})),
	]},
	{name: 'service read', burst: 100, rate: 20, calls: [
		// aws ecs list-services --cluster production
		async c => c.send(new ListServicesCommand({cluster})),
		// aws ecs describe-services --cluster production --services web
		async c => c.send(new DescribeServicesCommand({cluster, services: ['web']})),
	]},
	{name: 'service modify', burst: 50, rate: 5, calls: [
		// aws ecs update-service --cluster production --service no-such-service --desired-count 1
		async c => c.send(new UpdateServiceCommand({cluster, service: 'no-such-service', desiredCount: 1})),
	]},
	{name: 'task definition read', burst: 50, rate: 20, calls: [
		// aws ecs describe-task-definition --task-definition web
		async c => c.send(new DescribeTaskDefinitionCommand({taskDefinition: 'web'})),
	]},
	{name: 'service deployment read', burst: 50, rate: 20, calls: [
		// aws ecs list-service-deployments --cluster production --service web
		async c => c.send(new ListServiceDeploymentsCommand({cluster, service: 'web'})),
		// aws ecs describe-service-deployments --service-deployment-arns …
		async c => c.send(new DescribeServiceDeploymentsCommand({serviceDeploymentArns: ['arn:aws:ecs:us-east-1:123456789012:service-deployment/production/web/none']})),
	]},
];

/** Fires n calls at once (round-robin over the category's operations); counts the throttled ones. */
async function burst(client: ECSClient, calls: Send[], n: number): Promise<{throttled: number; other: string[]}> {
	const results = await Promise.allSettled(Array.from({length: n}, async (_, i) => calls[i % calls.length]!(client)));
	let throttled = 0;
	const other: string[] = [];
	for (const r of results) {
		if (r.status === 'fulfilled') continue;
		const error = r.reason as {name?: string; message?: string; $metadata?: {httpStatusCode?: number}};
		if (error.name === 'ThrottlingException') {
			expect(error.message).toBe('Rate exceeded');
			expect(error.$metadata?.httpStatusCode).toBe(400);
			throttled++;
		} else {
			other.push(error.name ?? 'unknown');
		}
	}

	return {throttled, other};
}

describe('throttling through the SDK', () => {
	it.each(categories)('$name: $burst in a burst, then $rate per simulated second', async ({burst: size, rate, calls}) => {
		sim = await startTestSim({throttle: true});
		const first = await burst(sim.client, calls, size + 5);
		expect(first.throttled).toBe(5);
		expect(first.other).not.toContain('ThrottlingException');
		// No time passed: still empty.
		expect((await burst(sim.client, calls, 1)).throttled).toBe(1);
		await sim.advance(1);
		expect((await burst(sim.client, calls, rate + 3)).throttled).toBe(3);
		// (Refilling to the burst and no further is checked in throttle.test.ts.)
	});

	it('categories do not share tokens', async () => {
		sim = await startTestSim({throttle: true});
		const serviceRead = categories.find(c => c.name === 'service read')!;
		expect((await burst(sim.client, serviceRead.calls, 101)).throttled).toBe(1);
		for (const other of categories.filter(c => c !== serviceRead)) {
			expect((await burst(sim.client, other.calls, 1)).throttled).toBe(0);
		}
	});

	it('stats count calls and throttles per operation; reset refills', async () => {
		sim = await startTestSim({throttle: true});
		const read = categories.find(c => c.name === 'cluster read')!;
		await burst(sim.client, read.calls, 60);
		const stats = await sim.stats();
		expect(stats.calls.ListClusters! + stats.calls.DescribeClusters!).toBe(60);
		expect((stats.throttled.ListClusters ?? 0) + (stats.throttled.DescribeClusters ?? 0)).toBe(10);
		expect(stats.errors.ListClusters ?? 0).toBe(0);
		await sim.resetStats();
		const after = await sim.stats();
		expect([after.calls, after.throttled, after.errors]).toEqual([{}, {}, {}]);
		expect((await burst(sim.client, read.calls, 50)).throttled).toBe(0);
	});

	it('--no-throttle (the test default) lets every call through', async () => {
		sim = await startTestSim();
		// The smallest and a largest bucket, well past their bursts.
		for (const category of categories.filter(c => c.name === 'service modify' || c.name === 'cluster resource read')) {
			expect((await burst(sim.client, category.calls, category.burst + 20)).throttled).toBe(0);
		}

		expect((await sim.stats()).throttled).toEqual({});
	});

	it('POST /_sim/faults {"throttle": false} switches throttling off at run time', async () => {
		sim = await startTestSim({throttle: true});
		const read = categories.find(c => c.name === 'cluster read')!;
		expect((await burst(sim.client, read.calls, 51)).throttled).toBe(1);
		await sim.faults({throttle: false});
		expect((await burst(sim.client, read.calls, 100)).throttled).toBe(0);
	});
});
