// The TUI's speed, measured on the production bundle (dist/cli.js) in a real pseudo-terminal:
// tmux at 120x40 runs `ecs-top --cluster big` against `ecs-top sim --scale 20 --no-throttle`
// (10,000 tasks, 2,000 services) in its own process. The app appends a JSON line per key press
// and per write to the terminal (ECS_TOP_TRACE_FILE), with Ink's frame cap raised
// (ECS_TOP_MAX_FPS) so it does not hide the app's own latency. Measured:
// keypress-to-frame (key arrival in the app to the end of the frame's write) for j, PgDn (on the
// tasks and on the services pane), typing a filter (a substring, and a `/regex/` closed by its last
// `/`), drilling in, sorting (`>`) and jumping between panes (`:services`, `:tasks`), over the whole task scope (10,000 tasks at
// --scale 20, 25,000 at --scale 50); bytes written per idle frame; cold start to the first frame
// and to the first frame with data; idle CPU; peak RSS; beside them, the host's speed at the time
// (hostSpeed). (Scrolling the logs pane is bench-logs'.)
// Usage: node --import tsx scripts/bench-tui.ts [--idle-seconds=60] [--scale=20] [--runs=5] [--raw] [--gc] [--app-fps | --max-fps=N]
// (or npm run bench -- tui --idle-seconds=10)
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {cpus, totalmem} from 'node:os';
import path from 'node:path';
import {cli, clockTicks, mainThreadTicks, gcInside, option, latencies, now, procStat, quantile, sleep, startSim as startSimulator, Tmux, until} from './bench-term.js';
const idleSeconds = option('idle-seconds', 60);
// `--cli=OTHER/dist/cli.js`: another build measured by this bench (a before/after in one sitting).
const program = process.argv.find(a => a.startsWith('--cli='))?.slice('--cli='.length) ?? cli;
const scale = option('scale', 20);
const coldRuns = option('runs', 5);
// `--raw`: every latency of each key, in the order pressed, on stderr (which press was slow); with
// `--gc`, the collector's pauses between each key and its frame (observing them slows every frame by
// a little: not for before/after figures).
const raw = process.argv.includes('--raw');
if (process.argv.includes('--gc')) process.env.ECS_TOP_TRACE_GC = '1';
// `--app-fps`: the app's own frame cap (60 a second) instead of 1,000, as users get it: a key pressed
// within 1/60 s of the frame before waits for the cap. `--max-fps=N` sets another cap (30 is Ink's default).
if (process.argv.includes('--app-fps')) process.env.ECS_TOP_BENCH_MAX_FPS = 'app';
const fpsArg = process.argv.find(a => a.startsWith('--max-fps='));
if (fpsArg) process.env.ECS_TOP_BENCH_MAX_FPS = fpsArg.slice('--max-fps='.length);
const columns = 120;
const rows = 40;
// Issue 25: every key within a 60 Hz frame at 10,000 tasks, within 30 ms at 25,000.
const targets = {p95Ms: scale > 20 ? 30 : 16, startS: 0.3, idleCpu: 1, rssMb: scale > 20 ? 300 : 200};

/**
 * NODE_EXTRA_CA_CERTS makes every Node process parse that bundle before running any JavaScript
 * (on the benchmark machine, where it is set for the sandbox: `node -e 0` 40 → 125 ms). Cold
 * start is measured without it, as most users' shells have it, and with it when it is set.
 */
const extraCerts = 'NODE_EXTRA_CA_CERTS';

async function coldStart(endpoint: string, unset: readonly string[]): Promise<{first: number[]; data: number[]}> {
	const first: number[] = [];
	const data: number[] = [];
	for (let run = 0; run < coldRuns; run++) {
		const session = new Tmux(endpoint, ['--cluster', 'big', '--exit-after-first-render'], unset, {columns, rows}, [], program);
		try {
			// Every service listed and described first: 15 s at --scale 20, about 40 s at 50.
			await until('the app to exit after its first frame with data', () => session.dead(), Math.max(30_000, scale * 3000));
			const frames = session.trace().filter(e => e.event === 'frame-written' && (e.bytes ?? 0) > 16);
			if (frames.length === 0) throw new Error(`bench-tui: no frame written (${readFileSync(path.join(session.dir, 'stderr'), 'utf8').trim()})`);
			first.push(frames[0]!.t - session.startedAt);
			data.push(frames.at(-1)!.t - session.startedAt);
		} finally {
			session.close();
		}
	}
	return {first, data};
}

async function press(session: Tmux, key: string, times: number, gapMs: number): Promise<{from: number; to: number}> {
	const from = now();
	for (let i = 0; i < times; i++) {
		session.keys(key);
		await sleep(gapMs);
	}
	return {from, to: now()};
}

/** The simulator's ECS call counts since its last reset (`reset`: zero them now). */
async function simStats(endpoint: string, reset = false): Promise<Record<string, number>> {
	if (reset) {
		await fetch(`${endpoint}/_sim/stats/reset`, {method: 'POST'});
		return {};
	}
	const stats = (await (await fetch(`${endpoint}/_sim/stats`)).json()) as {calls: Record<string, number>};
	return stats.calls;
}

async function main(): Promise<void> {
	if (!existsSync(cli)) throw new Error('bench-tui: dist/cli.js is missing: run `node scripts/build.mjs` first');
	if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('bench-tui: needs tmux');
	const sim = await startSimulator(['--scale', String(scale), '--no-throttle']);
	const rowsOut: Array<[string, string, string]> = [];
	try {
		const cold = await coldStart(sim.endpoint, [extraCerts]);
		const coldWithCerts = process.env[extraCerts] ? await coldStart(sim.endpoint, []) : undefined;
		const session = new Tmux(sim.endpoint, ['--cluster', 'big'], [], {columns, rows}, [], program);
		try {
			const firstRows = await until('the first services on screen', () => /svc-\d{5}/.test(session.screen()) && now() - session.startedAt);
			// The header reads `1/2,000  updated …` once the scope is loaded (`loaded n of m` before).
			const services = await until('the services of big', () => /^SERVICES .*\d+\/([\d,]+) +updated/m.exec(session.screen())?.[1], 600_000);
			session.keys(':tasks', 'Enter');
			const tasksPane = /^TASKS .*\d+\/([\d,]+) +updated/m;
			const loaded = await until('every task listed and described', () => tasksPane.exec(session.screen())?.[1], 900_000);
			await sleep(3000);
			// Idle on the settled view before any key: the 10,000-task view refreshing on its own. (The
			// same after the key phases, below, also pays for what they left: a sort's re-derivation,
			// the garbage of 25,000-row sorts, metrics read for every row while sorted by CPU%.)
			const settledIdle = await idleWindow(session, sim.endpoint, idleSeconds);
			const speedBefore = hostSpeed();
			const j = await press(session, 'j', 40, 120);
			const pgdn = await press(session, 'NPage', 30, 150);
			const filterWindows: Array<{from: number; to: number}> = [];
			for (let round = 0; round < 4; round++) {
				session.keys('/');
				await sleep(150);
				const from = now();
				for (const ch of ['s', 'v', 'c', '-', '0', '1', String(round)]) {
					session.keys('-l', ch);
					await sleep(150);
				}
				filterWindows.push({from, to: now()});
				session.keys('Enter');
				await sleep(150);
				session.keys('Escape');
				await sleep(300);
			}
			// A `/regex/` filter: typed up to its last `/`, which turns it into a regex (each such key
			// filters every task with it); Backspace makes it a substring again (a text no row has).
			const regexKeys: Array<{from: number; to: number}> = [];
			for (let round = 0; round < 4; round++) {
				session.keys('/');
				await sleep(150);
				for (const ch of ['/', 's', 'v', 'c', '.', '0', String(round)]) {
					session.keys('-l', ch);
					await sleep(100);
				}
				for (let i = 0; i < 5; i++) {
					regexKeys.push(await press(session, '/', 1, 150));
					session.keys('BSpace');
					await sleep(150);
				}
				session.keys('Escape');
				await sleep(300);
			}
			// Sorting: `>` steps through the columns (each one sorts every task), then back to ECS's order.
			const sortKeys: Array<{from: number; to: number}> = [];
			for (let i = 0; i < 12; i++) sortKeys.push(await press(session, '>', 1, 250));
			for (let i = 0; i < 12; i++) {
				session.keys('<');
				await sleep(150);
			}
			// `PgDn` on the services pane: its CPU% and MEM% cells show `…` until CloudWatch has answered
			// for the services on screen, so its rows are not plain ASCII, which Ink measures the slow way.
			session.keys('-l', ':services');
			await sleep(200);
			session.keys('Enter');
			await sleep(1000);
			const servicesPgdn = await press(session, 'NPage', 20, 150);
			session.keys('-l', ':tasks');
			await sleep(200);
			session.keys('Enter');
			await until('every task back after the services pane', () => tasksPane.test(session.screen()), 900_000);
			// `:` jumps: the services pane and back to every task (Enter is the measured key), with the
			// ECS calls they cost (the simulator's count) and, once more at the end, how long until every
			// task is back on screen after `:tasks`.
			const jumps: Array<{from: number; to: number}> = [];
			await simStats(sim.endpoint, true);
			for (let round = 0; round < 6; round++) {
				for (const pane of [':services', ':tasks']) {
					session.keys('-l', pane);
					await sleep(200);
					jumps.push(await press(session, 'Enter', 1, 300));
				}
			}
			// (Loaded: the header's `n/m updated`; the count itself moves with the simulator's churn.)
			await until('every task back after the jumps', () => tasksPane.test(session.screen()), 900_000);
			const jumpCalls = await simStats(sim.endpoint);
			session.keys('-l', ':services');
			await sleep(200);
			session.keys('Enter');
			await sleep(1000);
			session.keys('-l', ':tasks');
			await sleep(200);
			const back = now();
			session.keys('Enter');
			const allBack = await until('every task on screen after :tasks', () => tasksPane.test(session.screen()) && now() - back, 900_000);
			const drill: Array<{from: number; to: number}> = [];
			for (let round = 0; round < 20; round++) {
				const window = await press(session, 'Enter', 1, 150);
				drill.push(window);
				session.keys('Escape');
				await sleep(150);
				session.keys('j');
				await sleep(100);
			}
			const speedAfter = hostSpeed();
			// Idle after the keys.
			await sleep(2000);
			const idleFrom = now();
			const afterIdle = await idleWindow(session, sim.endpoint, idleSeconds);
			const idleTo = now();
			const events = session.trace();
			const idleFrames = events.filter(e => e.event === 'frame-written' && e.t >= idleFrom && e.t <= idleTo && (e.bytes ?? 0) > 16);
			const idleBytes = idleFrames.map(e => e.bytes ?? 0);

			const line = (name: string, values: number[], gc?: number[]) => {
				if (raw) process.stderr.write(`${name}: ${values.map((v, i) => v.toFixed(1) + (gc?.[i] ? ` (gc ${gc[i]!.toFixed(1)})` : '')).join(' ')}\n`);
				const p95 = quantile(values, 0.95);
				rowsOut.push([name, `${quantile(values, 0.5).toFixed(1)} ms / ${p95.toFixed(1)} ms (n=${values.length})`, p95 < targets.p95Ms ? `p95 < ${targets.p95Ms} ms ✓` : `p95 < ${targets.p95Ms} ms ✗`]);
			};
			line(`\`j\` (${loaded} tasks)`, latencies(events, j.from, j.to + 100), gcInside(events, j.from, j.to + 100));
			line('`PgDn`', latencies(events, pgdn.from, pgdn.to + 100), gcInside(events, pgdn.from, pgdn.to + 100));
			line('`PgDn` on the services pane', latencies(events, servicesPgdn.from, servicesPgdn.to + 100), gcInside(events, servicesPgdn.from, servicesPgdn.to + 100));
			line('typing a filter (per character)', filterWindows.flatMap(w => latencies(events, w.from, w.to)), filterWindows.flatMap(w => gcInside(events, w.from, w.to)));
			// The first round's first character on its own: the one key that needs every row's text (read
			// ahead from `/` on; the p95 of the 28 above would leave it out).
			const firstChar = latencies(events, filterWindows[0]!.from, filterWindows[0]!.to).slice(0, 1);
			line("a view's first filter character (150 ms after `/`)", firstChar, gcInside(events, filterWindows[0]!.from, filterWindows[0]!.to).slice(0, 1));
			line('typing a `/regex/` filter (its closing `/`)', regexKeys.flatMap(w => latencies(events, w.from, w.to)), regexKeys.flatMap(w => gcInside(events, w.from, w.to)));
			line('sort (`>`, the next column)', sortKeys.flatMap(w => latencies(events, w.from, w.to)), sortKeys.flatMap(w => gcInside(events, w.from, w.to)));
			line('`:services` / `:tasks` (Enter)', jumps.flatMap(w => latencies(events, w.from, w.to)), jumps.flatMap(w => gcInside(events, w.from, w.to)));
			rowsOut.push(['ECS calls of the 6 `:services`/`:tasks` round trips', callCounts(jumpCalls), '']);
			rowsOut.push(['`:tasks` Enter to every task on screen (a second after `:services`)', `${allBack.toFixed(0)} ms`, '']);
			line('drill-in (`Enter` on a task)', drill.flatMap(w => latencies(events, w.from, w.to)), drill.flatMap(w => gcInside(events, w.from, w.to)));
			// (None at all when nothing changed on screen and the header's 10 s clock tick fell outside the window.)
			rowsOut.push(['bytes written per idle frame (refresh or clock tick)', idleFrames.length === 0 ? 'no frame written' : `${quantile(idleBytes, 0.5).toFixed(0)} B median, ${quantile(idleBytes, 0.95).toFixed(0)} B p95; ${(idleFrames.length / ((idleTo - idleFrom) / 60_000)).toFixed(0)} frames/min`, '']);
			const medianFirst = quantile(cold.first, 0.5) / 1000;
			const medianData = quantile(cold.data, 0.5) / 1000;
			rowsOut.push(['cold start to first frame', `${medianFirst.toFixed(2)} s median of ${cold.first.length}`, medianFirst < targets.startS ? `< ${targets.startS} s ✓` : `< ${targets.startS} s ✗`]);
			if (coldWithCerts) {
				const withCerts = quantile(coldWithCerts.first, 0.5) / 1000;
				rowsOut.push([`… with this machine's ${extraCerts} (Node parses it before any of our code)`, `${withCerts.toFixed(2)} s median of ${coldWithCerts.first.length}`, '']);
			}
			rowsOut.push([`cold start to the first rows on screen (${services} services)`, `${(firstRows / 1000).toFixed(2)} s`, '']);
			rowsOut.push(['cold start to every service loaded (`--exit-after-first-render`)', `${medianData.toFixed(2)} s median`, '']);
			// With the ECS calls the app made meanwhile (the simulator's count): an idle window that
			// holds a background pass's describes costs their responses' parsing.
			const idle = (w: IdleWindow) => `${w.all.toFixed(2)} % (main thread ${w.main.toFixed(2)} %); ECS calls ${callCounts(w.calls)}`;
			rowsOut.push([`idle CPU over ${idleSeconds} s, the settled view before any key`, idle(settledIdle), settledIdle.all < targets.idleCpu ? `< ${targets.idleCpu} % ✓` : `< ${targets.idleCpu} % ✗`]);
			rowsOut.push([`idle CPU over ${idleSeconds} s, 2 s after the key phases`, idle(afterIdle), '']);
			const peakMb = procStat(session.pid()).hwmKb / 1024;
			rowsOut.push(['this machine\'s speed, before and after the key phases (hostSpeed: lower is faster)', `${speedBefore.toFixed(1)} ms / ${speedAfter.toFixed(1)} ms`, '']);
			rowsOut.push(['peak RSS', `${peakMb.toFixed(0)} MB`, peakMb < targets.rssMb ? `< ${targets.rssMb} MB ✓` : `< ${targets.rssMb} MB ✗`]);
			session.keys('q');
			await until('the app to quit', () => session.dead(), 10_000).catch(() => undefined);
		} finally {
			session.close();
		}
	} finally {
		sim.child.kill('SIGTERM');
	}
	const cpu = cpus()[0]?.model ?? 'cpu';
	process.stdout.write(`## TUI (production bundle, ${columns}x${rows} tmux, --scale ${scale} simulator in its own process)\n\n`);
	process.stdout.write(`Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}\n\n`);
	process.stdout.write('| measure | result | target |\n| --- | --- | --- |\n');
	for (const [name, value, target] of rowsOut) process.stdout.write(`| ${name} | ${value} | ${target} |\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});

/**
 * The host's speed at the moment, as the median time of one fixed piece of work (V8's native sort
 * of 500,000 numbers: no JIT warm-up in it, within 3 % run to run on a steady host) in this process
 * while the app is idle. The benchmark machine's speed moves by up to 2× between runs, so runs of
 * two builds are compared with it beside them. Not a measure of ecs-top.
 */
function hostSpeed(): number {
	const numbers = Float64Array.from({length: 500_000}, (_, i) => (i * 2_654_435_761) % 1_000_003);
	const times: number[] = [];
	for (let run = 0; run < 7; run++) {
		const from = now();
		numbers.slice().sort();
		times.push(now() - from);
	}
	return quantile(times, 0.5);
}

/** Call counts by operation as one cell: `17 (DescribeServices 10, DescribeTasks 6, …)`. */
function callCounts(counts: Record<string, number>): string {
	const total = Object.values(counts).reduce((a, b) => a + b, 0);
	return `${total} (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')})`;
}

interface IdleWindow {
	/** The whole process's CPU, % of one core. */
	all: number;
	/** Its main thread's (the rest is V8's helper threads, such as concurrent marking, and libuv's pool). */
	main: number;
	/** The ECS calls the app made meanwhile, by operation (the simulator's count). */
	calls: Record<string, number>;
}

/** The app's CPU (user + system) over `seconds` with no key, and the ECS calls it made meanwhile. */
async function idleWindow(session: Tmux, endpoint: string, seconds: number): Promise<IdleWindow> {
	const pid = session.pid();
	await simStats(endpoint, true);
	const before = procStat(pid);
	const mainBefore = mainThreadTicks(pid);
	const from = now();
	await sleep(seconds * 1000);
	const after = procStat(pid);
	const mainAfter = mainThreadTicks(pid);
	const percent = (ticks: number) => (ticks / clockTicks / ((now() - from) / 1000)) * 100;
	return {all: percent(after.cpuTicks - before.cpuTicks), main: percent(mainAfter - mainBefore), calls: await simStats(endpoint)};
}
