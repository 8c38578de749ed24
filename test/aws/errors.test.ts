// Error paths: injected throttling with a stepped limiter clock, 500s and HTML bodies, and the
// one-line messages for a missing region or missing credentials (nothing leaves loopback: the
// environment is sealed by test/setup.ts and HOME points at an empty directory here).
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {createEcsApi} from '../../source/aws/client.js';
import {describeError, isThrottle, notImplemented} from '../../source/aws/errors.js';
import {RateLimiter} from '../../source/aws/limiter.js';
import {apiFor} from '../helpers/api.js';
import {ManualClock} from '../helpers/manual-clock.js';
import {fillCluster, simFixture, type Fixture} from './sim-fixture.js';

let f: Fixture;

beforeAll(async () => {
	f = await simFixture({throttle: false});
	fillCluster(f.sim, 'shop', 3);
});

afterAll(() => f.close());
const homes: string[] = [];
afterEach(() => {
	vi.unstubAllEnvs();
	for (const home of homes.splice(0)) rmSync(home, {recursive: true, force: true});
});

function sealedEnv(): string {
	const home = mkdtempSync(path.join(tmpdir(), 'ecs-top-home-'));
	homes.push(home);
	vi.stubEnv('HOME', home);
	for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE']) vi.stubEnv(name, undefined);
	return home;
}

describe('throttling', () => {
	it('backs off on ThrottlingException (stepped clock) and recovers when calls succeed', async () => {
		const clock = new ManualClock();
		const limiter = new RateLimiter({now: clock.now, timers: clock.timers, random: () => 1});
		const api = apiFor(f.endpoint, {limiter, retry: {maxAttempts: 6}});
		await f.resetStats();
		await f.faults({throttleRate: 1});
		let done = false;
		const call = api.listServiceArns('shop').finally(() => (done = true));
		await vi.waitFor(async () => expect((await f.stats()).throttled.ListServices).toBe(1));
		expect(limiter.status()).toMatchObject({state: 'throttled', backoffUntil: clock.now() + 1000});
		// Nothing is sent while the backoff lasts.
		await clock.advance(900);
		expect((await f.stats()).calls.ListServices).toBe(1);
		await clock.advance(200);
		await vi.waitFor(async () => expect((await f.stats()).throttled.ListServices).toBe(2));
		// The second backoff is twice as long (full jitter with random() = 1).
		expect(limiter.status().backoffUntil! - clock.now()).toBeGreaterThan(1500);
		await f.faults({throttleRate: 0});
		for (let i = 0; i < 20 && !done; i++) await clock.advance(1000);
		expect(await call).toHaveLength(3);
		expect(limiter.status()).toEqual({state: 'ok'});
		expect((await f.stats()).calls.ListServices).toBe(3);
		expect(limiter.stats().serviceRead?.throttles).toBe(2);
	});

	it('gives up after maxAttempts with a throttling error', async () => {
		const api = apiFor(f.endpoint, {retry: {maxAttempts: 2}});
		await f.faults({throttleRate: 1});
		try {
			const error = await api.listClusterArns().catch((e: unknown) => e);
			expect(isThrottle(error)).toBe(true);
			expect(describeError(error)).toEqual({name: 'ThrottlingException', message: 'throttled by ECS (Rate exceeded): backing off'});
		} finally {
			await f.faults({});
		}
	});
});

describe('server errors', () => {
	it('describes 500s and HTML error pages in one line', async () => {
		const api = apiFor(f.endpoint, {retry: {maxAttempts: 1}});
		await f.faults({errorRate: 1});
		const plain = await api.listClusterArns().catch((e: unknown) => e);
		await f.faults({errorRate: 1, htmlErrors: true});
		const html = await api.listClusterArns().catch((e: unknown) => e);
		await f.faults({});
		expect(describeError(plain)).toMatchObject({name: 'ServerError', message: expect.stringContaining('HTTP 500')});
		expect(describeError(html).name).toBe('ServerError');
		expect(describeError(html).message).not.toMatch(/[<\n]/);
	});

	it('describes denied and expired credentials in one line', async () => {
		const api = apiFor(f.endpoint, {retry: {maxAttempts: 1}});
		await f.faults({deny: {ListClusters: 'AccessDeniedException', ListServices: 'ExpiredTokenException'}});
		const denied = await api.listClusterArns().catch((e: unknown) => e);
		const expired = await api.listServiceArns('shop').catch((e: unknown) => e);
		await f.faults({});
		expect(describeError(denied)).toMatchObject({name: 'AccessDeniedException', message: expect.stringMatching(/^access denied: /)});
		expect(describeError(expired)).toEqual({name: 'ExpiredTokenException', message: 'AWS credentials have expired: refresh them (for SSO: aws sso login)'});
	});

	it('describes a refused connection', async () => {
		const api = apiFor('http://127.0.0.1:9', {retry: {maxAttempts: 1}});
		const error = await api.listClusterArns().catch((e: unknown) => e);
		expect(describeError(error)).toMatchObject({name: 'NetworkError', message: expect.stringContaining('ECONNREFUSED')});
	});
});

describe('an operation the endpoint does not implement', () => {
	const sdk = (name: string, message: string, httpStatusCode: number) => Object.assign(new Error(message), {name, $metadata: {httpStatusCode}});

	it("is moto's HTML 500, an UnknownOperationException, a 404 or a 501", () => {
		// What the SDK throws for moto's answer to ListServiceDeployments (an HTML page with HTTP 500).
		const moto = sdk('SyntaxError', 'Unexpected token \'<\', "<!doctype "... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.', 500);
		expect(notImplemented(moto)).toBe(true);
		expect(notImplemented(sdk('UnknownOperationException', 'The simulator does not implement X.', 400))).toBe(true);
		expect(notImplemented(sdk('NotFound', 'not found', 404))).toBe(true);
		expect(notImplemented(sdk('NotImplemented', 'no', 501))).toBe(true);
	});

	it('is not a JSON server fault, a proxy page (502) or a refusal', () => {
		expect(notImplemented(sdk('ServerException', 'Internal error', 500))).toBe(false);
		expect(notImplemented(sdk('SyntaxError', 'Unexpected token \'<\', "<html><h1>502"... Deserialization error', 502))).toBe(false);
		expect(notImplemented(sdk('AccessDeniedException', 'denied', 400))).toBe(false);
		expect(notImplemented(new Error('socket hang up'))).toBe(false);
	});
});

describe('configuration messages', () => {
	it('says how to set a region when there is none', async () => {
		sealedEnv();
		const api = createEcsApi({endpointUrl: f.endpoint, readOnly: true, credentials: {accessKeyId: 'a', secretAccessKey: 'b'}});
		const error = await api.listClusterArns().catch((e: unknown) => e);
		expect(describeError(error)).toEqual({name: 'NoRegion', message: 'no AWS region: pass --region or set AWS_REGION (or a region in your profile)'});
	});

	it('takes the region from AWS_DEFAULT_REGION and from the profile', async () => {
		const home = sealedEnv();
		const {resolveAwsContext} = await import('../../source/aws/client.js');
		vi.stubEnv('AWS_DEFAULT_REGION', 'eu-west-3');
		expect(await resolveAwsContext({})).toEqual({region: 'eu-west-3'});
		vi.stubEnv('AWS_DEFAULT_REGION', undefined);
		const config = path.join(home, 'config');
		writeFileSync(config, '[profile ops]\nregion = ap-south-1\n');
		vi.stubEnv('AWS_CONFIG_FILE', config);
		expect(await resolveAwsContext({profile: 'ops', endpointUrl: 'http://127.0.0.1:1'})).toEqual({region: 'ap-south-1', profile: 'ops', endpoint: 'http://127.0.0.1:1'});
		expect(await resolveAwsContext({region: 'us-west-2', profile: 'ops'})).toMatchObject({region: 'us-west-2'});
	});

	it('names the profile when there are no credentials', async () => {
		sealedEnv();
		const api = createEcsApi({endpointUrl: f.endpoint, region: 'us-east-1', readOnly: true});
		await f.resetStats();
		const error = await api.listClusterArns().catch((e: unknown) => e);
		const info = describeError(error);
		expect(info.name).toBe('NoCredentials');
		expect(info.message).toContain('no AWS credentials for the default profile');
		expect(info.message).not.toContain('\n');
		expect((await f.stats()).calls).toEqual({});
	});

	it('suggests aws sso login for an SSO profile', async () => {
		const home = sealedEnv();
		const config = path.join(home, 'config');
		writeFileSync(config, '[profile prod]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\nregion = us-east-1\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n');
		vi.stubEnv('AWS_CONFIG_FILE', config);
		const api = createEcsApi({endpointUrl: f.endpoint, profile: 'prod', readOnly: true});
		const error = await api.listClusterArns().catch((e: unknown) => e);
		expect(describeError(error).message).toContain('aws sso login --profile prod');
	});
});
