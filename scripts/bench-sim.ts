// Simulator at scale: `node --import tsx scripts/bench-sim.ts [--scale 20] [--runs 200] [--strict]`.
// Runs the built simulator (`node dist/cli.js sim --scale N --no-throttle`) as a child so that its
// RSS is its own, drives it with the real SDK, and prints a markdown table of medians against the
// targets of issue 4. Needs `npm run build` first. `--strict` exits 1 when a target is missed.
import {type ChildProcess, spawn} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListServicesCommand, ListTasksCommand} from '@aws-sdk/client-ecs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
	const i = argv.indexOf(`--${name}`);
	const value = i === -1 ? undefined : Number(argv[i + 1]);
	return value !== undefined && Number.isFinite(value) ? value : fallback;
};

const scale = option('scale', 20);
const runs = option('runs', 200);
const strict = argv.includes('--strict');
const cli = path.join(import.meta.dirname, '..', 'dist', 'cli.js');

interface Sim {
	child: ChildProcess;
	endpoint: string;
	readyMs: number;
	close(): Promise<void>;
}

/** Spawns `ecs-top sim`, resolving once it prints its endpoint. */
async function startSim(extra: string[]): Promise<Sim> {
	const started = performance.now();
	const child = spawn(process.execPath, [cli, 'sim', '--no-throttle', ...extra], {stdio: ['ignore', 'pipe', 'pipe']});
	let out = '';
	let err = '';
	child.stderr!.on('data', (chunk: Buffer) => {
		err += chunk.toString();
	});
	const endpoint = await new Promise<string>((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const match = /AWS_ENDPOINT_URL_ECS=['"]?(http:\/\/[^\s'"]+)/.exec(out);
			if (match) resolve(match[1]!);
		});
		child.once('exit', code => {
			reject(new Error(`sim exited with ${code}: ${err.trim() || out.trim()}`));
		});
	});
	const readyMs = performance.now() - started;
	const close = async () => {
		if (child.exitCode !== null) return;
		const exited = new Promise(resolve => child.once('exit', resolve));
		child.kill('SIGTERM');
		await exited;
	};

	return {child, endpoint, readyMs, close};
}

function memory(pid: number): {rssMb: number; peakMb: number} {
	// Linux only: VmHWM is the peak resident set of the process so far.
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
	return {rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024};
}

function stats(samples: number[]): {median: number; p95: number} {
	const sorted = [...samples].sort((a, b) => a - b);
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
	return {median: at(0.5), p95: at(0.95)};
}

async function time(samples: number[], call: () => Promise<unknown>): Promise<void> {
	const t = performance.now();
	await call();
	samples.push(performance.now() - t);
}

interface SimStats {
	[key: string]: unknown;
}

/** A scheduler step figure, if the simulator exposes one in GET /_sim/stats (ms). */
function stepFigures(simStats: SimStats): {median?: number; max?: number} {
	const scheduler = (simStats.scheduler ?? simStats.step ?? simStats.steps) as Record<string, unknown> | undefined;
	if (!scheduler || typeof scheduler !== 'object') return {};
	const pick = (...keys: string[]) => keys.map(k => scheduler[k]).find(v => typeof v === 'number') as number | undefined;
	return {median: pick('medianMs', 'p50Ms', 'meanMs', 'avgMs', 'lastMs'), max: pick('maxMs', 'p95Ms', 'peakMs')};
}

async function main(): Promise<void> {
	if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
	// Node start-up and the demo world, so that the big world's build time can be told apart.
	const baseline = await startSim(['--scale', '0']);
	await baseline.close();
	const sim = await startSim(['--scale', String(scale)]);
	const client = new ECSClient({endpoint: sim.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: {accessKeyId: 'bench', secretAccessKey: 'bench'}});
	let peakSeen = memory(sim.child.pid!).rssMb;
	const sampler = setInterval(() => {
		peakSeen = Math.max(peakSeen, memory(sim.child.pid!).rssMb);
	}, 50);
	try {
		const cluster = 'big';
		// Warm up the connection and the JIT of both processes.
		for (let i = 0; i < 20; i++) {
			// aws ecs list-tasks --cluster big --max-results 100
			await client.send(new ListTasksCommand({cluster, maxResults: 100}));
		}

		// Pages of the whole task list, repeated until `runs` pages.
		const listTasks: number[] = [];
		const taskBatches: string[][] = [];
		let token: string | undefined;
		while (listTasks.length < runs) {
			let page: {taskArns?: string[]; nextToken?: string} = {};
			// aws ecs list-tasks --cluster big --max-results 100 --starting-token …
			await time(listTasks, async () => {
				page = await client.send(new ListTasksCommand({cluster, maxResults: 100, nextToken: token}));
			});
			if (page.taskArns?.length === 100 && taskBatches.length < 50) taskBatches.push(page.taskArns);
			token = page.nextToken;
		}

		if (taskBatches.length === 0) throw new Error(`cluster ${cluster} has fewer than 100 tasks`);
		const describeTasks: number[] = [];
		for (let i = 0; i < runs; i++) {
			// aws ecs describe-tasks --cluster big --tasks (100 ARNs)
			await time(describeTasks, async () => client.send(new DescribeTasksCommand({cluster, tasks: taskBatches[i % taskBatches.length]})));
		}

		const serviceArns: string[] = [];
		let serviceToken: string | undefined;
		do {
			// aws ecs list-services --cluster big --max-results 100
			const page = await client.send(new ListServicesCommand({cluster, maxResults: 100, nextToken: serviceToken}));
			serviceArns.push(...(page.serviceArns ?? []));
			serviceToken = page.nextToken;
		} while (serviceToken && serviceArns.length < 1000);

		const describeServices: number[] = [];
		for (let i = 0; i < runs; i++) {
			const start = (i * 10) % Math.max(1, serviceArns.length - 10);
			// aws ecs describe-services --cluster big --services (10 ARNs)
			await time(describeServices, async () => client.send(new DescribeServicesCommand({cluster, services: serviceArns.slice(start, start + 10)})));
		}

		const simStats = await (await fetch(`${sim.endpoint}/_sim/stats`)).json() as SimStats;
		const step = stepFigures(simStats);
		const mem = memory(sim.child.pid!);
		const peak = Math.max(peakSeen, mem.peakMb);
		const rows: Array<[string, string, string, boolean | undefined]> = [];
		const ms = (n: number | undefined) => n === undefined || Number.isNaN(n) ? 'n/a' : `${n.toFixed(2)} ms`;
		const add = (name: string, s: {median: number; p95: number}, target?: number) => {
			rows.push([name, `${ms(s.median)} (p95 ${ms(s.p95)})`, target === undefined ? '—' : `< ${target} ms`, target === undefined ? undefined : s.median < target]);
		};

		add('DescribeTasks, 100 tasks', stats(describeTasks), 20);
		add('ListTasks, one page of 100', stats(listTasks), 10);
		add('DescribeServices, 10 services', stats(describeServices));
		rows.push(['scheduler step', step.median === undefined ? 'not exposed by the simulator' : `${ms(step.median)} (max ${ms(step.max)})`, '< 50 ms', step.median === undefined ? undefined : step.median < 50]);
		rows.push(['world build (ready − ready at --scale 0)', ms(sim.readyMs - baseline.readyMs), '—', undefined]);
		rows.push(['process ready (spawn → endpoint printed)', ms(sim.readyMs), '—', undefined]);
		rows.push(['peak RSS of the sim process', `${peak.toFixed(0)} MB`, '< 500 MB', peak < 500]);

		const out = [
			`### Simulator at --scale ${scale} (${serviceArns.length >= 1000 ? '≥1000' : serviceArns.length} services listed, ${runs} calls each, real SDK, no throttling, no injected latency)`,
			'',
			'| measure | result | target | ok |',
			'| --- | --- | --- | --- |',
			...rows.map(([name, value, target, ok]) => `| ${name} | ${value} | ${target} | ${ok === undefined ? '' : ok ? '✓' : '✗'} |`),
			'',
		];
		process.stdout.write(out.join('\n'));
		if (strict && rows.some(([, , , ok]) => ok === false)) process.exitCode = 1;
	} finally {
		clearInterval(sampler);
		client.destroy();
		await sim.close();
	}
}

await main();
