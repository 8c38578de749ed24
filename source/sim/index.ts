// startSim(): a simulated ECS (with CloudWatch Logs and metrics) on an HTTP port, for `ecs-top sim`,
// `--demo` and every test above the SDK.
import type {AddressInfo} from 'node:net';
import {SimClock} from './clock.js';
import {Faults, seededRandom} from './faults.js';
import {buildFleetWorld, contextName} from './accounts.js';
import {createSimServer, type Stats, type WorldDeps} from './server.js';
import {createThrottle} from './throttle.js';
import {buildDemoWorld} from './demo-world.js';
import {buildBigWorld} from './big-world.js';
import {World} from './world.js';
import {LiveTail} from './logs/live-tail.js';
import {LogStore} from './logs/store.js';
import {CloudWatchSim} from './cloudwatch/service.js';
import {DataChannelServer} from './ssm/data-channel/server.js';

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
	/**
	 * Other (account, region) pairs (accounts.ts: the access key names the account, the SigV4 scope
	 * the region) get a small seeded demo world each (true), or an empty one (default).
	 */
	fleet?: boolean;
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
	/** The SSM data channel (ssmmessages) every session's stream URL points at: `ws://127.0.0.1:<port>`. */
	dataChannels: DataChannelServer;
	/** Moves the simulated clock forward and runs everything that falls due. */
	advance(seconds: number): void;
	/** The world of an (account, region), made now if no request has made it yet. */
	worldFor(accountId: string, region: string): World;
	stats(): Stats;
	close(): Promise<void>;
}

export async function startSim(options: SimOptions = {}): Promise<Sim> {
	const seed = options.seed ?? 1;
	const clock = new SimClock({mode: options.clock ?? 'real', speed: options.speed ?? 1, start: options.startTime});
	// Listening before any world exists, so every session's stream URL can point at it.
	const dataChannels = new DataChannelServer({now: () => clock.now(), realClock: clock.mode === 'real'});
	await dataChannels.listen();
	const liveTailPollMs = clock.mode === 'real' ? Math.max(20, Math.min(250, 1000 / clock.speed)) : undefined;
	/** A world and what serves it: logs, metrics, Live Tail and its own throttle buckets (AWS's are per account and Region). */
	const serve = (world: World, build: (world: World) => void): WorldDeps => {
		// Before the world is built, so it sees every task definition and task from the start.
		const logs = new LogStore(world, {seed, linesPerSecond: options.logRate});
		const cloudwatch = new CloudWatchSim(world, seed);
		build(world);
		const catchUp = () => world.scheduler.runUntil(clock.now());
		// Real clock: look for whole simulated seconds often enough for one update per simulated second.
		const liveTail = new LiveTail(logs, {catchUp, pollMs: liveTailPollMs});
		const throttle = createThrottle({now: () => clock.now(), enabled: options.throttle ?? true, random: seededRandom(seed + 1)});
		dataChannels.attach(world);
		return {world, throttle, catchUp, logs: {store: logs, liveTail}, cloudwatch};
	};
	const main = serve(new World({region: options.region, accountId: options.accountId, seed, start: clock.now()}), world => {
		if ((options.world ?? 'demo') === 'demo') buildDemoWorld(world);
		if (options.scale && options.scale > 0) buildBigWorld(world, options.scale, seed);
	});
	const {world, logs, cloudwatch} = {world: main.world, logs: main.logs.store, cloudwatch: main.cloudwatch};
	const others = new Map<string, WorldDeps>();
	const contextFor = (accountId: string, region: string): WorldDeps => {
		if (accountId === world.accountId && region === world.region) return main;
		const name = contextName({accountId, region});
		let found = others.get(name);
		if (!found) {
			found = serve(new World({region, accountId, seed, start: clock.now()}), other => {
				if (options.fleet) buildFleetWorld(other, seed);
			});
			others.set(name, found);
		}
		return found;
	};
	const all = () => [main, ...others.values()];
	const catchUp = () => {
		for (const each of all()) each.catchUp();
	};
	const advance = (seconds: number) => {
		clock.advance(seconds);
		for (const each of all()) {
			each.catchUp();
			each.logs.liveTail.pump();
		}
		dataChannels.pump();
	};
	const faults = new Faults({latencyMs: options.latencyMs, jitterMs: options.jitterMs, random: seededRandom(seed + 2)});
	const {server, stats} = createSimServer({...main, clock, faults, advance, dataChannels, contextFor, otherContexts: () => [...others.values()]});

	const ticker = clock.mode === 'real' ? setInterval(catchUp, options.tickMs ?? 200) : undefined;
	ticker?.unref();

	const host = options.host ?? '127.0.0.1';
	try {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, host, () => {
				server.off('error', reject);
				resolve();
			});
		});
	} catch (error) {
		// A port in use: the data channel's server must not keep the process alive.
		if (ticker) clearInterval(ticker);
		await dataChannels.close();
		throw error;
	}
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
		dataChannels,
		advance,
		worldFor: (accountId, region) => contextFor(accountId, region).world,
		stats,
		close: async () => {
			if (ticker) clearInterval(ticker);
			for (const each of all()) each.logs.liveTail.closeAll();
			await Promise.all([
				dataChannels.close(),
				new Promise<void>(resolve => {
					server.close(() => resolve());
					server.closeAllConnections();
				}),
			]);
		},
	};
}
