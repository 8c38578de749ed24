// `D` and `A`: drain and activate container instances through the keys against the simulator:
// the confirmation's warnings, the state change, the service tasks moving away, a partial failure.
import {UpdateServiceCommand} from '@aws-sdk/client-ecs';
import {afterEach, describe, expect, it} from 'vitest';
import {actionApp, type ActionApp} from './fixture.js';
import {confirmKeys} from '../tui/render-app.js';

let t: ActionApp | undefined;
afterEach(async () => {
	await t?.close();
	t = undefined;
});

async function instancesOf(cluster: string) {
	t = await actionApp({app: {cluster}});
	await t.untilText(/^> /m);
	await t.press('i');
	await t.untilText(/^INSTANCES/m);
	await t.untilText(/^> \S+ +i-/m);
	return t;
}

const ec2Id = (line: string) => /\bi-[0-9a-f]+/.exec(line)?.[0] ?? '';

describe('drain and activate instances (D, A)', () => {
	it('D y drains the selected instance: DRAINING, its service tasks replaced elsewhere, running tasks to 0', async () => {
		const app = await instancesOf('production');
		// api's static host port keeps one task per instance: with 2 of them, one can always move.
		await app.sim.client.send(new UpdateServiceCommand({cluster: 'production', service: 'api', desiredCount: 2}));
		await app.sim.advance(120);
		await app.step(2000);
		for (let i = 0; i < 5 && !/ACTIVE/.test(app.selectedLine()); i++) await app.press('j');
		const id = ec2Id(app.selectedLine());
		const instance = (await app.instances('production')).find(i => i.ec2InstanceId === id)!;
		const before = await app.tasksOn('production', instance.containerInstanceArn!);
		expect(before.length).toBeGreaterThan(0);
		await app.press('D');
		await app.waitForText(`Drain ${id}?`);
		expect(app.frame()).toMatch(/account \d{12} +region us-east-1 +cluster production/);
		expect(app.frame()).toContain('UpdateContainerInstancesState status=DRAINING, 1 call (10 instances per call)');
		await app.waitForText('checked the tasks on them: no standalone task, room elsewhere for every service task');
		await app.confirm();
		await app.waitCalls('UpdateContainerInstancesState', 1);
		expect((await app.instances('production')).find(i => i.ec2InstanceId === id)!.status).toBe('DRAINING');
		await app.untilText(new RegExp(`${id} +DRAINING`));
		for (let i = 0; i < 30 && (await app.tasksOn('production', instance.containerInstanceArn!)).length > 0; i++) {
			await app.sim.advance(10);
			await app.step(2000);
		}
		expect(await app.tasksOn('production', instance.containerInstanceArn!)).toEqual([]);
		// The web service is whole again, on the other instances.
		for (const name of ['web', 'api', 'worker']) {
			const service = await app.service('production', name);
			expect(service.runningCount, name).toBe(service.desiredCount);
		}
		// A drained instance (DRAINING with nothing left on it) keeps ECS's status, DRAINING (ECS has
		// no DRAINED: a /DRAINING filter must find it), and NOTE says it is drained.
		await app.untilText(new RegExp(`${id} +DRAINING +yes +0 +0 .* drained *$`, 'm'));
		expect(app.frame()).not.toContain('DRAINED');
		await app.untilText(`drained: ${id} (no tasks left)`);
		expect(await app.calls('UpdateContainerInstancesState')).toBe(1);
		expect(app.audit()).toMatchObject([{phase: 'intent', operation: 'UpdateContainerInstancesState', parameters: {status: 'DRAINING', containerInstances: [instance.containerInstanceArn]}}, {phase: 'result'}]);
	});

	it('A y activates a draining instance', async () => {
		const app = await instancesOf('production');
		for (let i = 0; i < 5 && !/DRAINING/.test(app.selectedLine()); i++) await app.press('j');
		const id = ec2Id(app.selectedLine());
		await app.press('A');
		await app.waitForText(`Activate ${id}?`);
		expect(app.frame()).toContain('UpdateContainerInstancesState status=ACTIVE');
		await app.confirm();
		await app.waitCalls('UpdateContainerInstancesState', 1);
		expect((await app.instances('production')).find(i => i.ec2InstanceId === id)!.status).toBe('ACTIVE');
		await app.untilText(new RegExp(`${id} +ACTIVE`));
		// Already ACTIVE: nothing to send.
		await app.press('A');
		await app.waitForText(`nothing to change: ${id} already ACTIVE`);
		expect(await app.calls('UpdateContainerInstancesState')).toBe(1);
	});

	it('warns about standalone tasks and a min-100% service with no room elsewhere, before anything is sent', async () => {
		const app = await instancesOf('data');
		const connected = app.lines().filter(l => /ACTIVE +yes/.test(l)).map(ec2Id);
		expect(connected).toHaveLength(2);
		for (let i = 0; i < 3; i++) {
			if (connected.includes(ec2Id(app.selectedLine()))) await app.press(' ');
			else await app.press('j');
		}
		await app.waitForText('[2 marked]');
		await app.press('D');
		await app.waitForText('Drain 2 instances?');
		await app.waitForText('standalone task will NOT move');
		const frame = app.frame();
		expect(frame).toMatch(/1 standalone task will NOT move .*started by airflow/);
		expect(frame).toContain('ingest: minimumHealthyPercent 100 and room elsewhere for 0 of its 2 tasks');
		expect(frame).toContain('no other ACTIVE instance with a connected agent');
		await app.press('n');
		await app.waitForText('cancelled: nothing was sent');
		expect(await app.calls('UpdateContainerInstancesState')).toBe(0);
	});

	it('a partial failure says which instance changed and which did not (failures[] MISSING)', async () => {
		const app = await instancesOf('data');
		await app.press('   ');
		await app.waitForText('[3 marked]');
		await app.press('D');
		await app.waitForText('Drain 3 instances?');
		await app.waitFor(f => expect(f).toMatch(confirmKeys));
		// One instance is deregistered after the confirmation re-read them: ECS answers with a
		// MISSING failure for it.
		const cluster = app.sim.sim.world.clusters.get('data')!;
		const gone = [...cluster.instances.values()].find(i => !i.agentConnected)!;
		cluster.instances.delete(gone.id);
		cluster.instanceList.remove(gone);
		await app.confirm();
		await app.waitForText('NOT done: drain');
		const frame = app.frame();
		expect(frame).toMatch(new RegExp(`NOT done: drain ${gone.ec2InstanceId}: MISSING: not registered in this cluster any more`));
		expect(frame).toMatch(/done: draining 2 instances \(i-/);
		expect(frame).toMatch(/partly done: draining 2 of 3 instances; NOT done: i-/);
		expect(await app.calls('UpdateContainerInstancesState')).toBe(1);
		expect((await app.instances('data')).map(i => i.status)).toEqual(['DRAINING', 'DRAINING']);
		// What failed stays marked.
		await app.press('\u001B');
		await app.waitForText('[1 marked]');
	});
});
