// The write-ahead audit log against the simulator: an intent line on disk before each request
// leaves (read back at the moment it leaves), a result line after it with the same id, one pair
// per request on the wire (a throttled retry is two), and nothing sent when the intent cannot be
// written: a directory, a path under a regular file, a FIFO, a device, a symlink, a write that
// hangs (and one that completes after the timeout: still nothing sent).
import {execFileSync} from 'node:child_process';
import {closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {Service, Task} from '../../source/domain.js';
import {scaleService, stopTasks} from '../../source/store/actions/actions.js';
import {appendToFile, fileAuditLog, type AuditEntry, type AuditLog} from '../../source/store/actions/audit.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {wiredApi} from './wire.js';

let sim: TestSim;
let dir: string;
let auditFile: string;
const cleanups: Array<() => void> = [];
beforeEach(async () => {
	sim = await startTestSim();
	dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-audit-'));
	auditFile = path.join(dir, 'state', 'ecs-top', 'audit.jsonl');
});
afterEach(async () => {
	for (const undo of cleanups.splice(0)) undo();
	await sim.close();
	rmSync(dir, {recursive: true, force: true});
});

const lines = (file = auditFile) => readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map(l => JSON.parse(l) as Record<string, any>);
const sent = async (operation: string) => (await sim.stats()).calls[operation] ?? 0;
const where = {cluster: 'production', account: '123456789012', profile: 'ops', region: 'us-east-1'};

async function webTasks(api = wiredApi(sim)): Promise<Task[]> {
	return (await api.describeTasks('production', await api.listTaskArns('production', {serviceName: 'web'}))).items;
}

async function web(api = wiredApi(sim)): Promise<Service> {
	return (await api.describeServices('production', ['web'])).items[0]!;
}

/** A promise and its resolve, for a write the test lets finish when it wants. */
function gate(): {promise: Promise<void>; open: () => void} {
	let open!: () => void;
	const promise = new Promise<void>(resolve => (open = resolve));
	return {promise, open};
}

describe('audit log format', () => {
	it('writes the intent before the request leaves and the result after, sharing an id; never credentials or userinfo', async () => {
		const atSend: string[] = [];
		const api = wiredApi(sim, {
			before: operation => {
				if (operation === 'StopTask') atSend.push(existsSync(auditFile) ? readFileSync(auditFile, 'utf8') : '');
			},
		});
		const tasks = (await webTasks(api)).slice(0, 2);
		const deps = {api, audit: fileAuditLog(auditFile), where: {...where, endpoint: 'http://ops:hunter2@127.0.0.1:4566/'}, concurrency: 1};
		const result = await stopTasks(deps, tasks, 'audit test');
		expect(result).toMatchObject({ok: true, state: 'done', calls: 2});
		expect(result.summary).toMatch(/^done: stopped 2 tasks \(/);

		// At each send, the log ended with that request's intent (and held nothing after it).
		expect(atSend).toHaveLength(2);
		const seen = atSend.map(text => text.trim().split('\n').map(l => JSON.parse(l)));
		expect(seen[0]).toHaveLength(1);
		expect(seen[0]![0]).toMatchObject({phase: 'intent', operation: 'StopTask', parameters: {task: tasks[0]!.taskArn}});
		expect(seen[1]).toHaveLength(3);
		expect(seen[1]![2]).toMatchObject({phase: 'intent', parameters: {task: tasks[1]!.taskArn}});

		const entries = lines();
		expect(entries.map(e => e.phase)).toEqual(['intent', 'result', 'intent', 'result']);
		expect(entries[0]!.id).toBe(entries[1]!.id);
		expect(entries[2]!.id).toBe(entries[3]!.id);
		expect(entries[0]!.id).not.toBe(entries[2]!.id);
		expect(entries[0]!.id).toMatch(/^[0-9a-f]{16}$/);
		expect(Object.keys(entries[0]!).sort()).toEqual(['account', 'attempt', 'cluster', 'endpoint', 'id', 'operation', 'parameters', 'phase', 'profile', 'region', 'time']);
		expect(Object.keys(entries[1]!).sort()).toEqual(['account', 'attempt', 'cluster', 'endpoint', 'id', 'operation', 'phase', 'profile', 'region', 'result', 'time']);
		expect(entries[0]).toMatchObject({account: '123456789012', profile: 'ops', region: 'us-east-1', cluster: 'production', endpoint: 'http://127.0.0.1:4566/', attempt: 1, parameters: {cluster: 'production', reason: 'audit test'}});
		expect(entries[1]).toMatchObject({result: {taskArn: tasks[0]!.taskArn, desiredStatus: 'STOPPED'}});
		for (const e of entries) expect(new Date(e.time).toISOString()).toBe(e.time);
		const text = readFileSync(auditFile, 'utf8');
		expect(text).not.toContain('hunter2');
		expect(text).not.toContain('ops:');
		expect(statSync(auditFile).mode & 0o777).toBe(0o600);
		expect(statSync(path.dirname(auditFile)).mode & 0o777).toBe(0o700);
	});

	it('a throttled StopTask and its retry are two requests on the wire, two audit pairs', async () => {
		// The simulator throttles exactly the first StopTask: the fault is on for that one request only.
		const api = wiredApi(sim, {
			before: async (operation, n) => {
				if (operation === 'StopTask' && n === 1) await sim.faults({throttleRate: 1});
			},
			after: async (operation, n) => {
				if (operation === 'StopTask' && n === 1) await sim.faults({});
			},
		});
		const [task] = await webTasks(api);
		const result = await stopTasks({api, audit: fileAuditLog(auditFile), where}, [task!], 'x');
		expect(result).toMatchObject({ok: true, calls: 2});
		const stats = await sim.stats();
		expect(stats.calls.StopTask).toBe(2);
		expect(stats.throttled.StopTask).toBe(1);
		const entries = lines();
		expect(entries.map(e => `${e.phase} ${e.attempt}`)).toEqual(['intent 1', 'result 1', 'intent 2', 'result 2']);
		expect(entries[1]).toMatchObject({id: entries[0]!.id, error: {name: 'ThrottlingException', outcome: 'not done', retried: true}});
		expect(entries[3]).toMatchObject({id: entries[2]!.id, result: {desiredStatus: 'STOPPED'}});
		expect(entries[2]!.id).not.toBe(entries[0]!.id);
	});

	it('a result line that cannot be written is reported; the call went out', async () => {
		const api = wiredApi(sim);
		const [task] = await webTasks(api);
		const intents: AuditEntry[] = [];
		const audit: AuditLog = {
			path: () => '/var/log/full.jsonl',
			append: async entry => {
				if (entry.phase === 'result') throw new Error('ENOSPC: no space left on device');
				intents.push(entry);
			},
		};
		const result = await stopTasks({api, audit, where}, [task!], 'x');
		expect(await sent('StopTask')).toBe(1);
		expect(intents).toHaveLength(1);
		expect(result.done).toHaveLength(1);
		expect(result.summary).toMatch(/^done: stopped .*; audit log: the result line of StopTask was not written \(\/var\/log\/full.jsonl: ENOSPC: no space left on device\); the call went out$/);
		expect(result.auditError).toContain('the call went out');
	});
});

describe('nothing is sent when the intent cannot be written', () => {
	const refused = /^NOT done: .*audit log not writable \(.*\): nothing was sent; fix the path or set XDG_STATE_HOME/;

	it('a directory where the log should be (EISDIR): no StopTask at all', async () => {
		mkdirSync(auditFile, {recursive: true});
		const api = wiredApi(sim);
		const tasks = (await webTasks(api)).slice(0, 3);
		const result = await stopTasks({api, audit: fileAuditLog(auditFile), where}, tasks, 'x');
		expect(await sent('StopTask')).toBe(0);
		expect(result).toMatchObject({ok: false, state: 'not done', calls: 0});
		expect(result.summary).toMatch(refused);
		expect(result.summary).toContain(`(${auditFile}: EISDIR: illegal operation on a directory)`);
		expect(result.notSent).toHaveLength(2);
		expect(result.details.every(l => l.startsWith('NOT done: '))).toBe(true);
	});

	// Tests run as root, which writes through a chmod 0500 directory: a regular file as the log's
	// parent stands in for a directory nobody may write (mkdir fails with ENOTDIR).
	it('a path under a regular file (ENOTDIR): no UpdateService, desired unchanged', async () => {
		writeFileSync(path.join(dir, 'state'), 'not a directory');
		const api = wiredApi(sim);
		const service = await web(api);
		const result = await scaleService({api, audit: fileAuditLog(auditFile), where}, service, 5);
		expect(await sent('UpdateService')).toBe(0);
		expect((await web(api)).desiredCount).toBe(4);
		expect(result.summary).toMatch(/^NOT done: scale web \(desired 4 → 5\): audit log not writable \(.*ENOTDIR.*\): nothing was sent; fix the path or set XDG_STATE_HOME$/);
	});

	const hasMkfifo = (() => {
		try {
			execFileSync('mkfifo', ['--version'], {stdio: 'ignore'});
			return true;
		} catch {
			return false;
		}
	})();

	it.skipIf(!hasMkfifo)('a FIFO with no reader is refused at once; no thread is left blocked', async () => {
		mkdirSync(path.dirname(auditFile), {recursive: true});
		execFileSync('mkfifo', [auditFile]);
		const api = wiredApi(sim);
		const tasks = (await webTasks(api)).slice(0, 2);
		const result = await stopTasks({api, audit: fileAuditLog(auditFile), where}, tasks, 'x');
		expect(await sent('StopTask')).toBe(0);
		expect(result.summary).toMatch(refused);
		expect(result.summary).toContain('a FIFO or socket, not a regular file');
		// An open() blocked on the FIFO would hold a libuv thread: more reads than the pool has threads still finish.
		await Promise.all(Array.from({length: 8}, async () => readFile(import.meta.filename)));
	});

	it.skipIf(!hasMkfifo)('a FIFO with a reader opens, and is refused by its type', async () => {
		mkdirSync(path.dirname(auditFile), {recursive: true});
		execFileSync('mkfifo', [auditFile]);
		const reader = openSync(auditFile, constants.O_RDONLY | constants.O_NONBLOCK);
		cleanups.push(() => closeSync(reader));
		const api = wiredApi(sim);
		const [task] = await webTasks(api);
		const result = await stopTasks({api, audit: fileAuditLog(auditFile), where}, [task!], 'x');
		expect(await sent('StopTask')).toBe(0);
		expect(result.summary).toContain('a FIFO, not a regular file');
	});

	it('a device is refused (nothing is written to /dev/null either)', async () => {
		await expect(appendToFile('/dev/null', '{}\n')).rejects.toThrow('a device, not a regular file');
		const api = wiredApi(sim);
		const [task] = await webTasks(api);
		const result = await stopTasks({api, audit: fileAuditLog('/dev/null'), where}, [task!], 'x');
		expect(await sent('StopTask')).toBe(0);
		expect(result.summary).toMatch(refused);
	});

	it('a symlink at the path is not followed', async () => {
		const target = path.join(dir, 'elsewhere.jsonl');
		writeFileSync(target, '');
		mkdirSync(path.dirname(auditFile), {recursive: true});
		symlinkSync(target, auditFile);
		const api = wiredApi(sim);
		const [task] = await webTasks(api);
		const result = await stopTasks({api, audit: fileAuditLog(auditFile), where}, [task!], 'x');
		expect(await sent('StopTask')).toBe(0);
		expect(result.summary).toMatch(/audit log not writable \(.*ELOOP/);
		expect(readFileSync(target, 'utf8')).toBe('');
	});

	it('a write that never finishes: nothing sent after the timeout', async () => {
		const audit: AuditLog = {path: () => '/mnt/stuck/audit.jsonl', append: async () => new Promise<void>(() => {})};
		const api = wiredApi(sim);
		const tasks = (await webTasks(api)).slice(0, 2);
		const result = await stopTasks({api, audit, where, auditTimeoutMs: 20}, tasks, 'x');
		expect(await sent('StopTask')).toBe(0);
		expect(result.summary).toMatch(refused);
		expect(result.summary).toContain('(/mnt/stuck/audit.jsonl: the write took longer than 20 ms)');
		expect(result.notSent).toHaveLength(1);
	});

	it('an intent written after the timeout is not followed by the call; the log says it was not sent', async () => {
		const slow = gate();
		const audit = fileAuditLog(auditFile, {appendLine: async (file, line) => {
			await slow.promise;
			await appendToFile(file, line);
		}});
		const api = wiredApi(sim);
		const [task] = await webTasks(api);
		const result = await stopTasks({api, audit, where, auditTimeoutMs: 20}, [task!], 'x');
		expect(result.summary).toMatch(refused);
		slow.open();
		await vi.waitFor(() => expect(existsSync(auditFile) ? lines() : []).toHaveLength(2), {timeout: 5000, interval: 10});
		const [intent, after] = lines();
		expect(intent).toMatchObject({phase: 'intent', operation: 'StopTask'});
		expect(after).toMatchObject({phase: 'result', id: intent!.id, error: {name: 'AuditLogTooSlow', outcome: 'not done'}});
		expect(await sent('StopTask')).toBe(0);
		expect((await webTasks(api)).find(t => t.taskArn === task!.taskArn)?.desiredStatus).toBe('RUNNING');
	});
});
