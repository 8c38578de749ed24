// --read-only: the dangerous keys are gone (keymap, hint bar, help) and no code path can send a
// mutation: the TUI's keys, the action layer and the API layer itself are all tried against the
// simulator, whose call counts prove that nothing arrived.
import {afterEach, describe, expect, it} from 'vitest';
import {ReadOnlyError} from '../../source/aws/errors.js';
import {redeployService, scaleService, setInstancesState, stopTasks} from '../../source/store/actions/actions.js';
import {memoryAuditLog} from '../../source/store/actions/audit.js';
import {apiFor} from '../helpers/api.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {actionApp, type ActionApp} from './fixture.js';

const mutations = ['StopTask', 'UpdateService', 'UpdateContainerInstancesState'];
const sent = async (sim: TestSim) => {
	const {calls} = await sim.stats();
	return Object.fromEntries(mutations.map(m => [m, calls[m] ?? 0]));
};
const none = {StopTask: 0, UpdateService: 0, UpdateContainerInstancesState: 0};

let t: ActionApp | undefined;
let sim: TestSim | undefined;
afterEach(async () => {
	await t?.close();
	await sim?.close();
	t = undefined;
	sim = undefined;
});

describe('--read-only', () => {
	it('the TUI has no dangerous keys: not in the hint bar or help, and pressing them sends nothing', async () => {
		t = await actionApp({app: {cluster: 'production', readOnly: true}});
		await t.untilText(/^> /m);
		const hints = () => t!.lines().at(-1)!;
		expect(hints()).not.toMatch(/s scale|R redeploy/);
		await t.press('s');
		await t.press('R');
		await t.press('?');
		await t.waitForText('Keys: services (read-only)');
		expect(t.frame()).not.toMatch(/scale the service|force a new deployment/);
		await t.press('q');
		await t.waitFor(f => expect(f).not.toContain('Keys: services'));
		await t.press('i');
		await t.untilText(/^> \S+ +i-/m);
		expect(hints()).not.toMatch(/D drain|A activate/);
		await t.press('D');
		await t.press('A');
		await t.press('y');
		await t.press('\u001B');
		await t.untilText(/^SERVICES/m);
		await t.press('\r');
		await t.untilText(/^> .*RUNNING/m);
		expect(hints()).not.toMatch(/x stop/);
		await t.press('x');
		// Said out loud, as k9s does, not silently ignored.
		await t.waitForText('read-only: x (stop) is disabled');
		await t.press('y');
		await t.step(500);
		expect(t.frame()).not.toMatch(/Stop task|Scale |Drain |Activate |Force a new/);
		expect(await sent(t.sim)).toEqual(none);
		expect(t.audit()).toEqual([]);
	});

	it('the API layer refuses every mutation before any request (called directly)', async () => {
		sim = await startTestSim();
		const api = apiFor(sim.endpoint, {readOnly: true});
		const [task] = await api.listTaskArns('production');
		const [instance] = await api.listContainerInstanceArns('production');
		await expect(api.stopTask('production', task!, 'x')).rejects.toBeInstanceOf(ReadOnlyError);
		await expect(api.updateService('production', 'web', {desiredCount: 1})).rejects.toBeInstanceOf(ReadOnlyError);
		await expect(api.updateService('production', 'web', {forceNewDeployment: true})).rejects.toBeInstanceOf(ReadOnlyError);
		await expect(api.updateContainerInstancesState('production', [instance!], 'DRAINING')).rejects.toBeInstanceOf(ReadOnlyError);
		expect(await sent(sim)).toEqual(none);
		// The reads did arrive: the counts above would have seen a mutation.
		expect((await sim.stats()).calls.ListTasks).toBe(1);
	});

	it('the action layer on a read-only client reports that nothing was sent, and audits nothing', async () => {
		sim = await startTestSim();
		const api = apiFor(sim.endpoint, {readOnly: true});
		const audit = memoryAuditLog();
		const deps = {api, audit, where: {cluster: 'production'}};
		const tasks = (await api.describeTasks('production', await api.listTaskArns('production'))).items;
		const [service] = (await api.describeServices('production', ['web'])).items;
		const instances = (await api.describeContainerInstances('production', await api.listContainerInstanceArns('production'))).items;
		for (const result of [
			await stopTasks(deps, tasks.slice(0, 3), 'x'),
			await scaleService(deps, service!, 9),
			await redeployService(deps, service!),
			await setInstancesState(deps, instances, 'DRAINING'),
		]) {
			expect(result.ok).toBe(false);
			expect(result.calls).toBe(0);
			expect(result.done).toEqual([]);
			expect(result.summary).toContain('read-only mode');
		}
		expect(await sent(sim)).toEqual(none);
		expect(audit.entries).toEqual([]);
	});
});
