// The whole app against the simulator through the real SDK: navigation, live changes, faults,
// selection by ARN, the 80x24 frame, planted control characters, stopped tasks and read-only.
import {StopTaskCommand, UpdateServiceCommand} from '@aws-sdk/client-ecs';
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {expectFits, keys, stripAnsi} from './render-app.js';
import {simApp} from './sim-app.js';

let opened: Array<{close(): Promise<void>}> = [];
afterEach(async () => {
	cleanup();
	for (const app of opened) await app.close();
	opened = [];
});

async function start(options?: Parameters<typeof simApp>[0]) {
	const app = await simApp(options);
	opened.push(app);
	return app;
}

const selectedIs = (text: string) => (frame: string) => {
	const line = frame.split('\n').find(l => l.startsWith('>')) ?? '';
	expect(line).toContain(text);
};

describe('scenarios against the simulator', () => {
	it('navigates clusters › services › tasks › containers and back', async () => {
		const app = await start();
		await app.untilText('production');
		expect(app.frame()).toMatch(/account \d{12}/);
		await app.press(keys.enter);
		await app.until(f => expect(f).toMatch(/^SERVICES {2}clusters › production/m));
		await app.untilText('worker');
		await app.press('jj');
		await app.until(selectedIs('worker'));
		await app.press(keys.enter);
		await app.until(f => expect(f).toMatch(/^TASKS {2}clusters › production › worker/m));
		await app.until(f => expect(f.split('\n').filter(l => /^[> ] [0-9a-f]{12}/.test(l)).length).toBe(3));
		await app.press(keys.enter);
		await app.until(f => expect(f).toMatch(/^CONTAINERS {2}clusters › production › worker › [0-9a-f]{12}/m));
		await app.untilText('worker');
		await app.press(keys.escape);
		await app.press(keys.escape);
		await app.until(f => expect(f).toMatch(/^SERVICES /m));
		expect(app.selectedLine()).toContain('worker');
		await app.press('i');
		await app.until(f => expect(f).toMatch(/^INSTANCES {2}clusters › production › instances/m));
		await app.until(f => expect(f).toMatch(/^> [0-9a-f]{12} +i-[0-9a-f]+/m));
		await app.press(keys.enter);
		await app.until(f => expect(f).toMatch(/^TASKS {2}clusters › production › instances › i-/m));
	});

	it('shows live changes after the simulator moves', async () => {
		const app = await start({app: {cluster: 'production'}});
		await app.until(f => expect(f).toMatch(/worker +ACTIVE +3 +3 +0/));
		await app.sim.client.send(new UpdateServiceCommand({cluster: 'production', service: 'worker', desiredCount: 5}));
		await app.sim.advance(60);
		await app.until(f => expect(f).toMatch(/worker +ACTIVE +5 +5 +0/));
	});

	it('r refreshes the pane now', async () => {
		const app = await start({app: {cluster: 'production'}});
		await app.until(f => expect(f).toMatch(/worker +ACTIVE +3 +3 +0/));
		await app.sim.client.send(new UpdateServiceCommand({cluster: 'production', service: 'worker', desiredCount: 4}));
		await app.press('r');
		// No poller time passes: the new count comes from the refresh the key asked for.
		await app.waitFor(f => expect(f).toMatch(/worker +ACTIVE +4 +3 +0/));
		await app.waitFor(f => expect(f).toContain('refreshed'));
	});

	it('marks data stale on failing calls and recovers', async () => {
		const app = await start({app: {cluster: 'production'}});
		await app.untilText('updated');
		await app.sim.faults({errorRate: 1});
		await app.untilText('stale since');
		// The last good rows stay on screen.
		expect(app.frame()).toContain('worker');
		await app.sim.faults({errorRate: 0});
		await app.until(f => {
			expect(f).not.toContain('stale since');
			expect(f).toMatch(/updated \d+s ago/);
		});
	});

	it('keeps the selection on the same task while rows come and go', async () => {
		const app = await start({app: {cluster: 'production', service: 'worker'}});
		const taskIds = (f: string) => f.split('\n').flatMap(l => /^[> ] ([0-9a-f]{12})/.exec(l)?.[1] ?? []);
		await app.until(f => expect(taskIds(f)).toHaveLength(3));
		await app.press('G');
		await app.until(f => expect(f).toContain('3/3'));
		const [first, , last] = taskIds(app.frame());
		expect(app.selectedLine()).toContain(last);
		// The first task stops: every row below it moves up one and a replacement appears.
		const arn = [...app.store.getSnapshot().tasks.keys()].find(a => a.includes(first!))!;
		await app.sim.client.send(new StopTaskCommand({cluster: 'production', task: arn, reason: 'test'}));
		await app.sim.advance(60);
		await app.until(f => {
			expect(taskIds(f)).not.toContain(first);
			expect(taskIds(f)).toHaveLength(3);
		});
		expect(taskIds(app.frame()).indexOf(last!)).toBe(1);
		expect(app.selectedLine()).toContain(last);
	});

	it('fits 80x24 on every pane, help included', async () => {
		const app = await start({app: {columns: 80, rows: 24}});
		const check = () => expectFits(app.frame(), 80, 24);
		await app.untilText('production');
		check();
		await app.press(keys.enter);
		await app.untilText('worker');
		check();
		await app.press(keys.enter);
		await app.until(f => expect(f).toMatch(/^> [0-9a-f]{12}/m));
		check();
		await app.press(keys.enter);
		await app.until(f => expect(f).toMatch(/^CONTAINERS/m));
		check();
		await app.press('?');
		await app.untilText('Keys: containers');
		check();
	});

	it('never lets planted control characters reach a frame', async () => {
		const app = await start({app: {cluster: 'production'}});
		const world = app.sim.sim.world;
		const cluster = world.clusters.get('production')!;
		world.renameService(cluster.services.get('worker')!, 'evil\u001B[2J-svc\u0007\u001B]0;owned\u0007\u009B31m');
		const frames: string[] = [];
		const expectClean = () => {
			const raw = app.lastFrame() ?? '';
			frames.push(raw);
			expect(stripAnsi(raw)).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
			expect(raw).not.toContain('\u001B[2J');
			expect(raw).not.toContain('\u001B]0');
		};
		await app.untilText('evil-svc');
		expectClean();
		await app.press('G');
		await app.until(selectedIs('evil-svc'));
		await app.press(keys.enter);
		// The breadcrumb carries the name too.
		await app.until(f => expect(f).toMatch(/^TASKS {2}clusters › production › evil-svc/m));
		await app.until(f => expect(f).toMatch(/^> [0-9a-f]{12}/m));
		expectClean();
		expect(frames).toHaveLength(2);
	});

	it('toggles stopped tasks in and out', async () => {
		const app = await start({app: {cluster: 'staging', service: 'payments', columns: 160}});
		await app.untilText('RUNNING');
		// payments crashes 25 s after starting: let it crash a few times.
		await app.sim.advance(120);
		await app.press('z');
		// Why each one stopped comes right after its status.
		await app.until(f => expect(f).toMatch(/^  [0-9a-f]{12} +! +STOPPED +STOPPED +EssentialContainerExi\S* +1 +Essential container in task exited/m));
		await app.press('z');
		// Back to the running tasks (their scope stayed open). In the crash loop there may be a
		// moment with none running, so the poller may step until a replacement runs.
		await app.until(f => {
			expect(f).not.toMatch(/STOPPED +STOPPED/);
			expect(f).toMatch(/^> [0-9a-f]{12} +(RUNNING|PROVISIONING|PENDING|ACTIVATING)/m);
		});
	});

	it('hides dangerous keys under --read-only and still describes', async () => {
		const app = await start({app: {cluster: 'production', readOnly: true}});
		await app.untilText('worker');
		expect(app.frame()).toContain('READ-ONLY');
		expect(app.lines().at(-1)).not.toMatch(/scale|redeploy/);
		await app.press('s');
		await app.waitForText('read-only: s (scale) is disabled');
		await app.press('?');
		await app.untilText('Keys: services (read-only)');
		// The help body (the status line below it still says why s did nothing).
		expect(app.lines().slice(0, -2).join('\n')).not.toMatch(/scale|redeploy/);
		await app.press(keys.escape);
		// Reading is not dangerous: describe works under --read-only.
		await app.press('d');
		await app.until(f => expect(f).toMatch(/^DESCRIBE /m));
	});
});
