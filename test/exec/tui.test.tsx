// `s`, `F`, `E` and `:pf` in the TUI, against the simulator's ECS Exec and SSM through the real SDK,
// with a stand-in session-manager-plugin first on PATH: the shell's invocation, the terminal handed
// over and taken back on the same row, each "why it cannot work" said before anything is sent,
// exec enabled on a service, a forward listed, stopped with x (TerminateSession) and on exit.
import net from 'node:net';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {SessionsFeature} from '../../source/exec/forwards.js';
import type {Transport} from '../../source/exec/transport.js';
import {keys} from '../tui/render-app.js';
import {createFakePlugin, type FakePlugin} from '../helpers/fake-plugin.js';
import {closeAppsAfterEach, firstCells, start, type App} from '../views/app.js';

closeAppsAfterEach();

let fake: FakePlugin;
const savedPath = process.env.PATH;
beforeEach(() => {
	fake = createFakePlugin();
	process.env.PATH = fake.path(savedPath);
});
afterEach(() => {
	process.env.PATH = savedPath;
	fake.remove();
});

/** The app on a cluster's services or a service's tasks, with sessions on the simulator. */
async function open(cluster: string, service?: string, readOnly = false, transport: Transport = 'auto'): Promise<{app: App; sessions: SessionsFeature}> {
	// Wide enough for the longest status line (the plugin's install URL).
	const app = await start({app: {cluster, service, readOnly, columns: 240, rows: 40}, sessions: {transport}});
	return {app, sessions: app.sessions!};
}

/** Until the frame passes: sessions are real processes and HTTP round trips, so real time passes too. */
async function untilLive(app: App, check: (frame: string) => void | Promise<void>): Promise<void> {
	await vi.waitFor(
		async () => {
			await app.step(250);
			await check(app.frame());
		},
		{timeout: 15_000, interval: 20},
	);
}

async function selectTask(app: App, index = 0): Promise<string> {
	await app.until(f => expect(f).toMatch(/^> [0-9a-f]{12} +RUNNING/m));
	await app.press('g' + 'j'.repeat(index));
	return firstCells(app.frame())[index]!;
}

describe('ECS Exec in the TUI against the simulator', () => {
	it('s: a confirmation naming the task, then the plugin with the session; back on the same row', async () => {
		const {app} = await open('production', 'web');
		const id = await selectTask(app, 1);
		await app.press('s');
		await app.until(f => expect(f).toContain(`Open a shell in ${id}/web?`));
		expect(app.frame()).toMatch(/aws ecs execute-command --cluster production --task [0-9a-f]{32} --container web --interactive --command "\/bin\/sh"/);
		expect((await app.sim.stats()).calls.ExecuteCommand ?? 0).toBe(0);
		await app.confirm();
		await untilLive(app, f => expect(f).toContain(`shell in ${id}/web ended`));
		const shell = fake.calls().find(c => c.argv[2] === 'StartSession');
		expect(shell?.argv[0]).toMatch(/^\{"sessionId": "ecs-execute-command-[0-9a-f]+", "streamUrl": "ws:\/\/127\.0\.0\.1:\d+\/v1\/data-channel\//);
		expect(shell?.argv.slice(1, 4)).toEqual(['us-east-1', 'StartSession', '']);
		expect(shell?.argv[4]).toMatch(new RegExp(`^\\{"Target": "ecs:production_${id}[0-9a-f]{20}_[0-9a-f]+"\\}$`));
		expect(shell?.argv[5]).toBe(app.sim.endpoint);
		expect((await app.sim.stats()).calls.ExecuteCommand).toBe(1);
		// Same pane, same row.
		expect(app.frame().split('\n')[1]).toMatch(/^TASKS /);
		expect(app.selectedLine()).toContain(id);
	});

	it('says why exec cannot work before sending anything: not enabled (E fixes it), platform too old', async () => {
		const worker = await open('production', 'worker');
		await selectTask(worker.app);
		await worker.app.press('s');
		await worker.app.until(f => expect(f).toMatch(/exec is not enabled on this task: enable it on the service \(E\) and let a new deployment replace the task/));
		await worker.app.press('F');
		await worker.app.until(f => expect(f).toMatch(/exec is not enabled on this task/));
		expect((await worker.app.sim.stats()).calls.ExecuteCommand ?? 0).toBe(0);
		expect((await worker.app.sim.stats()).calls.StartSession ?? 0).toBe(0);

		const payments = await open('staging', 'payments');
		await selectTask(payments.app);
		await payments.app.press('s');
		await payments.app.until(f => expect(f).toMatch(/runs on Fargate platform 1\.3\.0: exec needs 1\.4\.0 or later/));
		expect(fake.calls().filter(c => c.argv[2] === 'StartSession')).toEqual([]);
	});

	it('--transport plugin without the plugin: one line saying how to install it, and nothing sent', async () => {
		process.env.PATH = '/nonexistent';
		const {app} = await open('production', 'web', false, 'plugin');
		await selectTask(app);
		await app.press('s');
		await app.until(f => expect(f).toMatch(/session-manager-plugin, which is not on PATH: install it \(https:\/\/docs\.aws\.amazon\.com\/.*\) or use --transport builtin; nothing was sent/));
		expect((await app.sim.stats()).calls.ExecuteCommand ?? 0).toBe(0);
	});

	it('E enables exec on the service (UpdateService with a new deployment), once', async () => {
		const {app} = await open('production');
		await app.until(f => expect(firstCells(f)).toContain('worker'));
		await app.press('g' + 'j'.repeat(firstCells(app.frame()).indexOf('worker')) + 'E');
		await app.until(f => expect(f).toContain('Enable ECS Exec on service worker?'));
		expect(app.frame()).toContain('aws ecs update-service --cluster production --service worker --enable-execute-command --force-new-deployment');
		await app.confirm();
		await untilLive(app, f => expect(f).toMatch(/enabled exec on/));
		expect((await app.sim.stats()).calls.UpdateService).toBe(1);
		expect(app.sim.sim.world.findService(app.sim.sim.world.cluster('production'), 'worker')?.enableExecuteCommand).toBe(true);
	});

	it('F starts a forward listed in :pf; x stops it (TerminateSession); quitting stops the rest', async () => {
		fake.configure({forward: true});
		const {app, sessions} = await open('production', 'web');
		await selectTask(app);
		await app.press('F');
		await app.until(f => expect(f).toContain('LOCAL:REMOTE'));
		await app.press('\u0015' + '0:80\r');
		await app.until(f => expect(f).toMatch(/Forward 127\.0\.0\.1:\(a free port\) to [0-9a-f]{12}\/web:80\?/));
		await app.confirm();
		await untilLive(app, f => expect(f).toMatch(/forwarding 127\.0\.0\.1:\d+ -> [0-9a-f]{12}\/web:80/));
		await app.press(':pf\r');
		await app.until(f => expect(f).toMatch(/^> 127\.0\.0\.1:\d+ +[0-9a-f]{12}\/web:80 +listening/m));
		expect((await app.sim.stats()).ssmSessions).toMatchObject({open: 1, started: 1});
		await app.press('x');
		await untilLive(app, f => expect(f).toMatch(/^> 127\.0\.0\.1:\d+ +[0-9a-f]{12}\/web:80 +stopped/m));
		expect((await app.sim.stats()).ssmSessions).toMatchObject({open: 0, terminated: 1});
		// A second forward, ended by stopAll (what `q` does before ecs-top exits).
		await app.press(keys.escape);
		await app.press('F');
		await app.until(f => expect(f).toContain('LOCAL:REMOTE'));
		await app.press('\u0015' + '0:80\r');
		await app.confirm();
		await untilLive(app, f => expect(f).toMatch(/forwarding 127\.0\.0\.1:\d+/));
		await sessions.forwards.stopAll();
		expect((await app.sim.stats()).ssmSessions).toMatchObject({open: 0, terminated: 2});
		// Both plugins were ended too (SIGTERM, as the real plugin ends its session on it).
		expect(fake.calls().filter(c => c.terminated)).toHaveLength(2);
	});

	it('--read-only: s, F and E are not keys; nothing is sent', async () => {
		const {app} = await open('production', 'web', true);
		await selectTask(app);
		for (const key of ['s', 'F', 'E']) {
			await app.press(key);
			await app.until(f => expect(f).toMatch(/read-only: . \(.*\) is disabled/));
		}
		const stats = await app.sim.stats();
		expect(stats.calls.ExecuteCommand ?? 0).toBe(0);
		expect(stats.calls.StartSession ?? 0).toBe(0);
		expect(stats.calls.UpdateService ?? 0).toBe(0);
	});
});

describe('F in the TUI on the built-in client (--transport builtin), against the simulator\'s data channel', () => {
	it('the confirmation names the built-in client; the forward answers HTTP, is listed in :pf and x stops it', async () => {
		const {app} = await open('production', 'web', false, 'builtin');
		const id = await selectTask(app);
		await app.press('F');
		await app.until(f => expect(f).toContain('LOCAL:REMOTE'));
		await app.press('\u0015' + '0:80\r');
		await app.until(f => expect(f).toMatch(/Forward 127\.0\.0\.1:\(a free port\) to [0-9a-f]{12}\/web:80\?/));
		expect(app.frame()).toContain('then ecs-top\'s built-in session client in the background');
		// Several connections at once now (the agent multiplexes): nothing to warn of beforehand.
		expect(app.frame()).not.toContain('one connection at a time');
		await app.confirm();
		await untilLive(app, f => expect(f).toMatch(/forwarding 127\.0\.0\.1:\d+ -> [0-9a-f]{12}\/web:80/));
		const port = Number(/forwarding 127\.0\.0\.1:(\d+)/.exec(app.frame())![1]);
		const body = await (await fetch(`http://127.0.0.1:${port}/`)).text();
		expect(body).toContain(`task ${id}`);
		expect(fake.calls()).toEqual([]);
		await app.press(':pf\r');
		await app.until(f => expect(f).toMatch(/^> 127\.0\.0\.1:\d+ +[0-9a-f]{12}\/web:80 +listening/m));
		// Two connections open at once, each answered on its own stream; :pf's state carries no note.
		const [a, b] = await Promise.all([fetch(`http://127.0.0.1:${port}/a`, {headers: {Connection: 'close'}}), fetch(`http://127.0.0.1:${port}/b`, {headers: {Connection: 'close'}})]);
		for (const text of [await a.text(), await b.text()]) expect(text).toContain(`task ${id}`);
		await untilLive(app, f => expect(f).toMatch(/^> 127\.0\.0\.1:\d+ +[0-9a-f]{12}\/web:80 +listening +\d+s /m));
		await app.press('x');
		await untilLive(app, f => expect(f).toMatch(/^> 127\.0\.0\.1:\d+ +[0-9a-f]{12}\/web:80 +stopped/m));
		expect((await app.sim.stats()).ssmSessions).toMatchObject({open: 0, terminated: 1});
	});
});
