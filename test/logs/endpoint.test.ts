// Where the CloudWatch Logs client sends its calls: --endpoint-url, else AWS_ENDPOINT_URL_CLOUDWATCH_LOGS,
// AWS_ENDPOINT_URL, the profile's services section (`cloudwatch_logs`), its endpoint_url; the region
// a LogsApi was asked for (awslogs-region) in the signature; StartLiveTail without its `streaming-`
// host prefix. Two local HTTP servers stand in for endpoints and record what reaches them.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {createLogsApis} from '../../source/aws/client.js';
import {testLimiter} from '../helpers/api.js';

interface Seen {
	target: string;
	authorization: string;
	host: string;
}

function server(): Promise<{url: string; seen: Seen[]; close: () => Promise<void>}> {
	const seen: Seen[] = [];
	const s = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			const target = String(req.headers['x-amz-target'] ?? '');
			seen.push({target, authorization: String(req.headers.authorization ?? ''), host: String(req.headers.host ?? '')});
			if (target.endsWith('StartLiveTail') && hang) {
				// An endpoint that takes the call and never sends a frame: the client's limit must end it.
				held.push(res);
				return;
			}
			if (target.endsWith('StartLiveTail')) {
				res.writeHead(400, {'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'AccessDeniedException'});
				res.end(JSON.stringify({__type: 'AccessDeniedException', message: 'no'}));
				return;
			}
			res.writeHead(200, {'content-type': 'application/x-amz-json-1.1'});
			res.end(JSON.stringify({logGroups: [{logGroupName: '/ecs/web', logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/web'}]}));
		});
	});
	return new Promise(resolve => {
		s.listen(0, '127.0.0.1', () => {
			const {port} = s.address() as AddressInfo;
			resolve({url: `http://127.0.0.1:${port}`, seen, close: () => new Promise(done => s.close(() => done()))});
		});
	});
}

let hang = false;
const held: http.ServerResponse[] = [];
let logsEndpoint: Awaited<ReturnType<typeof server>>;
let other: Awaited<ReturnType<typeof server>>;
let dir: string;
let configFile: string;

beforeAll(async () => {
	logsEndpoint = await server();
	other = await server();
});

afterAll(async () => {
	for (const res of held) res.destroy();
	await logsEndpoint.close();
	await other.close();
});

beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-logs-endpoint-'));
	configFile = path.join(dir, 'config');
	writeFileSync(configFile, '');
	writeFileSync(path.join(dir, 'credentials'), '');
	vi.stubEnv('HOME', path.join(dir, 'home'));
	vi.stubEnv('AWS_CONFIG_FILE', configFile);
	vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(dir, 'credentials'));
	for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_ECS', 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']) vi.stubEnv(name, undefined);
	vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
	vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
	logsEndpoint.seen.length = 0;
	other.seen.length = 0;
});

afterEach(() => {
	vi.unstubAllEnvs();
	rmSync(dir, {recursive: true, force: true});
});

const apis = (flags: {profile?: string; endpointUrl?: string} = {}) => createLogsApis({...flags, limiter: testLimiter(), retry: {maxAttempts: 1}, sleep: async () => {}});

describe('the CloudWatch Logs endpoint', () => {
	it('the profile’s services section: its cloudwatch_logs key, not its ecs key', async () => {
		writeFileSync(configFile, `[profile dev]\nregion = us-east-1\nservices = local\n\n[services local]\necs =\n  endpoint_url = ${other.url}\ncloudwatch_logs =\n  endpoint_url = ${logsEndpoint.url}\n`);
		writeFileSync(path.join(dir, 'credentials'), '[dev]\naws_access_key_id = dev-key\naws_secret_access_key = dev-secret\n');
		const groups = await apis({profile: 'dev'})().describeLogGroups('/ecs/');
		expect(groups).toEqual([{logGroupName: '/ecs/web', logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/web'}]);
		expect(logsEndpoint.seen.map(s => s.target)).toEqual(['Logs_20140328.DescribeLogGroups']);
		expect(other.seen).toEqual([]);
	});

	it('AWS_ENDPOINT_URL_CLOUDWATCH_LOGS before AWS_ENDPOINT_URL and the profile; --endpoint-url before all', async () => {
		writeFileSync(configFile, `[default]\nregion = us-east-1\nendpoint_url = ${other.url}\n`);
		vi.stubEnv('AWS_ENDPOINT_URL', other.url);
		vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', logsEndpoint.url);
		await apis()().describeLogGroups('/ecs/');
		expect(logsEndpoint.seen).toHaveLength(1);
		expect(other.seen).toHaveLength(0);
		await apis({endpointUrl: other.url})().describeLogGroups('/ecs/');
		expect(other.seen).toHaveLength(1);
	});

	it('one client per region, signed for that region (awslogs-region may differ from the cluster’s)', async () => {
		writeFileSync(configFile, `[default]\nregion = us-east-1\n`);
		vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', logsEndpoint.url);
		const of = apis();
		expect(of('eu-west-1')).toBe(of('eu-west-1'));
		await of('eu-west-1').describeLogGroups('/ecs/');
		await of().describeLogGroups('/ecs/');
		expect(logsEndpoint.seen.map(s => /Credential=[^/]+\/\d+\/([^/]+)\/logs\//.exec(s.authorization)?.[1])).toEqual(['eu-west-1', 'us-east-1']);
	});

	it('StartLiveTail goes to the endpoint itself (no streaming- host prefix) and a refusal is one line', async () => {
		writeFileSync(configFile, `[default]\nregion = us-east-1\n`);
		vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', logsEndpoint.url);
		await expect(apis()().startLiveTail({logGroupArns: ['arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web']}, {firstFrameTimeoutMs: 5000})).rejects.toThrow('Live Tail denied: needs logs:StartLiveTail');
		expect(logsEndpoint.seen.map(s => s.target)).toEqual(['Logs_20140328.StartLiveTail']);
		expect(logsEndpoint.seen[0]!.host).toBe(new URL(logsEndpoint.url).host);
	});

	it('StartLiveTail that never sends its first frame fails after the time limit, in one line', async () => {
		writeFileSync(configFile, `[default]\nregion = us-east-1\n`);
		vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', logsEndpoint.url);
		hang = true;
		try {
			await expect(apis()().startLiveTail({logGroupArns: ['arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web']}, {firstFrameTimeoutMs: 200})).rejects.toThrow('Live Tail did not start within 0.2 s');
		} finally {
			hang = false;
		}
	});
});
