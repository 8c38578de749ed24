// `d` describe views against the simulator: a service (deployments, history read on demand,
// load balancers, network, placement, events), a task (containers, exit codes, stop code and
// reason, network, timestamps), an instance (resources, agent, attributes, its tasks), a cluster,
// and `T`: the task definition, read once and cached. Every frame fits the terminal.
import {describe, expect, it} from 'vitest';
import {expectFits, keys} from '../tui/render-app.js';
import {closeAppsAfterEach, firstCells, start, type App} from './app.js';

closeAppsAfterEach();

const sim = {startTime: Date.UTC(2026, 0, 1) - 600_000};
const crumbs = (frame: string) => frame.split('\n')[1] ?? '';

/** Selects the row whose first cell is `name` (moving down from the top). */
async function selectRow(app: App, name: string) {
	await app.until(f => expect(firstCells(f)).toContain(name));
	const index = firstCells(app.frame()).indexOf(name);
	await app.press('g' + 'j'.repeat(index));
	await app.waitFor(() => expect(app.selectedLine()).toContain(name));
}

/** Scrolls a describe view from the top to the bottom; returns its whole text, line by line. */
async function readAll(app: App): Promise<string> {
	await app.press('g');
	const lines: string[] = [];
	for (let i = 0; i < 40; i++) {
		const frame = app.frame().split('\n');
		const m = /lines (\d+)-(\d+) of (\d+)/.exec(frame[2] ?? '');
		if (!m) return frame.slice(3, -2).join('\n');
		frame.slice(3, 3 + Number(m[2]) - Number(m[1]) + 1).forEach((line, j) => (lines[Number(m[1]) - 1 + j] = line));
		if (m[2] === m[3]) break;
		await app.press(keys.pageDown);
	}
	return lines.join('\n');
}

describe('describe views', () => {
	it("a service: deployments, history from ListServiceDeployments, load balancers, network, placement, events", async () => {
		const app = await start({sim, app: {cluster: 'production', columns: 100, rows: 24}});
		await selectRow(app, 'web');
		await app.sim.resetStats();
		await app.press('d');
		await app.until(f => expect(crumbs(f)).toMatch(/^DESCRIBE {2}clusters › production › describe web/));
		await app.step(500);
		const stats = await app.sim.stats();
		expect(stats.calls.ListServiceDeployments).toBe(1);
		expect(stats.calls.DescribeServiceDeployments).toBe(1);
		// Revisions are named by their task definition (one DescribeServiceRevisions for the history).
		expect(stats.calls.DescribeServiceRevisions).toBe(1);
		expectFits(app.frame(), 100, 23);
		expect(app.frame()).toMatch(/lines 1-18 of \d+ · j\/k PgDn\/PgUp scroll · T task definition · Esc back/);
		const text = await readAll(app);
		expect(text).toMatch(/^web {2}ACTIVE {2}desired 4 · running 4 · pending 0/m);
		expect(text).toMatch(/deployment config +min 100% · max 200% · circuit breaker off/);
		expect(text).toMatch(/^ {2}PRIMARY +web:1 +COMPLETED +desired 4 · running 4 · pending 0 · failed 0/m);
		expect(text).toMatch(/^DEPLOYMENT HISTORY \(NEWEST FIRST\)\n {2}SUCCESSFUL +\w+\n {4}started +20/m);
		expect(text).toMatch(/^ {4}target revision +web:1 \(\d+ running of \d+\)$/m);
		expect(text).toMatch(/^LOAD BALANCERS\n {2}web → container web:80 /m);
		expect(text).toMatch(/^NETWORK\n {2}no awsvpc configuration/m);
		expect(text).toMatch(/^RECENT EVENTS \(NEWEST FIRST\)\n {2}\d\d-\d\d \d\d:\d\d:\d\d {2}\(service web\) has reached a steady state\./m);
		// j and k move one line; G shows the end, g the start.
		await app.press('gj');
		await app.waitFor(f => expect(f).toMatch(/lines 2-19 of/));
		await app.press('G');
		await app.waitFor(f => expect(f).toMatch(/lines (\d+)-(\d+) of \2/));
		await app.press('k');
		await app.waitFor(f => expect(f).toMatch(/lines (\d+)-(\d+) of (?!\2)\d+/));
		await app.press('g');
		await app.waitFor(f => expect(f).toMatch(/lines 1-18 of/));
		// r reads the history again; the revisions are known and not read again.
		await app.press('r');
		await app.step(500);
		expect((await app.sim.stats()).calls.ListServiceDeployments).toBe(2);
		expect((await app.sim.stats()).calls.DescribeServiceRevisions).toBe(1);
		await app.press(keys.escape);
		await app.until(f => expect(crumbs(f)).toMatch(/^SERVICES /));
		expect(app.selectedLine()).toContain('web');
	});

	it('a service whose rollout the circuit breaker failed, and its placement strategy', async () => {
		const app = await start({sim, app: {cluster: 'staging', columns: 120, rows: 80}});
		await app.sim.advance(90);
		await selectRow(app, 'search');
		await app.press('d');
		await app.until(f => expect(f).toMatch(/ROLLBACK_SUCCESSFUL/));
		expect(app.frame()).toMatch(/circuit breaker +TRIGGERED \(3 of 3 failures\)/);
		expect(app.frame()).toMatch(/deployment config +min 100% · max 200% · circuit breaker on, rollback on/);
		expect(app.frame()).toMatch(/awsvpc subnets +subnet-/);
		await app.press(':cluster production\r');
		await selectRow(app, 'worker');
		await app.press('d');
		await app.until(f => expect(f).toMatch(/^ {2}strategy +binpack\(memory\)$/m));
	});

	it('a crashed task: containers, exit code, stop code and reason, network, timestamps; T its task definition, cached', async () => {
		const app = await start({sim, app: {cluster: 'staging', columns: 110, rows: 60}});
		await app.sim.advance(90);
		await app.press(':tasks\rz');
		await app.until(f => expect(f).toMatch(/EssentialContainerExited/));
		await app.press('/EssentialContainerExited\r');
		await app.press('d');
		await app.until(f => expect(crumbs(f)).toMatch(/› describe [0-9a-f]{12}/));
		const frame = app.frame();
		expectFits(frame, 110, 59);
		expect(frame).toMatch(/^task [0-9a-f]{32} {2}STOPPED \(desired STOPPED\)/m);
		expect(frame).toMatch(/^ {2}attention +(crash-looping \(exit 1\)|exit 1)$/m);
		expect(frame).toMatch(/^ {2}stop code +EssentialContainerExited$/m);
		expect(frame).toMatch(/^ {2}stopped reason +Essential container in task exited$/m);
		expect(frame).toMatch(/^CONTAINERS \(1\)\n {2}payments {2}STOPPED {2}exit 1/m);
		expect(frame).toMatch(/^NETWORK\n {2}ElasticNetworkInterface /m);
		expect(frame).toMatch(/privateIPv4Address +10\./);
		for (const stamp of ['created', 'pull started', 'started', 'stopping', 'stopped']) expect(frame).toMatch(new RegExp(`^ {2}${stamp} +20\\d\\d-`, 'm'));
		await app.sim.resetStats();
		await app.press('T');
		await app.until(f => expect(f).toMatch(/^task definition payments:1 {2}ACTIVE/m));
		const td = app.frame();
		expect(td).toMatch(/^ {4}image +\d+\.dkr\.ecr\.us-east-1\.amazonaws\.com\/payments:/m);
		expect(td).toMatch(/^ {4}cpu +0$/m);
		expect(td).toMatch(/^ {4}memory +512 MiB$/m);
		// The same description as the task-definitions pane gives a revision: roles included.
		expect(td).toMatch(/^ {2}task role +\S/m);
		expect(td).toMatch(/^ {2}execution role +\S/m);
		expect(td).toMatch(/^ {4}environment +APP_ENV {2}\(names only\)/m);
		// The value of APP_ENV is "production": values are never drawn.
		expect(td).not.toContain('production');
		expect(td).toMatch(/^ {4}log configuration +awslogs: awslogs-group=\/ecs\/payments, /m);
		await app.press(keys.escape);
		await app.until(f => expect(f).toMatch(/^task [0-9a-f]{32}/m));
		await app.press('T');
		await app.until(f => expect(f).toMatch(/^task definition payments:1/m));
		expect((await app.sim.stats()).calls.DescribeTaskDefinition).toBe(1);
	});

	it('an instance: resources, agent, attributes and the tasks on it; a cluster', async () => {
		const app = await start({sim, app: {cluster: 'production', columns: 100, rows: 70}});
		await app.untilText('worker');
		await app.press(':ci\r');
		await app.until(f => expect(f).toMatch(/^> [0-9a-f]{12} +i-/m));
		await app.press('d');
		await app.until(f => expect(f).toMatch(/^TASKS ON IT \([1-9]\d*\)\n {2}[0-9a-f]{12} {2}RUNNING/m));
		const frame = app.frame();
		expectFits(frame, 100, 69);
		expect(frame).toMatch(/^instance i-[0-9a-f]+ {2}ACTIVE {2}agent connected/m);
		expect(frame).toMatch(/^ {2}CPU +4096 units registered · \d+ units remaining · \d+% reserved/m);
		expect(frame).toMatch(/^ {2}MEMORY +15576 MiB registered/m);
		expect(frame).toMatch(/^AGENT\n {2}connected +yes\n {2}agent version +\d/m);
		expect(frame).toMatch(/^ATTRIBUTES \(\d+\)\n(.*\n)* {2}ecs\.instance-type +m5\.xlarge/m);
		await app.press(':cl\r');
		await app.until(f => expect(firstCells(f)).toContain('production'));
		await app.press('d');
		await app.until(f => expect(f).toMatch(/^production {2}ACTIVE/m));
		expect(app.frame()).toMatch(/^ {2}services +3$/m);
		expect(app.frame()).toMatch(/^ {2}container instances +4$/m);
		// T has nothing to open in a cluster's description.
		await app.press('T');
		await app.waitFor(f => expect(f).toContain('no task definition here'));
	});
});
