// The simulator's accounts and regions through the real SDK: the region is the client's (SigV4
// scope), the account the access key's (`sim-<12 digits>`, else the default 123456789012); other
// pairs get a seeded fleet world with `fleet`, else an empty one; STS GetCallerIdentity names the
// account; buckets, stats and denials are per account and region.
import {DescribeServicesCommand, ECSClient, ListClustersCommand, ListServicesCommand, type ECSServiceException} from '@aws-sdk/client-ecs';
import {afterEach, describe, expect, it} from 'vitest';
import {callerIdentity, STSClient} from '../../source/aws/sts-client.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

let t: TestSim | undefined;
afterEach(async () => {
	await t?.close();
	t = undefined;
});

const ecs = (endpoint: string, region: string, accessKeyId = 'sim') => new ECSClient({endpoint, region, credentials: {accessKeyId, secretAccessKey: 'x'}, maxAttempts: 1});
const clusters = async (client: ECSClient) => ((await client.send(new ListClustersCommand({}))).clusterArns ?? []).sort();

describe('simulator: several accounts and regions', () => {
	it('answers each region and account from its own world (fleet)', async () => {
		t = await startTestSim({fleet: true});
		const home = await clusters(ecs(t.endpoint, 'us-east-1'));
		expect(home.map(arn => arn.split('/').at(-1))).toEqual(expect.arrayContaining(['production', 'staging', 'data']));
		const eu = await clusters(ecs(t.endpoint, 'eu-west-1'));
		const ap = await clusters(ecs(t.endpoint, 'ap-southeast-2'));
		expect(eu.length).toBeGreaterThan(0);
		expect(eu.every(arn => arn.startsWith('arn:aws:ecs:eu-west-1:123456789012:cluster/') && arn.endsWith('-eu-west-1'))).toBe(true);
		expect(ap.every(arn => arn.includes(':ap-southeast-2:123456789012:'))).toBe(true);
		expect(eu.map(arn => arn.replace('-eu-west-1', ''))).not.toEqual(ap.map(arn => arn.replace('-ap-southeast-2', '').replace(':ap-southeast-2:', ':eu-west-1:')));
		// Another account in the default region: its own world, not the demo.
		const other = await clusters(ecs(t.endpoint, 'us-east-1', 'sim-111122223333'));
		expect(other.length).toBeGreaterThan(0);
		expect(other.every(arn => arn.includes(':us-east-1:111122223333:cluster/'))).toBe(true);
		// The same pair again: the same world (made once); and a second simulator of the same seed draws the same.
		expect(await clusters(ecs(t.endpoint, 'eu-west-1'))).toEqual(eu);
		const again = await startTestSim({fleet: true});
		try {
			expect(await clusters(ecs(again.endpoint, 'eu-west-1'))).toEqual(eu);
		} finally {
			await again.close();
		}
		expect((await t.stats()).byContext).toMatchObject({'123456789012/us-east-1': {calls: 1}, '123456789012/eu-west-1': {calls: 2}, '111122223333/us-east-1': {calls: 1}});
		// The top-level counts stay the default world's.
		expect((await t.stats()).calls).toEqual({ListClusters: 1});
	});

	it('gives other pairs an empty world without fleet', async () => {
		t = await startTestSim();
		expect(await clusters(ecs(t.endpoint, 'eu-west-1'))).toEqual([]);
		expect((await clusters(ecs(t.endpoint, 'us-east-1'))).length).toBeGreaterThan(0);
	});

	it('answers STS GetCallerIdentity with the key\'s account', async () => {
		t = await startTestSim();
		const sts = (accessKeyId: string) => new STSClient({endpoint: t!.endpoint, region: 'eu-west-1', credentials: {accessKeyId, secretAccessKey: 'x'}, maxAttempts: 1});
		const mine = await callerIdentity(sts('sim-444455556666'));
		expect(mine).toMatchObject({Account: '444455556666', Arn: 'arn:aws:iam::444455556666:user/sim-444455556666'});
		expect((await callerIdentity(sts('testing'))).Account).toBe('123456789012');
	});

	it('denies one context and throttles per account and region', async () => {
		t = await startTestSim({throttle: true, fleet: true});
		await t.faults({denyContexts: {'123456789012/eu-west-1': 'AccessDeniedException'}});
		const denied = await ecs(t.endpoint, 'eu-west-1').send(new ListClustersCommand({})).catch((error: ECSServiceException) => error);
		expect((denied as ECSServiceException).name).toBe('AccessDeniedException');
		const stsDenied = await callerIdentity(new STSClient({endpoint: t.endpoint, region: 'eu-west-1', credentials: {accessKeyId: 'sim', secretAccessKey: 'x'}, maxAttempts: 1})).catch((error: Error) => error);
		expect((stsDenied as Error).name).toBe('AccessDeniedException');
		await t.faults({});
		// "cluster read" holds 50: the 51st ListClusters in one pair is refused (manual clock: no refill), another pair's bucket is full.
		const us = ecs(t.endpoint, 'us-west-2');
		for (let i = 0; i < 50; i++) await us.send(new ListClustersCommand({}));
		const refused = await us.send(new ListClustersCommand({})).catch((error: ECSServiceException) => error);
		expect((refused as ECSServiceException).name).toBe('ThrottlingException');
		expect(await clusters(ecs(t.endpoint, 'us-west-2', 'sim-111122223333'))).toBeDefined();
		expect((await t.stats()).byContext?.['123456789012/us-west-2']).toEqual({calls: 51, throttled: 1, ops: {ListClusters: 51}});
		expect((await t.stats()).throttled).toEqual({});
	});

	it('sizes the other pairs\' worlds with fleetClusters and counts each context\'s calls per operation', async () => {
		t = await startTestSim({fleetClusters: 50});
		const client = ecs(t.endpoint, 'eu-west-1', 'sim-111111111111');
		const arns = await clusters(client);
		expect(arns).toHaveLength(50);
		expect(arns.every(arn => arn.startsWith('arn:aws:ecs:eu-west-1:111111111111:cluster/') && arn.endsWith('-eu-west-1'))).toBe(true);
		let services = 0;
		let short = 0;
		for (const cluster of arns) {
			const listed = (await client.send(new ListServicesCommand({cluster}))).serviceArns ?? [];
			expect(listed).toHaveLength(10);
			const described = (await client.send(new DescribeServicesCommand({cluster, services: listed}))).services ?? [];
			for (const s of described) {
				expect(s.launchType).toBe('FARGATE');
				expect(s.desiredCount).toBeGreaterThanOrEqual(1);
				expect(s.desiredCount).toBeLessThanOrEqual(2);
				if ((s.runningCount ?? 0) < (s.desiredCount ?? 0)) short++;
			}
			services += described.length;
		}
		expect(services).toBe(500);
		// Some variety of health (services that cannot start their tasks), but mostly healthy.
		expect(short).toBeGreaterThan(0);
		expect(short).toBeLessThan(services / 5);
		// The default world is still the demo, and a second simulator of the same seed draws the same.
		expect((await clusters(ecs(t.endpoint, 'us-east-1'))).length).toBeLessThan(10);
		const again = await startTestSim({fleetClusters: 50});
		try {
			expect(await clusters(ecs(again.endpoint, 'eu-west-1', 'sim-111111111111'))).toEqual(arns);
		} finally {
			await again.close();
		}
		const byContext = (await t.stats()).byContext!;
		expect(byContext['111111111111/eu-west-1']).toEqual({calls: 101, throttled: 0, ops: {ListClusters: 1, ListServices: 50, DescribeServices: 50}});
		expect(byContext['123456789012/us-east-1']).toEqual({calls: 1, throttled: 0, ops: {ListClusters: 1}});
	});
});
