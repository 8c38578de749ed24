// The wire protocol itself: targets, error shapes, malformed input, control endpoints, stats.
import {DescribeServicesCommand, ListClustersCommand, ListServicesCommand} from '@aws-sdk/client-ecs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTestSim, type TestSim} from '../helpers/sim.js';

let t: TestSim;
beforeAll(async () => {
	t = await startTestSim({world: 'empty'});
	t.sim.world.addCluster('default');
	t.sim.world.addCluster('demo');
});
afterAll(async () => t.close());

const target = (op: string) => ({'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `AmazonEC2ContainerServiceV20141113.${op}`});

describe('wire protocol', () => {
	it('answers the SDK with JSON 1.1 and a request id', async () => {
		const out = await t.client.send(new ListClustersCommand({}));
		expect(out.clusterArns).toEqual(['arn:aws:ecs:us-east-1:123456789012:cluster/default', 'arn:aws:ecs:us-east-1:123456789012:cluster/demo']);
		expect(out.$metadata.httpStatusCode).toBe(200);
		expect(out.$metadata.requestId).toMatch(/\S+/);
	});

	it('sends errors as HTTP 400 {__type, message}, which the SDK maps to named exceptions', async () => {
		const response = await fetch(t.endpoint, {method: 'POST', headers: target('ListServices'), body: JSON.stringify({cluster: 'nope'})});
		expect(response.status).toBe(400);
		expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
		expect(await response.json()).toEqual({__type: 'ClusterNotFoundException', message: 'Cluster not found.'});
		await expect(t.client.send(new ListServicesCommand({cluster: 'nope'}))).rejects.toMatchObject({name: 'ClusterNotFoundException', message: 'Cluster not found.', $metadata: {httpStatusCode: 400}});
	});

	it('answers an unknown operation, a missing target and malformed bodies with JSON errors', async () => {
		const cases: Array<[Record<string, string>, string, string]> = [
			[target('LaunchRockets'), '{}', 'UnknownOperationException'],
			[{'Content-Type': 'application/x-amz-json-1.1'}, '{}', 'UnknownOperationException'],
			[target('ListClusters'), '{not json', 'SerializationException'],
			[target('ListClusters'), '[1,2]', 'SerializationException'],
			[target('DescribeServices'), '{"cluster": 5, "services": ["a"]}', 'InvalidParameterException'],
			[target('DescribeServices'), '{"services": "web"}', 'InvalidParameterException'],
			[target('ListTasks'), '{"maxResults": 1000}', 'InvalidParameterException'],
			[target('ListTasks'), '{"nextToken": "garbage"}', 'InvalidParameterException'],
		];
		for (const [headers, body, type] of cases) {
			const response = await fetch(t.endpoint, {method: 'POST', headers, body});
			expect(response.status, body).toBe(400);
			const json = (await response.json()) as {__type: string; message: string};
			expect(json.__type, body).toBe(type);
			expect(json.message.length).toBeGreaterThan(0);
		}
		// Still alive after all that.
		expect((await t.client.send(new ListClustersCommand({}))).clusterArns).toHaveLength(2);
	});

	it('uses the default cluster when none is given, as ECS does', async () => {
		t.sim.world.addService('default', {name: 'svc', taskDefinition: t.sim.world.addTaskDefinition({family: 'x'}), desiredCount: 0});
		const out = await t.client.send(new ListServicesCommand({}));
		expect(out.serviceArns).toEqual(['arn:aws:ecs:us-east-1:123456789012:service/default/svc']);
	});

	it('counts calls, errors and throttles per operation, and resets', async () => {
		await t.resetStats();
		await t.client.send(new ListClustersCommand({}));
		await t.client.send(new ListClustersCommand({}));
		await expect(t.client.send(new DescribeServicesCommand({cluster: 'nope', services: ['a']}))).rejects.toThrow();
		const stats = await t.stats();
		expect({calls: stats.calls, throttled: stats.throttled, errors: stats.errors}).toEqual({calls: {ListClusters: 2, DescribeServices: 1}, throttled: {}, errors: {DescribeServices: 1}});
		// Extensions: handler timing per successful operation and scheduler step figures.
		expect(stats.timing!.ListClusters!.count).toBe(2);
		expect(stats.timing!.DescribeServices).toBeUndefined();
		expect(stats.scheduler).toMatchObject({timers: expect.any(Number), medianMs: expect.any(Number)});
		await t.resetStats();
		const after = await t.stats();
		expect({calls: after.calls, throttled: after.throttled, errors: after.errors, timing: after.timing}).toEqual({calls: {}, throttled: {}, errors: {}, timing: {}});
	});

	it('throttles when asked and counts it', async () => {
		const s = await startTestSim({world: 'empty', throttle: true});
		try {
			s.sim.world.addCluster('default');
			let throttled = 0;
			for (let i = 0; i < 60; i++) {
				try {
					await s.client.send(new ListClustersCommand({}));
				} catch (error) {
					expect((error as Error).name).toBe('ThrottlingException');
					expect((error as Error).message).toBe('Rate exceeded');
					throttled++;
				}
			}
			// Cluster reads: a burst of 50 on a clock that does not move.
			expect(throttled).toBe(10);
			expect((await s.stats()).throttled).toEqual({ListClusters: 10});
		} finally {
			await s.close();
		}
	});

	it('passes fault bodies to the fault injector and answers bad ones with 400', async () => {
		await t.faults({deny: {ListClusters: 'AccessDeniedException'}});
		await expect(t.client.send(new ListClustersCommand({}))).rejects.toMatchObject({name: 'AccessDeniedException'});
		await t.faults({});
		await expect(t.client.send(new ListClustersCommand({}))).resolves.toBeTruthy();
		await expect(t.faults({errorRate: 7})).rejects.toThrow(/400/);
	});

	it('deletes a cluster and a service under a running client', async () => {
		const s = await startTestSim({world: 'empty'});
		try {
			const w = s.sim.world;
			w.addCluster('gone');
			const keep = w.addCluster('keep');
			const def = w.addTaskDefinition({family: 'a'});
			w.addService(keep, {name: 'doomed', taskDefinition: def, desiredCount: 2, launchType: 'FARGATE'});
			await s.faults({deleteService: {cluster: 'keep', service: 'doomed'}});
			expect((await s.client.send(new ListServicesCommand({cluster: 'keep'}))).serviceArns).toEqual([]);
			let svc = (await s.client.send(new DescribeServicesCommand({cluster: 'keep', services: ['doomed']}))).services![0]!;
			expect(svc.status).toBe('DRAINING');
			expect(svc.desiredCount).toBe(0);
			await s.advance(120);
			svc = (await s.client.send(new DescribeServicesCommand({cluster: 'keep', services: ['doomed']}))).services![0]!;
			expect(svc.status).toBe('INACTIVE');
			expect(svc.runningCount).toBe(0);

			await s.faults({deleteCluster: 'gone'});
			expect((await s.client.send(new ListClustersCommand({}))).clusterArns).toEqual([keep.arn]);
			await expect(s.client.send(new ListServicesCommand({cluster: 'gone'}))).rejects.toMatchObject({name: 'ClusterNotFoundException'});
			expect(w.audit()).toEqual([]);
		} finally {
			await s.close();
		}
	});

	it('refuses a bad clock step and reports the clock', async () => {
		await expect(t.control('/_sim/clock', {advanceSeconds: -1})).rejects.toThrow(/400/);
		const before = (await t.control('/_sim/clock')) as {nowMs: number; mode: string};
		const after = (await t.control('/_sim/clock', {advanceSeconds: 2.5})) as {nowMs: number};
		expect(before.mode).toBe('manual');
		expect(after.nowMs - before.nowMs).toBe(2500);
	});
});
