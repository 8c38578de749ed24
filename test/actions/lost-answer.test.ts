// A mutation is resent only when ECS surely did not apply it. A lost answer (a reset after the
// request went out, a 5xx, an unreadable body) is sent once, audited as "outcome unknown", and
// followed by a re-read of the target whose answer leads the result. A refused connection (nothing
// was sent) is retried, one audit pair per attempt.
import {createServer} from 'node:net';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {isSafeToResend, surelyNotApplied} from '../../source/aws/errors.js';
import type {ContainerInstance, Service, Task} from '../../source/domain.js';
import {redeployService, scaleService, setInstancesState, stopTasks} from '../../source/store/actions/actions.js';
import {fileAuditLog} from '../../source/store/actions/audit.js';
import {apiFor} from '../helpers/api.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {makeTask} from '../tui/fake-data.js';
import {connectionRefused, socketHangUp, wiredApi, type Intercept} from './wire.js';

let sim: TestSim;
let dir: string;
let auditFile: string;
beforeEach(async () => {
	sim = await startTestSim();
	dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-lost-'));
	auditFile = path.join(dir, 'audit.jsonl');
});
afterEach(async () => {
	await sim.close();
	rmSync(dir, {recursive: true, force: true});
});

const lines = () => readFileSync(auditFile, 'utf8').trim().split('\n').map(l => JSON.parse(l) as Record<string, any>);
const sent = async (operation: string) => (await sim.stats()).calls[operation] ?? 0;
const where = {cluster: 'production'};

/** A simulator fault on for exactly the first request of `operation`. */
function faultOnce(operation: string, fault: Record<string, unknown>): Intercept {
	return {
		before: async (op, n) => {
			if (op === operation && n === 1) await sim.faults(fault);
		},
		after: async (op, n) => {
			if (op === operation && n === 1) await sim.faults({});
		},
	};
}

/** The first request of `operation` reaches the simulator and is applied; its answer never arrives. */
function loseAnswer(operation: string): Intercept {
	return {
		after: (op, n) => {
			if (op === operation && n === 1) throw socketHangUp();
		},
	};
}

async function webTasks(api = wiredApi(sim)): Promise<Task[]> {
	return (await api.describeTasks('production', await api.listTaskArns('production', {serviceName: 'web'}))).items;
}

async function web(api = wiredApi(sim)): Promise<Service> {
	return (await api.describeServices('production', ['web'])).items[0]!;
}

describe('StopTask with a lost answer', () => {
	it('a connection reset: sent once, audited as unknown, the re-read leads the result, the rest not sent', async () => {
		const api = wiredApi(sim, faultOnce('StopTask', {resetRate: 1}));
		const tasks = (await webTasks(api)).slice(0, 2);
		const result = await stopTasks({api, audit: fileAuditLog(auditFile), where}, tasks, 'x');
		// The simulator drops the connection before its handler runs: the task was not stopped.
		expect(await sent('StopTask')).toBe(1);
		expect(result).toMatchObject({ok: false, state: 'unknown', calls: 1});
		expect(result.summary).toMatch(/^outcome unknown: stop [0-9a-f]{12}: stop sent, answer lost \(ECONNRESET: socket hang up\); ECS now shows the task RUNNING; NOT done: [0-9a-f]{12} \(not sent, after ECONNRESET: socket hang up\)$/);
		expect(result.unknown.map(o => o.arn)).toEqual([tasks[0]!.taskArn]);
		expect(result.notSent.map(o => o.arn)).toEqual([tasks[1]!.taskArn]);
		expect(result.details.map(l => l.split(':')[0])).toEqual(['outcome unknown', 'NOT done']);
		const entries = lines();
		expect(entries.map(e => e.phase)).toEqual(['intent', 'result']);
		expect(entries[1]).toMatchObject({id: entries[0]!.id, error: {outcome: 'unknown', message: 'ECONNRESET: socket hang up'}});
		expect(entries[1]!.error.retried).toBeUndefined();
	});

	it('when the re-read fails too, the result says so and to check before retrying', async () => {
		const api = apiFor(sim.endpoint);
		const [task] = await webTasks(wiredApi(sim));
		await sim.faults({resetRate: 1});
		const result = await stopTasks({api, where}, [task!], 'x');
		await sim.faults({});
		expect(await sent('StopTask')).toBe(1);
		expect(result.summary).toMatch(/^outcome unknown: stop .*: stop sent, answer lost \(ECONNRESET.*\); could not re-read: cannot reach ECS \(ECONNRESET\).*; check before retrying$/);
	});

	it('an answer lost after ECS applied it: the re-read shows the stop', async () => {
		const api = wiredApi(sim, loseAnswer('StopTask'));
		const [task] = await webTasks(api);
		const result = await stopTasks({api, where}, [task!], 'x');
		expect(await sent('StopTask')).toBe(1);
		expect(result.summary).toMatch(/^outcome unknown: stop .*: stop sent, answer lost \(ECONNRESET: socket hang up\); ECS now shows the task (RUNNING, desired STOPPED|STOPPING|DEPROVISIONING|STOPPED)/);
	});
});

describe('UpdateService with a lost answer', () => {
	it('HTTP 500 on a scale: sent once (not resent), and ECS still shows the old desired count', async () => {
		const api = wiredApi(sim, faultOnce('UpdateService', {errorRate: 1}));
		const service = await web(api);
		const result = await scaleService({api, audit: fileAuditLog(auditFile), where}, service, 5);
		expect(await sent('UpdateService')).toBe(1);
		expect(result.summary).toBe('outcome unknown: scale web (desired 4 → 5): UpdateService sent, answer lost (ECS returned a server error (HTTP 500)); ECS now shows desired 4');
		expect(lines()[1]).toMatchObject({phase: 'result', error: {name: 'ServerError', outcome: 'unknown'}});
	});

	it('an unreadable answer (an HTML error page) is an unknown outcome too', async () => {
		const api = wiredApi(sim, faultOnce('UpdateService', {errorRate: 1, htmlErrors: true}));
		const result = await scaleService({api, where}, await web(api), 6);
		expect(await sent('UpdateService')).toBe(1);
		expect(result.summary).toMatch(/^outcome unknown: scale web \(desired 4 → 6\): UpdateService sent, answer lost \(ECS returned an unreadable answer \(HTTP 500\)\); ECS now shows desired 4$/);
	});

	it('a scale applied and its answer lost: the re-read shows the new desired count', async () => {
		const api = wiredApi(sim, loseAnswer('UpdateService'));
		const result = await scaleService({api, where}, await web(api), 5);
		expect(await sent('UpdateService')).toBe(1);
		expect(result.summary).toBe('outcome unknown: scale web (desired 4 → 5): UpdateService sent, answer lost (ECONNRESET: socket hang up); ECS now shows desired 5');
	});

	it('a redeploy applied and its answer lost: the re-read shows the new deployment', async () => {
		const api = wiredApi(sim, loseAnswer('UpdateService'));
		const before = await web(api);
		const result = await redeployService({api, where}, before);
		expect(await sent('UpdateService')).toBe(1);
		expect(result.summary).toMatch(/^outcome unknown: redeploy web: UpdateService sent, answer lost \(ECONNRESET: socket hang up\); ECS now shows a new deployment \(PRIMARY started \d\d:\d\d:\d\d\)$/);
		const primary = (await web(api)).deployments.find(d => d.status === 'PRIMARY')!;
		expect(before.deployments.map(d => d.id)).not.toContain(primary.id);
	});

	it('a redeploy whose request failed with a 500: ECS shows no new deployment', async () => {
		const api = wiredApi(sim, faultOnce('UpdateService', {errorRate: 1}));
		const result = await redeployService({api, where}, await web(api));
		expect(await sent('UpdateService')).toBe(1);
		expect(result.summary).toMatch(/; ECS now shows no new deployment \(PRIMARY started \d\d:\d\d:\d\d, as before\)$/);
	});
});

describe('UpdateContainerInstancesState with a lost answer', () => {
	it('the batch is not resent; the re-read shows each instance as ECS has it', async () => {
		const api = wiredApi(sim, loseAnswer('UpdateContainerInstancesState'));
		const instances: ContainerInstance[] = (await api.describeContainerInstances('production', await api.listContainerInstanceArns('production'))).items;
		const result = await setInstancesState({api, where}, instances.slice(0, 2), 'DRAINING');
		expect(await sent('UpdateContainerInstancesState')).toBe(1);
		expect(result.state).toBe('unknown');
		expect(result.unknown).toHaveLength(2);
		expect(result.summary).toMatch(/^outcome unknown: drain 2 instances \(.*\): UpdateContainerInstancesState DRAINING sent, answer lost \(ECONNRESET: socket hang up\); ECS now shows DRAINING: i-\S+, i-\S+$/);
	});
});

describe('resent only when nothing was applied', () => {
	it('a refused connection (nothing sent) is retried: one audit pair per attempt', async () => {
		const api = wiredApi(sim, {
			before: (op, n) => {
				if (op === 'StopTask' && n === 1) throw connectionRefused();
			},
		});
		const [task] = await webTasks(api);
		const result = await stopTasks({api, audit: fileAuditLog(auditFile), where}, [task!], 'x');
		expect(result).toMatchObject({ok: true, calls: 2});
		expect(await sent('StopTask')).toBe(1);
		const entries = lines();
		expect(entries.map(e => `${e.phase} ${e.attempt}`)).toEqual(['intent 1', 'result 1', 'intent 2', 'result 2']);
		expect(entries[1]).toMatchObject({error: {outcome: 'not done', retried: true}});
		expect(entries[3]!.result).toBeDefined();
	});

	it('nothing listening at the endpoint: every attempt audited as not done, the result says it was not sent', async () => {
		const port = await new Promise<number>(resolve => {
			const server = createServer().listen(0, '127.0.0.1', () => {
				const {port} = server.address() as {port: number};
				server.close(() => resolve(port));
			});
		});
		const api = apiFor(`http://127.0.0.1:${port}`, {retry: {maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0}});
		const result = await stopTasks({api, audit: fileAuditLog(auditFile), where}, [makeTask('production', 'a'.repeat(32))], 'x');
		expect(result.summary).toMatch(/^NOT done: stop a{12}: cannot reach ECS \(ECONNREFUSED\).*: StopTask was not sent$/);
		expect(result.calls).toBe(3);
		expect(lines().filter(e => e.phase === 'result').map(e => [e.error.outcome, e.error.retried ?? false])).toEqual([['not done', true], ['not done', true], ['not done', false]]);
	});

	it('classifies the SDK errors a mutation can end with', () => {
		const status = (code: number, extra: object = {}) => ({$metadata: {httpStatusCode: code}, ...extra});
		const throttled = {name: 'ThrottlingException', $fault: 'client', ...status(400)};
		const denied = {name: 'AccessDeniedException', $fault: 'client', ...status(400)};
		const server = {name: 'ServerException', $fault: 'server', ...status(500)};
		const unreadable = Object.assign(new SyntaxError('Unterminated string in JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'), status(200));
		const connectTimeout = Object.assign(new Error('@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 5000 ms.'), {name: 'TimeoutError'});
		const requestTimeout = Object.assign(new Error('@smithy/node-http-handler - [ERROR] a request has exceeded the configured 30000 ms requestTimeout.'), {name: 'TimeoutError', code: 'ETIMEDOUT'});
		const dns = Object.assign(new Error('getaddrinfo ENOTFOUND ecs.example'), {code: 'ENOTFOUND', syscall: 'getaddrinfo'});
		const cases: Array<[string, unknown, boolean, boolean]> = [
			['throttled', throttled, true, true],
			['refused', connectionRefused(), true, true],
			['connect timeout', connectTimeout, true, true],
			['no such host', dns, true, true],
			['access denied', denied, true, false],
			['reset', socketHangUp(), false, false],
			['request timeout', requestTimeout, false, false],
			['HTTP 500', server, false, false],
			['unreadable 200', unreadable, false, false],
			['an HTML 403 from a proxy', Object.assign(new SyntaxError('Unexpected token <\n  Deserialization error: …'), status(403)), false, false],
		];
		for (const [what, error, notApplied, resend] of cases) {
			expect([what, surelyNotApplied(error), isSafeToResend(error)]).toEqual([what, notApplied, resend]);
		}
	});
});

describe('nothing to do', () => {
	it('scaling to the current desired count sends nothing and writes no audit line', async () => {
		const api = wiredApi(sim);
		const result = await scaleService({api, audit: fileAuditLog(auditFile), where}, await web(api), 4);
		expect(result).toMatchObject({ok: true, calls: 0, state: 'nothing to do', summary: 'nothing to do: desired is already 4'});
		expect(await sent('UpdateService')).toBe(0);
		expect(() => readFileSync(auditFile)).toThrow(/ENOENT/);
	});
});
