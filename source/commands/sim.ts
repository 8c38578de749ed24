// `ecs-top sim`: runs the simulator in the foreground and prints what a shell needs to use it.
// The first lines are eval-safe (a comment, then exports); `--demo` reads the endpoint from them.
import process from 'node:process';
import {UserError, type ParsedArgs} from '../cli-args.js';
import {startSim, type Sim} from '../sim/index.js';

export async function runSim(parsed: ParsedArgs): Promise<number> {
	const o = parsed.sim;
	let sim: Sim;
	try {
		sim = await startSim({port: o.port, host: o.host, seed: o.seed, speed: o.speed, scale: o.scale, throttle: o.throttle, latencyMs: o.latencyMs, jitterMs: o.jitterMs, clock: o.clock});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EADDRINUSE') throw new UserError(`port ${o.port} is already in use`);
		if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UserError(`cannot listen on ${o.host}`);
		throw error;
	}
	const clusters = sim.world.clusterList.size;
	const details = [`${clusters} clusters`, `seed ${o.seed}`, o.clock === 'manual' ? 'manual clock' : `speed ${o.speed}x`, o.throttle ? 'throttling on' : 'throttling off'];
	if (o.scale > 0) details.push(`scale ${o.scale}`);
	process.stdout.write(
		`# ecs-top sim: listening on ${sim.url} (${details.join(', ')}); Ctrl-C to stop\n` +
			`export AWS_ENDPOINT_URL_ECS=${sim.url}\n` +
			`export AWS_REGION=${sim.region}\n` +
			`export AWS_ACCESS_KEY_ID=sim\n` +
			`export AWS_SECRET_ACCESS_KEY=sim\n`,
	);
	const signal = await new Promise<NodeJS.Signals>(resolve => {
		for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(sig, () => resolve(sig));
	});
	await sim.close();
	// A clean stop either way; the exit code follows interface.md: Ctrl-C is 0, other signals 128+n.
	return signal === 'SIGINT' ? 0 : signal === 'SIGHUP' ? 129 : 143;
}
