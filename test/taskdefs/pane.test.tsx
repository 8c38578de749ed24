// The task-definitions pane, key by key, through the real SDK against the simulator's demo world
// (frontend:1..5 with different images, memory, environment and secrets; legacy-cron INACTIVE
// only): `:td` lists families, Enter a family's revisions newest first, `d` describes one with
// roles and environment names (never values), `c` compares with the previous revision or the two
// marked with Space, and every read is made once per view.
import {describe, expect, it, vi} from 'vitest';
import {expectFits, keys} from '../tui/render-app.js';
import {closeAppsAfterEach, firstCells, start, tableRows, type App} from '../views/app.js';

// Colour needs chalk to believe the terminal has colours: set before Ink is imported.
vi.hoisted(() => {
	process.env.FORCE_COLOR = '1';
});

closeAppsAfterEach();

const sim = {startTime: Date.UTC(2026, 0, 1) - 600_000};

const crumbs = (frame: string) => frame.split('\n')[1] ?? '';
const body = (frame: string) => frame.split('\n').slice(2, -2).join('\n');

async function selectRow(app: App, name: string) {
	await app.until(f => expect(firstCells(f)).toContain(name));
	const index = firstCells(app.frame()).indexOf(name);
	await app.press('g' + 'j'.repeat(index));
	await app.waitFor(() => expect(app.selectedLine()).toContain(name));
}

async function openFrontend(app: App) {
	await app.press(':td' + keys.enter);
	await app.until(f => expect(firstCells(f)).toContain('legacy-cron'));
	await selectRow(app, 'frontend');
	await app.press(keys.enter);
	await app.until(f => expect(firstCells(f)).toHaveLength(5));
}

describe('task definitions pane', () => {
	it(':td lists families (INACTIVE marked), Enter lists revisions newest first, read once per view', async () => {
		const app = await start({sim, app: {columns: 110, rows: 24}});
		await app.until(f => expect(firstCells(f)).toContain('production'));
		await app.sim.resetStats();
		await app.press(':td' + keys.enter);
		await app.until(f => expect(crumbs(f)).toContain('task definitions'));
		expect(body(app.frame())).toContain('loading…');
		await app.until(f => expect(firstCells(f)).toContain('legacy-cron'));
		const families = tableRows(app.frame());
		expect(families.find(l => l.includes('legacy-cron'))).toMatch(/legacy-cron +INACTIVE/);
		expect(families.find(l => l.includes('frontend'))).toMatch(/frontend +ACTIVE/);
		expect(app.frame()).toMatch(/FAMILY +STATUS/);
		// Nothing polled here: the header has no scope age to show, and no endless "loading…".
		expect(crumbs(app.frame())).not.toContain('loading…');
		// Re-renders (poller steps, moving the cursor) never read again.
		await app.press('jjk');
		await app.step(3000);
		let stats = await app.sim.stats();
		expect(stats.calls.ListTaskDefinitionFamilies).toBe(2);

		await selectRow(app, 'frontend');
		await app.press(keys.enter);
		await app.until(f => expect(firstCells(f)).toEqual(['frontend:5', 'frontend:4', 'frontend:3', 'frontend:2', 'frontend:1']));
		const frame = app.frame();
		expectFits(frame, 110, 23);
		expect(frame).toMatch(/REVISION +STATUS +REGISTERED +CPU +MEMORY +CONTAINERS +IMAGES/);
		expect(tableRows(frame)[0]).toMatch(/frontend:5 +ACTIVE +\S+ +256 +512 +1 /);
		expect(tableRows(frame)[4]).toMatch(/frontend:1 +INACTIVE .*frontend:1\.0\.4/);
		await app.step(3000);
		stats = await app.sim.stats();
		expect(stats.calls.ListTaskDefinitions).toBe(2);
		expect(stats.calls.DescribeTaskDefinition).toBe(5);

		// The filter works as on the other table panes.
		await app.press('/INACTIVE' + keys.enter);
		await app.until(f => expect(firstCells(f)).toEqual(['frontend:2', 'frontend:1']));
		await app.press(keys.escape);
		await app.until(f => expect(firstCells(f)).toHaveLength(5));
		// Sorting works on every column (CPU and MEMORY too: numbers here, not an instance's share).
		for (let i = 0; i < 7; i++) {
			await app.press('>');
			await app.until(f => expect(tableRows(f)).toHaveLength(5));
			expect(app.frame()).not.toMatch(/TypeError|failed/);
		}
		await app.press('o');
		await app.until(f => expect(tableRows(f)).toHaveLength(5));
		// Esc goes back to the families, frontend still selected.
		await app.press(keys.escape);
		await app.until(f => expect(crumbs(f)).not.toContain('frontend'));
		expect(app.selectedLine()).toContain('frontend');
	});

	it('d describes a revision: roles, environment names but not their values, secrets with valueFrom', async () => {
		const app = await start({sim, app: {columns: 120, rows: 50}});
		await openFrontend(app);
		await app.press('d');
		await app.until(f => expect(f).toMatch(/^frontend:5 {2}ACTIVE/m));
		const text = app.frame();
		expectFits(text, 120, 49);
		expect(text).toMatch(/task role +arn:aws:iam::\d+:role\/frontend-task/);
		expect(text).toMatch(/execution role +arn:aws:iam::\d+:role\/ecsTaskExecutionRole/);
		expect(text).toMatch(/environment +APP_ENV, LOG_LEVEL, FEATURE_FLAGS {2}\(names only\)/);
		expect(text).toContain('SESSION_SECRET ← arn:aws:secretsmanager:');
		expect(text).toContain('API_TOKEN ← arn:aws:ssm:');
		expect(text).toMatch(/network mode +awsvpc/);
		expect(text).toMatch(/registered +2025-12-\d\d \d\d:\d\d:\d\dZ \(\d+d ago\)/);
		expect(text).not.toContain('checkout-v2');
		expect(text).not.toMatch(/\bwarn\b/);
		await app.press(keys.escape);
		await app.until(f => expect(firstCells(f)).toHaveLength(5));
	});

	it('c compares with the previous revision, or the two marked with Space', async () => {
		const app = await start({sim, app: {columns: 120, rows: 40}});
		await openFrontend(app);
		await app.press('c');
		await app.until(f => expect(f).toMatch(/frontend:4 → frontend:5 {2}\d+ fields changed/));
		let text = body(app.frame());
		expect(text).toMatch(/^- containers\.frontend\.environment\.LOG_LEVEL +info$/m);
		expect(text).toMatch(/^\+ containers\.frontend\.environment\.LOG_LEVEL +warn$/m);
		expect(text).toMatch(/^\+ containers\.frontend\.secrets\.API_TOKEN +arn:aws:ssm:/m);
		expect(text).not.toMatch(/SESSION_SECRET/);
		expect(text).not.toMatch(/ memory /);
		await app.press(keys.escape);
		await app.until(f => expect(firstCells(f)).toHaveLength(5));

		// Marks: frontend:4 and frontend:2, whatever is selected.
		await app.press('gj ');
		await app.press('j ');
		await app.until(f => expect(f).toContain('2 marked'));
		await app.press('c');
		await app.until(f => expect(f).toMatch(/frontend:2 → frontend:4/));
		text = body(app.frame());
		expect(text).toMatch(/^- memory +1024$/m);
		expect(text).toMatch(/^\+ memory +512$/m);
		expect(text).toMatch(/^\+ containers\.frontend\.environment\.FEATURE_FLAGS +checkout-v2$/m);
		await app.press(keys.escape);
		await app.until(f => expect(firstCells(f)).toHaveLength(5));
		// One mark is not two: said so, nothing opens.
		await app.press('gj ');
		await app.press('c');
		await app.until(f => expect(f).toContain('mark exactly two revisions to compare them (1 marked)'));
		expect(crumbs(app.frame())).not.toContain('→');
	});

	it('the diff is coloured like git diff, and not without colour', async () => {
		const app = await start({sim, app: {columns: 120, rows: 40, color: true}});
		await openFrontend(app);
		await app.press('c');
		await app.until(f => expect(f).toMatch(/frontend:4 → frontend:5/));
		const raw = app.lastFrame() ?? '';
		expect(raw).toMatch(/\u001B\[31m- containers\.frontend\.environment\.LOG_LEVEL/);
		expect(raw).toMatch(/\u001B\[32m\+ containers\.frontend\.environment\.LOG_LEVEL/);
		const plain = await start({sim, app: {columns: 120, rows: 40, color: false}});
		await openFrontend(plain);
		await plain.press('c');
		await plain.until(f => expect(f).toMatch(/frontend:4 → frontend:5/));
		expect(plain.lastFrame() ?? '').not.toMatch(/\u001B\[3[12]m/);
	});

	it('a refused read shows in the body as on the other panes, and r reads again', async () => {
		const app = await start({sim, app: {columns: 120, rows: 30}});
		await app.until(f => expect(firstCells(f)).toContain('production'));
		await app.sim.faults({deny: {ListTaskDefinitionFamilies: 'AccessDeniedException'}});
		await app.press(':td' + keys.enter);
		await app.until(f => expect(body(f)).toMatch(/AccessDeniedException: /));
		await app.sim.faults({});
		await app.press('r');
		await app.until(f => expect(firstCells(f)).toContain('legacy-cron'));
	});

	it('the oldest revision has none before it', async () => {
		const app = await start({sim, app: {columns: 120, rows: 40}});
		await openFrontend(app);
		await app.press('G');
		await app.press('c');
		await app.until(f => expect(f).toContain('no revision before frontend:1 listed'));
	});
});
