// The data and action layers of deployments against the simulator's demo world (staging's cart
// has a failing deployment cart:2 → cart:3 IN_PROGRESS): the read (newest first, revisions
// resolved once a session), what B and U may do (pure rules), the rollback and the revision
// deployment through the mutation path (audited, sent once, a lost answer reported as unknown
// with what ECS shows now, read-only refusing).
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {Service, ServiceDeployment} from '../../source/domain.js';
import {deployRevision, rollBackDeployment} from '../../source/store/actions/actions.js';
import {fileAuditLog} from '../../source/store/actions/audit.js';
import {deployRefusal, rollbackOf} from '../../source/store/actions/rules.js';
import {DeploymentsFeed, readDeployments} from '../../source/store/deployments.js';
import {apiFor} from '../helpers/api.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {socketHangUp, wiredApi} from '../actions/wire.js';
import type {Fixture} from '../aws/sim-fixture.js';
import {layerFor} from '../store/layer-fixture.js';

let sim: TestSim;
let dir: string;
let auditFile: string;
beforeEach(async () => {
	sim = await startTestSim({seed: 1});
	dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-deploy-'));
	auditFile = path.join(dir, 'audit.jsonl');
});
afterEach(async () => {
	await sim.close();
	rmSync(dir, {recursive: true, force: true});
});

const lines = () => readFileSync(auditFile, 'utf8').trim().split('\n').map(l => JSON.parse(l) as Record<string, any>);
const calls = async (operation: string) => (await sim.stats()).calls[operation] ?? 0;
const name = (arn: string | undefined) => arn?.split('/').at(-1);
const where = {cluster: 'staging'};

async function cart(api = apiFor(sim.endpoint)): Promise<Service> {
	return (await api.describeServices('staging', ['cart'])).items[0]!;
}

describe('reading deployments', () => {
	it('lists newest first with every revision as family:revision, DescribeServiceRevisions once per revision', async () => {
		const api = apiFor(sim.endpoint);
		sim.sim.advance(20);
		const first = await readDeployments(api, 'staging', 'cart');
		expect(first.listed).toBe(3);
		expect(first.items.map(d => [d.status, name(d.targetServiceRevision?.taskDefinition), d.sourceServiceRevisions?.map(r => name(r.taskDefinition))])).toEqual([
			['IN_PROGRESS', 'cart:3', ['cart:2']],
			['SUCCESSFUL', 'cart:2', ['cart:1']],
			['SUCCESSFUL', 'cart:1', []],
		]);
		expect(first.items[0]).toMatchObject({deploymentConfiguration: {minimumHealthyPercent: 100, maximumPercent: 200, deploymentCircuitBreaker: {enable: false, rollback: false}}, deploymentCircuitBreaker: {status: 'DISABLED'}, alarms: {status: 'DISABLED'}});
		expect(await calls('DescribeServiceRevisions')).toBe(1);
		await readDeployments(api, 'staging', 'cart');
		expect(await calls('DescribeServiceRevisions')).toBe(1);
		// A limit describes only the newest.
		const one = await readDeployments(api, 'staging', 'cart', {limit: 1});
		expect(one).toMatchObject({listed: 3, items: [{status: 'IN_PROGRESS'}]});
	});
});

function service(overrides: Partial<Service> = {}): Service {
	return {
		serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/staging/cart', serviceName: 'cart', clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/staging',
		status: 'ACTIVE', desiredCount: 2, runningCount: 2, pendingCount: 0, taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/cart:3',
		deployments: [], events: [], loadBalancers: [], placementStrategy: [], placementConstraints: [], ...overrides,
	};
}

const td = (n: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/cart:${n}`;
function deployment(status: string, target = 3, sources = [2], rollback?: ServiceDeployment['rollback']): ServiceDeployment {
	return {
		serviceDeploymentArn: `arn:aws:ecs:us-east-1:123456789012:service-deployment/staging/cart/${status}-${target}`, status,
		targetServiceRevision: {arn: `rev-${target}`, taskDefinition: td(target)},
		sourceServiceRevisions: sources.map(n => ({arn: `rev-${n}`, taskDefinition: td(n)})), rollback,
	};
}

describe('what B and U may do', () => {
	it('B: in progress is a rollback; finished goes back by deploying the revision before, while it runs', () => {
		expect(rollbackOf(service(), deployment('IN_PROGRESS'))).toMatchObject({kind: 'stop', sources: [{taskDefinition: td(2)}]});
		expect(rollbackOf(service(), deployment('PENDING'))).toMatchObject({kind: 'stop'});
		expect(rollbackOf(service(), deployment('SUCCESSFUL'))).toEqual({kind: 'redeploy', source: {arn: 'rev-2', taskDefinition: td(2)}, taskDefinition: td(2)});
		expect(rollbackOf(service(), deployment('STOPPED'))).toMatchObject({kind: 'redeploy', taskDefinition: td(2)});
		// Deployed while cart:3 still failed: both are sources; "back" is cart:2, the one that last completed.
		const at = (d: ServiceDeployment, minutes: number) => ({...d, createdAt: new Date(Date.UTC(2026, 0, 1, 0, minutes)).toISOString()});
		const history = [at(deployment('SUCCESSFUL', 1, [3, 2]), 30), at(deployment('STOPPED', 3, [2]), 20), at(deployment('SUCCESSFUL', 2, [1]), 10)];
		expect(rollbackOf(service({taskDefinition: td(1)}), history[0]!, history)).toMatchObject({kind: 'redeploy', taskDefinition: td(2)});
		expect(rollbackOf(service({taskDefinition: td(1)}), history[0]!)).toMatchObject({kind: 'redeploy', taskDefinition: td(3)});
	});

	it('B refuses with the reason: another controller, already rolling back, nothing before, no longer running, rolled back', () => {
		const refused = (s: Service, d: ServiceDeployment) => {
			const found = rollbackOf(s, d);
			return found.kind === 'refused' ? found.why : `not refused: ${found.kind}`;
		};
		expect(refused(service({deploymentController: {type: 'CODE_DEPLOY'}}), deployment('IN_PROGRESS'))).toBe('cart uses the CODE_DEPLOY deployment controller: a rollback has to come from CodeDeploy (StopServiceDeployment works on ECS rolling deployments only)');
		expect(refused(service({deploymentController: {type: 'EXTERNAL'}}), deployment('SUCCESSFUL'))).toMatch(/^cart uses the EXTERNAL deployment controller: a rollback has to come from the external controller/);
		expect(refused(service(), deployment('ROLLBACK_IN_PROGRESS'))).toBe('the deployment is already ROLLBACK_IN_PROGRESS: nothing to do');
		expect(refused(service(), deployment('IN_PROGRESS', 1, []))).toBe("no revision ran before this deployment of cart:1 (the service's first): nothing to go back to");
		expect(refused(service({taskDefinition: td(4)}), deployment('SUCCESSFUL'))).toBe("cart no longer runs cart:3 (this deployment's target; it runs cart:4): B goes back from the deployment that runs now; U deploys any revision");
		expect(refused(service({taskDefinition: td(2)}), deployment('ROLLBACK_SUCCESSFUL', 3, [2], {reason: 'circuit breaker'}))).toBe('this deployment was already rolled back (cart runs cart:2): nothing to do');
		expect(refused(service({status: 'DRAINING'}), deployment('IN_PROGRESS'))).toBe('cart is DRAINING: ECS does not update a service that is not ACTIVE');
	});

	it('U refuses INACTIVE and DELETE_IN_PROGRESS revisions, another family, and other controllers', () => {
		expect(deployRefusal(service(), {family: 'cart', revision: 2, status: 'ACTIVE'})).toBeUndefined();
		expect(deployRefusal(service(), {family: 'cart', revision: 1, status: 'INACTIVE'})).toBe('cart:1 is INACTIVE (deregistered): ECS starts no new deployment of it; pick an ACTIVE revision');
		expect(deployRefusal(service(), {family: 'cart', revision: 1, status: 'DELETE_IN_PROGRESS'})).toBe('cart:1 is DELETE_IN_PROGRESS: it is being deleted, ECS deploys no service to it');
		expect(deployRefusal(service(), {family: 'checkout', revision: 2, status: 'ACTIVE'})).toBe("checkout:2 is not of cart's family (it runs cart): U deploys a revision of the service's own family");
		expect(deployRefusal(service({deploymentController: {type: 'CODE_DEPLOY'}}), {family: 'cart', revision: 2, status: 'ACTIVE'})).toBe('cart uses the CODE_DEPLOY deployment controller: a new revision has to come from CodeDeploy');
	});
});

describe('the two actions', () => {
	it('rollBackDeployment sends StopServiceDeployment ROLLBACK once, audited; ECS rolls back', async () => {
		const api = apiFor(sim.endpoint);
		const [failing] = (await readDeployments(api, 'staging', 'cart')).items;
		const result = await rollBackDeployment({api, audit: fileAuditLog(auditFile), where}, failing!, "cart's deployment of cart:3", 'cart:2');
		expect(result).toMatchObject({ok: true, state: 'done', calls: 1, operation: 'StopServiceDeployment'});
		expect(result.summary).toBe("done: rolled back cart's deployment of cart:3: ROLLBACK_REQUESTED: cart:2 is deployed again");
		expect(await calls('StopServiceDeployment')).toBe(1);
		expect(lines()).toMatchObject([
			{phase: 'intent', operation: 'StopServiceDeployment', cluster: 'staging', parameters: {serviceDeploymentArn: failing!.serviceDeploymentArn, stopType: 'ROLLBACK'}, attempt: 1},
			{phase: 'result', operation: 'StopServiceDeployment', result: {serviceDeploymentArn: failing!.serviceDeploymentArn}},
		]);
		expect((await readDeployments(api, 'staging', 'cart')).items[0]!.status).toBe('ROLLBACK_REQUESTED');
	});

	it('a lost StopServiceDeployment answer is not resent: outcome unknown, with what ECS shows now', async () => {
		const api = wiredApi(sim, {after: (op, n) => {
			if (op === 'StopServiceDeployment' && n === 1) throw socketHangUp();
		}});
		const [failing] = (await readDeployments(api, 'staging', 'cart')).items;
		const result = await rollBackDeployment({api, audit: fileAuditLog(auditFile), where}, failing!, "cart's deployment of cart:3", 'cart:2');
		expect(result.state).toBe('unknown');
		expect(result.summary).toMatch(/^outcome unknown: roll back cart's deployment of cart:3: StopServiceDeployment sent, answer lost \(ECONNRESET: socket hang up\); ECS now shows the deployment ROLLBACK_REQUESTED, rolling back since \d\d:\d\d:\d\d$/);
		expect(await calls('StopServiceDeployment')).toBe(1);
		expect(lines().map(l => [l.phase, l.error?.outcome])).toEqual([['intent', undefined], ['result', 'unknown']]);
	});

	it('a refused rollback (finished) is NOT done, with ECS\'s reason', async () => {
		const api = apiFor(sim.endpoint);
		const [, done] = (await readDeployments(api, 'staging', 'cart')).items;
		const result = await rollBackDeployment({api, where}, done!, "cart's deployment of cart:2", 'cart:1');
		expect(result.summary).toBe("NOT done: roll back cart's deployment of cart:2: ECS refused it in the deployment's current state (ConflictException): The service deployment is SUCCESSFUL: only a PENDING or IN_PROGRESS service deployment can be stopped.");
	});

	it('deployRevision sends UpdateService taskDefinition (and a desired count) once; read-only sends nothing', async () => {
		const api = apiFor(sim.endpoint);
		const before = await cart(api);
		const result = await deployRevision({api, audit: fileAuditLog(auditFile), where}, before, td(1).replace('123456789012', sim.sim.world.accountId), 3);
		expect(result.summary).toBe('done: deployed cart: a new deployment of cart:1 started (from cart:3, desired 2 → 3)');
		expect(lines()[0]).toMatchObject({phase: 'intent', operation: 'UpdateService', parameters: {cluster: 'staging', service: 'cart', taskDefinition: expect.stringMatching(/task-definition\/cart:1$/), desiredCount: 3}});
		const after = await cart(api);
		expect([name(after.taskDefinition), after.desiredCount]).toEqual(['cart:1', 3]);
		expect(await calls('UpdateService')).toBe(1);

		const readOnly = apiFor(sim.endpoint, {readOnly: true});
		const refused = await deployRevision({api: readOnly, where}, after, after.taskDefinition.replace(/:1$/, ':2'));
		expect(refused.summary).toBe('NOT done: deploy cart (cart:1 → cart:2): read-only mode: UpdateService was not sent');
		const rollback = await rollBackDeployment({api: readOnly, where}, (await readDeployments(readOnly, 'staging', 'cart')).items[0]!, 'x', 'y');
		expect(rollback.summary).toBe('NOT done: roll back x: read-only mode: StopServiceDeployment was not sent');
		expect(await calls('UpdateService')).toBe(1);
		expect(await calls('StopServiceDeployment')).toBe(0);
	});

	it('a lost UpdateService answer says which revision ECS now runs', async () => {
		const api = wiredApi(sim, {after: (op, n) => {
			if (op === 'UpdateService' && n === 1) throw socketHangUp();
		}});
		const before = await cart(api);
		const result = await deployRevision({api, where}, before, before.taskDefinition.replace(/:3$/, ':2'));
		expect(result.summary).toMatch(/^outcome unknown: deploy cart \(cart:3 → cart:2\): UpdateService sent, answer lost \(ECONNRESET: socket hang up\); ECS now shows a new deployment of cart:2 \(PRIMARY started \d\d:\d\d:\d\d\)$/);
		expect(await calls('UpdateService')).toBe(1);
	});
});

describe('the pane\'s feed', () => {
	it('reads again on each refresh of the service while a deployment moves, and not once all are finished', async () => {
		const layer = layerFor({endpoint: sim.endpoint} as Fixture);
		const scope = {kind: 'events', cluster: 'staging', service: 'cart'} as const;
		const close = layer.poller.open(scope);
		layer.poller.focus(scope);
		let changes = 0;
		const feed = new DeploymentsFeed({api: layer.api, store: layer.store, cluster: 'staging', service: 'cart', scope, now: layer.clock.now, changed: () => changes++});
		try {
			feed.start();
			await vi.waitFor(() => expect(feed.state.state).toBe('ok'));
			expect(feed.state.read!.items[0]!.status).toBe('IN_PROGRESS');
			const lists = async () => calls('ListServiceDeployments');
			const first = await lists();
			// Three refreshes of the service (every 2 s): three reads, the deployment still IN_PROGRESS.
			for (let i = 0; i < 3; i++) {
				sim.sim.advance(2);
				await layer.step(2000);
				await vi.waitFor(() => expect(feed.state.state).toBe('ok'));
			}
			expect(await lists()).toBeGreaterThanOrEqual(first + 3);
			// Someone rolls it back: the feed follows it to ROLLBACK_SUCCESSFUL…
			await rollBackDeployment({api: layer.api, where}, feed.state.read!.items[0]!, 'cart', 'cart:2');
			for (let i = 0; i < 60 && feed.state.read!.items[0]!.status !== 'ROLLBACK_SUCCESSFUL'; i++) {
				sim.sim.advance(2);
				await layer.step(2000);
				await vi.waitFor(() => expect(feed.state.state).toBe('ok'));
			}
			expect(feed.state.read!.items[0]!.status).toBe('ROLLBACK_SUCCESSFUL');
			// …and then reads nothing more while the service stays as it is.
			const settled = await lists();
			for (let i = 0; i < 5; i++) {
				sim.sim.advance(2);
				await layer.step(2000);
			}
			expect(await lists()).toBe(settled);
			expect(changes).toBeGreaterThan(3);
		} finally {
			feed.dispose();
			close();
			layer.poller.stop();
		}
	});
});
