// Mutations only on purpose, against the simulator through the keys: pasted and fast-typed text
// never act (calls counted at the simulator), the confirmation shows what ECS says now (re-read
// when it opens), scaling to the current count sends nothing, and a 25-instance drain keeps its
// title, context, targets and y/n line on an 80x24 screen.
import {UpdateServiceCommand} from '@aws-sdk/client-ecs';
import {afterEach, describe, expect, it} from 'vitest';
import {actionApp, productionServices, type ActionApp} from './fixture.js';
import {confirmKeys} from '../tui/render-app.js';

let t: ActionApp | undefined;
afterEach(async () => {
	await t?.close();
	t = undefined;
});

const paste = (text: string) => `\u001B[200~${text}\u001B[201~`;
const mutations = async (app: ActionApp) => {
	const {calls} = await app.sim.stats();
	return (calls.StopTask ?? 0) + (calls.UpdateService ?? 0) + (calls.UpdateContainerInstancesState ?? 0);
};

async function services(name: string) {
	return (t = await productionServices(name));
}

describe('keys that arrive as text never act', () => {
	it('a bracketed paste of "see proxy logs … y" on a tasks pane sends nothing and says so', async () => {
		const app = (t = await actionApp({app: {cluster: 'production', service: 'web'}}));
		await app.untilText(/^> [0-9a-f]{12}/m);
		await app.press(paste('see proxy logs\ry yes'));
		await app.waitFor(f => expect(f).toMatch(/pasted text ignored \(20 characters\)/));
		await app.step(1000);
		expect(app.frame()).not.toContain('Stop task');
		expect(await mutations(app)).toBe(0);
	});

	it('the same text typed in one chunk (no bracketed paste) opens the dialog and drops the rest: nothing sent', async () => {
		const app = (t = await actionApp({app: {cluster: 'production', service: 'web'}}));
		await app.untilText(/^> [0-9a-f]{12}/m);
		await app.press('see proxy logs y');
		await app.waitForText('Stop task');
		await app.step(1000);
		expect(await mutations(app)).toBe(0);
		await app.press('\u001B');
		await app.waitForText('cancelled: nothing was sent');
	});

	it('typing "Ready" on a services pane starts no deployment', async () => {
		const app = await services('worker');
		await app.press('Ready');
		await app.waitForText('Force a new deployment of worker?');
		await app.step(1000);
		expect(await mutations(app)).toBe(0);
		expect(app.frame()).toMatch(confirmKeys);
	});

	it('a paste into the scale field is typed as text; its newline does not submit', async () => {
		const app = await services('worker');
		await app.press('s');
		await app.waitForText('new desired count:');
		await app.press(paste('7\n'));
		await app.waitFor(f => expect(f).toMatch(/new desired count: 7/));
		expect(app.frame()).not.toContain('Scale worker to');
		expect(await mutations(app)).toBe(0);
	});
});

describe('the confirmation shows the numbers that will really change', () => {
	it('a service scaled by someone else while the field is open: the confirmation says so', async () => {
		const app = await services('worker');
		await app.press('s');
		await app.waitForText('new desired count:');
		await app.waitFor(f => expect(f).toMatch(/desired 3 +running 3/));
		// Another operator (or an autoscaler) moves it to 9 while the user types 3.
		await app.sim.client.send(new UpdateServiceCommand({cluster: 'production', service: 'worker', desiredCount: 9}));
		await app.sim.resetStats();
		await app.press('3');
		await app.press('\r');
		await app.waitFor(f => expect(f).toMatch(confirmKeys));
		const frame = app.frame();
		expect(frame).toContain('desired changed 3 → 9 while you typed');
		expect(frame).toContain('desired 9 → 3: ECS stops 6 tasks');
		expect((await app.sim.stats()).calls.DescribeServices).toBeGreaterThan(0);
		expect(await mutations(app)).toBe(0);
	});

	it('scaling to the current desired count sends nothing and writes no audit line', async () => {
		const app = await services('worker');
		await app.sim.resetStats();
		await app.press('s');
		await app.waitForText('new desired count:');
		await app.press('3');
		await app.press('\r');
		await app.waitForText('desired is already 3: nothing to do');
		expect(app.frame()).not.toContain('Scale worker to');
		await app.step(1000);
		expect(await mutations(app)).toBe(0);
		expect(app.audit()).toEqual([]);
	});
});

describe('dialogs never hide what they act on', () => {
	for (const [columns, rows] of [[80, 24], [100, 30], [200, 50]] as const) for (const count of [1, 10, 25]) {
		it(`a ${count}-instance drain at ${columns}x${rows}: title, account/region/cluster, targets and y/n stay on screen`, async () => {
			const app = (t = await actionApp({app: {cluster: 'big', columns, rows}}));
			const world = app.sim.sim.world;
			const cluster = world.addCluster('big');
			for (let i = 0; i < count; i++) world.addInstance(cluster);
			await app.press('i');
			await app.untilText(/^INSTANCES/m);
			await app.untilText(/^> \S+ +i-/m);
			if (count > 1) {
				for (let i = 0; i < count; i++) await app.press(' ');
				await app.waitFor(f => expect(f).toMatch(new RegExp(`\\[${count} mark`)));
			}
			await app.press('D');
			await app.waitFor(f => expect(f).toMatch(confirmKeys));
			const frame = app.frame();
			const lines = frame.split('\n');
			expect(lines.length).toBeLessThanOrEqual(rows);
			for (const line of lines) expect([...line].length).toBeLessThanOrEqual(columns);
			expect(frame).toMatch(count === 1 ? /Drain i-[0-9a-f]+\?/ : new RegExp(`Drain ${count} instances\\?`));
			expect(frame).toMatch(/account \d{12} +region us-east-1 +cluster big/);
			expect(frame).toContain(count === 1 ? 'target:' : `${count} targets:`);
			expect(frame).toMatch(/^ {2}i-[0-9a-f]+/m);
			const shown = lines.filter(l => /^ {2}i-[0-9a-f]+/.test(l)).length;
			// Every target shown, or as many as fit and a count of the rest.
			if (shown < count) expect(frame).toContain(`+${count - shown} more (d shows all)`);
			else expect(shown).toBe(count);
			// d shows every target, scrollable; back again, y still needs a fresh look.
			await app.press('d');
			await app.waitForText('d or Esc back to the confirmation');
			await app.press('G');
			await app.waitFor(f => expect(f).toMatch(/lines \d+–\d+ of \d+/));
			await app.press('d');
			await app.waitFor(f => expect(f).toMatch(confirmKeys));
			expect(await mutations(app)).toBe(0);
		});
	}
});
