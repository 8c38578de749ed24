// Hostile strings planted through the simulator (service and cluster names, an event message
// posted to /_sim/events, a StopTask reason sent with the SDK) never reach the terminal as control,
// bidi or invisible characters, and wide characters (CJK, emoji, ZWJ sequences, flags, combining
// marks) keep the columns aligned: in the TUI's frames (tables, events pane, describe view,
// header), in `ecs-top get` tables, in `events` lines; `--json` keeps the data, escaped.
// The inputs are listed in hostile-world.ts.
import {spawn} from 'node:child_process';
import path from 'node:path';
import {ListTasksCommand, StopTaskCommand} from '@aws-sdk/client-ecs';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {runEvents} from '../../source/commands/events.js';
import {runGet} from '../../source/commands/get.js';
import type {Service, Task} from '../../source/domain.js';
import {bundleNode} from '../helpers/bundle-node.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {keys} from '../tui/render-app.js';
import {closeAppsAfterEach, start, type App} from '../views/app.js';
import {cells, columnOf, dangerous, expectNoDangerous, fromColumn, hostileCluster, hostileMessage, hostileMessageShown, hostileReason, hostileReasonShown, hostileServices, plant} from './hostile-world.js';
import {runCaptured} from '../helpers/run-command.js';

/** Ink's own styling under NO_COLOR (bold, dim, inverse and their resets): the only escapes allowed in a frame. */
const inkStyling = /\u001B\[(?:0|1|2|7|22|27)?m/g;

/** Every row under `header` has each column's value starting at the header's display column. */
function expectAligned(rows: readonly string[], header: string, columns: Record<string, RegExp>): void {
	expect(rows.length).toBeGreaterThan(0);
	for (const [word, value] of Object.entries(columns)) {
		const at = columnOf(header, word);
		for (const row of rows) {
			expect(fromColumn(row, at), `${word} in ${JSON.stringify(row)}`).toMatch(value);
			expect(cells(row)[at - 1], `before ${word} in ${JSON.stringify(row)}`).toBe(' ');
		}
	}
}

/** A StopTask with a hostile reason, through the SDK like any client. */
async function stopWithHostileReason(sim: TestSim): Promise<void> {
	const listed = await sim.client.send(new ListTasksCommand({cluster: 'hostile', serviceName: 'plain'}));
	await sim.client.send(new StopTaskCommand({cluster: 'hostile', task: listed.taskArns![0]!, reason: hostileReason}));
}

describe('the TUI', () => {
	closeAppsAfterEach();
	afterEach(() => vi.unstubAllEnvs());

	const expectClean = (app: App) => expectNoDangerous(app.lastFrame() ?? '', inkStyling);
	/** The table's header line (the one starting with the gutter and `title`) and the rows under it. */
	const table = (frame: string, title: RegExp) => {
		const lines = frame.split('\n');
		const at = lines.findIndex(l => title.test(l));
		const rows: string[] = [];
		for (const line of lines.slice(at + 1)) {
			if (!/^[> ][* ] *\S/.test(line)) break;
			rows.push(line);
		}
		return {header: lines[at]!, rows};
	};

	it('shows hostile names and messages clean, with every column aligned', async () => {
		vi.stubEnv('NO_COLOR', '1');
		const app = await start({sim: {world: 'empty'}, app: {columns: 160, rows: 40}});
		plant(app.sim.sim.world);
		await app.sim.control('/_sim/events', {cluster: 'hostile', service: 'plain', message: hostileMessage});

		// Clusters: the hostile cluster name, and the columns after it.
		await app.until(f => expect(f.match(/ ACTIVE /g)).toHaveLength(2));
		expectClean(app);
		expect(app.frame()).toContain('opsprod サービス');
		const clusters = table(app.frame(), /^ {2}NAME /);
		expect(clusters.rows).toHaveLength(2);
		expectAligned(clusters.rows, clusters.header, {STATUS: /^ACTIVE /, 'CAPACITY PROVIDERS': /^FARGATE,/});

		// Services: every name as it must be shown, columns aligned. At 160 columns the long one is
		// whole: a cut column takes the spare width (cutting whole graphemes is test/clean-output/width).
		await app.press('/hostile\r');
		await app.press(keys.enter);
		await app.until(f => expect(f).toContain('plain'));
		expectClean(app);
		const services = table(app.frame(), /^ {2}! NAME /);
		expect(services.rows).toHaveLength(hostileServices.length + 1);
		for (const {shown} of hostileServices.filter(s => s.shown.length < 20)) expect(services.rows.some(r => r.slice(4).startsWith(`${shown} `)), shown).toBe(true);
		expect(services.rows.some(r => /サービス名前がとても長いサービス名前がとても長い ACTIVE/.test(r)), services.rows.join('\n')).toBe(true);
		expectAligned(services.rows, services.header, {STATUS: /^ACTIVE /, 'TASK DEFINITION': /^app:1 /, LAUNCH: /^FARGATE /});

		// Describe views of a few: the header's breadcrumb and every line.
		for (const name of ['invoice', 'dev', 'サービス名前']) {
			await app.press(`/${name}\r`);
			await app.press('d');
			await app.until(f => expect(f).toMatch(/^DESCRIBE /m));
			expectClean(app);
			await app.press(keys.escape);
			await app.press(keys.escape);
		}

		// The cluster's events feed: service names of every width, then the messages in one column.
		await app.press(keys.escape);
		// (The clusters' filter is still "hostile", so the hostile cluster is selected.)
		await app.until(f => expect(f).toMatch(/^CLUSTERS .*filter hostile/m));
		await app.press('e');
		await app.until(f => expect(f).toMatch(/\(service plain\) .* end/));
		expectClean(app);
		expect(app.frame()).toContain(hostileMessageShown);
		const lines = app.frame().split('\n');
		const header = lines.find(l => l.startsWith('TIME (UTC)'))!;
		const events = lines.filter(l => /^\d\d-\d\d \d\d:\d\d:\d\d /.test(l));
		expect(events.length).toBe(hostileServices.length + 2);
		expectAligned(events, header, {MESSAGE: /^\(service /});

		// The hostile cluster's own views: its name in the header.
		await app.press(keys.escape);
		await app.press(keys.escape);
		await app.press('/opsprod\r');
		await app.press(keys.enter);
		await app.until(f => expect(f).toMatch(/^SERVICES .*opsprod サービス/m));
		expectClean(app);
	});

	it('shows a hostile stop reason clean in the stopped tasks', async () => {
		vi.stubEnv('NO_COLOR', '1');
		const app = await start({sim: {world: 'empty'}, app: {columns: 200, rows: 30}});
		plant(app.sim.sim.world);
		await stopWithHostileReason(app.sim);
		await app.sim.advance(30);
		await app.until(f => expect(f).toContain('hostile'));
		await app.press('/hostile\r');
		await app.press('t');
		await app.press('z');
		await app.until(f => expect(f).toMatch(/stopped .*by/));
		expectClean(app);
		expect(app.frame()).toContain(hostileReasonShown);
		await app.press(`/stopped by\r`);
		await app.press('d');
		await app.until(f => expect(f).toMatch(/stopped reason +stopped by サービス 👩‍💻/));
		expectClean(app);
	});
});

describe('ecs-top get and events', () => {
	let sim: TestSim;
	const root = path.resolve(import.meta.dirname, '..', '..');

	beforeAll(async () => {
		sim = await startTestSim({world: 'empty'});
		plant(sim.sim.world);
		await sim.control('/_sim/events', {cluster: 'hostile', service: 'plain', message: hostileMessage});
		await stopWithHostileReason(sim);
		await sim.advance(30);
	});
	afterAll(() => sim.close());
	afterEach(() => {
		vi.restoreAllMocks();
		vi.unstubAllEnvs();
	});

	/** Runs a command in-process with stdout captured (not a TTY: no colour). */
	async function run(command: Parameters<typeof runCaptured>[0], argv: string[]): Promise<string> {
		const {code, out} = await runCaptured(command, argv, sim.endpoint);
		expect(code).toBe(0);
		return out;
	}

	it('get services: a clean table, aligned by display width', async () => {
		const out = await run(runGet, ['get', 'services', '--cluster', 'hostile']);
		expectNoDangerous(out);
		const [header, ...rows] = out.trimEnd().split('\n');
		expect(rows).toHaveLength(hostileServices.length + 1);
		for (const {shown} of hostileServices) expect(rows.some(r => fromColumn(r, columnOf(header!, 'NAME')).startsWith(`${shown} `)), shown).toBe(true);
		expectAligned(rows, header!, {STATUS: /^ACTIVE /, 'TASK DEFINITION': /^app:1 /, LAUNCH: /^FARGATE /});
	});

	it('get clusters and get tasks --stopped: clean and aligned', async () => {
		const clusters = await run(runGet, ['get', 'clusters']);
		expectNoDangerous(clusters);
		const [header, ...rows] = clusters.trimEnd().split('\n');
		expect(rows.some(r => r.startsWith('opsprod サービス '))).toBe(true);
		expectAligned(rows, header!, {STATUS: /^ACTIVE /});
		const tasks = await run(runGet, ['get', 'tasks', '--cluster', 'hostile', '--service', 'plain', '--stopped']);
		expectNoDangerous(tasks);
		expect(tasks).toContain(hostileReasonShown);
	});

	it('get --json: the data whole, dangerous characters as \\u escapes', async () => {
		const out = await run(runGet, ['get', 'services', '--cluster', 'hostile', '--json']);
		expectNoDangerous(out);
		for (const escaped of ['\\u009b2J', '\\u0085', '\\u007f', '\\u202e', '\\u2066', '\\u200b', '\\udb40\\udc69', '\\u001b[2J']) expect(out).toContain(escaped);
		const services = JSON.parse(out) as Service[];
		expect(services.map(s => s.serviceName).sort()).toEqual([...hostileServices.map(s => s.name), 'plain'].sort());
		// Readable text stays as it is.
		expect(out).toContain('"serviceName": "dev👩‍💻ops"');
		expect(out).toContain('"serviceName": "サービス"');
		const tasks = JSON.parse(await run(runGet, ['get', 'tasks', '--cluster', 'hostile', '--service', 'plain', '--stopped', '--json'])) as Task[];
		expect(tasks.map(t => t.stoppedReason)).toContain(hostileReason);
		const clusters = await run(runGet, ['get', 'clusters', '--json']);
		expectNoDangerous(clusters);
		expect((JSON.parse(clusters) as Array<{clusterName: string}>).map(c => c.clusterName)).toContain(hostileCluster);
	});

	it('events: clean lines; --json lines parse and hold no raw dangerous character', async () => {
		const text = await run(runEvents, ['events', '--cluster', 'hostile', '--since', '1d']);
		expectNoDangerous(text);
		expect(text).toContain(`  plain  ${hostileMessageShown}\n`);
		for (const {shown} of hostileServices) expect(text).toContain(`  ${shown}  (service ${shown}) has reached a steady state.\n`);
		const json = await run(runEvents, ['events', '--cluster', 'hostile', '--service', 'plain', '--since', '1d', '--json']);
		expectNoDangerous(json);
		const messages = json.trimEnd().split('\n').map(l => (JSON.parse(l) as {message: string}).message);
		expect(messages).toContain(hostileMessageShown);
	});

	it('the built binary writes the same bytes to a pipe', async () => {
		const env = {...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_ECS: sim.endpoint, NO_COLOR: '1'};
		const cli = (args: string[]) =>
			new Promise<{code: number | null; stdout: string}>(resolve => {
				const child = spawn(bundleNode, [path.join(root, 'dist', 'cli.js'), ...args], {cwd: root, env, stdio: ['ignore', 'pipe', 'inherit']});
				const chunks: Buffer[] = [];
				child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
				child.on('close', code => resolve({code, stdout: Buffer.concat(chunks).toString('utf8')}));
			});
		const [table, json, events] = await Promise.all([cli(['get', 'services', '--cluster', 'hostile']), cli(['get', 'services', '--cluster', 'hostile', '--json']), cli(['events', '--cluster', 'hostile', '--since', '1d'])]);
		for (const r of [table, json, events]) {
			expect(r.code).toBe(0);
			expect(dangerous.test(r.stdout)).toBe(false);
		}
		expect(table.stdout).toContain('dev👩‍💻ops');
		expect((JSON.parse(json.stdout) as Service[]).some(s => s.serviceName === 'invoice\u202Efdp.exe')).toBe(true);
		expect(events.stdout).toContain(hostileMessageShown);
	});
});
