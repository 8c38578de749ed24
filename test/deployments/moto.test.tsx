// Deployments against moto, which implements neither ListServiceDeployments nor
// DescribeServiceDeployments (it answers them with an HTML page and HTTP 500): the pane says the
// call is not supported by this endpoint and does not ask again on its own, `get deployments`
// says so in one line (exit 1), a service's describe view says so in its history, and everything
// else keeps working — the services pane refreshes, and U deploys a revision (UpdateService, which
// moto has). Skipped, with the reason printed, when moto is not installed.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {CreateClusterCommand, CreateServiceCommand, DescribeServicesCommand, ECSClient, RegisterTaskDefinitionCommand} from '@aws-sdk/client-ecs';
import {cleanup} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {UserError} from '../../source/cli-args.js';
import {runGet} from '../../source/commands/get.js';
import {runCaptured} from '../helpers/run-command.js';
import {type Moto, motoAvailable, startMoto} from '../helpers/moto.js';
import {layerFor} from '../store/layer-fixture.js';
import type {Fixture} from '../aws/sim-fixture.js';
import {keys, renderApp, tick} from '../tui/render-app.js';
import {firstCells} from '../views/app.js';

const available = motoAvailable();
if (!available.ok) console.warn(`[skip] deployments against moto: ${available.reason}`);

const unsupported = 'ListServiceDeployments is not supported by this endpoint (HTTP 500, an HTML page)';

describe.skipIf(!available.ok)('deployments against moto', () => {
	let moto: Moto;
	let raw: ECSClient;
	let state: string;

	beforeAll(async () => {
		moto = await startMoto();
		state = mkdtempSync(path.join(tmpdir(), 'ecs-top-moto-deploy-'));
		raw = new ECSClient({endpoint: moto.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}});
		// aws ecs create-cluster --cluster-name m
		await raw.send(new CreateClusterCommand({clusterName: 'm'}));
		for (const image of ['nginx:1.26', 'nginx:1.27']) {
			// aws ecs register-task-definition --family web --container-definitions '[{"name":"web","image":…}]'
			await raw.send(new RegisterTaskDefinitionCommand({family: 'web', networkMode: 'bridge', containerDefinitions: [{name: 'web', image, cpu: 64, memory: 128}]}));
		}
		// aws ecs create-service --cluster m --service-name web --task-definition web:1 --desired-count 0
		await raw.send(new CreateServiceCommand({cluster: 'm', serviceName: 'web', taskDefinition: 'web:1', desiredCount: 0, launchType: 'EC2'}));
	}, 60_000);

	afterAll(async () => {
		cleanup();
		raw?.destroy();
		await moto?.close();
		rmSync(state, {recursive: true, force: true});
	});

	it('the pane says the call is not supported here, asks no more on its own; the rest keeps working, U included', async () => {
		process.env.XDG_STATE_HOME = state;
		const layer = layerFor({endpoint: moto.endpoint} as Fixture);
		const app = renderApp({store: layer.store, poller: layer.poller, api: layer.api, cluster: 'm', rows: 30, columns: 160, now: layer.clock.now});
		const calls = async (operation: string) => (await moto.recordedRequests()).filter(r => r.operation === operation).length;
		try {
			for (let i = 0; i < 20 && !firstCells(app.frame()).includes('web'); i++) await layer.step(500);
			await app.waitFor(f => expect(firstCells(f)).toContain('web'));
			await moto.startRecording();
			await app.press('p');
			await app.waitFor(f => expect(f).toContain(`${unsupported}: no deployments to show; the rest works (Esc goes back)`));
			expect(app.frame()).toMatch(/^DEPLOYMENTS {2}clusters › m › web › deployments/m);
			const asked = await calls('ListServiceDeployments');
			expect(asked).toBeGreaterThanOrEqual(1);
			// The service keeps refreshing under the pane; the deployments are not asked for again.
			const describes = await calls('DescribeServices');
			await layer.step(6000);
			expect(await calls('DescribeServices')).toBeGreaterThan(describes);
			expect(await calls('ListServiceDeployments')).toBe(asked);
			expect(app.frame()).toMatch(/API ok/);

			// Back on the services pane, d describes the service; its history says the same.
			await app.press(keys.escape);
			await app.waitFor(f => expect(f).toMatch(/^SERVICES/m));
			await app.press('d');
			await app.waitFor(f => expect(f).toContain(`could not read: ${unsupported}`));
			await app.press(keys.escape);

			// U on a revision still deploys it: UpdateService is one moto has.
			await app.press(':td' + keys.enter);
			for (let i = 0; i < 20 && !firstCells(app.frame()).includes('web'); i++) await layer.step(250);
			await app.waitFor(f => expect(firstCells(f)).toContain('web'));
			await app.press('g' + keys.enter);
			await app.waitFor(f => expect(firstCells(f)).toEqual(['web:2', 'web:1']));
			await app.press('U');
			await app.waitFor(f => expect(f).toContain('Deploy web:2 to web?'));
			await app.waitFor(f => expect(f).toMatch(/^diff {4}web:1 \(runs now\) → web:2 \(to deploy\): 1 field changed$/m));
			expect(app.frame()).toMatch(/^ {2}\+ containers\.web\.image +nginx:1\.27$/m);
			// The confirmation's guard time passes on the app's (stepped) clock.
			await app.confirm(async ms => {
				await layer.clock.advance(ms);
				await tick();
			});
			await app.waitFor(f => expect(f).toContain('done: deployed web: a new deployment of web:2 started (from web:1)'));
			const [service] = (await raw.send(new DescribeServicesCommand({cluster: 'm', services: ['web']}))).services!;
			expect(service!.taskDefinition).toMatch(/task-definition\/web:2$/);
		} finally {
			await moto.stopRecording();
			app.unmount();
			layer.poller.stop();
			delete process.env.XDG_STATE_HOME;
		}
	});

	it('get deployments: one line saying so, exit 1', async () => {
		await expect(runCaptured(runGet, ['get', 'deployments', '--cluster', 'm', '--service', 'web', '--json'], moto.endpoint)).rejects.toThrow(UserError);
		await expect(runCaptured(runGet, ['get', 'deployments', '--cluster', 'm', '--service', 'web'], moto.endpoint)).rejects.toThrow(unsupported);
		// get services still answers.
		const {code, out} = await runCaptured(runGet, ['get', 'services', '--cluster', 'm'], moto.endpoint);
		expect(code).toBe(0);
		expect(out).toMatch(/^ *web +ACTIVE/m);
	});
});
