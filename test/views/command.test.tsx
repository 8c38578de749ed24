// `:` command mode against the simulator: every command and alias, Tab completion of commands
// and of cluster names, Enter runs, Esc cancels, an unknown command is shown as such.
import {describe, expect, it} from 'vitest';
import {keys} from '../tui/render-app.js';
import {closeAppsAfterEach, firstCells, start} from './app.js';

closeAppsAfterEach();

const crumbs = (frame: string) => frame.split('\n')[1] ?? '';

describe(': command mode', () => {
	it('runs each command and alias, in the cluster the user is in', async () => {
		const app = await start();
		await app.untilText('production');
		// On the clusters pane the selected cluster is "the" cluster.
		await app.press(':svc\r');
		await app.until(f => expect(crumbs(f)).toMatch(/^SERVICES {2}clusters › production\b/));
		await app.press(':task\r');
		await app.until(f => expect(crumbs(f)).toMatch(/^TASKS {2}clusters › production › tasks\b/));
		await app.until(f => expect(firstCells(f).length).toBeGreaterThan(5));
		await app.press(':ci\r');
		await app.until(f => expect(crumbs(f)).toMatch(/^INSTANCES {2}clusters › production › instances\b/));
		await app.press(':instances\r:services\r');
		await app.until(f => expect(crumbs(f)).toMatch(/^SERVICES {2}clusters › production\b/));
		await app.press(':tasks\r');
		await app.until(f => expect(crumbs(f)).toMatch(/^TASKS /));
		// :events opens on top of where the user is; Esc comes back there.
		await app.press(':ev\r');
		await app.until(f => expect(crumbs(f)).toMatch(/^EVENTS {2}clusters › production › tasks › production events/));
		await app.press(keys.escape);
		await app.until(f => expect(crumbs(f)).toMatch(/^TASKS /));
		await app.press(':events\r');
		await app.until(f => expect(crumbs(f)).toMatch(/^EVENTS /));
		await app.press(':cl\r');
		await app.until(f => expect(crumbs(f)).toMatch(/^CLUSTERS {2}clusters {2}/));
		await app.press(':clusters\r');
		await app.until(f => expect(crumbs(f)).toMatch(/^CLUSTERS /));
	});

	it(':cluster NAME goes to its services; Tab completes cluster names', async () => {
		const app = await start();
		await app.untilText('staging');
		await app.press(':cluster sta\t');
		await app.waitFor(f => expect(f).toMatch(/^:cluster staging/m));
		await app.press('\r');
		await app.until(f => expect(crumbs(f)).toMatch(/^SERVICES {2}clusters › staging\b/));
		await app.until(f => expect(firstCells(f)).toContain('payments'));
		// A name is forgiven its case and may be a unique prefix.
		await app.press(':cluster DAT\r');
		await app.until(f => expect(crumbs(f)).toMatch(/^SERVICES {2}clusters › data\b/));
		await app.press(':cluster nope\r');
		await app.waitFor(f => expect(f).toContain('no cluster "nope" in this region'));
		expect(crumbs(app.frame())).toMatch(/clusters › data\b/);
		// Tab after "cluster " lists them all, and cycles through them.
		await app.press(':cluster \t');
		await app.waitFor(f => expect(f).toMatch(/^:cluster +data {2}production {2}staging/m));
		await app.press('\t');
		await app.waitFor(f => expect(f).toMatch(/^:cluster data /m));
		await app.press('\t');
		await app.waitFor(f => expect(f).toMatch(/^:cluster production /m));
		await app.press('\r');
		await app.until(f => expect(crumbs(f)).toMatch(/clusters › production\b/));
	});

	it('Tab completes command names: a unique one whole, several to their common part, then cycles', async () => {
		const app = await start({app: {cluster: 'production'}});
		await app.untilText('worker');
		await app.press(':ins\t');
		await app.waitFor(f => expect(f).toMatch(/^:instances /m));
		await app.press('\u0015ta\t');
		await app.waitFor(f => expect(f).toMatch(/^:task +tasks {2}task/m));
		await app.press('\t');
		await app.waitFor(f => expect(f).toMatch(/^:task +tasks {2}task/m));
		await app.press('\t');
		await app.waitFor(f => expect(f).toMatch(/^:tasks /m));
		await app.press('\t');
		await app.waitFor(f => expect(f).toMatch(/^:task /m));
		await app.press('\u0015clu\t');
		await app.waitFor(f => expect(f).toMatch(/^:cluster /m));
		await app.press('\u0015zz\t');
		await app.waitFor(f => expect(f).toContain('✗ nothing to complete'));
		await app.press(keys.escape);
		await app.waitFor(f => expect(f).not.toMatch(/^:/m));
		expect(crumbs(app.frame())).toMatch(/^SERVICES /);
	});

	it('Esc cancels, and an unknown command is shown as such', async () => {
		const app = await start({app: {cluster: 'production'}});
		await app.untilText('worker');
		await app.press(':cl');
		await app.waitFor(f => expect(f).toMatch(/^:cl/m));
		await app.press(keys.escape);
		await app.waitFor(f => expect(f).not.toMatch(/^:cl/m));
		expect(crumbs(app.frame())).toMatch(/^SERVICES /);
		await app.press(':frobnicate\r');
		await app.waitFor(f => expect(f).toContain('unknown command ":frobnicate"'));
		expect(crumbs(app.frame())).toMatch(/^SERVICES /);
	});
});
