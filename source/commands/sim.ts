// `ecs-top sim`: runs the simulator in the foreground and prints what a shell needs to use it.
// The first lines are eval-safe (a comment, then exports); `--demo` reads the endpoint from them.
//
// `ecs-top sim --background` is the form for `eval "$(ecs-top sim --background)"`, as ssh-agent
// does it: a `$(…)` returns only when every writer of its pipe has closed it, so a simulator
// holding stdout in the foreground never lets it return. Here the simulator runs as a detached
// child (its own session and process group, stdio on /dev/null, so it neither holds the caller's
// pipe nor gets the terminal's Ctrl-C or hangup), tells this process over an IPC channel once it
// listens, and this process prints the exports and the child's pid, then exits 0.
import {spawn} from 'node:child_process';
import process from 'node:process';
import {UserError, type ParsedArgs, type SimArgs} from '../cli-args.js';
import {startSim, type Sim} from '../sim/index.js';
import {demoChildVariable} from './demo.js';

/** What a started simulator reports to `sim --background` over the IPC channel. */
type Report = {ready: {exports: Array<[string, string]>; summary: string}} | {error: string};

export async function runSim(parsed: ParsedArgs): Promise<number> {
	if (parsed.sim.background) return startInBackground(parsed.sim);
	const o = parsed.sim;
	let sim: Sim;
	try {
		sim = await startSim({port: o.port, host: o.host, seed: o.seed, speed: o.speed, scale: o.scale, fleet: o.fleet, logRate: o.logRate, throttle: o.throttle, latencyMs: o.latencyMs, jitterMs: o.jitterMs, clock: o.clock});
	} catch (error) {
		const failure = listenError(error, o);
		// Started by `sim --background`: that process prints the reason (our stderr is /dev/null).
		process.send?.({error: failure.message} satisfies Report);
		throw failure;
	}
	const clusters = sim.world.clusterList.size;
	const details = [`${clusters} clusters`, `seed ${o.seed}`, o.clock === 'manual' ? 'manual clock' : `speed ${o.speed}x`, o.throttle ? 'throttling on' : 'throttling off'];
	if (o.scale > 0) details.push(`scale ${o.scale}`);
	if (o.fleet) details.push('fleet');
	const summary = `listening on ${sim.url} (${details.join(', ')})`;
	const exports: Array<[string, string]> = [
		['AWS_ENDPOINT_URL_ECS', sim.url],
		// The same port serves CloudWatch Logs, CloudWatch, SSM and STS GetCallerIdentity (the SDK reads
		// these for their clients). Per service rather than AWS_ENDPOINT_URL: that would also send SSO
		// and every other service the shell's tools call to a simulator that does not serve them. STS
		// is there because several contexts (`--region a,b`) ask it each context's account: without
		// it, an eval'd shell's `get clusters --region us-east-1,eu-west-1` asked the real STS.
		['AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', sim.url],
		['AWS_ENDPOINT_URL_CLOUDWATCH', sim.url],
		['AWS_ENDPOINT_URL_SSM', sim.url],
		['AWS_ENDPOINT_URL_STS', sim.url],
		['AWS_REGION', sim.region],
		['AWS_ACCESS_KEY_ID', 'sim'],
		['AWS_SECRET_ACCESS_KEY', 'sim'],
	];
	// Listening for signals before saying we listen: whoever reads the exports may signal at once,
	// and a signal without a handler kills the process instead of a clean stop.
	const stopped = new Promise<NodeJS.Signals>(resolve => {
		for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(sig, () => resolve(sig));
		// `--demo`'s simulator runs in its own process group (the terminal's Ctrl-C during a shell is
		// not for it), so no signal reaches it when ecs-top dies: its stdin, a pipe from ecs-top, ends then.
		if (process.env[demoChildVariable] === '1') process.stdin.once('end', () => resolve('SIGTERM')).resume();
	});
	process.stdout.write(`# ecs-top sim: ${summary}; Ctrl-C to stop\n${exports.map(([name, value]) => `export ${name}=${value}\n`).join('')}`);
	// Started by `sim --background` (the only caller that gives us an IPC channel): report, and
	// that process closes the channel; the listening server keeps this one running.
	process.send?.({ready: {exports, summary}} satisfies Report);
	const signal = await stopped;
	// The stdin read for --demo would keep this process alive after the server has closed.
	if (process.env[demoChildVariable] === '1') process.stdin.destroy();
	await sim.close();
	// A clean stop either way; the exit code follows the README contract: Ctrl-C is 0, other signals 128+n.
	return signal === 'SIGINT' ? 0 : signal === 'SIGHUP' ? 129 : 143;
}

function listenError(error: unknown, o: SimArgs): Error {
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'EADDRINUSE') return new UserError(`port ${o.port} is already in use`);
	if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new UserError(`cannot listen on ${o.host}`);
	return error instanceof Error ? error : new Error(String(error));
}

/** The same simulator flags, for the detached child (which runs in the foreground, unseen). */
function foregroundArgs(o: SimArgs): string[] {
	const args = ['sim', '--port', String(o.port), '--host', o.host, '--seed', String(o.seed), '--speed', String(o.speed), '--scale', String(o.scale), '--log-rate', String(o.logRate)];
	args.push('--latency', String(o.latencyMs), '--jitter', String(o.jitterMs));
	if (!o.throttle) args.push('--no-throttle');
	if (o.fleet) args.push('--fleet');
	if (o.clock === 'manual') args.push('--clock', 'manual');
	return args;
}

/** A value as one shell word (single-quoted unless it is plainly safe: URLs, regions, names). */
function shellWord(value: string): string {
	return /^[\w.,:/@%+=-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

async function startInBackground(o: SimArgs, timeoutMs = 60_000): Promise<number> {
	const script = process.argv[1];
	if (!script) throw new UserError('sim --background: cannot find the ecs-top script to start the simulator');
	// execArgv too, so a development run (`node --import tsx source/cli.ts`) starts the same way.
	const child = spawn(process.execPath, [...process.execArgv, script, ...foregroundArgs(o)], {
		detached: true,
		stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
	});
	const report = await new Promise<Report>((resolve, reject) => {
		const timer = setTimeout(() => reject(new UserError('sim --background: the simulator did not start in time')), timeoutMs);
		child.once('message', message => {
			clearTimeout(timer);
			resolve(message as Report);
		});
		child.once('error', error => {
			clearTimeout(timer);
			reject(new UserError(`sim --background: cannot start the simulator: ${error.message}`));
		});
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			reject(new UserError(`sim --background: the simulator exited (${code ?? signal}) before it listened`));
		});
	}).catch((error: unknown) => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		throw error;
	});
	child.removeAllListeners('exit');
	if (child.connected) child.disconnect();
	child.unref();
	if ('error' in report) throw new UserError(report.error);
	const pid = child.pid!;
	// Every line ends in `;`: `eval $(…)` without quotes joins the lines into one, as with ssh-agent.
	// The comment comes last for the same reason (it would swallow the rest of a joined line).
	process.stdout.write(
		[...report.ready.exports, ['ECS_TOP_SIM_PID', String(pid)] as const].map(([name, value]) => `export ${name}=${shellWord(value)};\n`).join('') +
			`# ecs-top sim: ${report.ready.summary}, pid ${pid}; stop it with: kill $ECS_TOP_SIM_PID\n`,
	);
	return 0;
}
