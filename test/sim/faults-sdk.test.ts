// Each fault as the real @aws-sdk/client-ecs (maxAttempts 1) sees it, and the stats that count them.
import {DescribeServicesCommand, ListClustersCommand, ListServicesCommand, StopTaskCommand} from '@aws-sdk/client-ecs';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {startTestSim, type TestSim} from '../helpers/sim.js';

let sim: TestSim;

beforeEach(async () => {
	sim = await startTestSim();
});

afterEach(async () => {
	await sim.close();
});

interface SdkError {
	name?: string;
	message?: string;
	code?: string;
	$fault?: string;
	$metadata?: {httpStatusCode?: number};
	$response?: {statusCode?: number; headers?: Record<string, string>};
}

async function failure(call: Promise<unknown>): Promise<SdkError> {
	try {
		await call;
	} catch (error) {
		return error as SdkError;
	}

	throw new Error('the call succeeded');
}

// aws ecs list-clusters
const listClusters = async () => sim.client.send(new ListClustersCommand({}));

describe('faults through the SDK', () => {
	it('errorRate: HTTP 500 ServerException, a server fault', async () => {
		await sim.faults({errorRate: 1});
		const error = await failure(listClusters());
		expect(error.name).toBe('ServerException');
		expect(error.$fault).toBe('server');
		expect(error.$metadata?.httpStatusCode).toBe(500);
		await sim.faults({});
		expect((await listClusters()).clusterArns?.length).toBeGreaterThan(0);
	});

	it('htmlErrors: an HTML 500 body is a deserialization error the same client survives', async () => {
		await sim.faults({errorRate: 1, htmlErrors: true});
		const error = await failure(listClusters());
		// The SDK cannot read the body: it throws its parse error and keeps the raw response.
		expect(error.name).toBe('SyntaxError');
		expect(error.message).toMatch(/Deserialization error/);
		expect(error.$response?.statusCode ?? error.$metadata?.httpStatusCode).toBe(500);
		await sim.faults({errorRate: 0});
		expect((await listClusters()).clusterArns?.length).toBeGreaterThan(0);
	});

	it('throttleRate: an extra 400 ThrottlingException "Rate exceeded", counted as a throttle', async () => {
		await sim.faults({throttleRate: 1});
		const error = await failure(listClusters());
		expect(error.name).toBe('ThrottlingException');
		expect(error.message).toBe('Rate exceeded');
		expect(error.$metadata?.httpStatusCode).toBe(400);
		expect((await sim.stats()).throttled).toEqual({ListClusters: 1});
	});

	it('resetRate: a dropped connection is a network error, and the client reconnects', async () => {
		await sim.faults({resetRate: 1});
		const error = await failure(listClusters());
		// The SDK (3.1162) names it TimeoutError with code ECONNRESET and no HTTP status.
		expect(error.$metadata?.httpStatusCode).toBeUndefined();
		expect(`${error.code ?? ''} ${error.name ?? ''} ${error.message ?? ''}`).toMatch(/ECONNRESET|socket hang up|EPIPE/);
		await sim.faults({resetRate: 0});
		expect((await listClusters()).clusterArns?.length).toBeGreaterThan(0);
	});

	it('deny: AccessDeniedException and ExpiredTokenException on the chosen operations only', async () => {
		await sim.faults({deny: {StopTask: 'AccessDeniedException', DescribeServices: 'ExpiredTokenException'}});
		// aws ecs stop-task --cluster production --task …
		const stop = await failure(sim.client.send(new StopTaskCommand({cluster: 'production', task: 'anything'})));
		expect(stop.name).toBe('AccessDeniedException');
		expect(stop.message).toContain('ecs:StopTask');
		expect(stop.$metadata?.httpStatusCode).toBe(400);
		// aws ecs describe-services --cluster production --services web
		const describe = await failure(sim.client.send(new DescribeServicesCommand({cluster: 'production', services: ['web']})));
		expect(describe.name).toBe('ExpiredTokenException');
		expect(describe.message).toBe('The security token included in the request is expired');
		// aws ecs list-services --cluster production
		expect((await sim.client.send(new ListServicesCommand({cluster: 'production'}))).serviceArns?.length).toBeGreaterThan(0);
	});

	it('stats: calls, throttles and errors per operation since the last reset', async () => {
		await sim.resetStats();
		await listClusters();
		await sim.faults({errorRate: 1});
		await failure(listClusters());
		await sim.faults({errorRate: 0, resetRate: 1});
		await failure(listClusters());
		await sim.faults({resetRate: 0, deny: {ListServices: 'AccessDeniedException'}});
		await failure(sim.client.send(new ListServicesCommand({cluster: 'production'})));
		await sim.faults({deny: {}, throttleRate: 1});
		await failure(listClusters());
		const {calls, throttled, errors} = await sim.stats();
		expect({calls, throttled, errors}).toEqual({
			calls: {ListClusters: 4, ListServices: 1},
			throttled: {ListClusters: 1},
			errors: {ListClusters: 2, ListServices: 1},
		});
	});

	it('POST /_sim/faults answers the settings, keeps missing keys, refuses bad values and {} clears', async () => {
		expect(await sim.faults({latencyMs: 5, errorRate: 0.5})).toMatchObject({faults: {latencyMs: 5, errorRate: 0.5}});
		expect(await sim.faults({resetRate: 0.1})).toMatchObject({faults: {latencyMs: 5, errorRate: 0.5, resetRate: 0.1}});
		await expect(sim.faults({errorRate: 2})).rejects.toThrow(/400.*errorRate/);
		expect(await sim.faults({})).toMatchObject({faults: {latencyMs: 0, errorRate: 0, resetRate: 0, deny: {}}});
		expect((await listClusters()).clusterArns?.length).toBeGreaterThan(0);
	});
});
