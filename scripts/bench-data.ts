// The data layer against a throttled simulator: `node --import tsx scripts/bench-data.ts
// [--scales 1,5,20] [--minutes 2] [--panes services,tasks]`. For each scale it runs one child process (so peak RSS is its
// own) that starts `node dist/cli.js sim --scale N --latency 30 --jitter 10` (ECS-identical
// throttling on), cold-loads the services and then the tasks scope of `big` through the real client,
// limiter and store, then polls each with the first 40 rows on screen for --minutes, counting calls
// at /_sim/stats. Prints a markdown table. Needs `npm run build` first. A benchmark, never a test.
import {type ChildProcess, spawn, spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {ECSClient, UpdateServiceCommand} from '@aws-sdk/client-ecs';
import {createEcsApi} from '../source/aws/client.js';
import {categoryLabel, rates, operationCategory, RateLimiter, type Category} from '../source/aws/limiter.js';
import {createDataLayer, type Scope, scopeKey} from '../source/store/index.js';
import {adapterFor} from '../source/resources/index.js';

const argv = process.argv.slice(2);
const flag = (name: string) => {
	const i = argv.indexOf(`--${name}`);
	return i === -1 ? undefined : argv[i + 1];
};
const minutes = Number(flag('minutes') ?? 2);
const scales = (flag('scales') ?? '1,5,20').split(',').map(Number);
const panes = (flag('panes') ?? 'services,tasks').split(',') as Array<'services' | 'tasks'>;
const root = path.join(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');
const refreshSeconds = 2;
const screen = 40;

interface PaneResult {
	pane: string;
	rows: number;
	firstScreenMs: number;
	loadedMs: number;
	coldCalls: number;
	minimumCalls: number;
	steady: Record<string, number>;
	naivePerMinute: number;
	intervalMs: number;
	maxAgeMs: number;
	throttledAtSim: number;
	throttlesInStore: number;
	offScreenMs?: number;
	onScreenMs?: number;
}

async function startSim(scale: number): Promise<{child: ChildProcess; endpoint: string}> {
	const child = spawn(process.execPath, [cli, 'sim', '--port', '0', '--scale', String(scale), '--latency', '30', '--jitter', '10'], {stdio: ['ignore', 'pipe', 'inherit']});
	let out = '';
	const endpoint = await new Promise<string>((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const match = /export AWS_ENDPOINT_URL_ECS=(\S+)/.exec(out);
			if (match) resolve(match[1]!);
		});
		child.once('exit', code => reject(new Error(`sim exited with ${code}`)));
	});
	return {child, endpoint};
}

const wait = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function measure(endpoint: string, kind: 'services' | 'tasks'): Promise<PaneResult> {
	const stats = async () => (await (await fetch(`${endpoint}/_sim/stats`)).json()) as {calls: Record<string, number>; throttled: Record<string, number>};
	const reset = () => fetch(`${endpoint}/_sim/stats/reset`, {method: 'POST'});
	const limiter = new RateLimiter();
	const credentials = {accessKeyId: 'sim', secretAccessKey: 'sim'};
	const api = createEcsApi({endpointUrl: endpoint, region: 'us-east-1', credentials, readOnly: true, limiter});
	const {store, poller} = createDataLayer({api, adapters: adapterFor, refreshSeconds, limiterState: () => limiter.status()});
	const scope: Scope = {kind, cluster: 'big'};
	const key = scopeKey(scope);
	let firstScreenMs = 0;
	let throttlesInStore = 0;
	await reset();
	const start = performance.now();
	store.subscribe(() => {
		const state = store.getSnapshot().scopes.get(key);
		if (!firstScreenMs && state && (state.ids.length >= screen || (!state.loading && state.ids.length > 0))) firstScreenMs = performance.now() - start;
		if (state?.error?.name === 'ThrottlingException') throttlesInStore++;
	});
	poller.focus(scope);
	await poller.settled();
	const loadedMs = performance.now() - start;
	const cold = await stats();
	const ids = store.getSnapshot().scopes.get(key)!.ids;
	const [list, describe, limit] = kind === 'services' ? ['ListServices', 'DescribeServices', 10] : ['ListTasks', 'DescribeTasks', 100];
	const pages = Math.ceil(ids.length / 100);
	const minimumCalls = pages + Math.ceil(ids.length / limit);
	poller.setVisible(scope, ids.slice(0, screen));

	// Steady state: the first screenful on screen, the rest reconciled in the background.
	await reset();
	const steadyStart = performance.now();
	let maxAgeMs = 0;
	let onScreenMs: number | undefined;
	let offScreen: string[] = [];
	const offSeen: number[] = [];
	const client = new ECSClient({endpoint, region: 'us-east-1', credentials, maxAttempts: 5});
	const change = async (arn: string, record: (ms: number) => void) => {
		const before = store.getSnapshot().services.get(arn)!;
		const desiredCount = before.desiredCount + 1;
		// aws ecs update-service --cluster big --service S --desired-count N (as another operator would)
		await client.send(new UpdateServiceCommand({cluster: 'big', service: arn, desiredCount}));
		const at = performance.now();
		const unsubscribe = store.subscribe(() => {
			if (store.getSnapshot().services.get(arn)?.desiredCount === desiredCount) {
				record(performance.now() - at);
				unsubscribe();
			}
		});
	};
	const end = steadyStart + minutes * 60_000;
	let changed = false;
	while (performance.now() < end) {
		await wait(500);
		const state = store.getSnapshot().scopes.get(key);
		if (state?.updatedAt) maxAgeMs = Math.max(maxAgeMs, Date.now() - state.updatedAt);
		if (kind === 'services' && !changed && performance.now() - steadyStart > 10_000) {
			changed = true;
			// Three off-screen rows (just below the screen, the middle, the last) and one on screen; the worst counts.
			offScreen = [...new Set([ids[screen + 5], ids[Math.floor(ids.length / 2)], ids.at(-1)].filter((id): id is string => id !== undefined))];
			for (const id of offScreen) await change(id, ms => offSeen.push(ms));
			await change(ids[5]!, ms => (onScreenMs = ms));
		}
	}
	const steadyMinutes = (performance.now() - steadyStart) / 60_000;
	const steadyStats = await stats();
	poller.stop();
	client.destroy();
	const steady: Record<string, number> = {};
	for (const [op, n] of Object.entries(steadyStats.calls)) {
		const category = operationCategory[op];
		if (!category || op === 'UpdateService') continue;
		steady[category] = (steady[category] ?? 0) + n / steadyMinutes;
	}
	return {
		pane: kind,
		rows: ids.length,
		firstScreenMs,
		loadedMs,
		coldCalls: (cold.calls[list] ?? 0) + (cold.calls[describe] ?? 0),
		minimumCalls,
		steady,
		naivePerMinute: minimumCalls * (60 / refreshSeconds),
		intervalMs: store.getSnapshot().scopes.get(key)?.intervalMs ?? 0,
		maxAgeMs,
		throttledAtSim: Object.values(cold.throttled).reduce((a, b) => a + b, 0) + Object.values(steadyStats.throttled).reduce((a, b) => a + b, 0),
		throttlesInStore,
		offScreenMs: offSeen.length === offScreen.length && offSeen.length > 0 ? Math.max(...offSeen) : undefined,
		onScreenMs,
	};
}

async function one(scale: number): Promise<void> {
	const sim = await startSim(scale);
	try {
		const results = [];
		for (const pane of panes) results.push(await measure(sim.endpoint, pane));
		process.stdout.write(`${JSON.stringify({scale, results, peakRssMb: process.resourceUsage().maxRSS / 1024})}\n`);
	} finally {
		sim.child.kill('SIGTERM');
	}
}

const s = (ms: number | undefined) => (ms === undefined ? 'not seen' : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`);
const percent = (category: string, perMinute: number) => `${Math.round((perMinute / (rates[category as Category].rate * 60)) * 100)}%`;

function table(rows: Array<{scale: number; results: PaneResult[]; peakRssMb: number}>): string {
	const lines = [
		'| N | pane | rows | first 40 rows | fully loaded | cold-load calls (minimum) | steady calls/min by category (% of sustained) | naive re-crawl calls/min | interval achieved | max refresh age | throttles at sim / in store | off-screen change seen | on-screen change seen | peak RSS |',
		'| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
	];
	for (const {scale, results, peakRssMb} of rows) {
		for (const r of results) {
			const steady = Object.entries(r.steady).map(([c, n]) => `${categoryLabel[c as Category]} ${n.toFixed(0)} (${percent(c, n)})`).join('; ');
			lines.push(`| ${scale} | ${r.pane} | ${r.rows.toLocaleString('en-US')} | ${s(r.firstScreenMs)} | ${s(r.loadedMs)} | ${r.coldCalls} (${r.minimumCalls}) | ${steady} | ${r.naivePerMinute.toLocaleString('en-US')} | ${s(r.intervalMs)} | ${s(r.maxAgeMs)} | ${r.throttledAtSim} / ${r.throttlesInStore} | ${r.pane === 'services' ? s(r.offScreenMs) : '—'} | ${r.pane === 'services' ? s(r.onScreenMs) : '—'} | ${Math.round(peakRssMb)} MB |`);
		}
	}
	return lines.join('\n');
}

if (flag('one')) {
	await one(Number(flag('one')));
} else {
	if (!existsSync(cli)) spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], {stdio: 'inherit'});
	process.stdout.write(`## Data layer against the simulator (latency 30 ± 10 ms, ECS throttling, refresh ${refreshSeconds} s, ${minutes} min steady state per pane)\n\n`);
	const rows = [];
	for (const scale of scales) {
		const child = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--one', String(scale), '--minutes', String(minutes), '--panes', panes.join(',')], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24});
		const line = child.stdout.trim().split('\n').at(-1);
		if (child.status !== 0 || !line) {
			process.stderr.write(`bench-data: scale ${scale} failed (exit ${child.status})\n`);
			process.exitCode = 1;
			continue;
		}
		rows.push(JSON.parse(line) as {scale: number; results: PaneResult[]; peakRssMb: number});
	}
	process.stdout.write(`${table(rows)}\n`);
}
