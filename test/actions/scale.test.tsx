// `s`: the number field, its refusals (nothing sent), the confirmation, UpdateService
// desiredCount, and the counts converging; plus a service deleted under the dialog.
import {afterEach, describe, expect, it} from 'vitest';
import {productionServices, type ActionApp} from './fixture.js';

let t: ActionApp | undefined;
afterEach(async () => {
	await t?.close();
	t = undefined;
});

async function services(name = 'web') {
	return (t = await productionServices(name));
}

describe('scale a service (s)', () => {
	it('s 8 Enter y sets desiredCount 8, then runningCount follows', async () => {
		const app = await services('worker');
		const before = await app.service('production', 'worker');
		expect(before.desiredCount).toBe(3);
		await app.press('s');
		await app.waitForText('new desired count:');
		expect(app.frame()).toMatch(/desired 3 +running 3 +pending 0/);
		await app.press('8');
		await app.press('\r');
		await app.waitForText('Scale worker to 8?');
		const dialog = app.frame();
		expect(dialog).toMatch(/account \d{12} +region us-east-1 +cluster production/);
		expect(dialog).toContain('UpdateService desiredCount=8');
		expect(dialog).toContain('desired 3 → 8: ECS starts 5 tasks');
		expect(await app.calls('UpdateService')).toBe(0);
		await app.confirm();
		await app.waitCalls('UpdateService', 1);
		expect((await app.service('production', 'worker')).desiredCount).toBe(8);
		await app.untilText(/scaled worker: desired 3 → 8/);
		for (let i = 0; i < 20 && (await app.service('production', 'worker')).runningCount !== 8; i++) {
			await app.sim.advance(10);
			await app.step(2000);
		}
		expect((await app.service('production', 'worker')).runningCount).toBe(8);
		await app.untilText(/worker +ACTIVE +8 +8 +0/);
		expect(await app.calls('UpdateService')).toBe(1);
	});

	it('refuses negative, letters, 5001 and empty in the field, and sends nothing', async () => {
		const app = await services('worker');
		await app.press('s');
		await app.waitForText('new desired count:');
		await app.press('\r');
		await app.waitForText('enter the new desired count');
		await app.press('abc');
		await app.waitForText('digits only ("c" ignored)');
		expect(app.frame()).toMatch(/new desired count:\s*$/m);
		await app.press('-3\r');
		await app.waitForText('a desired count cannot be negative');
		await app.press('\u007F\u007F5001\r');
		await app.waitForText("at most 5000 (ECS's tasks-per-service quota)");
		await app.press('\u007F\u007F\u007F\u007F2.5\r');
		await app.waitForText('a desired count is a whole number');
		// Still in the field: a `y` is just a refused key, never a confirmation.
		await app.press('y');
		await app.waitForText('digits only ("y" ignored)');
		await app.press('\u001B');
		await app.waitForText('cancelled: nothing was sent');
		expect(app.frame()).not.toContain('new desired count:');
		expect(await app.calls('UpdateService')).toBe(0);
		expect((await app.service('production', 'worker')).desiredCount).toBe(3);
		expect(app.audit()).toEqual([]);
	});

	it('n and Esc at the confirmation send nothing', async () => {
		const app = await services('worker');
		await app.press('s5\r');
		await app.waitForText('Scale worker to 5?');
		await app.press('n');
		await app.waitForText('cancelled: nothing was sent');
		await app.press('s5\r');
		await app.waitForText('Scale worker to 5?');
		await app.press('\u001B');
		await app.waitFor(f => expect(f).not.toContain('Scale worker'));
		await app.step(500);
		expect(await app.calls('UpdateService')).toBe(0);
	});

	it('a service made inactive under the dialog: ServiceNotActiveException is shown, nothing changed', async () => {
		const app = await services('worker');
		await app.press('s6\r');
		await app.waitForText('Scale worker to 6?');
		app.sim.sim.world.scheduler.deleteService(app.sim.sim.world.clusters.get('production')!.services.get('worker')!);
		await app.confirm();
		await app.waitCalls('UpdateService', 1);
		await app.waitForText('NOT done: scale worker (desired 3 → 6): the service is not ACTIVE (ServiceNotActiveException)');
		expect(app.frame()).toContain('Enter or Esc closes');
		await app.press('\r');
		await app.waitFor(f => expect(f).not.toContain('Enter or Esc closes'));
		const audit = app.audit();
		expect(audit).toMatchObject([{phase: 'intent', operation: 'UpdateService', cluster: 'production', parameters: {service: 'worker', desiredCount: 6}}, {phase: 'result', error: {name: 'ServiceNotActiveException', outcome: 'not done'}}]);
	});
});
