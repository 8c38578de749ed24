// CPU% and MEM% end to end: the whole app against the simulator's CloudWatch through the real SDK,
// on stepped clocks. Cells filled from the simulator's load models; one GetMetricData a minute for
// a screenful (counted by the simulator); sorted by MEM%; the thresholds' colours; the leaking
// service (staging's thumbnailer) marked for attention before its task is killed; no CloudWatch
// call at all with metrics off.
import {describe, expect, it, vi} from 'vitest';
import {keys} from '../tui/render-app.js';
import {closeAppsAfterEach, firstCells, start, tableRows, type App} from '../views/app.js';

// Colour needs chalk to believe the terminal has colours: set before Ink is imported.
vi.hoisted(() => {
	process.env.FORCE_COLOR = '1';
});

closeAppsAfterEach();

const minute = 60_000;
// The app's clock starts at 2026-01-01T00:00Z; the simulator ten minutes earlier, so after it
// catches up there are complete minutes of data behind the app's "now".
const simStart = Date.UTC(2026, 0, 1) - 10 * minute;

async function staging(options: {metrics: boolean; color?: boolean; rows?: number}): Promise<App> {
	const app = await start({sim: {startTime: simStart}, app: {cluster: 'staging', columns: 170, rows: options.rows ?? 20, color: options.color ?? false}, metrics: options.metrics});
	await app.sim.advance(600);
	return app;
}

/** A service row's cells by column header (the services pane). */
function cellsOf(frame: string, name: string): Record<string, string> {
	const lines = frame.split('\n');
	const header = lines.find(l => /^ {2}! NAME /.test(l))!;
	const row = tableRows(frame).find(r => r.slice(4).startsWith(`${name} `))!;
	const cells: Record<string, string> = {};
	for (const column of ['CPU%', 'MEM%']) {
		const end = header.indexOf(column) + column.length;
		cells[column] = row.slice(end - 5, end).trim();
	}
	cells.ATTENTION = row.slice(header.indexOf('ATTENTION')).trim();
	return cells;
}

describe('utilization columns against the simulator', () => {
	it('fills every service of the screen in one GetMetricData, then one a minute', async () => {
		const app = await staging({metrics: true});
		await app.until(f => expect(tableRows(f).map(r => cellsOf(f, r.slice(4).split(' ')[0]!)['CPU%'])).toEqual(Array(6).fill(expect.stringMatching(/^\d+%$/))));
		const rows = tableRows(app.frame());
		// staging's six services: frontend, checkout, payments, search, thumbnailer, cart.
		expect(rows).toHaveLength(6);
		for (const name of firstCells(app.frame())) expect(cellsOf(app.frame(), name)['MEM%']).toMatch(/^\d+%$/);
		const first = await app.sim.stats();
		expect(first.calls.GetMetricData).toBe(1);
		expect(first.metricsRequested).toBe(12);
		await app.step(10 * minute);
		const later = await app.sim.stats();
		expect(later.calls.GetMetricData).toBe(11);
		expect(later.metricsRequested).toBe(132);
	});

	it('sorts by MEM%, and colours 80 % yellow and 95 % red', async () => {
		const app = await staging({metrics: true, color: true});
		// Planted readings: frontend at 82 % CPU, checkout at 97 % memory (frontend is steady: its row
		// has no tone of its own, so the cell's colour is the threshold's).
		const at = (n: number) => ({Timestamp: (Date.UTC(2026, 0, 1) - n * minute) / 1000});
		await app.sim.control('/_sim/metrics', {
			Namespace: 'AWS/ECS',
			MetricData: [1, 2, 3].flatMap(n => [
				{MetricName: 'CPUUtilization', Dimensions: [{Name: 'ClusterName', Value: 'staging'}, {Name: 'ServiceName', Value: 'frontend'}], Value: 82, ...at(n)},
				{MetricName: 'MemoryUtilization', Dimensions: [{Name: 'ClusterName', Value: 'staging'}, {Name: 'ServiceName', Value: 'checkout'}], Value: 97, ...at(n)},
			]),
		});
		await app.until(f => expect(cellsOf(f, 'checkout')['MEM%']).toBe('97%'));
		expect(cellsOf(app.frame(), 'frontend')['CPU%']).toBe('82%');
		const raw = app.lastFrame()!;
		const line = (name: string) => raw.split('\n').find(l => l.includes(` ${name} `))!;
		expect(line('frontend')).toMatch(/\u001B\[33m\s*82%/);
		expect(line('checkout')).toMatch(/\u001B\[31m\s*97%/);

		// `>` to MEM% (the column after CPU%), then `o` for the highest first.
		const header = app.frame().split('\n').find(l => /^ {2}! NAME /.test(l))!;
		const order = ['!', 'NAME', 'STATUS', 'DESIRED', 'RUNNING', 'PENDING', 'CPU%', 'MEM%'];
		expect(header.split(/\s+/).filter(Boolean).slice(0, 8)).toEqual(order);
		await app.press('>'.repeat(order.indexOf('MEM%') + 1) + 'o');
		await app.until(f => expect(f).toContain('sort MEM% ↓'));
		const mems = tableRows(app.frame()).map(r => Number(cellsOf(app.frame(), r.slice(4).split(' ')[0]!)['MEM%']!.replace('%', '')));
		expect(mems[0]).toBe(97);
		expect([...mems].sort((a, b) => b - a)).toEqual(mems);
	});

	it("marks the leaking service for attention minutes before its task is killed", async () => {
		const app = await staging({metrics: true});
		const leaking = [...app.sim.sim.world.cluster('staging').tasks.values()].find(t => t.service?.name === 'thumbnailer' && t.lastStatus === 'RUNNING')!;
		const killedAt = leaking.leak!.oomAt;
		await app.until(f => expect(cellsOf(f, 'thumbnailer')['MEM%']).toMatch(/^\d+%$/));
		// Step both clocks a minute at a time until the pane says so; the task must still be running.
		let marked = false;
		for (let i = 0; i < 30 && !marked; i++) {
			await app.sim.advance(60);
			await app.step(minute);
			marked = cellsOf(app.frame(), 'thumbnailer').ATTENTION === 'memory ≥ 95% for 5 min';
		}
		expect(marked).toBe(true);
		expect(app.sim.sim.clock.now()).toBeLessThan(killedAt);
		expect(leaking.lastStatus).toBe('RUNNING');
		// `!` (attention first) puts it among the rows needing attention, above the rest.
		await app.press('!');
		await app.until(f => expect(f).toContain('attention first'));
		const flagged = firstCells(app.frame()).map(name => cellsOf(app.frame(), name).ATTENTION !== '');
		expect(flagged.indexOf(false)).toBeGreaterThan(flagged.lastIndexOf(true));
		expect(firstCells(app.frame()).slice(0, flagged.lastIndexOf(true) + 1)).toContain('thumbnailer');
	});

	it("describes a service with its last hour's CPU and memory as a chart, and 3 h on m", async () => {
		// Tall enough for the whole description: the utilization section is its last.
		const app = await staging({metrics: true, rows: 100});
		await app.until(f => expect(firstCells(f)).toContain('payments'));
		await app.press('g' + 'j'.repeat(firstCells(app.frame()).indexOf('payments')) + 'd');
		await app.until(f => expect(f).toMatch(/^ {2}CPU {2}min \d+% · avg \d+% · max \d+% · latest \d+%$/m));
		expect(app.frame()).toContain('UTILIZATION  last 1 h');
		const chartLine = app.frame().split('\n').find(l => /^ {7}[▁▂▃▄▅▆▇█ ]{60}│$/.test(l));
		expect(chartLine, app.frame()).toBeDefined();
		const before = (await app.sim.stats()).calls.GetMetricData ?? 0;
		await app.press('m');
		await app.until(f => expect(f).toContain('UTILIZATION  last 3 h'));
		await app.until(f => expect(f).toMatch(/a column per 3 minutes/));
		expect((await app.sim.stats()).calls.GetMetricData).toBeGreaterThan(before);
	});

	it('makes no CloudWatch call with metrics off: the columns say so', async () => {
		const app = await staging({metrics: false, rows: 100});
		await app.until(f => expect(firstCells(f)).toContain('thumbnailer'));
		await app.step(3 * minute);
		expect(cellsOf(app.frame(), 'frontend')['CPU%']).toBe('off');
		const stats = await app.sim.stats();
		expect(stats.calls.GetMetricData ?? 0).toBe(0);
		await app.press('d');
		await app.until(f => expect(f).toContain('metrics are off (--no-metrics)'));
		await app.press(keys.escape);
	});
});
