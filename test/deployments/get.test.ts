// `ecs-top get deployments --cluster C --service S [--json]` against the simulator's demo world,
// checked against what the AWS CLI (v1, botocore's own model: an independent client) reads from
// the same endpoint with `aws ecs list-service-deployments` and `describe-service-deployments`:
// the same deployments in the same order, every field ECS sends equal (dates to the hundredth of a
// second: the CLI prints epoch seconds), plus targetTaskDefinition
// (and sourceTaskDefinitions) as family:revision. Skipped, with the reason, without the CLI or when
// its botocore does not know these operations.
import {execFile} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {UsageError, UserError} from '../../source/cli-args.js';
import {runGet} from '../../source/commands/get.js';
import {runCaptured} from '../helpers/run-command.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

const run = promisify(execFile);

let ts: TestSim;
let home: string;
beforeAll(async () => {
	ts = await startTestSim({seed: 1});
	// Let the world move: cart:3 fails a while, search's circuit breaker rolls it back.
	for (let i = 0; i < 12; i++) ts.sim.advance(10);
	home = mkdtempSync(path.join(tmpdir(), 'ecs-top-awscli-'));
});
afterAll(async () => {
	await ts.close();
	rmSync(home, {recursive: true, force: true});
});

const get = (...argv: string[]) => runCaptured(runGet, ['get', ...argv], ts.endpoint);

/** The AWS CLI on the simulator, with nothing of this machine's AWS setup; asynchronous, as the simulator answers in this process. */
async function aws(...args: string[]): Promise<any> {
	const env = {
		PATH: process.env.PATH ?? '',
		HOME: home,
		AWS_ACCESS_KEY_ID: 'testing',
		AWS_SECRET_ACCESS_KEY: 'testing',
		AWS_DEFAULT_REGION: 'us-east-1',
		AWS_CONFIG_FILE: path.join(home, 'config'),
		AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
		AWS_EC2_METADATA_DISABLED: 'true',
		TZ: 'UTC',
	};
	const {stdout} = await run('aws', [...args, '--endpoint-url', ts.endpoint, '--output', 'json'], {env, timeout: 60_000});
	return JSON.parse(stdout);
}

/** Whether `aws` runs here and knows both calls, and why not. */
async function cliAvailable(): Promise<{ok: boolean; reason: string}> {
	try {
		const {stdout} = await run('aws', ['ecs', 'help'], {env: {PATH: process.env.PATH ?? '', HOME: tmpdir(), PAGER: 'cat', MANPAGER: 'cat'}, timeout: 60_000, maxBuffer: 16 * 1024 * 1024});
		const missing = ['list-service-deployments', 'describe-service-deployments'].filter(op => !stdout.includes(op));
		return missing.length === 0 ? {ok: true, reason: ''} : {ok: false, reason: `this AWS CLI's botocore does not know ${missing.join(', ')}`};
	} catch (error) {
		return {ok: false, reason: `the AWS CLI does not run here (${(error as Error).message.split('\n')[0]})`};
	}
}

const cli = await cliAvailable();
if (!cli.ok) console.warn(`[skip] get deployments against the AWS CLI: ${cli.reason}`);

const dateKeys = new Set(['createdAt', 'startedAt', 'finishedAt', 'stoppedAt', 'updatedAt']);

/**
 * Dates as epoch ms to the hundredth of a second (the CLI v1 prints ECS's epoch seconds as they
 * came, ecs-top writes ISO-8601 with ms), everything else as is.
 */
function normal(value: unknown, key = ''): unknown {
	if (dateKeys.has(key)) return Math.floor((typeof value === 'number' ? value * 1000 : Date.parse(String(value))) / 10);
	if (Array.isArray(value)) return value.map(v => normal(v));
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normal(v, k)]));
	return value;
}

describe('get deployments', () => {
	it('--json: newest first, ECS fields plus targetTaskDefinition as family:revision', async () => {
		const {code, out, err} = await get('deployments', '--cluster', 'staging', '--service', 'cart', '--json');
		expect(code).toBe(0);
		expect(err).toBe('');
		const items = JSON.parse(out) as Array<Record<string, any>>;
		expect(items.map(d => [d.status, d.targetTaskDefinition, d.sourceTaskDefinitions])).toEqual([
			['IN_PROGRESS', 'cart:3', ['cart:2']],
			['SUCCESSFUL', 'cart:2', ['cart:1']],
			['SUCCESSFUL', 'cart:1', []],
		]);
		expect(items[0]).toMatchObject({
			serviceDeploymentArn: expect.stringMatching(/^arn:aws:ecs:us-east-1:\d{12}:service-deployment\/staging\/cart\//),
			serviceArn: expect.stringMatching(/service\/staging\/cart$/),
			targetServiceRevision: {arn: expect.stringContaining('service-revision/staging/cart/'), requestedTaskCount: 2, runningTaskCount: 0},
			deploymentCircuitBreaker: {status: 'DISABLED'},
			deploymentConfiguration: {minimumHealthyPercent: 100, maximumPercent: 200, strategy: 'ROLLING'},
			createdAt: expect.stringMatching(/Z$/),
		});
		expect(items[0]!.targetServiceRevision.taskDefinition).toBeUndefined();
		expect(items[0]!.targetServiceRevisionArn).toBeUndefined();
	});

	it('prints the pane\'s columns as a table; dp is an alias', async () => {
		const {code, out} = await get('dp', '--cluster', 'staging', '--service', 'search');
		expect(code).toBe(0);
		const lines = out.trimEnd().split('\n');
		expect(lines[0]).toMatch(/^STARTED +STATUS +TARGET +SOURCE +PROGRESS +RUNNING +PENDING +DESIRED +ROLLOUT +CIRCUIT BREAKER +ALARMS +FINISHED +REASON$/);
		expect(lines[1]).toMatch(/ ROLLBACK_SUCCESSFUL +search:2 +search:1 .* TRIGGERED 3\/3 +DISABLED .*circuit breaker/);
		expect(lines).toHaveLength(3);
	});

	it('needs exactly one --service (exit 2), names an unknown service (exit 1)', async () => {
		await expect(get('deployments', '--cluster', 'staging')).rejects.toThrow(UsageError);
		await expect(get('deployments', '--cluster', 'staging')).rejects.toThrow('"get deployments" needs --service S (one service)');
		await expect(get('deployments', '--cluster', 'staging', '--service', 'a', '--service', 'b')).rejects.toThrow(UsageError);
		await expect(get('deployments', '--cluster', 'staging', '--service', 'nope')).rejects.toThrow(UserError);
		await expect(get('deployments', '--cluster', 'staging', '--service', 'nope')).rejects.toThrow('service "nope" not found in cluster "staging"');
	});

	it.skipIf(!cli.ok)('matches aws ecs list-service-deployments and describe-service-deployments', async () => {
		for (const service of ['cart', 'search', 'checkout', 'frontend']) {
			const ours = JSON.parse((await get('deployments', '--cluster', 'staging', '--service', service, '--json')).out) as Array<Record<string, unknown>>;
			// aws ecs list-service-deployments --cluster staging --service S
			const listed = (await aws('ecs', 'list-service-deployments', '--cluster', 'staging', '--service', service)).serviceDeployments as Array<{serviceDeploymentArn: string}>;
			expect(ours.map(d => d.serviceDeploymentArn), service).toEqual(listed.map(d => d.serviceDeploymentArn));
			// aws ecs describe-service-deployments --service-deployment-arns A1 … (20 at most a call)
			const theirs = (await aws('ecs', 'describe-service-deployments', '--service-deployment-arns', ...listed.map(d => d.serviceDeploymentArn))).serviceDeployments as Array<Record<string, unknown>>;
			expect(theirs.length, service).toBe(ours.length);
			for (const [i, mine] of ours.entries()) {
				const {targetTaskDefinition, sourceTaskDefinitions, ...ecsFields} = mine;
				const cliItem = theirs.find(d => d.serviceDeploymentArn === mine.serviceDeploymentArn)!;
				// Every field ECS sent, equal; none it did not send but the two family:revision names.
				expect(normal(ecsFields), `${service} #${i}`).toEqual(normal(cliItem));
				expect(targetTaskDefinition).toMatch(new RegExp(`^${service}:\\d+$`));
				expect(Array.isArray(sourceTaskDefinitions)).toBe(true);
			}
		}
	});
});
