// The logs pane and `ecs-top logs --follow` under a heavy stream, measured on the production bundle:
// `ecs-top sim --scale 1 --log-rate R` (R lines per second per container) with one service scaled
// to 10 tasks, so 10 × R lines a second reach CloudWatch Logs. In tmux at 120x40 the TUI opens that
// service's logs (`l`) and follows them for a minute while keys are pressed: keypress-to-frame,
// RSS growth, CPU. Then `ecs-top logs --follow --json` reads the same service for a minute: lines
// printed and how far behind the newest one is at the end.
// Usage: node --import tsx scripts/bench-logs.ts [--seconds=60] [--rate=200]
import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {cpus, totalmem} from 'node:os';
import {CloudWatchLogsClient, FilterLogEventsCommand} from '@aws-sdk/client-cloudwatch-logs';
import {DescribeServicesCommand, ECSClient, UpdateServiceCommand} from '@aws-sdk/client-ecs';
import {cli, clockTicks, latencies, now, option, procStat, quantile, sleep, startSim, Tmux, until} from './bench-term.js';

const seconds = option('seconds', 60);
const rate = option('rate', 200);
const tasks = 10;
const cluster = 'big';
const service = 'svc-00001';
const targets = {p95Ms: 30, rssGrowthMb: 50, cpu: 25, lagS: 15};

async function scaleService(endpoint: string): Promise<void> {
	const ecs = new ECSClient({endpoint, region: 'us-east-1', credentials: {accessKeyId: 'sim', secretAccessKey: 'sim'}});
	try {
		// aws ecs update-service --cluster big --service svc-00001 --desired-count 10
		await ecs.send(new UpdateServiceCommand({cluster, service, desiredCount: tasks}));
		const end = Date.now() + 120_000;
		for (;;) {
			// aws ecs describe-services --cluster big --services svc-00001
			const {services} = await ecs.send(new DescribeServicesCommand({cluster, services: [service]}));
			if ((services?.[0]?.runningCount ?? 0) >= tasks) return;
			if (Date.now() > end) throw new Error(`bench-logs: ${service} did not reach ${tasks} running tasks`);
			await sleep(500);
		}
	} finally {
		ecs.destroy();
	}
}

/** Lines the simulator holds for the service in [from, to), and the newest one's timestamp. */
async function logged(endpoint: string, from: number, to: number): Promise<{count: number; newest: number}> {
	const logs = new CloudWatchLogsClient({endpoint, region: 'us-east-1', credentials: {accessKeyId: 'sim', secretAccessKey: 'sim'}, disableHostPrefix: true});
	try {
		let count = 0;
		let newest = 0;
		let nextToken: string | undefined;
		do {
			// aws logs filter-log-events --log-group-name G --log-stream-name-prefix ecs/ --start-time T --end-time T
			const page = await logs.send(new FilterLogEventsCommand({logGroupName: group, logStreamNames: streams, startTime: from, endTime: to, nextToken}));
			count += page.events?.length ?? 0;
			for (const e of page.events ?? []) newest = Math.max(newest, e.timestamp ?? 0);
			nextToken = page.nextToken;
			await sleep(250);
		} while (nextToken);
		return {count, newest};
	} finally {
		logs.destroy();
	}
}

let group = '';
let streams: string[] = [];

/** `ecs-top logs --follow --json` for `seconds`: lines printed, and the newest line's age at the end. */
async function followCli(endpoint: string): Promise<{lines: number; lagS: number; ids: number; from: number; to: number}> {
	const env = {...process.env, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'sim', AWS_SECRET_ACCESS_KEY: 'sim'};
	const child = spawn(process.execPath, [cli, 'logs', '--endpoint-url', endpoint, '--cluster', cluster, '--service', service, '--follow', '--json'], {env, stdio: ['ignore', 'pipe', 'inherit']});
	let lines = 0;
	let newest = 0;
	let oldest = Infinity;
	let rest = '';
	const ids = new Set<string>();
	child.stdout.on('data', (chunk: Buffer) => {
		const text = rest + chunk.toString();
		const parts = text.split('\n');
		rest = parts.pop() ?? '';
		for (const part of parts) {
			if (!part) continue;
			lines++;
			const event = JSON.parse(part) as {timestamp: string; eventId: string; logGroup: string; logStream: string};
			ids.add(event.eventId);
			const at = Date.parse(event.timestamp);
			newest = Math.max(newest, at);
			oldest = Math.min(oldest, at);
			group = event.logGroup;
			if (!streams.includes(event.logStream)) streams.push(event.logStream);
		}
	});
	await sleep(seconds * 1000);
	const lagS = (Date.now() - newest) / 1000;
	child.kill('SIGTERM');
	return {lines, lagS, ids: ids.size, from: oldest, to: newest + 1};
}

async function main(): Promise<void> {
	if (!existsSync(cli)) throw new Error('bench-logs: dist/cli.js is missing: run `node scripts/build.mjs` first');
	const sim = await startSim(['--scale', '1', '--log-rate', String(rate)]);
	const rowsOut: Array<[string, string, string]> = [];
	try {
		await scaleService(sim.endpoint);
		const session = new Tmux(sim.endpoint, ['--cluster', cluster, '--service', service]);
		try {
			await until('the tasks of the service', () => /^TASKS /m.test(session.screen()));
			session.keys('Escape');
			await until('the service selected', () => new RegExp(`^> .*${service}`, 'm').test(session.screen()));
			session.keys('l');
			await until('log lines following', () => /following/.test(session.screen()) && /\d\d:\d\d:\d\d\.\d{3}/.test(session.screen()), 60_000);
			await sleep(3000);
			const pid = session.pid();
			const before = procStat(pid);
			const from = now();
			// A key every 300 ms: moving up pauses following, G follows again, as a reader does.
			const keys = ['k', 'k', 'k', 'j', 'G'];
			for (let i = 0; now() - from < seconds * 1000; i++) {
				session.keys(keys[i % keys.length]!);
				await sleep(300);
			}
			const to = now();
			const after = procStat(pid);
			const values = latencies(session.trace(), from, to + 100);
			const p95 = quantile(values, 0.95);
			const cpu = ((after.cpuTicks - before.cpuTicks) / clockTicks / ((to - from) / 1000)) * 100;
			const growth = (after.rssKb - before.rssKb) / 1024;
			rowsOut.push([`keys in the logs pane (${tasks} tasks × ${rate} lines/s)`, `${quantile(values, 0.5).toFixed(1)} ms / ${p95.toFixed(1)} ms (n=${values.length})`, p95 < targets.p95Ms ? `p95 < ${targets.p95Ms} ms ✓` : `p95 < ${targets.p95Ms} ms ✗`]);
			rowsOut.push([`RSS growth over ${seconds} s`, `${growth.toFixed(0)} MB (${(before.rssKb / 1024).toFixed(0)} → ${(after.rssKb / 1024).toFixed(0)} MB)`, growth < targets.rssGrowthMb ? `< ${targets.rssGrowthMb} MB ✓` : `< ${targets.rssGrowthMb} MB ✗`]);
			rowsOut.push([`CPU of the TUI over ${seconds} s`, `${cpu.toFixed(1)} % of a core`, cpu < targets.cpu ? `< ${targets.cpu} % ✓` : `< ${targets.cpu} % ✗`]);
			session.keys('q');
			await until('the app to quit', () => session.dead(), 10_000).catch(() => undefined);
		} finally {
			session.close();
		}
		const follow = await followCli(sim.endpoint);
		// What the simulator holds for the same streams: in the span printed (its --log-rate is a mean),
		// and after the newest line printed. Behind is measured on the simulator's clock: its newest
		// line against the newest printed (the wall clock can be ahead of the simulator's).
		const held = await logged(sim.endpoint, follow.from, follow.to);
		const after = await logged(sim.endpoint, follow.to, Date.now() + 3_600_000);
		const behindS = Math.max(0, after.newest - (follow.to - 1)) / 1000;
		const complete = follow.ids === follow.lines && follow.lines >= held.count;
		rowsOut.push([
			`\`logs --follow --json\` over ${seconds} s`,
			`${follow.lines.toLocaleString('en-US')} lines, ${follow.ids.toLocaleString('en-US')} distinct ids, of ${held.count.toLocaleString('en-US')} logged in the span printed; at the end ${after.count.toLocaleString('en-US')} newer lines not yet printed (${behindS.toFixed(1)} s of logging; the wall clock said ${follow.lagS.toFixed(1)} s)`,
			behindS < targets.lagS && complete ? 'keeps up ✓' : 'keeps up ✗',
		]);
	} finally {
		sim.child.kill('SIGTERM');
	}
	process.stdout.write(`## Logs (production bundle, 120x40 tmux, --scale 1 simulator, ${tasks} tasks × ${rate} lines/s)\n\n`);
	process.stdout.write(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}\n\n`);
	process.stdout.write('| measure | result | target |\n| --- | --- | --- |\n');
	for (const [name, value, target] of rowsOut) process.stdout.write(`| ${name} | ${value} | ${target} |\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
