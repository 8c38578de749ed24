// `x`: stop the selected or marked tasks against the simulator, through the keys, checked in the
// simulator's state (stoppedReason, STOPPED) and call counts.
import {afterEach, describe, expect, it} from 'vitest';
import {defaultStopReason} from '../../source/store/actions/rules.js';
import {actionApp, type ActionApp} from './fixture.js';
import {confirmKeys} from '../tui/render-app.js';

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

		await app.confirm();
		await app.waitCalls('StopTask', 1);
		const stopped = await app.task('production', arn);
		expect(stopped.desiredStatus).toBe('STOPPED');
		await app.untilText(/stopped [0-9a-f]{12}/);
		// The row stays on screen while it stops, though ListTasks no longer lists it as RUNNING.
		expect(app.lines().find(l => l.includes(id))).toMatch(/STOPPED|STOPPING|DEACTIVATING|RUNNING/);
		for (let i = 0; i < 12; i++) {
			await app.sim.advance(10);
			await app.step(2000);
			// LAST is the column right after the id (DESIRED says STOPPED from the start).
			if (app.lines().some(l => new RegExp(`${id}\\s+STOPPED\\s`).test(l))) break;
		}
		expect(app.lines().find(l => l.includes(id))).toMatch(new RegExp(`${id}\\s+STOPPED\\s`));
		const final = await app.task('production', arn);
		expect(final.lastStatus).toBe('STOPPED');
		expect(final.stoppedReason).toBe(defaultStopReason());
		expect(final.stopCode).toBe('UserInitiated');
		expect(await app.calls('StopTask')).toBe(1);
	});

	it("follows the stopped task in its pane's own refreshes: no DescribeTasks of its own, STOPPED shown, then let go", async () => {
		const app = await webTasks();
		const id = app.selectedId();
		const arn = [...app.store.getSnapshot().tasks.keys()].find(a => a.includes(id))!;
		await app.press('x');
		await app.confirm();
		await app.waitCalls('StopTask', 1);
		await app.sim.resetStats();
		let shownStopped = 0;
		let said = false;
		let gone = false;
		for (let i = 0; i < 30 && !gone; i++) {
			await app.sim.advance(2);
			await app.step(2000);
			const row = app.lines().find(l => l.includes(id));
			// LAST and DESIRED both STOPPED.
			if (row && /\sSTOPPED\s+STOPPED\s/.test(row)) shownStopped++;
			said ||= app.frame().includes(`task STOPPED: ${id.slice(0, 12)}`);
			gone = row === undefined;
		}
		expect(gone).toBe(true);
		expect(shownStopped).toBeGreaterThanOrEqual(3);
		expect(said).toBe(true);
		// The follow-up rode in each refresh's DescribeTasks (a separate read cost one more per refresh).
		const calls = (await app.sim.stats()).calls;
		expect(calls.ListTasks).toBeGreaterThan(3);
		expect(calls.DescribeTasks).toBe(calls.ListTasks);
		expect(app.store.getSnapshot().tasks.has(arn)).toBe(false);
	});

	it('y in the chunk that opened the dialog is dropped; yy after it sends one StopTask', async () => {
		const app = await webTasks();
		await app.sim.resetStats();
		await app.press('xyy');
		await app.waitForText('Stop task');
		await app.step(1000);
		expect(await app.calls('StopTask')).toBe(0);
		await app.press('yy');
		await app.waitCalls('StopTask', 1);
		await app.step(1000);
		await app.press('y');
		await app.step(1000);
		expect(await app.calls('StopTask')).toBe(1);
		expect(new Set(app.audit().filter(a => a.operation === 'StopTask').map(a => a.id ?? a.time)).size).toBe(1);
	});

	it('a y within the guard time after the confirmation appeared is swallowed, never passed on', async () => {
		const app = await webTasks();
		await app.sim.resetStats();
		await app.press('x');
		await app.waitFor(f => expect(f).toMatch(confirmKeys));
		await app.press('y');
		await app.waitForText('y ignored');
		expect(app.frame()).toContain('Stop task');
		await app.step(1000);
		expect(await app.calls('StopTask')).toBe(0);
		await app.press('y');
		await app.waitCalls('StopTask', 1);
	});

	it('space marks rows (kept across refreshes); x stops every marked task, one call each; marks clear', async () => {
		const app = await webTasks();
		const ids = [app.selectedId()];
		await app.press(' ');
		ids.push(app.selectedId());
		await app.press(' ');
		await app.waitForText('[2 marked]');
		expect(app.lines().filter(l => /^[ >]\*/.test(l))).toHaveLength(2);
		// Refreshes and world changes keep the marks (by ARN).
		await app.sim.advance(5);
		await app.step(4000);
		expect(app.lines().filter(l => /^[ >]\*/.test(l)).map(l => l.slice(2).trim().split(/\s+/)[0])).toEqual(ids);
		await app.press('x');
		await app.waitForText('Stop 2 tasks?');
		expect(app.frame()).toContain('2 targets:');
		for (const id of ids) expect(app.frame()).toContain(id);
		await app.confirm();
		await app.waitCalls('StopTask', 2);
		await app.untilText(/stopped 2 tasks/);
		expect(app.frame()).not.toContain('marked]');
		expect(app.audit().filter(a => a.phase === 'intent').map(a => a.parameters.task.split('/').pop().slice(0, 12))).toEqual(expect.arrayContaining(ids));
	});

	it('e edits the reason, Enter returns to the confirmation, and the task carries it', async () => {
		const app = await webTasks();
		const id = app.selectedId();
		const arn = [...app.store.getSnapshot().tasks.keys()].find(a => a.includes(id))!;
		await app.press('x');
		await app.waitFor(f => expect(f).toMatch(confirmKeys));
		await app.press('e');
		await app.waitForText('Stop reason');
		await app.press('\u0015rolling the bad host INC-42\r');
		await app.waitForText('reason  rolling the bad host INC-42');
		await app.waitFor(f => expect(f).toMatch(confirmKeys));
		// Esc in the editor keeps the old reason.
		await app.press('ezzz\u001B');
		await app.waitForText('reason  rolling the bad host INC-42');
		await app.confirm();
		await app.waitCalls('StopTask', 1);
		expect((await app.task('production', arn)).stoppedReason).toBe('rolling the bad host INC-42');
	});

	it('n and Esc cancel: nothing is sent', async () => {
		const app = await webTasks();
		await app.press('x');
		await app.waitFor(f => expect(f).toMatch(confirmKeys));
		// n is never guarded: at once after the dialog appears, it cancels.
		await app.press('n');
		await app.waitForText('cancelled: nothing was sent');
		await app.press('x\u001B');
		await app.waitFor(f => expect(f).not.toContain('Stop task'));
		await app.step(500);
		expect(await app.calls('StopTask')).toBe(0);
		expect(app.audit()).toEqual([]);
	});

	it('AccessDenied is shown plainly; the other marked tasks are not sent; the audit log has the error', async () => {
		const app = await webTasks();
		await app.sim.faults({deny: {StopTask: 'AccessDeniedException'}});
		await app.press('   ');
		await app.press('x');
		await app.waitForText('Stop 3 tasks?');
		await app.confirm();
		await app.waitForText('NOT done: stop');
		const frame = app.frame();
		expect(frame).toMatch(/access denied.*not authorized to perform: ecs:StopTask/);
		expect(frame).toMatch(/NOT done: 2 tasks not sent, after the error above/);
		expect(await app.calls('StopTask')).toBe(1);
		expect((await app.sim.stats()).errors.StopTask).toBe(1);
		const audit = app.audit();
		expect(audit.map(a => a.phase)).toEqual(['intent', 'result']);
		expect(audit[1]!.error).toMatchObject({name: 'AccessDeniedException', outcome: 'not done'});
		// The marks stay, ready for another try once the permission is fixed.
		await app.press('\r');
		await app.waitForText('[3 marked]');
	});
});
