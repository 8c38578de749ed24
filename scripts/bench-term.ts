// What the terminal benchmarks share: the production bundle's path, a simulator in its own
// process, a tmux session running the app with a trace of key presses and frame writes
// (ECS_TOP_TRACE_FILE), keypress-to-frame latencies, quantiles and /proc CPU and memory readings.
import {execFileSync, spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');
export const cli = path.join(root, 'dist', 'cli.js');

// `--name N` or `--name=N` (npm run bench passes only arguments starting with '-' through).
export const option = (name: string, fallback: number) => {
	const joined = process.argv.find(a => a.startsWith(`--${name}=`));
	const at = process.argv.indexOf(`--${name}`);
	const value = joined ? Number(joined.split('=')[1]) : at >= 0 ? Number(process.argv[at + 1]) : NaN;
	return Number.isFinite(value) && value > 0 ? value : fallback;
};

export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
export const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

export interface TraceEvent {
	t: number;
	event: 'key' | 'frame-written' | 'start' | 'gc';
	input?: string;
	/** A 'start' mark's phase (cli, parsed, tui, context, ui-gate, ui-loaded, preflight). */
	phase?: string;
	bytes?: number;
	/** A 'gc' line's pause: when it began (epoch ms), how long, and its kind (minor, major, incremental, weak). */
	at?: number;
	ms?: number;
	kind?: string;
}

/** For each key press in the window that got a frame: the collector's pause time between the key and its frame. */
export function gcInside(events: readonly TraceEvent[], from: number, to: number): number[] {
	const pauses = events.filter(e => e.event === 'gc' && e.at !== undefined);
	return keyFrames(events, from, to).map(({key, frame}) => pauses.filter(p => p.at! >= key.t && p.at! < frame.t).reduce((sum, p) => sum + (p.ms ?? 0), 0));
}

export function readTrace(file: string): TraceEvent[] {
	if (!existsSync(file)) return [];
	return readFileSync(file, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map(line => JSON.parse(line) as TraceEvent);
}

export async function until<T>(what: string, check: () => T | undefined | false, ms = 60_000): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const value = check();
		if (value) return value;
		if (Date.now() > end) throw new Error(`bench-tui: timed out waiting for ${what}`);
		await sleep(25);
	}
}

/** `ecs-top sim ARGS` in its own process; resolves with its endpoint once it listens. */
export async function startSim(args: readonly string[]): Promise<{child: ChildProcess; endpoint: string}> {
	const child = spawn(process.execPath, [cli, 'sim', ...args], {stdio: ['ignore', 'pipe', 'inherit']});
	let out = '';
	child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
	const endpoint = await until('the simulator', () => /listening on (http:\/\/\S+)/.exec(out)?.[1], 120_000);
	return {child, endpoint: endpoint.replace(/[;,)]+$/, '')};
}

export class Tmux {
	readonly dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-bench-'));
	// In the session's own directory (-S), removed with it: tmux's kill-server leaves the socket file.
	readonly socket = path.join(this.dir, 'tmux.sock');
	readonly traceFile = path.join(this.dir, 'trace.jsonl');
	readonly launchFile = path.join(this.dir, 'launched');
	readonly startedAt: number;

	constructor(endpoint: string, args: string[], unset: readonly string[] = [], size: {columns: number; rows: number} = {columns: 120, rows: 40}, nodeArgs: readonly string[] = [], program = cli) {
		const env = {
			AWS_REGION: 'us-east-1',
			AWS_ACCESS_KEY_ID: 'sim',
			AWS_SECRET_ACCESS_KEY: 'sim',
			ECS_TOP_TRACE_FILE: this.traceFile,
			// Ink's frame cap raised, so it does not hide the app's own latency; ECS_TOP_BENCH_MAX_FPS=app
			// (bench-tui --app-fps) leaves the app's own cap, as users get it.
			...(process.env.ECS_TOP_BENCH_MAX_FPS === 'app' ? {} : {ECS_TOP_MAX_FPS: process.env.ECS_TOP_BENCH_MAX_FPS || '1000'}),
			// The collector's pauses in the trace (bench-tui --gc): off by default, as observing them costs time.
			...(process.env.ECS_TOP_TRACE_GC === '1' ? {ECS_TOP_TRACE_GC: '1'} : {}),
		};
		const vars = Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`).join(' ');
		const command = [process.execPath, ...nodeArgs, program, '--endpoint-url', endpoint, ...args].map(quote).join(' ');
		// `exec` so the pane's process is the app itself (its /proc entry is what we measure).
		const unsets = unset.map(name => `-u ${name}`).join(' ');
		// `date` stamps the moment the shell in the pane runs the command line: a user types it into a
		// terminal that is already open, while the time from startedAt also has tmux start its server.
		const script = `cd ${quote(root)}; date +%s%N > ${quote(this.launchFile)}; exec env -u CI -u CONTINUOUS_INTEGRATION ${unsets} ${vars} ${command} 2>${quote(path.join(this.dir, 'stderr'))}`;
		this.startedAt = now();
		this.tmux('new-session', '-d', '-x', String(size.columns), '-y', String(size.rows), 'sh', '-c', script);
		this.tmux('set-option', '-g', 'remain-on-exit', 'on');
	}

	tmux(...args: string[]): string {
		return execFileSync('tmux', ['-S', this.socket, '-f', '/dev/null', ...args], {encoding: 'utf8'});
	}

	screen(): string {
		return this.tmux('capture-pane', '-p');
	}

	pid(): number {
		return Number(this.tmux('display-message', '-p', '#{pane_pid}').trim());
	}

	dead(): boolean {
		return this.tmux('display-message', '-p', '#{pane_dead}').trim() === '1';
	}

	keys(...keys: string[]): void {
		this.tmux('send-keys', ...keys);
	}

	/** When the pane's shell ran the command (epoch ms, a fork of `date` early), or undefined. */
	launchedAt(): number | undefined {
		const ns = existsSync(this.launchFile) ? readFileSync(this.launchFile, 'utf8').trim() : '';
		return /^\d+$/.test(ns) ? Number(BigInt(ns) / 1000n) / 1000 : undefined;
	}

	trace(): TraceEvent[] {
		return readTrace(this.traceFile);
	}

	close(): void {
		spawnSync('tmux', ['-S', this.socket, 'kill-server']);
		rmSync(this.dir, {recursive: true, force: true});
	}
}

/** Each key press in the window with the first write of a frame after it, before the next key (Ink's tiny sync markers skipped). */
function keyFrames(events: readonly TraceEvent[], from: number, to: number): Array<{key: TraceEvent; frame: TraceEvent}> {
	const out: Array<{key: TraceEvent; frame: TraceEvent}> = [];
	const inWindow = events.filter(e => e.t >= from && e.t <= to && e.event !== 'gc');
	inWindow.forEach((event, i) => {
		if (event.event !== 'key') return;
		const frame = inWindow.slice(i + 1).find(e => e.event === 'frame-written' && (e.bytes ?? 0) > 16);
		const nextKey = inWindow.slice(i + 1).find(e => e.event === 'key');
		if (frame && (!nextKey || frame.t <= nextKey.t)) out.push({key: event, frame});
	});
	return out;
}

/** Keypress → frame: for each key, the first write of a frame after it. */
export function latencies(events: readonly TraceEvent[], from: number, to: number): number[] {
	return keyFrames(events, from, to).map(({key, frame}) => frame.t - key.t);
}

export function quantile(values: readonly number[], q: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** CPU ticks (user + system) of the process, or of its main thread alone (`/proc/PID/task/PID`). */
function cpuTicksOf(file: string): number {
	const stat = readFileSync(file, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return Number(fields[11]) + Number(fields[12]);
}

/** The main thread's CPU ticks: JavaScript, the collector's pauses; not V8's helper threads. */
export function mainThreadTicks(pid: number): number {
	return cpuTicksOf(`/proc/${pid}/task/${pid}/stat`);
}

export function procStat(pid: number): {cpuTicks: number; hwmKb: number; rssKb: number} {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
	return {cpuTicks: cpuTicksOf(`/proc/${pid}/stat`), hwmKb: kb('VmHWM'), rssKb: kb('VmRSS')};
}

export const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).stdout.trim()) || 100;

