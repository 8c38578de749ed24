// The action layer against the simulator through the real EcsApi: batches of 10, the audit log
// (an intent and a result line per call, never credentials), throttling and per-target errors in
// plain words that start with what is known, and the drain check's room estimate. The audit log's
// refusals and lost answers have their own files (audit.test.ts, lost-answer.test.ts).
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {setInstancesState, scaleService, stopTasks} from '../../source/store/actions/actions.js';
import {spareRoom} from '../../source/store/actions/drain.js';
import {fileAuditLog} from '../../source/store/actions/audit.js';
import {wiredApi} from './wire.js';
import {apiFor, testLimiter} from '../helpers/api.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {makeInstance, makeTask} from '../tui/fake-data.js';

let sim: TestSim;
let dir: string;
let auditFile: string;
beforeEach(async () => {
	sim = await startTestSim();
	dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-audit-'));
	auditFile = path.join(dir, 'nested', 'audit.jsonl');
});
afterEach(async () => {
	await sim.close();
	rmSync(dir, {recursive: true, force: true});
});

const lines = () => readFileSync(auditFile, 'utf8').trim().split('\n').map(l => JSON.parse(l) as Record<string, any>);

describe('action layer', () => {
	it('drains 12 instances in 2 calls of 10 and 2, an audit pair per call; never credentials', async () => {
		const world = sim.sim.world;
		const cluster = world.addCluster('big');
		for (let i = 0; i < 12; i++) world.addInstance(cluster);
		const secrets = {accessKeyId: 'AKIAEXAMPLEKEYID0001', secretAccessKey: 'wJalrXUtnFEMIEXAMPLESECRETKEY', sessionToken: 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN'};
		process.env.AWS_SECRET_ACCESS_KEY = secrets.secretAccessKey;
		try {
			const api = apiFor(sim.endpoint, {credentials: secrets});
			const instances = (await api.describeContainerInstances('big', await api.listContainerInstanceArns('big'))).items;
			const deps = {api, audit: fileAuditLog(auditFile), where: {cluster: 'big', account: '123456789012', region: 'us-east-1', profile: 'ops', endpoint: sim.endpoint}};
			const result = await setInstancesState(deps, instances, 'DRAINING');
			expect(result).toMatchObject({ok: true, calls: 2});
			expect(result.done).toHaveLength(12);
			expect(result.summary).toMatch(/^done: draining 12 instances \(i-.*\+9 more\): service tasks move elsewhere/);
			expect((await sim.stats()).calls.UpdateContainerInstancesState).toBe(2);
			expect((await api.describeContainerInstances('big', instances.map(i => i.containerInstanceArn))).items.every(i => i.status === 'DRAINING')).toBe(true);

			const entries = lines();
			expect(entries.map(e => e.phase)).toEqual(['intent', 'result', 'intent', 'result']);
			expect(entries.filter(e => e.phase === 'intent').map(e => e.parameters.containerInstances.length)).toEqual([10, 2]);
			expect(entries[1]!.result.containerInstances).toHaveLength(10);
			expect(entries[3]!.result.containerInstances).toHaveLength(2);
			for (const e of entries) {
				expect(Object.keys(e).sort()).toEqual(['account', 'attempt', 'cluster', 'endpoint', 'id', 'operation', e.phase === 'intent' ? 'parameters' : 'result', 'phase', 'profile', 'region', 'time'].sort());
				expect(e).toMatchObject({account: '123456789012', profile: 'ops', region: 'us-east-1', cluster: 'big', operation: 'UpdateContainerInstancesState', attempt: 1});
				expect(new Date(e.time).toISOString()).toBe(e.time);
			}
			expect(entries[0]).toMatchObject({parameters: {cluster: 'big', status: 'DRAINING'}});
			expect(entries[1]!.id).toBe(entries[0]!.id);
			expect(entries[3]!.id).toBe(entries[2]!.id);
			const text = readFileSync(auditFile, 'utf8');
			for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
			expect(text).not.toMatch(/secret|credential|token/i);
			expect(statSync(auditFile).mode & 0o777).toBe(0o600);
		} finally {
			delete process.env.AWS_SECRET_ACCESS_KEY;
		}
	});

	it('an unknown task fails alone (InvalidParameter); the next one is still stopped', async () => {
		const api = apiFor(sim.endpoint);
		const [real] = (await api.describeTasks('production', await api.listTaskArns('production', {serviceName: 'web'}))).items;
		const bogus = {...real!, taskArn: real!.taskArn.replace(/[0-9a-f]{32}$/, '0'.repeat(32))};
		const result = await stopTasks({api, audit: fileAuditLog(auditFile), where: {cluster: 'production'}}, [bogus, real!], 'test');
		expect(result.done.map(d => d.arn)).toEqual([real!.taskArn]);
		expect(result.failed).toMatchObject([{arn: bogus.taskArn, why: expect.stringContaining('InvalidParameterException')}]);
		expect(result.state).toBe('partial');
		expect(result.summary).toMatch(/^partly done: stopped 1 of 2 tasks; NOT done: 000000000000 \(ECS refused a parameter/);
		expect(result.details[0]).toMatch(/^done: stopped [0-9a-f]{12}$/);
		expect(result.details[1]).toMatch(/^NOT done: stop 000000000000: ECS refused a parameter \(InvalidParameterException\)/);
		const results = lines().filter(e => e.phase === 'result');
		expect(results.map(e => (e.error ? `${e.error.name} ${e.error.outcome}` : 'ok'))).toEqual(['InvalidParameterException not done', 'ok']);
	});

	it('throttling after the client retries is said plainly; the other tasks are not sent', async () => {
		const api = apiFor(sim.endpoint, {limiter: testLimiter()});
		const tasks = (await api.describeTasks('production', await api.listTaskArns('production', {serviceName: 'web'}))).items;
		await sim.faults({throttleRate: 1});
		const result = await stopTasks({api, where: {cluster: 'production'}}, tasks, 'test');
		await sim.faults({});
		expect(result.ok).toBe(false);
		expect(result.summary).toMatch(/^NOT done: stop \d+ tasks \(.*\): ECS throttled StopTask \(Rate exceeded\) after retries: try again in a few seconds$/);
		expect(result.notSent).toHaveLength(tasks.length - 1);
		const stats = await sim.stats();
		expect(stats.throttled.StopTask).toBe(stats.calls.StopTask);
		expect(stats.calls.StopTask).toBeGreaterThanOrEqual(1);
	});

	it('a scale says what changed; the answer is audited', async () => {
		const api = wiredApi(sim);
		const [service] = (await api.describeServices('production', ['web'])).items;
		const result = await scaleService({api, audit: fileAuditLog(auditFile), where: {cluster: 'production'}}, service!, 5);
		expect(result).toMatchObject({ok: true, state: 'done', calls: 1, summary: 'done: scaled web: desired 4 → 5'});
		expect((await api.describeServices('production', ['web'])).items[0]!.desiredCount).toBe(5);
		expect(lines()[1]).toMatchObject({phase: 'result', operation: 'UpdateService', result: {desiredCount: 5}});
	});
});

describe('drain room estimate', () => {
	const cpuMem = (cpu: number, memory: number, ports: string[] = []) => [
		{name: 'CPU', integerValue: cpu},
		{name: 'MEMORY', integerValue: memory},
		{name: 'PORTS', stringSetValue: ports},
	];
	const task = (id: string, port?: number) =>
		makeTask('c', id, {cpu: '512', memory: '1024', group: 'service:api', containers: [{name: 'a', networkBindings: port ? [{hostPort: port, containerPort: port}] : []}]});

	it('places by CPU, memory and static host ports; dynamic ports go anywhere', () => {
		const other = makeInstance('c', 'o', {remainingResources: cpuMem(1024, 4096, ['22', '8080'])});
		expect(spareRoom([task('a', 8080)], [other]).get('api')).toEqual({onTargets: 1, placed: 0});
		expect(spareRoom([task('a', 32_800)], [other]).get('api')).toEqual({onTargets: 1, placed: 1});
		expect(spareRoom([task('a'), task('b'), task('c')], [other]).get('api')).toEqual({onTargets: 3, placed: 2});
		expect(spareRoom([task('a')], []).get('api')).toEqual({onTargets: 1, placed: 0});
	});
});
