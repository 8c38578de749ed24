// Simulator at scale: `node --import tsx scripts/bench-sim.ts [--scale 20] [--runs 200] [--strict]`.
// Runs the built simulator (`node dist/cli.js sim --scale N --no-throttle`) as a child so that its
// RSS is its own, drives it with the real SDK, and prints a markdown table of medians against the
// targets of issue 4. Needs `npm run build` first. `--strict` exits 1 when a target is missed.
import {type ChildProcess, spawn} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import http from 'node:http';
import {cpus, loadavg} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListServicesCommand, ListTasksCommand, UpdateServiceCommand} from '@aws-sdk/client-ecs';

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

const ms = (n: number | undefined) => n === undefined || Number.isNaN(n) ? 'n/a' : `${n.toFixed(2)} ms`;

async function time(samples: number[], call: () => Promise<unknown>): Promise<void> {
	const t = performance.now();
	await call();
	samples.push(performance.now() - t);
}

interface Timing {
	count: number;
	medianMs: number;
	p95Ms: number;
	maxMs: number;
}

/** GET /_sim/stats with the simulator's own timing extensions (scheduler steps, handler time per operation). */
interface SimStats {
	scheduler?: Timing & {timers?: number};
	timing?: Record<string, Timing>;
}

/** One ECS call over plain HTTP (keep-alive), body read in full: the endpoint's answer time without SDK parsing. */
function wireCall(endpoint: string, agent: http.Agent, operation: string, body: unknown): Promise<void> {
	const url = new URL(endpoint);
	const payload = JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const req = http.request({host: url.hostname, port: url.port, method: 'POST', path: '/', agent, headers: {
			'Content-Type': 'application/x-amz-json-1.1',
			'X-Amz-Target': `AmazonEC2ContainerServiceV20141113.${operation}`,
			'Content-Length': Buffer.byteLength(payload),
		}}, res => {
			res.on('data', () => undefined);
			res.on('end', () => {
				if (res.statusCode === 200) resolve();
				else reject(new Error(`${operation}: HTTP ${res.statusCode}`));
			});
		});
		req.on('error', reject);
		req.end(payload);
	});
}

async function main(): Promise<void> {
	if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
	// Node start-up and the demo world, so that the big world's build time can be told apart.
	const baseline = await startSim(['--scale', '0']);
	await baseline.close();
	const sim = await startSim(['--scale', String(scale)]);
	const client = new ECSClient({endpoint: sim.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: {accessKeyId: 'bench', secretAccessKey: 'bench'}});
	const agent = new http.Agent({keepAlive: true, maxSockets: 1});
	let peakSeen = memory(sim.child.pid!).rssMb;
	const sampler = setInterval(() => {
		peakSeen = Math.max(peakSeen, memory(sim.child.pid!).rssMb);
	}, 50);
	try {
		const cluster = 'big';
		// Warm up the connections and the JIT of both processes.
		for (let i = 0; i < 20; i++) {
			// aws ecs list-tasks --cluster big --max-results 100
			await client.send(new ListTasksCommand({cluster, maxResults: 100}));
			await wireCall(sim.endpoint, agent, 'ListTasks', {cluster, maxResults: 100});
		}

		// The whole task list page by page (repeated until `runs` pages), keeping 100-task batches.
		const sdk = {listTasks: [] as number[], describeTasks: [] as number[], describeServices: [] as number[]};
		const wire = {listTasks: [] as number[], describeTasks: [] as number[], describeServices: [] as number[]};
		const taskBatches: string[][] = [];
		const tokens: Array<string | undefined> = [];
		let token: string | undefined;
		while (sdk.listTasks.length < runs) {
			let page: {taskArns?: string[]; nextToken?: string} = {};
			tokens.push(token);
			// aws ecs list-tasks --cluster big --max-results 100 --starting-token …
			await time(sdk.listTasks, async () => {
				page = await client.send(new ListTasksCommand({cluster, maxResults: 100, nextToken: token}));
			});
			if (page.taskArns?.length === 100 && taskBatches.length < 50) taskBatches.push(page.taskArns);
			token = page.nextToken;
		}

		if (taskBatches.length === 0) throw new Error(`cluster ${cluster} has fewer than 100 tasks`);
		for (const t of tokens) await time(wire.listTasks, async () => wireCall(sim.endpoint, agent, 'ListTasks', {cluster, maxResults: 100, nextToken: t}));
		const describeTasks = async (into: {describeTasks: number[]}, count: number, via: 'sdk' | 'wire') => {
			for (let i = 0; i < count; i++) {
				const tasks = taskBatches[i % taskBatches.length];
				// aws ecs describe-tasks --cluster big --tasks (100 ARNs)
				await time(into.describeTasks, async () => via === 'sdk' ? client.send(new DescribeTasksCommand({cluster, tasks})) : wireCall(sim.endpoint, agent, 'DescribeTasks', {cluster, tasks}));
			}
		};

		await describeTasks(sdk, runs, 'sdk');
		await describeTasks(wire, runs, 'wire');

		const serviceArns: string[] = [];
		let serviceToken: string | undefined;
		do {
			// aws ecs list-services --cluster big --max-results 100
			const page = await client.send(new ListServicesCommand({cluster, maxResults: 100, nextToken: serviceToken}));
			serviceArns.push(...(page.serviceArns ?? []));
			serviceToken = page.nextToken;
		} while (serviceToken);

		for (let i = 0; i < runs; i++) {
			const start = (i * 10) % Math.max(1, serviceArns.length - 10);
			const services = serviceArns.slice(start, start + 10);
			// aws ecs describe-services --cluster big --services (10 ARNs)
			await time(sdk.describeServices, async () => client.send(new DescribeServicesCommand({cluster, services})));
			await time(wire.describeServices, async () => wireCall(sim.endpoint, agent, 'DescribeServices', {cluster, services}));
		}

		const steady = await (await fetch(`${sim.endpoint}/_sim/stats`)).json() as SimStats;

		// The world in motion: 200 forced rolling deployments, while DescribeTasks keeps being measured.
		for (const service of serviceArns.slice(0, 200)) {
			// aws ecs update-service --cluster big --service S --force-new-deployment
			await client.send(new UpdateServiceCommand({cluster, service, forceNewDeployment: true}));
		}

		const churn = {describeTasks: [] as number[]};
		const churnUntil = performance.now() + 10_000;
		while (performance.now() < churnUntil) await describeTasks(churn, 10, 'wire');
		const moving = await (await fetch(`${sim.endpoint}/_sim/stats`)).json() as SimStats;

		const mem = memory(sim.child.pid!);
		const peak = Math.max(peakSeen, mem.peakMb);
		const rows: Array<[string, string, string, string, string, boolean | undefined]> = [];
		const med = (s: number[]) => {
			const x = stats(s);
			return `${ms(x.median)} (p95 ${ms(x.p95)})`;
		};

		const handler = (op: string) => {
			const t = steady.timing?.[op];
			return t ? `${ms(t.medianMs)} (p95 ${ms(t.p95Ms)})` : 'n/a';
		};

		const call = (name: string, op: string, key: keyof typeof sdk, target?: number) => {
			const median = stats(wire[key]).median;
			rows.push([name, med(wire[key]), med(sdk[key]), handler(op), target === undefined ? '—' : `< ${target} ms`, target === undefined ? undefined : median < target]);
		};

		call('DescribeTasks, 100 tasks', 'DescribeTasks', 'describeTasks', 20);
		call('ListTasks, one page of 100', 'ListTasks', 'listTasks', 10);
		call('DescribeServices, 10 services', 'DescribeServices', 'describeServices');
		rows.push(['DescribeTasks, 100 tasks, during 200 deployments', med(churn.describeTasks), '', '', '< 20 ms', stats(churn.describeTasks).median < 20]);
		const step = (label: string, s: SimStats) => {
			const st = s.scheduler;
			rows.push([label, st && st.count > 0 ? `${ms(st.medianMs)} (p95 ${ms(st.p95Ms)}, max ${ms(st.maxMs)}, ${st.count} steps, ${st.timers ?? '?'} timers)` : 'not exposed', '', '', '< 50 ms', st && st.count > 0 ? st.medianMs < 50 : undefined]);
		};

		step('scheduler step, steady world', steady);
		step('scheduler step, after 200 forced deployments', moving);
		rows.push(['world build (ready − ready at --scale 0)', ms(sim.readyMs - baseline.readyMs), '', '', '—', undefined]);
		rows.push(['process ready (spawn → endpoint printed)', ms(sim.readyMs), '', '', '—', undefined]);
		rows.push(['peak RSS of the sim process', `${peak.toFixed(0)} MB`, '', '', '< 500 MB', peak < 500]);

		const out = [
			`### Simulator at --scale ${scale}: ${serviceArns.length} services in cluster big, ${runs} calls each, no throttling, no injected latency`,
			'',
			'| measure | median over HTTP | median through the SDK | inside the sim (handler) | target | ok |',
			'| --- | --- | --- | --- | --- | --- |',
			...rows.map(([name, value, viaSdk, inside, target, ok]) => `| ${name} | ${value} | ${viaSdk} | ${inside} | ${target} | ${ok === undefined ? '' : ok ? '✓' : '✗'} |`),
			'',
			`Load average at the end: ${loadavg().map(n => n.toFixed(2)).join(', ')} on ${cpus().length} cores. "Over HTTP" is the endpoint's answer time (request written → body read, keep-alive); "through the SDK" adds @aws-sdk/client-ecs parsing in the client process.`,
			'',
		];
		process.stdout.write(out.join('\n'));
		if (strict && rows.some(row => row[5] === false)) process.exitCode = 1;
	} finally {
		clearInterval(sampler);
		client.destroy();
		agent.destroy();
		await sim.close();
	}
}

await main();
