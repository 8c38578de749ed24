// Drives the built binary in a real pseudo-terminal through tmux. Each session runs on its own
// tmux server, its socket in the session's own temp directory (-S: tmux's kill-server leaves the
// socket file behind, and -L ones piled up in /tmp/tmux-UID), so parallel tests never collide, and
// close() kills it and removes the directory. The
// command runs inside `sh` so that after it exits we can record its exit code and `stty -a`.
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {vi} from 'vitest';
import {bundleNode} from '../helpers/bundle-node.js';

export const root = path.resolve(import.meta.dirname, '..', '..');

export function tmuxMissing(): string | undefined {
	const found = spawnSync('tmux', ['-V'], {encoding: 'utf8'});
	return found.status === 0 ? undefined : 'tmux is not installed';
}

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

export class TmuxSession {
	readonly dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-e2e-'));
	readonly socket = path.join(this.dir, 'tmux.sock');

	constructor(
		args: string[],
		options: {columns?: number; rows?: number; env?: Record<string, string>; unset?: string[]; keepCi?: boolean; shellSurvivesCtrlC?: boolean} = {},
	) {
		// CI and CONTINUOUS_INTEGRATION are unset unless keepCi (a test of the app under CI=true).
		const ci = options.keepCi ? [] : ['CI', 'CONTINUOUS_INTEGRATION'];
		const unset = [...ci, ...(options.unset ?? [])].map(name => `-u ${name}`).join(' ');
		const env = Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${quote(v)}`).join(' ');
		const command = [bundleNode, path.join(root, 'dist', 'cli.js'), ...args].map(quote).join(' ');
		const script = [
			// A login shell's job control puts the app in a process group of its own, so Ctrl-C's SIGINT
			// reaches it and not the shell; this `sh` shares the app's group: where a test sends a real
			// SIGINT (a shell handed the terminal), a trap keeps `sh` alive, as the user's shell stays.
			// (A handler, not an ignore: the app starts with SIGINT as it would from a shell.)
			...(options.shellSurvivesCtrlC ? ["trap 'true' INT"] : []),
			`cd ${quote(root)}`,
			// Ink renders nothing until exit when CI is set, unless told it is interactive (tui.ts does).
			`env ${unset} ${env} ${command} 2>${quote(path.join(this.dir, 'stderr'))}`,
			// Files appear whole (written, then renamed), and the code last: once it exists, all is there.
			'code=$?',
			`stty -a > ${quote(path.join(this.dir, 'stty.tmp'))}`,
			`mv ${quote(path.join(this.dir, 'stty.tmp'))} ${quote(path.join(this.dir, 'stty'))}`,
			`echo $code > ${quote(path.join(this.dir, 'code.tmp'))}`,
			`mv ${quote(path.join(this.dir, 'code.tmp'))} ${quote(path.join(this.dir, 'code'))}`,
			'sleep 300',
		].join('; ');
		this.tmux('new-session', '-d', '-x', String(options.columns ?? 100), '-y', String(options.rows ?? 30), 'sh', '-c', script);
	}

	tmux(...args: string[]): string {
		return execFileSync('tmux', ['-S', this.socket, '-f', '/dev/null', ...args], {encoding: 'utf8'});
	}

	screen(): string {
		return this.tmux('capture-pane', '-p');
	}

	/** `#{alternate_on}`: 1 while the app holds the alternate screen. */
	alternateOn(): string {
		return this.tmux('display-message', '-p', '#{alternate_on}').trim();
	}

	keys(...keys: string[]): void {
		this.tmux('send-keys', ...keys);
	}

	async waitForScreen(check: (screen: string) => boolean, what: string, timeout = 15_000): Promise<string> {
		let last = '';
		await vi.waitFor(
			() => {
				last = this.screen();
				if (!check(last)) throw new Error(`screen never showed ${what}:\n${last}`);
			},
			{timeout, interval: 50},
		);
		return last;
	}

	/** The app's exit code, once it has exited. */
	async exitCode(timeout = 10_000): Promise<number> {
		const file = path.join(this.dir, 'code');
		await vi.waitFor(
			() => {
				if (!existsSync(file)) throw new Error(`the app did not exit:\n${this.screen()}`);
			},
			{timeout, interval: 50},
		);
		return Number(readFileSync(file, 'utf8').trim());
	}

	stty(): string {
		return readFileSync(path.join(this.dir, 'stty'), 'utf8');
	}

	stderr(): string {
		const file = path.join(this.dir, 'stderr');
		return existsSync(file) ? readFileSync(file, 'utf8') : '';
	}

	/** PIDs of the processes under the pane's shell (the app), and theirs (the simulator). */
	appPid(): number {
		// tmux may wrap the command in its default shell: search the pane's process tree.
		const queue = [Number(this.tmux('display-message', '-p', '#{pane_pid}').trim())];
		while (queue.length > 0) {
			const pid = queue.shift()!;
			const cmdline = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
			// The app renames itself (process.title), so it is the first process that is not a shell.
			const program = path.basename(cmdline.split('\0')[0] ?? '');
			if (cmdline && !['sh', 'bash', 'dash', 'zsh', 'env'].includes(program)) return pid;
			queue.push(...this.childPids(pid));
		}
		throw new Error('the app is not running');
	}

	childPids(pid: number): number[] {
		const out = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], {encoding: 'utf8'}).stdout;
		return out.split('\n').map(s => Number(s.trim())).filter(n => n > 0);
	}

	close(): void {
		spawnSync('tmux', ['-S', this.socket, 'kill-server']);
		rmSync(this.dir, {recursive: true, force: true});
	}
}

/** True when a process has exited (a zombie counts: the container's init may not reap it). */
export function gone(pid: number): boolean {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
	} catch {
		return true;
	}
}

/** A terminal back in cooked mode: canonical input and echo on. */
export function sane(stty: string): boolean {
	const words = stty.split(/[\s;]+/);
	return words.includes('icanon') && words.includes('echo') && !words.includes('-icanon') && !words.includes('-echo');
}
