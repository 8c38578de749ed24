// The fleet benchmark's simulator, run as a child of scripts/bench-fleet.ts so that its work is not
// timed with the client's: `node --import tsx scripts/bench-fleet-sim.ts [--clusters 50]
// [--latency 30] [--jitter 10]`. ECS throttling on (per account and Region), real clock; every
// (account, region) but the default gets a world of --clusters clusters of ten services each
// (SimOptions.fleetClusters). `--contexts 111111111111/eu-west-1,…`: those worlds are built before it
// says it listens (a world is otherwise made by its first request, which the client would be timed
// waiting for). Prints `listening <url>` once it listens; stops on SIGTERM or when its stdin ends
// (the parent died).
import process from 'node:process';
import {startSim} from '../source/sim/index.js';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
	const i = argv.indexOf(`--${name}`);
	return i === -1 ? fallback : Number(argv[i + 1]);
};

const sim = await startSim({port: 0, host: '127.0.0.1', throttle: true, fleetClusters: flag('clusters', 50), latencyMs: flag('latency', 30), jitterMs: flag('jitter', 10)});
const contexts = argv.includes('--contexts') ? argv[argv.indexOf('--contexts') + 1]!.split(',') : [];
for (const context of contexts) {
	const [accountId, region] = context.split('/');
	sim.worldFor(accountId!, region!);
}
const stop = () => {
	void sim.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.stdin.once('end', stop).resume();
process.stdout.write(`listening ${sim.url}\n`);
