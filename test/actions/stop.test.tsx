// `x`: stop the selected or marked tasks against the simulator, through the keys, checked in the
// simulator's state (stoppedReason, STOPPED) and call counts.
import {afterEach, describe, expect, it} from 'vitest';
import {defaultStopReason} from '../../source/store/actions-rules.js';
import {actionApp, type ActionApp} from './fixture.js';

let t: ActionApp | undefined;
afterEach(async () => {
	await t?.close();
	t = undefined;
});

const webTasks = async () => {
	t = await actionApp({app: {cluster: 'production', service: 'web'}});
	await t.untilText(/^> .*RUNNING/m);
	return t;
};

describe('stop tasks (x)', () => {
	it('x y stops the selected task with our reason; the row goes STOPPING → STOPPED', async () => {
		const app = await webTasks();
		const id = app.selectedId();
		const arn = [...app.store.getSnapshot().tasks.keys()].find(a => a.includes(id))!;
		await app.sim.resetStats();
		await app.press('x');
		await app.waitForText('Stop task');
		const dialog = app.frame();
		expect(dialog).toMatch(/account \d{12}/);
		expect(dialog).toContain('region us-east-1');
		expect(dialog).toContain('cluster production');
		expect(dialog).toContain(id);
		expect(dialog).toContain('StopTask');
		expect(dialog).toContain(`reason  ${defaultStopReason()}`);
		expect(await app.calls('StopTask')).toBe(0);

		await app.press('y');
		await app.waitCalls('StopTask', 1);
		const stopped = await app.task('production', arn);
		expect(stopped.desiredStatus).toBe('STOPPED');
		await app.untilText(/stopped [0-9a-f]{12}/);
		// The row stays on screen while it stops, though ListTasks no longer lists it as RUNNING.
		expect(app.lines().find(l => l.includes(id))).toMatch(/STOPPED|STOPPING|DEACTIVATING|RUNNING/);
		for (let i = 0; i < 12; i++) {
			await app.sim.advance(10);
			await app.step(2000);
			if (app.lines().some(l => l.includes(id) && /\sSTOPPED\s/.test(l))) break;
		}
		expect(app.lines().find(l => l.includes(id))).toMatch(/\sSTOPPED\s/);
		const final = await app.task('production', arn);
		expect(final.lastStatus).toBe('STOPPED');
		expect(final.stoppedReason).toBe(defaultStopReason());
		expect(final.stopCode).toBe('UserInitiated');
		expect(await app.calls('StopTask')).toBe(1);
	});
});
