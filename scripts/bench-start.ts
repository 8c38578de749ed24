// Cold start to the first frame, A against B, interleaved so the machine's load falls on both
// alike: `ecs-top --cluster big --exit-after-first-render` in tmux against `ecs-top sim --scale 1`,
// alternating two bundles run after run (NODE_EXTRA_CA_CERTS unset, as bench-tui measures it). Also
// from the moment the pane's shell ran the command line, as a user in an open terminal sees it.
// `--latency=MS`: the simulator answers each call that much later, as a real endpoint's round trip.
// Usage: node --import tsx scripts/bench-start.ts --runs=15 [--latency=MS] [--scale=N] [OLD/dist/cli.js] (B: this tree's dist/cli.js)
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {cli, option, quantile, startSim, Tmux, until} from './bench-term.js';

const runs = option('runs', 15);
const latency = option('latency', 0);
// `--scale=N`: the simulator's size (1 by default): at 20 its 2,000 services' reads follow the preflight
// (each run ends at its first frame).
const scale = option('scale', 1);
const other = process.argv.slice(2).find(a => !a.startsWith('-'));
const programs = other ? [path.resolve(other), cli] : [cli];

async function main(): Promise<void> {
	for (const program of programs) if (!existsSync(program)) throw new Error(`bench-start: ${program} is missing`);
	const sim = await startSim(['--scale', String(scale), '--no-throttle', ...(latency > 0 ? ['--latency', String(latency)] : [])]);
	const first = programs.map(() => [] as number[]);
	// The same first frame from the moment the pane's shell ran the command: tmux's server start left out.
	const fromShell = programs.map(() => [] as number[]);
	// Where the time went: the app's own 'start' marks (builds that have them), ms from the launch.
	const phases = programs.map(() => new Map<string, number[]>());
	try {
		for (let run = 0; run < runs; run++) {
			for (const [i, program] of programs.entries()) {
				const session = new Tmux(sim.endpoint, ['--cluster', 'big', '--exit-after-first-render'], ['NODE_EXTRA_CA_CERTS'], {columns: 120, rows: 40}, [], program);
				try {
					// The first frame, or the app's exit (at --scale 1 it exits soon after; at 20 and 50,
					// --exit-after-first-render would wait for every service, 15 to 50 s).
					const firstFrame = () => session.trace().find(e => e.event === 'frame-written' && (e.bytes ?? 0) > 16);
					await until('the first frame', () => firstFrame() !== undefined || session.dead(), 30_000);
					const frame = firstFrame();
					if (!frame) throw new Error(`bench-start: no frame (${readFileSync(path.join(session.dir, 'stderr'), 'utf8').trim()})`);
					first[i]!.push(frame.t - session.startedAt);
					const launched = session.launchedAt();
					if (launched !== undefined) fromShell[i]!.push(frame.t - launched);
					for (const mark of session.trace().filter(e => e.event === 'start')) {
						const phase = String(mark.phase);
						phases[i]!.set(phase, [...(phases[i]!.get(phase) ?? []), mark.t - session.startedAt]);
					}
				} finally {
					session.close();
				}
			}
		}
	} finally {
		sim.child.kill('SIGTERM');
	}
	for (const [i, program] of programs.entries()) {
		const ms = first[i]!;
		process.stdout.write(`${program}: cold start to first frame median ${(quantile(ms, 0.5) / 1000).toFixed(3)} s, p25 ${(quantile(ms, 0.25) / 1000).toFixed(3)}, p75 ${(quantile(ms, 0.75) / 1000).toFixed(3)} (n=${ms.length})\n`);
		const shell = fromShell[i]!;
		if (shell.length > 0) process.stdout.write(`  from the shell's command line (tmux's own start left out): median ${(quantile(shell, 0.5) / 1000).toFixed(3)} s, p25 ${(quantile(shell, 0.25) / 1000).toFixed(3)}, p75 ${(quantile(shell, 0.75) / 1000).toFixed(3)}\n`);
		const marks = [...phases[i]!].map(([phase, at]) => `${phase} ${(quantile(at, 0.5) / 1000).toFixed(3)} s`);
		if (marks.length > 0) process.stdout.write(`  medians from launch: ${marks.join(', ')}, first frame ${(quantile(ms, 0.5) / 1000).toFixed(3)} s\n`);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
