// `ecs-top --demo`: the simulator runs in a child process (never on the UI's event loop, so a
// busy simulated cluster cannot stall a keypress), and the TUI is pointed at the endpoint it
// prints. The child dies with us: on exit, on signals (terminal.ts calls stop), and when its
// stdin closes if the simulator watches it.
import type {ChildProcess} from 'node:child_process';
import {childProcess} from '../child-process.js';
import process from 'node:process';
import {UserError, type ParsedArgs} from '../cli-args.js';

export interface DemoSim {
	endpoint: string;
	region: string;
	credentials: {accessKeyId: string; secretAccessKey: string};
	stop(): void;
}

/** The simulator's flags the TUI passes through (only those the user changed). */
export function simArgs(parsed: ParsedArgs): string[] {
	// --fleet: `:region`, `:ctx` and the fleet view have other Regions (and accounts) to show.
	const args = ['sim', '--port', '0', '--host', '127.0.0.1', '--fleet'];
	if (parsed.sim.seed !== 1) args.push('--seed', String(parsed.sim.seed));
	if (parsed.sim.speed !== 1) args.push('--speed', String(parsed.sim.speed));
	if (parsed.sim.scale !== 0) args.push('--scale', String(parsed.sim.scale));
	return args;
}

/** Reads `export NAME=value` lines (the simulator prints them for `eval`). */
export function parseExports(text: string): Record<string, string> {
	const found: Record<string, string> = {};
	for (const m of text.matchAll(/^export ([A-Z_][A-Z0-9_]*)=(.*)$/gm)) {
		found[m[1]!] = m[2]!.trim().replace(/^(['"])(.*)\1$/, '$2');
	}
	return found;
}

/** Set in the `--demo` simulator child's environment: it then also ends when its stdin does. */
export const demoChildVariable = 'ECS_TOP_DEMO_CHILD';

export async function startDemoSim(parsed: ParsedArgs, options: {script?: string; timeoutMs?: number} = {}): Promise<DemoSim> {
	const script = options.script ?? process.argv[1];
	if (!script) throw new UserError('--demo: cannot find the ecs-top script to start the simulator');
	// Its own process group: the keys a shell's user presses (Ctrl-C, Ctrl-Z) while ecs-top has handed
	// the terminal to session-manager-plugin must not stop the simulator. It ends when ecs-top does
	// (SIGTERM below, or its stdin closing when ecs-top dies: see sim.ts).
	const child = childProcess().spawn(process.execPath, [script, ...simArgs(parsed)], {stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: {...process.env, CI: '', [demoChildVariable]: '1'}});
	const stop = () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
	};
	process.on('exit', stop);
	try {
		const exports = await waitForEndpoint(child, options.timeoutMs ?? 15_000);
		return {
			endpoint: exports.AWS_ENDPOINT_URL_ECS!,
			region: exports.AWS_REGION ?? 'us-east-1',
			credentials: {accessKeyId: exports.AWS_ACCESS_KEY_ID ?? 'demo', secretAccessKey: exports.AWS_SECRET_ACCESS_KEY ?? 'demo'},
			stop,
		};
	} catch (error) {
		stop();
		throw error;
	}
}

function waitForEndpoint(child: ChildProcess, timeoutMs: number): Promise<Record<string, string>> {
	return new Promise((resolve, reject) => {
		let out = '';
		let err = '';
		let grace: NodeJS.Timeout | undefined;
		const done = (error?: Error) => {
			clearTimeout(timer);
			clearTimeout(grace);
			child.stdout?.off('data', onOut);
			// Keep draining: a child blocked on a full stdout pipe would stop simulating.
			child.stdout?.resume();
			child.off('exit', onExit);
			if (error) reject(error);
			else resolve(parseExports(out));
		};
		const onOut = (chunk: Buffer) => {
			out += chunk.toString('utf8');
			const exports = parseExports(out);
			if (exports.AWS_ENDPOINT_URL_ECS && exports.AWS_SECRET_ACCESS_KEY) done();
			// The credential lines follow the endpoint line; give them a moment, then go without.
			else if (exports.AWS_ENDPOINT_URL_ECS) grace ??= setTimeout(() => done(), 300);
		};
		const onExit = (code: number | null) => {
			const why = err.trim().split('\n').at(-1) ?? '';
			done(new UserError(`--demo: the simulator exited (${code ?? 'signal'})${why ? `: ${why}` : ''}`));
		};
		const timer = setTimeout(() => done(new UserError('--demo: the simulator did not start in time')), timeoutMs);
		child.stdout?.on('data', onOut);
		child.stderr?.on('data', (chunk: Buffer) => {
			err = (err + chunk.toString('utf8')).slice(-2000);
		});
		child.on('exit', onExit);
	});
}
