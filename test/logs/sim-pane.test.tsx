// The logs pane end to end: the whole app against the simulator, which serves ECS and CloudWatch
// Logs on one port, through the real SDK clients and the real logs feed, on stepped clocks. A
// service's tasks merged in time order with their tags; new lines picked up exactly once; Live
// Tail started on L (one session at the simulator) and ended when the pane closes, or broken
// mid-stream (the header says why, polling goes on); a crashed task's last lines in its description.
import {describe, expect, it, vi} from 'vitest';
import {createLogsApis} from '../../source/aws/client.js';
import {createLogsFeed} from '../../source/store/logs/feed.js';
import type {LogsTarget} from '../../source/store/logs/types.js';
import {testCredentials, testLimiter} from '../helpers/api.js';
import type {ManualClock} from '../helpers/manual-clock.js';
import {keys} from '../tui/render-app.js';
import {closeAppsAfterEach, firstCells, start, type App} from '../views/app.js';

closeAppsAfterEach();

const crumbs = (frame: string) => frame.split('\n')[1] ?? '';
const logLines = (frame: string) => frame.split('\n').filter(l => /^.?\s*\d\d:\d\d:\d\d\.\d{3} {2}/.test(l));

/** The app with real logs feeds on the app's stepped clock (known once the app has started). */
async function startWithLogs(cluster: string, rows = 30): Promise<App> {
	const holder: {clock?: ManualClock; endpoint?: string} = {};
	const factory = (target: LogsTarget) => {
		const logs = createLogsApis({endpointUrl: holder.endpoint!, region: 'us-east-1', credentials: testCredentials, limiter: testLimiter()});
		return createLogsFeed({ecs: app.api, logs, target, now: holder.clock!.now, timers: holder.clock!.timers, random: () => 0.5});
	};
	const app = await start({sim: {startTime: Date.UTC(2026, 0, 1) - 600_000}, app: {cluster, columns: 120, rows, logsFeed: factory}});
	holder.clock = app.clock;
	holder.endpoint = app.sim.endpoint;
	return app;
}

/**
 * Until the frame passes: the feed's reads are real HTTP round trips to the simulator, so each try
 * steps the app's clock (its polls come due) and lets the answers in before looking again.
 */
async function untilRead(app: App, check: (frame: string) => void | Promise<void>): Promise<void> {
	await vi.waitFor(
		async () => {
			await app.step(500);
			await check(app.frame());
		},
		{timeout: 15_000, interval: 10},
	);
}

async function selectRow(app: App, name: string) {
	await app.until(f => expect(firstCells(f)).toContain(name));
	const index = firstCells(app.frame()).indexOf(name);
	await app.press('g' + 'j'.repeat(index));
	await app.waitFor(() => expect(app.selectedLine()).toContain(name));
}

describe('logs pane against the simulator', () => {
	it("a service's tasks merged, oldest first, tagged; new lines exactly once; Live Tail one session, ended with the pane", async () => {
		const app = await startWithLogs('production');
		await app.sim.advance(30);
		await selectRow(app, 'web');
		await app.press('l');
		await app.until(f => expect(crumbs(f)).toMatch(/^LOGS .*web logs/));
		await untilRead(app, f => expect(logLines(f).length).toBeGreaterThan(5));
		const first = logLines(app.frame());
		// Tagged task/container; several tasks of the service appear; time never goes back.
		const tags = new Set(first.map(l => /\d{3} {2}([0-9a-f]{12}\/web)/.exec(l)?.[1]).filter(Boolean));
		expect(tags.size).toBeGreaterThan(1);
		const times = first.map(l => /(\d\d:\d\d:\d\d\.\d{3})/.exec(l)![1]!);
		expect([...times].sort()).toEqual(times);
		// New lines: the simulator's world moves on, the feed's next poll brings them once.
		const newestBefore = times.at(-1)!;
		await app.sim.advance(20);
		await untilRead(app, f => expect(/(\d\d:\d\d:\d\d\.\d{3})/.exec(logLines(f).at(-1)!)![1]! > newestBefore).toBe(true));
		const lines = logLines(app.frame());
		expect(new Set(lines).size).toBe(lines.length);
		// Live Tail: one session at the simulator, marked billed; Esc ends it.
		await app.press('L');
		await app.until(f => expect(f).toContain('LIVE · billed per minute'));
		await untilRead(app, async () => expect((await app.sim.stats()).liveTailSessions?.open).toBe(1));
		await app.press(keys.escape);
		await app.until(f => expect(crumbs(f)).toMatch(/^SERVICES/));
		await untilRead(app, async () => expect((await app.sim.stats()).liveTailSessions).toEqual({open: 0, started: 1}));
	});

	it('Live Tail dropped mid-stream: the header says why, LIVE goes, polling brings new lines; no session left open', async () => {
		const app = await startWithLogs('production');
		await app.sim.advance(30);
		await selectRow(app, 'web');
		await app.press('l');
		await untilRead(app, f => expect(logLines(f).length).toBeGreaterThan(5));
		await app.press('L');
		await app.until(f => expect(f).toContain('LIVE · billed per minute'));
		await untilRead(app, async () => expect((await app.sim.stats()).liveTailSessions?.open).toBe(1));
		expect((await app.sim.faults({liveTail: 'drop'})).liveTailSessionsBroken).toBe(1);
		await untilRead(app, f => expect(f).toContain('Live Tail connection lost (ECONNRESET); polling'));
		expect(app.frame()).not.toContain('LIVE · billed');
		expect((await app.sim.stats()).liveTailSessions).toEqual({open: 0, started: 1});
		const clock = (line: string) => /(\d\d:\d\d:\d\d\.\d{3})/.exec(line)![1]!;
		const newestBefore = clock(logLines(app.frame()).at(-1)!);
		await app.sim.advance(20);
		await untilRead(app, f => expect(clock(logLines(f).at(-1)!) > newestBefore).toBe(true));
		const lines = logLines(app.frame());
		expect(new Set(lines).size).toBe(lines.length);
	});

	it("a crashed task's description shows its last log lines, the error before the exit among them", async () => {
		const app = await startWithLogs('staging', 70);
		await app.sim.advance(90);
		await app.press(':tasks\rz');
		await app.until(f => expect(f).toMatch(/EssentialContainerExited/));
		await app.press('/EssentialContainerExited\r');
		await app.press('d');
		await app.until(f => expect(f).toMatch(/^LAST LOG LINES \((\d+)\)$/m));
		await untilRead(app, f => expect(Number(/^LAST LOG LINES \((\d+)\)$/m.exec(f)![1])).toBeGreaterThan(0));
		const section = app.frame().split('LAST LOG LINES')[1]!.split('NETWORK')[0]!;
		expect(section).toMatch(/error|Error|ERROR/);
	});

	it('follows within the Logs budget (FilterLogEvents counted at the simulator); a refused Live Tail falls back to polling and says why; q ends the session', async () => {
		const app = await startWithLogs('production');
		await app.sim.advance(30);
		await selectRow(app, 'web');
		await app.press('l');
		await untilRead(app, f => expect(logLines(f).length).toBeGreaterThan(5));
		// A minute of following on the app's clock, in 5 s steps: each step's poll answered before the next.
		await app.sim.resetStats();
		const polls = async () => (await app.sim.stats()).calls.FilterLogEvents ?? 0;
		for (let i = 0; i < 12; i++) {
			const before = await polls();
			await app.step(5000);
			await vi.waitFor(async () => expect(await polls()).toBeGreaterThan(before), {timeout: 10_000, interval: 10});
		}
		// One FilterLogEvents a poll, a poll every 2.4–3.6 s: 12–25 a minute, far under polling's 75.
		expect(await polls()).toBeGreaterThanOrEqual(12);
		expect(await polls()).toBeLessThanOrEqual(25);
		// Live Tail refused (no logs:StartLiveTail): one line saying why, and polling goes on.
		await app.sim.faults({deny: {StartLiveTail: 'AccessDeniedException'}});
		await app.press('L');
		await untilRead(app, f => expect(f).toMatch(/Live Tail.*(denied|AccessDenied)/i));
		expect(app.frame()).not.toContain('LIVE · billed');
		await app.sim.resetStats();
		await untilRead(app, async () => expect((await app.sim.stats()).calls.FilterLogEvents ?? 0).toBeGreaterThan(0));
		// Allowed again: L starts a session; quitting the app ends it.
		await app.sim.faults({});
		await app.press('L');
		await untilRead(app, async () => expect((await app.sim.stats()).liveTailSessions?.open).toBe(1));
		await app.press('q');
		await untilRead(app, async () => expect((await app.sim.stats()).liveTailSessions?.open).toBe(0));
	});

	it("a task that logs through FireLens: the pane says where its logs go, and shows its log router's lines", async () => {
		const app = await startWithLogs('data');
		await app.sim.advance(30);
		await app.press(':tasks\r');
		await app.until(f => expect(f).toMatch(/family:etl/));
		await app.press('/etl\r');
		await app.until(f => expect(firstCells(f)).toEqual([expect.stringMatching(/^[0-9a-f]{12}$/)]));
		await app.press('l');
		await untilRead(app, f => expect(f).toMatch(/etl.*FireLens|FireLens.*etl|awsfirelens/i));
		// The log router ships with awslogs: its own lines are read.
		await untilRead(app, f => expect(logLines(f).length).toBeGreaterThan(0));
	});
});
