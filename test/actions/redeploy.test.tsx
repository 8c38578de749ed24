// `R`: UpdateService forceNewDeployment through the keys against the simulator: a new PRIMARY
// deployment rolls out, and a lost answer is never retried (a retry could start a second one).
import {afterEach, describe, expect, it} from 'vitest';
import {productionServices, type ActionApp} from './fixture.js';

let t: ActionApp | undefined;
afterEach(async () => {
	await t?.close();
	t = undefined;
});

async function services(name: string) {
	return (t = await productionServices(name));
}

describe('force a new deployment (R)', () => {
	it('R y starts one new deployment; the rollout completes and the status line says so', async () => {
		const app = await services('worker');
		const before = await app.service('production', 'worker');
		expect(before.deployments).toHaveLength(1);
		await app.press('R');
		await app.waitForText('Force a new deployment of worker?');
		expect(app.frame()).toMatch(/account \d{12} +region us-east-1 +cluster production/);
		expect(app.frame()).toContain('UpdateService forceNewDeployment=true (sent once');
		await app.confirm();
		await app.waitCalls('UpdateService', 1);
		const after = await app.service('production', 'worker');
		expect(after.deployments).toHaveLength(2);
		const primary = after.deployments!.find(d => d.status === 'PRIMARY')!;
		expect(primary.id).not.toBe(before.deployments![0]!.id);
		expect(primary.rolloutState).toBe('IN_PROGRESS');
		await app.untilText(/worker +ACTIVE .*IN_PROGRESS/);
		for (let i = 0; i < 30 && (await app.service('production', 'worker')).deployments!.length > 1; i++) {
			await app.sim.advance(10);
			await app.step(2000);
		}
		await app.untilText('worker: the new deployment COMPLETED');
		expect(app.frame()).toMatch(/worker +ACTIVE .*COMPLETED/);
		expect(await app.calls('UpdateService')).toBe(1);
		expect(app.audit()).toMatchObject([{phase: 'intent', operation: 'UpdateService', parameters: {service: 'worker', forceNewDeployment: true}}, {phase: 'result', result: {deployments: [{status: 'PRIMARY', rolloutState: 'IN_PROGRESS'}, {status: 'ACTIVE'}]}}]);
	});

	it('a server error is not retried: one call, and the outcome is reported as unknown', async () => {
		const app = await services('worker');
		await app.press('R');
		await app.waitForText('Force a new deployment of worker?');
		await app.sim.faults({errorRate: 1});
		await app.confirm();
		await app.waitForText('UpdateService sent, answer lost');
		expect(app.frame()).toContain('outcome unknown');
		expect(await app.calls('UpdateService')).toBe(1);
		await app.sim.faults({});
		expect(app.audit()).toMatchObject([{phase: 'intent', operation: 'UpdateService'}, {phase: 'result', error: {name: 'ServerError', outcome: 'unknown'}}]);
	});
});
