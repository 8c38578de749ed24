// Where the CloudWatch (metrics) client sends its calls: --endpoint-url, else AWS_ENDPOINT_URL_CLOUDWATCH,
// AWS_ENDPOINT_URL, the profile's services section (`cloudwatch`), its endpoint_url; one client per
// region, signed for it. And how CloudWatch's query-compatible errors read: a throttle (the
// x-amzn-query-error code Throttling) is retried after the limiter's backoff, access denied is one
// line and final. Two local HTTP servers stand in for endpoints and record what reaches them.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {createMetricsApis} from '../../source/aws/client.js';
import {describeError, isRetryable, isThrottle} from '../../source/aws/errors.js';
import {testLimiter} from '../helpers/api.js';

interface Seen {
	target: string;
	authorization: string;
}

/** What the next requests get: a list of [status, headers, body], the last one repeated. */
let script: Array<[number, Record<string, string>, unknown]> = [];
const ok: [number, Record<string, string>, unknown] = [200, {}, {MetricDataResults: [], Messages: []}];

function server(): Promise<{url: string; seen: Seen[]; close: () => Promise<void>}> {
	const seen: Seen[] = [];
	const s = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			seen.push({target: String(req.headers['x-amz-target'] ?? ''), authorization: String(req.headers.authorization ?? '')});
			const [status, headers, body] = (script.length > 1 ? script.shift() : script[0]) ?? ok;
			res.writeHead(status, {'content-type': 'application/x-amz-json-1.0', ...headers});
			res.end(JSON.stringify(body));
		});
	});
	return new Promise(resolve => {
		s.listen(0, '127.0.0.1', () => {
			const {port} = s.address() as AddressInfo;
			resolve({url: `http://127.0.0.1:${port}`, seen, close: () => new Promise(done => s.close(() => done()))});
		});
	});
}

let metricsEndpoint: Awaited<ReturnType<typeof server>>;
let other: Awaited<ReturnType<typeof server>>;
let dir: string;
let configFile: string;

beforeAll(async () => {
	metricsEndpoint = await server();
	other = await server();
});

afterAll(async () => {
	await metricsEndpoint.close();
	await other.close();
});

beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-metrics-endpoint-'));
	configFile = path.join(dir, 'config');
	writeFileSync(configFile, '');
	writeFileSync(path.join(dir, 'credentials'), '');
	vi.stubEnv('HOME', path.join(dir, 'home'));
	vi.stubEnv('AWS_CONFIG_FILE', configFile);
	vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(dir, 'credentials'));
	for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_ECS', 'AWS_ENDPOINT_URL_CLOUDWATCH', 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']) vi.stubEnv(name, undefined);
	vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
	vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
	metricsEndpoint.seen.length = 0;
	other.seen.length = 0;
	script = [ok];
});

afterEach(() => {
	vi.unstubAllEnvs();
	rmSync(dir, {recursive: true, force: true});
});

const apis = (flags: {profile?: string; endpointUrl?: string} = {}, maxAttempts = 1) =>
	createMetricsApis({...flags, limiter: testLimiter(), retry: {maxAttempts, baseDelayMs: 0, maxDelayMs: 0}, sleep: async () => {}});
const cluster = [{kind: 'cluster' as const, cluster: 'prod'}];

describe('the CloudWatch endpoint', () => {
	it('AWS_ENDPOINT_URL_CLOUDWATCH before AWS_ENDPOINT_URL and the profile; --endpoint-url before all', async () => {
		writeFileSync(configFile, `[default]\nregion = us-east-1\nendpoint_url = ${other.url}\n`);
		vi.stubEnv('AWS_ENDPOINT_URL', other.url);
		vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH', metricsEndpoint.url);
		await apis()().latest(cluster);
		expect(metricsEndpoint.seen.map(s => s.target)).toEqual(['GraniteServiceVersion20100801.GetMetricData']);
		expect(other.seen).toHaveLength(0);
		await apis({endpointUrl: other.url})().latest(cluster);
		expect(other.seen).toHaveLength(1);
	});

	it('AWS_ENDPOINT_URL when there is no AWS_ENDPOINT_URL_CLOUDWATCH (the Logs one is not it)', async () => {
		writeFileSync(configFile, `[default]\nregion = us-east-1\n`);
		vi.stubEnv('AWS_ENDPOINT_URL', metricsEndpoint.url);
		vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', other.url);
		await apis()().latest(cluster);
		expect(metricsEndpoint.seen).toHaveLength(1);
		expect(other.seen).toHaveLength(0);
	});

	it('the profile’s services section: its cloudwatch key, not cloudwatch_logs or ecs', async () => {
		writeFileSync(configFile, `[profile dev]\nregion = us-east-1\nservices = local\n\n[services local]\necs =\n  endpoint_url = ${other.url}\ncloudwatch_logs =\n  endpoint_url = ${other.url}\ncloudwatch =\n  endpoint_url = ${metricsEndpoint.url}\n`);
		writeFileSync(path.join(dir, 'credentials'), '[dev]\naws_access_key_id = dev-key\naws_secret_access_key = dev-secret\n');
		await apis({profile: 'dev'})().latest(cluster);
		expect(metricsEndpoint.seen).toHaveLength(1);
		expect(metricsEndpoint.seen[0]!.authorization).toContain('Credential=dev-key/');
		expect(other.seen).toEqual([]);
	});

	it('one client per region, signed for that region', async () => {
		writeFileSync(configFile, `[default]\nregion = us-east-1\n`);
		vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH', metricsEndpoint.url);
		const of = apis();
		expect(of('eu-west-1')).toBe(of('eu-west-1'));
		expect(of('eu-west-1').region).toBe('eu-west-1');
		await of('eu-west-1').latest(cluster);
		await of().latest(cluster);
		expect(metricsEndpoint.seen.map(s => /Credential=[^/]+\/\d+\/([^/]+)\/monitoring\//.exec(s.authorization)?.[1])).toEqual(['eu-west-1', 'us-east-1']);
	});
});

describe('CloudWatch’s errors (query-compatible JSON)', () => {
	const throttle: [number, Record<string, string>, unknown] = [400, {'x-amzn-query-error': 'Throttling;Sender'}, {__type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate exceeded'}];
	const denied: [number, Record<string, string>, unknown] = [400, {'x-amzn-query-error': 'AccessDenied;Sender'}, {__type: 'com.amazon.coral.service#AccessDeniedException', message: 'User: arn:aws:iam::123456789012:user/u is not authorized to perform: cloudwatch:GetMetricData'}];

	beforeEach(() => {
		writeFileSync(configFile, `[default]\nregion = us-east-1\n`);
		vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH', metricsEndpoint.url);
	});

	it('a throttle is recognised and retried after the limiter’s backoff', async () => {
		script = [throttle, ok];
		const {readings} = await apis({}, 3)().latest(cluster);
		expect(readings.get('cluster:prod')!.utilization.cpu).toBeNull();
		expect(metricsEndpoint.seen).toHaveLength(2);
	});

	it('a throttle that outlasts the retries reads as CloudWatch throttling', async () => {
		script = [throttle];
		const error = await apis()().latest(cluster).catch((error_: unknown) => error_);
		expect(isThrottle(error)).toBe(true);
		expect(describeError(error, 'CloudWatch')).toEqual({name: 'ThrottlingException', message: 'throttled by CloudWatch (Rate exceeded): backing off'});
	});

	it('access denied is one line and final', async () => {
		script = [denied];
		const error = await apis({}, 3)().latest(cluster).catch((error_: unknown) => error_);
		expect(metricsEndpoint.seen).toHaveLength(1);
		expect(isRetryable(error)).toBe(false);
		expect(describeError(error, 'CloudWatch').message).toMatch(/^access denied: .*cloudwatch:GetMetricData/);
	});
});
