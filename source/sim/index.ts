// startSim(): a simulated ECS (with CloudWatch Logs and metrics) on an HTTP port, for `ecs-top sim`,
// `--demo` and every test above the SDK.
import type {AddressInfo} from 'node:net';
import {SimClock} from './clock.js';
import {Faults, seededRandom} from './faults.js';
import {createSimServer, type Stats} from './server.js';
import {createThrottle} from './throttle.js';
import {buildDemoWorld} from './demo-world.js';
import {buildBigWorld} from './big-world.js';
import {World} from './world.js';
import {LiveTail} from './logs/live-tail.js';
import {LogStore} from './logs/store.js';
import {CloudWatchSim} from './cloudwatch/service.js';

export {World} from './world.js';
export type {Stats} from './server.js';

export interface SimOptions {
	port?: number;
	host?: string;
	seed?: number;
	speed?: number;
	scale?: number;
	throttle?: boolean;
	latencyMs?: number;
	jitterMs?: number;
	clock?: 'real' | 'manual';
	world?: 'demo' | 'empty';
	region?: string;
	accountId?: string;
	/** Simulated epoch ms at start (default: now, whole seconds). */
	startTime?: number;
	/** Real-clock mode: how often the scheduler catches up with the clock (ms, default 200). */
	tickMs?: number;
	/** Timed log lines per second per container (default 0.5; above 0, at most 1000), for benchmarks. */
	logRate?: number;
}

export interface Sim {
	url: string;
	port: number;
	region: string;
	accountId: string;
	world: World;
	logs: LogStore;
	/** CloudWatch metrics: the task runs behind the generated series, and the datapoints put. */
	cloudwatch: CloudWatchSim;
	clock: SimClock;
	/** Moves the simulated clock forward and runs everything that falls due. */
	advance(seconds: number): void;
	stats(): Stats;
	close(): Promise<void>;
}

export async function startSim(options: SimOptions = {}): Promise<Sim> {
	const seed = options.seed ?? 1;
	const clock = new SimClock({mode: options.clock ?? 'real', speed: options.speed ?? 1, start: options.startTime});
	const world = new World({region: options.region, accountId: options.accountId, seed, start: clock.now()});
	// Before the worlds are built, so it sees every task definition and task from the start.
	const logs = new LogStore(world, {seed, linesPerSecond: options.logRate});
	const cloudwatch = new CloudWatchSim(world, seed);
	if ((options.world ?? 'demo') === 'demo') buildDemoWorld(world);
	if (options.scale && options.scale > 0) buildBigWorld(world, options.scale, seed);

	const catchUp = () => world.scheduler.runUntil(clock.now());
	// Real clock: look for whole simulated seconds often enough for one update per simulated second.
	const liveTail = new LiveTail(logs, {catchUp, pollMs: clock.mode === 'real' ? Math.max(20, Math.min(250, 1000 / clock.speed)) : undefined});
	const advance = (seconds: number) => {
		clock.advance(seconds);
		catchUp();
		liveTail.pump();
	};
	const throttle = createThrottle({now: () => clock.now(), enabled: options.throttle ?? true, random: seededRandom(seed + 1)});
	const faults = new Faults({latencyMs: options.latencyMs, jitterMs: options.jitterMs, random: seededRandom(seed + 2)});
	const {server, stats} = createSimServer({world, clock, throttle, faults, catchUp, advance, logs: {store: logs, liveTail}, cloudwatch});

	const ticker = clock.mode === 'real' ? setInterval(catchUp, options.tickMs ?? 200) : undefined;
	ticker?.unref();

	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const urlHost = host.includes(':') ? `[${host}]` : host;
	return {
		url: `http://${urlHost}:${port}`,
		port,
		region: world.region,
		accountId: world.accountId,
		world,
		logs,
		cloudwatch,
		clock,
		advance,
		stats,
		close: () =>
			new Promise<void>(resolve => {
				if (ticker) clearInterval(ticker);
				liveTail.closeAll();
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
