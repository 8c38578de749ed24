// The whole TUI on the simulator (stepped clocks, real SDK and data layer), opened where an
// action test starts, with the audit log in a fresh directory, plus SDK reads of the simulator's
// state to check what an action really did.
import {mkdtempSync, readFileSync, existsSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {DescribeContainerInstancesCommand, DescribeServicesCommand, DescribeTasksCommand, ListContainerInstancesCommand, ListTasksCommand} from '@aws-sdk/client-ecs';
import {expect, vi} from 'vitest';
import type {AppProps} from '../../source/app.js';
import type {SimOptions} from '../../source/sim/index.js';
import {simApp} from '../tui/sim-app.js';

export type ActionApp = Awaited<ReturnType<typeof actionApp>>;

export async function actionApp(options: {app?: Partial<AppProps>; sim?: SimOptions} = {}) {
	// Each test its own audit log (the data layer reads XDG_STATE_HOME at each write).
	const state = mkdtempSync(path.join(tmpdir(), 'ecs-top-actions-'));
	process.env.XDG_STATE_HOME = state;
	const t = await simApp({app: {rows: 40, columns: 140, ...options.app}, sim: options.sim});
	const client = t.sim.client;
	const auditFile = path.join(state, 'ecs-top', 'audit.jsonl');
	return {
		...t,
		close: async () => {
			await t.close();
			rmSync(state, {recursive: true, force: true});
		},
		auditFile,
		audit: (): Array<Record<string, any>> => (existsSync(auditFile) ? readFileSync(auditFile, 'utf8').trim().split('\n').filter(Boolean).map(l => JSON.parse(l)) : []),
		/** Calls of one operation the simulator has answered since start. */
		calls: async (operation: string) => (await t.sim.stats()).calls[operation] ?? 0,
		/** Waits until the simulator has seen `n` calls of `operation` (they are async after `y`). */
		waitCalls: async (operation: string, n: number) => {
			await vi.waitFor(async () => expect((await t.sim.stats()).calls[operation] ?? 0).toBe(n), {timeout: 5000, interval: 10});
		},
		task: async (cluster: string, arn: string) => (await client.send(new DescribeTasksCommand({cluster, tasks: [arn]}))).tasks![0]!,
		service: async (cluster: string, name: string) => (await client.send(new DescribeServicesCommand({cluster, services: [name]}))).services![0]!,
		instances: async (cluster: string) => {
			const arns = (await client.send(new ListContainerInstancesCommand({cluster}))).containerInstanceArns ?? [];
			return (await client.send(new DescribeContainerInstancesCommand({cluster, containerInstances: arns}))).containerInstances ?? [];
		},
		tasksOn: async (cluster: string, containerInstance: string) => (await client.send(new ListTasksCommand({cluster, containerInstance}))).taskArns ?? [],
		/** The selected row's first cell (a task or instance ID as the table shows it). */
		selectedId: () => t.selectedLine().slice(2).trim().split(/\s+/)[0] ?? '',
	};
}

/** The services pane of `production`, with the service `name` selected. */
export async function productionServices(name: string): Promise<ActionApp> {
	const app = await actionApp({app: {cluster: 'production'}});
	await app.untilText(/^> /m);
	for (let i = 0; i < 10 && !app.selectedLine().includes(` ${name} `); i++) await app.press('j');
	expect(app.selectedLine()).toContain(` ${name} `);
	return app;
}
