// What the dangerous keys refuse before any dialog, with the reason in the status line: scaling a
// DAEMON service, redeploying a service another controller owns, acting on a service that is not
// ACTIVE, stopping what is already stopping. Against a fake store (the simulator has no DAEMON or
// CODE_DEPLOY services) and an EcsApi that counts mutations.
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {EcsApi} from '../../source/aws/ecs-api.js';
import {fakeData, makeService, makeTask} from '../tui/fake-data.js';
import {renderApp, tick} from '../tui/render-app.js';

afterEach(() => cleanup());

function countingApi() {
	const calls: string[] = [];
	const api = {
		stopTask: async () => {
			calls.push('StopTask');
			throw new Error('not expected');
		},
		updateService: async () => {
			calls.push('UpdateService');
			throw new Error('not expected');
		},
		updateContainerInstancesState: async () => {
			calls.push('UpdateContainerInstancesState');
			throw new Error('not expected');
		},
	} as unknown as EcsApi;
	return {api, calls};
}

async function servicesApp(services: ReturnType<typeof makeService>[]) {
	const data = fakeData();
	data.setScope({kind: 'services', cluster: 'prod'}, services);
	const {api, calls} = countingApi();
	const app = renderApp({store: data.store, poller: data.poller, api, cluster: 'prod', rows: 30, columns: 140});
	await tick();
	await app.waitForText(services[0]!.serviceName);
	return {app, calls, data};
}

describe('refusals', () => {
	it('s on a DAEMON service says why and opens nothing', async () => {
		const {app, calls} = await servicesApp([makeService('prod', 'agent', {schedulingStrategy: 'DAEMON'})]);
		await app.press('s');
		await app.waitForText('agent is a DAEMON service: ECS runs one task on each instance, there is no desired count to set');
		// What a user would have typed next reaches no dialog: there is none (y on a pane copies, never confirms).
		await app.press('8\ry');
		expect(app.frame()).not.toContain('new desired count');
		expect(calls).toEqual([]);
	});

	it('R on a CODE_DEPLOY or EXTERNAL service says why; s still scales it (every controller takes a desired count)', async () => {
		const {app, calls} = await servicesApp([
			makeService('prod', 'bluegreen', {deploymentController: {type: 'CODE_DEPLOY'}}),
			makeService('prod', 'external', {deploymentController: {type: 'EXTERNAL'}}),
		]);
		await app.press('R');
		await app.waitForText('bluegreen uses the CODE_DEPLOY deployment controller: a new deployment has to come from CodeDeploy');
		await app.press('y');
		await app.press('jR');
		await app.waitForText('external uses the EXTERNAL deployment controller');
		expect(calls).toEqual([]);
		await app.press('s');
		await app.waitForText('Scale service external');
	});

	it('a DRAINING service is refused for s and R', async () => {
		const {app, calls} = await servicesApp([makeService('prod', 'old', {status: 'DRAINING'})]);
		await app.press('s');
		await app.waitForText('old is DRAINING: ECS does not update a service that is not ACTIVE');
		await app.press('R');
		await app.waitForText('old is DRAINING');
		expect(calls).toEqual([]);
	});

	it('x on a task already stopping sends nothing', async () => {
		const data = fakeData();
		data.setScope({kind: 'tasks', cluster: 'prod', service: 'web'}, [makeTask('prod', 'aaaaaaaaaaaa1', {desiredStatus: 'STOPPED', lastStatus: 'DEACTIVATING'})]);
		const {api, calls} = countingApi();
		const app = renderApp({store: data.store, poller: data.poller, api, cluster: 'prod', service: 'web', rows: 30, columns: 140});
		await tick();
		await app.waitForText('aaaaaaaaaaaa');
		await app.press('x');
		await app.waitForText('nothing to stop: aaaaaaaaaaaa already stopping (DEACTIVATING)');
		await app.press('y');
		expect(calls).toEqual([]);
	});
});
