// The fleet view at size (issue 22): `node --import tsx scripts/bench-fleet.ts [--seconds 60]
// [--clusters 50] [--latency 30] [--jitter 10]`, or `npm run bench -- fleet`. A simulator in a child
// process (scripts/bench-fleet-sim.ts: ECS throttling on, per account and Region) gives every
// (account, region) but its default --clusters clusters of ten services (the six measured are built
// before the clock starts). A temp AWS config has two
// profiles with the keys of two accounts (sim-111111111111, sim-222222222222); with three Regions
// that are not the simulator's default that is 6 contexts, 300 clusters and 3,000 services. The
// fleet is built in this process exactly as `ecs-top --profile a,b --region … --read-only
// --no-metrics` builds it (source/commands/tui.ts: ContextsHub over openLater: STS for the account,
// the account+Region's limiter, the real data layer and budget), without rendering: its clusters
// scope is opened and focused through the hub's FleetPoller as the fleet pane does. Measured from the
// start: the first cluster row, every cluster listed, every cluster's health known (its services
// read); then the simulator's stats are reset and a steady-state window of --seconds counts each
// context's calls per throttle category at /_sim/stats (byContext ops) against a quarter of the
// category's sustained rate, and its throttles. Prints a markdown table. A benchmark, never a test.
// `--render`: the same with the app rendered (ContextsRoot in ink-testing-library at 150×40, which
// opens and focuses the fleet's scopes itself), adding when the first cluster row and the first
// screenful with every health known were on screen.
import {type ChildProcess, spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {ContextsHub} from '../source/app/contexts/hub.js';
import {checkCredentials, listProfiles} from '../source/aws/client.js';
import {categoryLabel, ecsRates, operationCategory, type EcsCategory} from '../source/aws/categories.js';
import {parseArgs} from '../source/cli-args.js';
import {openLater, type TuiBase} from '../source/commands/tui.js';
import {fleetRows} from '../source/resources/fleet.js';
import type {ContextStats} from '../source/sim/server.js';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
	const i = argv.findIndex(a => a === `--${name}` || a.startsWith(`--${name}=`));
	if (i === -1) return fallback;
	const value = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
	return Number(value);
};
const seconds = flag('seconds', 60);
const clustersPerContext = flag('clusters', 50);
const latency = flag('latency', 30);
const jitter = flag('jitter', 10);
const rendered = argv.includes('--render');
const regions = ['eu-west-1', 'ap-south-1', 'us-west-2'];
const accounts = {a: '111111111111', b: '222222222222'};
const contexts = Object.keys(accounts).length * regions.length;
const expectedClusters = contexts * clustersPerContext;
const here = import.meta.dirname;
const wait = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function startSim(): Promise<{child: ChildProcess; url: string}> {
	const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'bench-fleet-sim.ts'), '--clusters', String(clustersPerContext), '--latency', String(latency), '--jitter', String(jitter), '--contexts', Object.values(accounts).flatMap(account => regions.map(region => `${account}/${region}`)).join(',')], {stdio: ['pipe', 'pipe', 'inherit']});
	let out = '';
	const url = await new Promise<string>((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const match = /listening (\S+)/.exec(out);
			if (match) resolve(match[1]!);
		});
		child.once('exit', code => reject(new Error(`the simulator exited with ${code}`)));
	});
	return {child, url};
}

/** A temp AWS config and credentials (two profiles, two accounts) and a HOME with nothing of the machine's. */
function tempAws(): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'ecs-top-bench-fleet-'));
	writeFileSync(path.join(dir, 'config'), ['[profile a]', 'region = eu-west-1', '[profile b]', 'region = eu-west-1', ''].join('\n'));
	writeFileSync(
		path.join(dir, 'credentials'),
		Object.entries(accounts).flatMap(([profile, account]) => [`[${profile}]`, `aws_access_key_id = sim-${account}`, 'aws_secret_access_key = x']).join('\n') + '\n',
	);
	for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_ECS', 'AWS_ENDPOINT_URL_STS']) delete process.env[name];
	process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
	process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
	process.env.HOME = dir;
	process.env.AWS_EC2_METADATA_DISABLED = 'true';
	return dir;
}

interface Load {
	/** --render: the first frame with a cluster row, and the first whose cluster rows all show their health. */
	frameRowMs?: number;
	frameHealthMs?: number;
	/** The first context opened (STS answered, its data layer made), and the last. */
	firstContextMs?: number;
	allContextsMs?: number;
	firstRowMs?: number;
	allListedMs?: number;
	allHealthMs?: number;
	rows: number;
	known: number;
}

/** Builds the fleet as runTui does, opens and focuses its clusters scope, and times the first load. */
async function firstLoad(url: string, timeoutMs: number): Promise<{hub: ContextsHub; load: Load; close: () => void}> {
	const parsed = parseArgs(['--profile', Object.keys(accounts).join(','), '--region', regions.join(','), '--endpoint-url', url, '--read-only', '--no-metrics'], '0.0.0-bench');
	const flags = {...parsed.aws};
	const base: TuiBase = {flags, demo: false};
	// Loaded before the clock starts (the bundle has them; tsx would time their transpiling).
	const ui = rendered ? await Promise.all([import('ink-testing-library'), import('react'), import('../source/app/contexts/root.js')]) : undefined;
	const start = performance.now();
	const hub = new ContextsHub({
		profiles: parsed.aws.profiles ?? [null],
		regions: parsed.aws.regions ?? [],
		open: spec => openLater(parsed, base, spec),
		listProfiles,
		checkCredentials: profile => checkCredentials({...flags, profile: profile ?? undefined}),
	});
	const load: Load = {rows: 0, known: 0};
	let close: () => void;
	let frame: (() => string) | undefined;
	if (ui) {
		const [{render}, {createElement}, {ContextsRoot}] = ui;
		const app = render(createElement(ContextsRoot, {hub, base: {color: false, columns: 150, rows: 40, readOnly: true}}));
		// ink-testing-library's stdout has no rows: Ink would then ask `tput` (a child process) for the
		// terminal's size at every frame, which a terminal never makes it do (a bench artifact, 6 s of
		// this run's CPU). Its size from here on is the app's.
		Object.defineProperty(Object.getPrototypeOf(app.stdout), 'rows', {get: () => 40, configurable: true});
		Object.defineProperty(Object.getPrototypeOf(app.stdout), 'columns', {get: () => 150, configurable: true});
		close = () => app.unmount();
		frame = () => app.lastFrame() ?? '';
	} else {
		// The fleet pane's scopes, as use-polling.ts opens and focuses them on the first render.
		const closeScope = hub.fleetPoller.open({kind: 'clusters'});
		hub.fleetPoller.focus({kind: 'clusters'});
		close = closeScope;
	}
	const clusterRow = new RegExp(`^.*\\S+-\\d\\d-(${regions.join('|')})\\s+ACTIVE.*$`, 'gm');
	await new Promise<void>((resolve, reject) => {
		const check = () => {
			const rows = fleetRows(hub.fleetStore.getSnapshot(), hub.fleetMembers(), Date.now()).filter(r => r.cluster);
			const at = performance.now() - start;
			const opened = hub.fleetMembers().filter(m => m.store).length;
			if (load.firstContextMs === undefined && opened > 0) load.firstContextMs = at;
			if (load.allContextsMs === undefined && opened === contexts) load.allContextsMs = at;
			load.rows = rows.length;
			load.known = rows.filter(r => r.health?.known).length;
			if (load.firstRowMs === undefined && rows.length > 0) load.firstRowMs = at;
			if (load.allListedMs === undefined && rows.length >= expectedClusters) load.allListedMs = at;
			if (frame) {
				const onScreen = frame().match(clusterRow) ?? [];
				if (load.frameRowMs === undefined && onScreen.length > 0) load.frameRowMs = at;
				if (load.frameHealthMs === undefined && onScreen.length > 0 && onScreen.every(line => !line.includes('…'))) load.frameHealthMs = at;
			}
			if (load.allHealthMs === undefined && rows.length >= expectedClusters && load.known === rows.length && (!frame || load.frameHealthMs !== undefined)) {
				load.allHealthMs = at;
				finish();
				resolve();
			}
		};
		// Looked at every 20 ms when something changed: the rows of 300 clusters are not free, and this
		// process is also the client being measured.
		let dirty = true;
		const unsubscribe = hub.fleetStore.subscribe(() => {
			dirty = true;
		});
		const unsubscribeHub = hub.subscribe(() => {
			dirty = true;
		});
		const timer = setInterval(() => {
			if (!dirty && !frame) return;
			dirty = false;
			check();
		}, 20);
		const deadline = setTimeout(() => {
			finish();
			reject(new Error(`not loaded after ${timeoutMs / 1000} s: ${load.rows} cluster rows, ${load.known} with health${frame ? `\n${frame()}` : ""}`));
		}, timeoutMs);
		const finish = () => {
			unsubscribe();
			unsubscribeHub();
			clearInterval(timer);
			clearTimeout(deadline);
		};
		check();
	});
	return {hub, load, close};
}

const simStats = async (url: string) => ((await (await fetch(`${url}/_sim/stats`)).json()) as {byContext?: ContextStats}).byContext ?? {};
const resetStats = (url: string) => fetch(`${url}/_sim/stats/reset`, {method: 'POST', body: '{}'});

/** Calls per ECS throttle category in one context's counts. */
function byCategory(ops: Record<string, number>): Partial<Record<EcsCategory, number>> {
	const out: Partial<Record<EcsCategory, number>> = {};
	for (const [op, n] of Object.entries(ops)) {
		const category = operationCategory[op];
		if (!category || !(category in ecsRates)) continue;
		out[category as EcsCategory] = (out[category as EcsCategory] ?? 0) + n;
	}
	return out;
}

const sub = (a: ContextStats[string] | undefined, b: ContextStats[string] | undefined) => {
	const ops: Record<string, number> = {};
	for (const [op, n] of Object.entries(a?.ops ?? {})) ops[op] = n - (b?.ops[op] ?? 0);
	return ops;
};

const s = (ms: number | undefined) => (ms === undefined ? 'not reached' : `${(ms / 1000).toFixed(2)} s`);

async function main(): Promise<void> {
	const dir = tempAws();
	const sim = await startSim();
	const loadBefore = os.loadavg();
	let hub: ContextsHub | undefined;
	let close: (() => void) | undefined;
	try {
		const first = await firstLoad(sim.url, flag("timeout", 120) * 1000);
		hub = first.hub;
		close = first.close;
		const {load} = first;
		const cold = await simStats(sim.url);
		const members = hub.fleetMembers().map(m => m.key);
		// Steady state: counted from a reset, sampled every 10 s for the busiest window.
		await resetStats(sim.url);
		const steadyStart = performance.now();
		const samples: Array<{at: number; stats: ContextStats}> = [{at: steadyStart, stats: {}}];
		while (performance.now() - steadyStart < seconds * 1000) {
			await wait(Math.min(10_000, seconds * 1000 - (performance.now() - steadyStart)));
			samples.push({at: performance.now(), stats: await simStats(sim.url)});
		}
		const steady = samples.at(-1)!.stats;
		const window = (samples.at(-1)!.at - steadyStart) / 1000;
		const names = Object.keys(steady).filter(name => name.split('/')[0] !== '123456789012').sort();
		const label = new Map<string, string>();
		for (const [profile, account] of Object.entries(accounts)) for (const region of regions) label.set(`${account}/${region}`, `${profile}/${region}`);
		const cpus = os.cpus();
		const lines = [
			`## Fleet: ${contexts} contexts × ${clustersPerContext} clusters (${expectedClusters} clusters, ${(expectedClusters * 10).toLocaleString('en-US')} services), ${rendered ? 'the app rendered (ink-testing-library, 150×40)' : 'in-process data layer'}`,
			'',
			`Machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, node ${process.version}; load average before ${loadBefore.map(n => n.toFixed(2)).join(' ')}, after ${os.loadavg().map(n => n.toFixed(2)).join(' ')}. Simulator in a child process, latency ${latency} ± ${jitter} ms, ECS throttling per account and Region; contexts: ${members.join(', ')}.`,
			'',
			`| contexts opened (STS), first / all | first cluster row | all ${expectedClusters} clusters listed | every cluster's health known | throttles during the first load |`,
			'| ---: | ---: | ---: | ---: | ---: |',
			`| ${s(load.firstContextMs)} / ${s(load.allContextsMs)} | ${s(load.firstRowMs)} | ${s(load.allListedMs)} | ${s(load.allHealthMs)} | ${Object.values(cold).reduce((n, c) => n + c.throttled, 0)} |`,
			...(rendered ? ['', `On screen: the first cluster row at ${s(load.frameRowMs)}, the first screenful with every row's health at ${s(load.frameHealthMs)}.`] : []),
			'',
			`Steady state, ${window.toFixed(0)} s after every cluster's health was known (calls per second per context and ECS throttle category; the budget is a quarter of the category's sustained rate; max: the busiest 10 s):`,
			'',
			'| context (account/region) | category | calls/s (max 10 s) | budget (25%) | % of sustained | throttles |',
			'| --- | --- | ---: | ---: | ---: | ---: |',
		];
		let over = false;
		let throttles = 0;
		for (const name of names) {
			const totals = byCategory(steady[name]!.ops);
			throttles += steady[name]!.throttled;
			const peaks: Partial<Record<EcsCategory, number>> = {};
			for (let i = 1; i < samples.length; i++) {
				const dt = (samples[i]!.at - samples[i - 1]!.at) / 1000;
				if (dt < 5) continue;
				for (const [c, n] of Object.entries(byCategory(sub(samples[i]!.stats[name], samples[i - 1]!.stats[name])))) peaks[c as EcsCategory] = Math.max(peaks[c as EcsCategory] ?? 0, n / dt);
			}
			for (const [category, n] of Object.entries(totals) as Array<[EcsCategory, number]>) {
				const rate = n / window;
				const budget = ecsRates[category].rate * 0.25;
				if (rate > budget) over = true;
				lines.push(`| ${label.get(name) ?? name} (${name}) | ${categoryLabel[category]} | ${rate.toFixed(2)} (${(peaks[category] ?? rate).toFixed(2)}) | ${budget.toFixed(2)} | ${((rate / ecsRates[category].rate) * 100).toFixed(1)}% | ${steady[name]!.throttled} |`);
			}
		}
		const verdict = [
			`first rows < 1 s: ${load.firstRowMs !== undefined && load.firstRowMs < 1000 ? 'yes' : 'NO'}`,
			`all health < 10 s: ${load.allHealthMs !== undefined && load.allHealthMs < 10_000 ? 'yes' : 'NO'}`,
			`steady ≤ 25%: ${over ? 'NO' : 'yes'}`,
			`zero throttles: ${throttles === 0 && Object.values(cold).every(c => c.throttled === 0) ? 'yes' : 'NO'}`,
		];
		lines.push('', `Targets: ${verdict.join('; ')}.`);
		// The health scopes' planned interval (each cluster's services re-read this often).
		const intervals = hub.fleetMembers().flatMap(m => [...(m.store?.getSnapshot().scopes ?? new Map()).entries()].filter(([key]) => key.startsWith('services|')).map(([, state]) => state.intervalMs as number));
		lines.push('', `Health re-read every ${(Math.min(...intervals) / 1000).toFixed(1)}–${(Math.max(...intervals) / 1000).toFixed(1)} s (the ${intervals.length} services scopes' planned interval).`);
		process.stdout.write(`${lines.join('\n')}\n`);
		process.stdout.write(`${JSON.stringify({load, steadySeconds: window, steady, coldCalls: Object.fromEntries(Object.entries(cold).map(([k, v]) => [k, v.calls]))})}\n`);
		if (verdict.some(v => v.endsWith('NO'))) process.exitCode = 1;
	} finally {
		close?.();
		hub?.stop();
		sim.child.kill('SIGTERM');
		rmSync(dir, {recursive: true, force: true});
	}
}

if (rendered && process.env.NODE_ENV !== 'production') {
	// React's production build, as the bundle's: NODE_ENV is read when React is first imported
	// (here, before this line runs), so the process starts again with it set.
	const again = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, ...argv], {stdio: 'inherit', env: {...process.env, NODE_ENV: 'production'}});
	process.exitCode = again.status ?? 1;
} else {
	await main();
}
