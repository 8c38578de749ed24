// A service's tasks pane against moto, which ignores ListTasks' serviceName filter and lists the
// whole cluster: the pane keeps only the tasks in the service's group (`service:NAME`, as ECS
// sets it). Skipped, with the reason printed, when moto is not installed.
import {CreateClusterCommand, ECSClient, RegisterContainerInstanceCommand, RegisterTaskDefinitionCommand, RunTaskCommand} from '@aws-sdk/client-ecs';
import {cleanup} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCaptured} from '../helpers/run-command.js';
import {runGet} from '../../source/commands/get.js';
import {instanceIdentityDocument, type Moto, motoAvailable, motoRunInstance, startMoto} from '../helpers/moto.js';
import {layerFor} from '../store/layer-fixture.js';
import type {Fixture} from '../aws/sim-fixture.js';
import {renderApp} from '../tui/render-app.js';

const available = motoAvailable();
if (!available.ok) console.warn(`[skip] service tasks against moto: ${available.reason}`);

describe.skipIf(!available.ok)("a service's tasks against moto", () => {
	let moto: Moto;
	let raw: ECSClient;
	const ids: {web: string[]; api: string[]} = {web: [], api: []};

	beforeAll(async () => {
		moto = await startMoto();
		raw = new ECSClient({endpoint: moto.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}});
		// aws ecs create-cluster --cluster-name m
		await raw.send(new CreateClusterCommand({clusterName: 'm'}));
		const instance = await motoRunInstance(moto.endpoint);
		await raw.send(new RegisterContainerInstanceCommand({cluster: 'm', instanceIdentityDocument: instanceIdentityDocument(instance)}));
		await raw.send(new RegisterTaskDefinitionCommand({family: 'app', networkMode: 'bridge', containerDefinitions: [{name: 'app', image: 'nginx:1.27', cpu: 64, memory: 128}]}));
		// Tasks as a service's scheduler starts them (group service:NAME), for two services.
		for (const [service, count] of [['web', 2], ['api', 1]] as const) {
			// aws ecs run-task --cluster m --task-definition app --group service:NAME --count N
			const run = await raw.send(new RunTaskCommand({cluster: 'm', taskDefinition: 'app', launchType: 'EC2', count, group: `service:${service}`}));
			ids[service] = run.tasks!.map(t => t.taskArn!.split('/').at(-1)!.slice(0, 12));
		}
	}, 60_000);

	afterAll(async () => {
		cleanup();
		raw?.destroy();
		await moto?.close();
	});

	it('--cluster m --service web lists web tasks only, though moto lists all three', async () => {
		const layer = layerFor({endpoint: moto.endpoint} as Fixture);
		try {
			// moto's answer for serviceName=web: the whole cluster (what this test guards against).
			expect(await layer.api.listTaskArns('m', {serviceName: 'web'})).toHaveLength(3);
			const app = renderApp({store: layer.store, poller: layer.poller, api: layer.api, cluster: 'm', service: 'web', rows: 30, columns: 140, now: layer.clock.now});
			for (let i = 0; i < 20 && !app.frame().includes(ids.web[0]!); i++) await layer.step(500);
			await app.waitFor(f => {
				for (const id of ids.web) expect(f).toContain(id);
			});
			expect(app.frame()).not.toContain(ids.api[0]!);
			expect(app.frame()).toMatch(/^TASKS .*web/m);
		} finally {
			layer.poller.stop();
		}
	});

	it('get tasks --service web --json lists web tasks only', async () => {
		const {code, out} = await runCaptured(runGet, ['get', 'tasks', '--cluster', 'm', '--service', 'web', '--json'], moto.endpoint);
		expect(code).toBe(0);
		const groups = (JSON.parse(out) as Array<{group?: string}>).map(t => t.group);
		expect(groups).toEqual(['service:web', 'service:web']);
	});
});
