// The logs pane through the whole app against the simulator (the panes it is opened from), with a
// feed the test drives: `l` on a service, a task and a container opens it for the right target;
// lines are drawn oldest first with their task/container tag and follow new ones; moving up pauses
// and G follows again; `/` filters and highlights; w, t, 0–5, [ ], L, d and Ctrl-S do what they
// say; the feed is stopped when the pane closes and when the app ends.
import {existsSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {stateDir} from '../../source/paths.js';
import {keys} from '../tui/render-app.js';
import {closeAppsAfterEach, firstCells, start, type App} from '../views/app.js';
import {fakeFeeds, line} from './fake-feed.js';

closeAppsAfterEach();

const sim = {startTime: Date.UTC(2026, 0, 1) - 600_000};
const crumbs = (frame: string) => frame.split('\n')[1] ?? '';
/** The logs body's lines (after the header's two lines and the column heading). */
const body = (frame: string) => frame.split('\n').slice(3, -2);

async function selectRow(app: App, name: string) {
	await app.until(f => expect(firstCells(f)).toContain(name));
	const index = firstCells(app.frame()).indexOf(name);
	await app.press('g' + 'j'.repeat(index));
	await app.waitFor(() => expect(app.selectedLine()).toContain(name));
}

async function openServiceLogs() {
	const feeds = fakeFeeds();
	const app = await start({sim, app: {cluster: 'production', columns: 100, rows: 20, logsFeed: feeds.factory}});
	await selectRow(app, 'web');
	await app.press('l');
	await app.until(f => expect(crumbs(f)).toContain('web logs'));
	return {app, feeds, feed: feeds.made[0]!};
}

describe('logs pane', () => {
	afterEach(() => {
		const dir = path.join(stateDir(), 'logs');
		if (existsSync(dir)) rmSync(dir, {recursive: true});
	});

	it('l on a service reads its tasks merged; lines are tagged, oldest first, and followed', async () => {
		const {app, feed} = await openServiceLogs();
		expect(feed.target.service).toBe('web');
		expect(feed.target.cluster).toBe('production');
		expect(feed.calls).toEqual(['start {"kind":"tail","lines":100}']);
		expect(app.frame()).toContain('loading…');
		feed.add([line('GET /health 200', 'aaaaaaaaaaaa1111'), line('{"level":"error","msg":"boom"}', 'bbbbbbbbbbbb2222')]);
		await app.until(f => expect(body(f).join('\n')).toMatch(/02:00:\d\d\.000 {2}aaaaaaaaaaaa\/web +GET \/health 200\n.*bbbbbbbbbbbb\/web +\{"level":"error"/));
		expect(app.frame()).toContain('following');
		// A new line arrives: following, the cursor is on it (the newest line is selected, at the bottom).
		feed.add([line('GET /ready 200', 'aaaaaaaaaaaa1111')]);
		await app.until(f => expect(body(f).filter(l => l.trim()).at(-1)).toContain('GET /ready 200'));
	});

	it('moving up pauses, G follows again; new lines wait below while paused', async () => {
		const {app, feed} = await openServiceLogs();
		feed.add(Array.from({length: 30}, (_, i) => line(`line ${i}`)));
		await app.untilText('line 29');
		await app.press('k');
		await app.until(f => expect(f).toContain('paused · G follows'));
		await app.press('g');
		await app.until(f => expect(body(f)[0]).toContain('line 0'));
		feed.add([line('line 30')]);
		await app.step(0);
		expect(app.frame()).not.toContain('line 30');
		await app.press('G');
		await app.until(f => expect(f).toContain('line 30'));
		expect(app.frame()).toContain('following');
		// f pauses and follows too.
		await app.press('f');
		await app.until(f => expect(f).toContain('paused · G follows'));
		await app.press('f');
		await app.until(f => expect(f).toContain('following'));
		expect(feed.touched).toBeGreaterThan(0);
	});

	it('/ filters the lines and highlights the matches; Esc clears the filter first', async () => {
		const {app, feed} = await openServiceLogs();
		feed.add([line('GET /health 200'), line('ERROR timeout talking to db'), line('GET /orders 500')]);
		await app.untilText('GET /orders 500');
		await app.press('/');
		await app.press('/(timeout|500)/');
		await app.press(keys.enter);
		await app.until(f => expect(body(f).join('\n')).not.toContain('/health'));
		expect(app.frame()).toContain('ERROR timeout talking to db');
		expect(app.frame()).toContain('GET /orders 500');
		await app.press(keys.escape);
		await app.until(f => expect(f).toContain('/health'));
		expect(crumbs(app.frame())).toContain('web logs');
	});

	it('t hides timestamps, w wraps long lines, 0–5 read another time range', async () => {
		const {app, feed} = await openServiceLogs();
		const long = `x${'-'.repeat(150)}end`;
		feed.add([line('short line'), line(long)]);
		await app.untilText('short line');
		expect(app.frame()).not.toContain('end');
		await app.press('w');
		await app.until(f => expect(f).toContain('end'));
		await app.press('t');
		await app.until(f => expect(body(f).some(l => l.trimStart().startsWith('3f2a9c1b7d4e/web  short line'))).toBe(true));
		await app.press('2');
		await app.press('5');
		await app.press('0');
		expect(feed.calls.slice(1)).toEqual(['start {"kind":"ago","ms":300000}', 'start {"kind":"task-start"}', 'start {"kind":"tail","lines":100}']);
	});

	it('[ and ] jump between tasks; d shows a line whole with its JSON pretty-printed', async () => {
		const {app, feed} = await openServiceLogs();
		feed.add([line('a1', 'aaaaaaaaaaaa'), line('a2', 'aaaaaaaaaaaa'), line('{"level":"warn","msg":"slow","ms":812}', 'bbbbbbbbbbbb'), line('a3', 'aaaaaaaaaaaa')]);
		await app.untilText('a3');
		await app.press('[');
		await app.until(f => expect(f).toContain('task bbbbbbbbbbbb'));
		await app.press('d');
		await app.until(f => expect(f).toMatch(/^ {2}"level": "warn",\n {2}"msg": "slow",\n {2}"ms": 812/m));
		await app.press(keys.escape);
		await app.press('[');
		await app.until(f => expect(f).toContain('task aaaaaaaaaaaa'));
	});

	it('L turns Live Tail on (marked billed) and off; Esc stops the feed', async () => {
		const {app, feed} = await openServiceLogs();
		feed.add([line('hello')]);
		await app.untilText('hello');
		await app.press('L');
		await app.until(f => expect(f).toContain('LIVE · billed per minute'));
		expect(feed.calls).toContain('live true');
		await app.press('L');
		await app.until(f => expect(f).not.toContain('LIVE'));
		expect(feed.calls).toContain('live false');
		expect(feed.stopped).toBe(false);
		await app.press(keys.escape);
		await app.until(f => expect(crumbs(f)).not.toContain('logs'));
		expect(feed.stopped).toBe(true);
	});

	it('Ctrl-S saves the loaded lines; a task and a container open their own targets; quitting stops every feed', async () => {
		const {app, feeds, feed} = await openServiceLogs();
		feed.add([line('saved line one'), line('saved line two')]);
		await app.untilText('saved line two');
		await app.press('\u0013');
		await app.until(f => expect(f).toMatch(/saved 2 lines to /));
		const dir = path.join(stateDir(), 'logs');
		const [file] = readdirSync(dir);
		expect(readFileSync(path.join(dir, file!), 'utf8')).toMatch(/Z {2}3f2a9c1b7d4e\/web {2}saved line one\n.*saved line two\n$/);
		await app.press(keys.escape);
		await app.until(f => expect(crumbs(f)).not.toContain('logs'));
		// A task's logs: that one task, no service.
		await app.press(keys.enter);
		await app.until(f => expect(firstCells(f)[0]).toMatch(/^[0-9a-f]{12}$/));
		await app.press('l');
		await app.until(f => expect(crumbs(f)).toMatch(/[0-9a-f]{12} logs/));
		expect(feeds.made[1]!.target).toMatchObject({cluster: 'production', taskArns: [expect.stringMatching(/task\//)]});
		expect(feeds.made[1]!.target.service).toBeUndefined();
		await app.press(keys.escape);
		// A container's logs: the task and the container's name.
		await app.press(keys.enter);
		await app.until(f => expect(crumbs(f)).toMatch(/^CONTAINERS/));
		await app.press('l');
		await app.until(f => expect(crumbs(f)).toMatch(/^LOGS/));
		expect(feeds.made[2]!.target.container).toBeTruthy();
		expect(feeds.made[1]!.stopped).toBe(true);
		await app.press('q');
		await app.waitFor(() => expect(feeds.made[2]!.stopped).toBe(true));
	});

	it("a stopped task's description shows its last 20 log lines under its containers (read once, not followed); l there opens its logs", async () => {
		const feeds = fakeFeeds();
		const app = await start({sim, app: {cluster: 'staging', columns: 110, rows: 60, logsFeed: feeds.factory}});
		await app.sim.advance(90);
		await app.press(':tasks\rz');
		await app.until(f => expect(f).toMatch(/EssentialContainerExited/));
		await app.press('/EssentialContainerExited\r');
		await app.press('d');
		await app.until(f => expect(f).toMatch(/^LAST LOG LINES \(0\)\n {2}loading… \(CloudWatch Logs\)/m));
		const feed = feeds.made[0]!;
		expect(feed.target.taskArns).toHaveLength(1);
		expect(feed.calls).toEqual(['follow false', 'start {"kind":"tail","lines":20}']);
		feed.add(Array.from({length: 25}, (_, i) => line(i === 24 ? 'Error: connect ECONNREFUSED 10.0.0.5:5432' : `starting ${i}`, feed.target.taskArns[0]!.split('/').at(-1)!, 'payments')));
		await app.until(f => expect(f).toMatch(/^LAST LOG LINES \(20\)\n {2}\d\d:\d\d:\d\d\.\d{3} {2}payments {2}starting 5\n/m));
		expect(app.frame()).toMatch(/^ {2}[\d:.]+ {2}payments {2}Error: connect ECONNREFUSED.*\n {2}l opens the logs$/m);
		// The section sits under the containers (exit codes), above the network.
		expect(app.frame().indexOf('LAST LOG LINES')).toBeGreaterThan(app.frame().indexOf('CONTAINERS (1)'));
		expect(app.frame().indexOf('LAST LOG LINES')).toBeLessThan(app.frame().indexOf('NETWORK'));
		await app.press('l');
		await app.until(f => expect(crumbs(f)).toMatch(/^LOGS/));
		expect(feeds.made[1]!.target.taskArns).toEqual(feed.target.taskArns);
		await app.press(keys.escape);
		await app.press(keys.escape);
		await app.until(f => expect(crumbs(f)).toMatch(/^TASKS/));
		expect(feed.stopped).toBe(true);
	});
});
