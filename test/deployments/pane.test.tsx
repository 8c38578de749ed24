// Deployments you can steer, the whole app against the simulator's demo world on stepped clocks
// (staging's cart fails its deployment cart:2 → cart:3 from the first second, without a circuit
// breaker): the pane from a service (`p`, `:dp`), newest first with live progress; the failing
// deployment rolled back from the pane (StopServiceDeployment sent once, the service back on
// cart:2, the progress shown on the way); a revision deployed from the task-definitions pane with
// the diff in the confirmation; refusals with their reasons; the keys absent under --read-only.
import {afterEach, describe, expect, it} from 'vitest';
import {actionApp, type ActionApp} from '../actions/fixture.js';
import {keys} from '../tui/render-app.js';
import {firstCells, tableRows} from '../views/app.js';

let t: ActionApp | undefined;
afterEach(async () => {
	await t?.close();
	t = undefined;
});

// The app's stepped clock starts at 2026-01-01; the world ten minutes before, so ages read as ECS's.
const sim = {seed: 1, startTime: Date.UTC(2026, 0, 1) - 600_000};
const td = (arn: string | undefined) => arn?.split('/').at(-1);

async function staging(app: Partial<Parameters<typeof actionApp>[0]> = {}): Promise<ActionApp> {
	t = await actionApp({sim, ...app, app: {cluster: 'staging', columns: 190, rows: 40, ...app.app}});
	await t.until(f => expect(firstCells(f)).toContain('cart'));
	return t;
}

async function select(app: ActionApp, first: string | RegExp): Promise<void> {
	const matches = (cell: string) => (typeof first === 'string' ? cell === first : first.test(cell));
	await app.until(f => expect(firstCells(f).some(matches)).toBe(true));
	const index = firstCells(app.frame()).findIndex(matches);
	await app.press('g' + 'j'.repeat(index));
	await app.until(f => expect(firstCells(f)[index]).toBeDefined());
}

async function cartDeployments(app: ActionApp): Promise<void> {
	await select(app, 'cart');
	await app.press('p');
	await app.until(f => expect(tableRows(f)).toHaveLength(3));
}

const row = (frame: string, text: string) => tableRows(frame).find(l => l.includes(text)) ?? '';

describe('the deployments pane', () => {
	it('p on a service: newest first, source → target as family:revision, live progress, re-read while one moves', async () => {
		const app = await staging();
		await cartDeployments(app);
		let frame = app.frame();
		expect(frame).toMatch(/^DEPLOYMENTS {2}clusters › staging › cart › deployments/m);
		expect(frame).toMatch(/STARTED STATUS +TARGET +SOURCE +PROGRESS +RUNNING PENDING DESIRED ROLLOUT +CIRCUIT BREAKER +ALARMS/);
		expect(tableRows(frame).map(l => l.slice(2).trim().split(/\s+/).slice(0, 4))).toEqual([
			['10m', 'IN_PROGRESS', 'cart:3', 'cart:2'],
			['3d2h', 'SUCCESSFUL', 'cart:2', 'cart:1'],
			['34d', 'SUCCESSFUL', 'cart:1', '0'],
		]);
		expect(row(frame, 'IN_PROGRESS')).toMatch(/cart:3 +cart:2 +0\/2 started · 2 old running +0 +0 +2 IN_PROGRESS +DISABLED +DISABLED/);
		// Every revision resolved to its task definition.
		// Revisions as family:revision, never their ids (the REASON column is ECS's own text, which names
		// its deployment id: "ECS deployment ecs-svc/… in progress.").
		const reasonAt = frame.split('\n').find(l => l.includes(' REASON'))?.indexOf('REASON') ?? Infinity;
		const beforeReason = frame.split('\n').map(l => l.slice(0, reasonAt)).join('\n');
		expect(frame).not.toMatch(/service-revision/);
		expect(beforeReason).not.toMatch(/\b\d{19}\b/);

		// The tasks of cart:3 keep failing to pull their image: the progress says so as it happens.
		const lists = await app.calls('ListServiceDeployments');
		for (let i = 0; i < 15; i++) {
			app.sim.sim.advance(4);
			await app.step(2000);
		}
		await app.until(f => expect(row(f, 'IN_PROGRESS')).toMatch(/0\/2 started(, [0-2] pending)?, \d+ failed · 2 old running/));
		expect(await app.calls('ListServiceDeployments')).toBeGreaterThanOrEqual(lists + 10);
		expect(row(app.frame(), 'IN_PROGRESS')).toMatch(/cart:3 +cart:2 +0\/2 started(, [0-2] pending)?, ([3-9]|\d\d+) failed/);
		// d describes it: every field, the revisions named, the live progress.
		await app.press('d');
		await app.until(f => expect(f).toMatch(/^cart deployment of cart:3 {2}IN_PROGRESS$/m));
		const described = app.frame();
		expect(described).toMatch(/^ {2}target +cart:3 {2}0 running · [0-2] pending · 2 desired$/m);
		expect(described).toMatch(/^ {2}sources +cart:2 2 running$/m);
		expect(described).toMatch(/^ {2}progress +0\/2 started.*\d+ failed · 2 old running$/m);
		expect(described).toMatch(/^ {2}rollout +IN_PROGRESS: ECS deployment ecs-svc\/\d+ in progress\.$/m);
		expect(described).toMatch(/^ {2}circuit breaker +DISABLED$/m);
		expect(described).toMatch(/^ {2}strategy +ROLLING$/m);
		expect(described).toMatch(/^ {2}healthy at least +100%$/m);
		await app.press(keys.escape);
		await app.until(f => expect(f).toMatch(/^DEPLOYMENTS/m));
		// r reads again; Esc goes back to the services, cart still selected.
		await app.press('r');
		await app.untilText('refreshed');
		await app.press(keys.escape);
		await app.until(f => expect(f).toMatch(/^SERVICES/m));
		expect(app.selectedLine()).toContain(' cart ');
		frame = app.frame();
		expect(frame).not.toContain('DEPLOYMENTS');
	});

	it(':dp NAME and :deployments open it from anywhere in the cluster; with no service it says which is missing', async () => {
		const app = await staging();
		await app.press(':dp checkout' + keys.enter);
		await app.until(f => expect(f).toMatch(/^DEPLOYMENTS {2}clusters › staging › checkout › deployments/m));
		await app.until(f => expect(firstCells(f).length).toBeGreaterThanOrEqual(2));
		await app.press(keys.escape);
		await select(app, 'search');
		for (let i = 0; i < 30; i++) {
			app.sim.sim.advance(4);
			await app.step(1000);
		}
		await app.press(':deployments' + keys.enter);
		// search's circuit breaker rolled its deployment back: the row says so.
		await app.until(f => expect(f).toMatch(/ROLLBACK_SUCCESSFUL +search:2 +search:1 .*TRIGGERED 3\/3/));
		await app.press(':cl' + keys.enter);
		await app.until(f => expect(f).toMatch(/^CLUSTERS/m));
		await select(app, 'staging');
		await app.press(':dp' + keys.enter);
		await app.untilText('which service? select one in the services pane (p), or :dp NAME');
	});
});

describe('rolling back (B)', () => {
	it('the failing deployment rolled back from the pane: StopServiceDeployment once, cart back on cart:2, progress shown', async () => {
		const app = await staging();
		await cartDeployments(app);
		await app.press('B');
		await app.until(f => expect(f).toMatch(/^y roll back {3}n\/Esc cancel/m));
		const dialog = app.frame();
		expect(dialog).toContain("Roll back cart's deployment of cart:3 to cart:2?");
		expect(dialog).toMatch(/account 123456789012 +region us-east-1 +cluster staging/);
		expect(dialog).toMatch(/cart {2}deployment \S+ {2}IN_PROGRESS {2}cart:2 → cart:3 {2}started 10m ago/);
		expect(dialog).toContain('call    StopServiceDeployment stopType=ROLLBACK (sent once');
		expect(dialog).toMatch(/^back to cart:2: the revision that ran before this deployment$/m);
		expect(dialog).toMatch(/now: cart:3 0\/2 running(, \d+ failed)?; cart:2 2 running/);
		expect(dialog).toContain('deployment configuration: at least 100% of desired stay healthy, at most 200% run; circuit breaker off');
		expect(dialog).toMatch(/^diff {4}cart:3 \(this deployment\) → cart:2 \(back to\): 4 fields changed$/m);
		expect(dialog).toMatch(/^ {2}- containers\.cart\.image +\S+\/cart:2\.0\.0$/m);
		expect(dialog).toMatch(/^ {2}\+ containers\.cart\.image +\S+\/cart:1\.5\.0$/m);
		expect(dialog).toMatch(/^ {2}- containers\.cart\.environment\.CART_TTL_MINUTES +60$/m);
		expect(dialog).toMatch(/^ {2}\+ memory +512$/m);
		expect(dialog).toMatch(/^cli {5}aws ecs stop-service-deployment --service-deployment-arn arn:aws:ecs:us-east-1:123456789012:service-deployment\/staging\/cart\/\S+/m);
		expect(await app.calls('StopServiceDeployment')).toBe(0);

		await app.confirm();
		// A second y while it runs (or after) sends nothing more.
		await app.press('y');
		await app.waitCalls('StopServiceDeployment', 1);
		await app.untilText("done: rolled back cart's deployment of cart:3: ROLLBACK_REQUESTED: cart:2 is deployed again");
		expect(app.audit()).toMatchObject([
			{phase: 'intent', operation: 'StopServiceDeployment', cluster: 'staging', parameters: {stopType: 'ROLLBACK', serviceDeploymentArn: expect.stringContaining('service-deployment/staging/cart/')}},
			{phase: 'result', operation: 'StopServiceDeployment', result: {serviceDeploymentArn: expect.stringContaining('service-deployment/staging/cart/')}},
		]);
		// On the way back, the row shows cart:2's tasks coming back.
		await app.until(f => expect(row(f, 'ROLLBACK_')).toMatch(/ROLLBACK_(REQUESTED|IN_PROGRESS) +cart:3 +cart:2 +back to cart:2: [0-2]\/2 started/), 10);
		for (let i = 0; i < 60 && !row(app.frame(), 'cart:3').includes('ROLLBACK_SUCCESSFUL'); i++) {
			app.sim.sim.advance(2);
			await app.step(2000);
		}
		await app.until(f => expect(row(f, 'cart:3')).toMatch(/ROLLBACK_SUCCESSFUL +cart:3 +cart:2 /));
		await app.untilText('cart: rolled back, cart:2 COMPLETED (2 running)');
		const service = await app.service('staging', 'cart');
		expect(td(service.taskDefinition)).toBe('cart:2');
		expect(service.deployments!.map(d => [td(d.taskDefinition), d.rolloutState])).toEqual([['cart:2', 'COMPLETED']]);
		expect(await app.calls('StopServiceDeployment')).toBe(1);
		// Rolled back: B again has nothing to do.
		await select(app, '10m');
		await app.press('B');
		await app.untilText('this deployment was already rolled back (cart runs cart:2): nothing to do');
		expect(await app.calls('StopServiceDeployment')).toBe(1);
	});

	it('finished deployments: B goes back by deploying the revision that ran before, or says why not', async () => {
		const app = await staging();
		await cartDeployments(app);
		// cart:2's deployment finished long ago, and cart now runs cart:3: "back" from it is not what runs.
		await select(app, '3d2h');
		await app.press('B');
		await app.untilText("cart no longer runs cart:2 (this deployment's target; it runs cart:3): B goes back from the deployment that runs now; U deploys any revision");
		// The first deployment had nothing before it.
		await select(app, '34d');
		await app.press('B');
		await app.untilText("no revision ran before this deployment of cart:1 (the service's first): nothing to go back to");
		expect(app.frame()).not.toMatch(/y roll back|y deploy/);

		// Someone deploys cart:1 over the failing cart:3; once it succeeded, B goes back to cart:2 (what served before).
		await app.api.updateService('staging', 'cart', {taskDefinition: 'cart:1'});
		for (let i = 0; i < 90 && !row(app.frame(), 'cart:1 ').match(/^\S*\s+\S+\s+SUCCESSFUL +cart:1 +cart:3,cart:2/); i++) {
			app.sim.sim.advance(2);
			await app.step(2000);
		}
		await app.until(f => expect(tableRows(f)[0]).toMatch(/SUCCESSFUL +cart:1 +cart:3,cart:2/));
		await app.press('g');
		await app.press('B');
		await app.until(f => expect(f).toMatch(/^y deploy {3}n\/Esc cancel/m));
		const dialog = app.frame();
		expect(dialog).toContain('Go back from cart:1 to cart:2 on cart?');
		expect(dialog).toMatch(/^back {4}from the deployment of cart:1 \(SUCCESSFUL\): cart:2 ran before it$/m);
		expect(dialog).toContain('call    UpdateService taskDefinition=cart:2 (sent once');
		expect(dialog).toMatch(/^diff {4}cart:1 \(runs now\) → cart:2 \(to deploy\): \d+ fields changed$/m);
		await app.confirm();
		await app.waitCalls('UpdateService', 2);
		await app.untilText('done: deployed cart: a new deployment of cart:2 started (from cart:1)');
		expect(td((await app.service('staging', 'cart')).taskDefinition)).toBe('cart:2');
		expect(await app.calls('StopServiceDeployment')).toBe(0);
	});
});

describe('deploying a revision (U)', () => {
	async function cartRevisions(app: ActionApp): Promise<void> {
		await app.press(':td' + keys.enter);
		await select(app, 'cart');
		await app.press(keys.enter);
		await app.until(f => expect(firstCells(f)).toEqual(['cart:3', 'cart:2', 'cart:1']));
	}

	it('from the task-definitions pane: the diff against what runs now, the deployment configuration, e for a desired count', async () => {
		const app = await staging();
		await cartRevisions(app);
		await select(app, 'cart:1');
		await app.press('U');
		await app.until(f => expect(f).toMatch(/^y deploy {3}n\/Esc cancel {3}e set a desired count/m));
		let dialog = app.frame();
		expect(dialog).toContain('Deploy cart:1 to cart?');
		expect(dialog).toMatch(/cart {2}desired 2 {2}running 2 {2}pending 0 {2}runs cart:3/);
		expect(dialog).toMatch(/^deploy {2}cart:1 {2}ACTIVE, registered 35d ago$/m);
		expect(dialog).toContain('a new deployment: tasks of cart:1 replace those of cart:3');
		expect(dialog).toContain('deployment configuration: at least 100% of desired stay healthy, at most 200% run; circuit breaker off');
		expect(dialog).toMatch(/^diff {4}cart:3 \(runs now\) → cart:1 \(to deploy\): 5 fields changed$/m);
		expect(dialog).toMatch(/^ {2}- containers\.cart\.environment\.PAYMENTS_URL +http:\/\/payments\.staging\.internal:8080$/m);
		expect(dialog).toMatch(/^ {2}\+ containers\.cart\.image +\S+\/cart:1\.4\.2$/m);
		expect(dialog).toMatch(/^! a deployment of cart:3 is IN_PROGRESS \(0\/2 running(, \d+ failed)?\): this one replaces it$/m);
		expect(dialog).toContain('cli     aws ecs update-service --cluster staging --service cart --task-definition cart:1');

		await app.press('e');
		await app.untilText('Desired count for cart with the deployment of cart:1');
		await app.press('3' + keys.enter);
		await app.until(f => expect(f).toMatch(/^y deploy/m));
		dialog = app.frame();
		expect(dialog).toContain('call    UpdateService taskDefinition=cart:1 desiredCount=3');
		expect(dialog).toMatch(/^desired 2 → 3$/m);
		expect(dialog).toContain('--task-definition cart:1 --desired-count 3');
		await app.confirm();
		await app.waitCalls('UpdateService', 1);
		await app.untilText('done: deployed cart: a new deployment of cart:1 started (from cart:3, desired 2 → 3)');
		expect(app.audit()[0]).toMatchObject({phase: 'intent', operation: 'UpdateService', cluster: 'staging', parameters: {service: 'cart', taskDefinition: expect.stringMatching(/task-definition\/cart:1$/), desiredCount: 3}});
		const service = await app.service('staging', 'cart');
		expect([td(service.taskDefinition), service.desiredCount]).toEqual(['cart:1', 3]);
	});

	it('refusals say why and send nothing: INACTIVE, no service runs the family, already running, cancelled', async () => {
		const app = await staging();
		await app.press(':td' + keys.enter);
		await select(app, 'frontend');
		await app.press(keys.enter);
		await app.until(f => expect(firstCells(f)).toHaveLength(5));
		await select(app, 'frontend:1');
		await app.press('U');
		await app.untilText('frontend:1 is INACTIVE (deregistered): ECS starts no new deployment of it; pick an ACTIVE revision');
		await app.press(keys.escape);
		await select(app, 'db-migrate');
		await app.press(keys.enter);
		await app.until(f => expect(firstCells(f)).toContain('db-migrate:2'));
		await app.press('U');
		await app.untilText("no service known to run db-migrate: open its cluster's services first");
		await app.press(keys.escape);
		await app.press(keys.escape);
		await cartDeployments(app);
		await app.press('U');
		await app.untilText('cart already runs cart:3: nothing to do (R forces a new deployment of it)');
		// U on an older deployment deploys its revision; n cancels with nothing sent.
		await select(app, '3d2h');
		await app.press('U');
		await app.until(f => expect(f).toContain('Deploy cart:2 to cart?'));
		await app.until(f => expect(f).toMatch(/^y deploy/m));
		await app.press('n');
		await app.untilText('cancelled: nothing was sent');
		expect(await app.calls('UpdateService')).toBe(0);
		expect(app.audit()).toEqual([]);
	});

	it('under --read-only B and U are absent: the keys say so, the hint bar has neither', async () => {
		const app = await staging({app: {readOnly: true}});
		await cartDeployments(app);
		expect(app.frame()).not.toMatch(/B roll back|U deploy/);
		await app.press('B');
		await app.untilText('read-only');
		await app.press('U');
		await app.until(f => expect(f).toMatch(/read-only: U/));
		expect(await app.calls('StopServiceDeployment')).toBe(0);
		expect(await app.calls('UpdateService')).toBe(0);
	});
});
