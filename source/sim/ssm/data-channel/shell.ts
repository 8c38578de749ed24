// The sandboxed "shell" behind a simulated exec session: a few built-in commands over a fixed,
// made-up file tree of the container. It never runs anything on the machine: every command is a
// function here. Interactive sessions behave like /bin/sh on a pty as the SSM agent runs it: the
// pty echoes what is typed (CR becomes CR LF, backspace rubs out), Ctrl-C abandons the line, Ctrl-D
// on an empty line exits, and output lines end in CR LF (the pty's onlcr).
import type {TaskRec} from '../../model.js';
import type {SessionWork, WorkIo} from './channel.js';

export const PROMPT = '# ';

/** What a container looks like from inside: its environment and a tiny file tree. */
export interface ContainerView {
	task: TaskRec;
	containerName: string;
	region: string;
}

/** Whether an exec `command` starts an interactive shell (else it is run once as a command line). */
export function isShellCommand(command: string): boolean {
	return /^(?:\/(?:usr\/)?bin\/)?(?:ba|a|z|da)?sh(?:\s+(?:-l|-i|--login))*$/.test(command.trim());
}

function imageOf(view: ContainerView): string {
	return view.task.containers.find(c => c.name === view.containerName)?.image ?? 'unknown';
}

/** The container's environment: its task definition's, plus what ECS and the image add. */
export function environmentOf(view: ContainerView): Array<[string, string]> {
	const {task} = view;
	const definition = task.taskDef.containerDefinitions.find(d => d.name === view.containerName);
	const env: Array<[string, string]> = [
		['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
		['HOSTNAME', task.id],
		['HOME', '/root'],
		['AWS_REGION', view.region],
		['AWS_DEFAULT_REGION', view.region],
		['AWS_EXECUTION_ENV', task.launchType === 'FARGATE' ? 'AWS_ECS_FARGATE' : 'AWS_ECS_EC2'],
		['ECS_CONTAINER_METADATA_URI', `http://169.254.170.2/v3/${task.id}-${view.containerName}`],
		['ECS_CONTAINER_METADATA_URI_V4', `http://169.254.170.2/v4/${task.id}-${view.containerName}`],
	];
	for (const entry of definition?.environment ?? []) env.push([entry.name, entry.value ?? '']);
	// Secrets arrive as variables too; their values are not the simulator's to know.
	for (const secret of definition?.secrets ?? []) env.push([secret.name, '********']);
	return env;
}

/** The fixed files of the container's image, by absolute path. */
function filesOf(view: ContainerView): Map<string, string> {
	const image = imageOf(view);
	const alpine = /alpine/i.test(image);
	return new Map([
		['/etc/hostname', `${view.task.id}\n`],
		['/etc/os-release', alpine
			? 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\n'
			: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nID=debian\n'],
		['/app/README', `${view.containerName}: image ${image}, task ${view.task.id}.\nThis file lives in the ecs-top simulator's sandbox.\n`],
	]);
}

/** Directories and what they list (files, and subdirectories with a trailing slash dropped). */
function listing(files: Map<string, string>, dir: string): string[] | undefined {
	const prefix = dir === '/' ? '/' : `${dir.replace(/\/+$/, '')}/`;
	const names = new Set<string>();
	for (const path of files.keys()) {
		if (!path.startsWith(prefix)) continue;
		names.add(path.slice(prefix.length).split('/')[0]!);
	}
	if (dir === '/') for (const name of ['bin', 'proc', 'tmp', 'usr']) names.add(name);
	return names.size === 0 ? undefined : [...names].sort();
}

function resolve(cwd: string, path: string): string {
	const parts = (path.startsWith('/') ? path : `${cwd}/${path}`).split('/');
	const out: string[] = [];
	for (const part of parts) {
		if (part === '' || part === '.') continue;
		if (part === '..') out.pop();
		else out.push(part);
	}
	return `/${out.join('/')}`;
}

/** Runs one command line; returns its output (LF line ends) and whether the shell should exit. */
export function runLine(view: ContainerView, state: {cwd: string}, line: string): {output: string; exit?: boolean} {
	const words = line.trim().split(/\s+/).filter(Boolean);
	const [name, ...args] = words;
	if (!name) return {output: ''};
	const files = filesOf(view);
	switch (name) {
		case 'echo':
			return {output: `${args.join(' ')}\n`};
		case 'hostname':
			return {output: `${view.task.id}\n`};
		case 'pwd':
			return {output: `${state.cwd}\n`};
		case 'whoami':
			return {output: 'root\n'};
		case 'env':
		case 'printenv':
			return {output: environmentOf(view).map(([key, value]) => `${key}=${value}\n`).join('')};
		case 'cd': {
			const target = resolve(state.cwd, args[0] ?? '/root');
			if (target !== '/root' && !listing(files, target)) return {output: `sh: cd: can't cd to ${args[0]}: No such file or directory\n`};
			state.cwd = target;
			return {output: ''};
		}
		case 'ls': {
			const paths = args.filter(a => !a.startsWith('-'));
			const out: string[] = [];
			for (const path of paths.length > 0 ? paths : [state.cwd]) {
				const full = resolve(state.cwd, path);
				if (files.has(full)) out.push(path);
				else if (full === '/root') continue;
				else {
					const names = listing(files, full);
					out.push(names ? names.join('  ') : `ls: ${path}: No such file or directory`);
				}
			}
			return {output: out.filter(Boolean).map(line => `${line}\n`).join('')};
		}
		case 'cat': {
			let out = '';
			for (const path of args) {
				const full = resolve(state.cwd, path);
				const text = files.get(full);
				out += text ?? (listing(files, full) ? `cat: read error: Is a directory\n` : `cat: can't open '${path}': No such file or directory\n`);
			}
			return {output: out};
		}
		case 'exit':
			return {output: '', exit: true};
		default:
			return {output: `sh: ${name}: not found\n`};
	}
}

const crlf = (text: string) => text.replaceAll('\n', '\r\n');

/** An interactive shell (exec's `/bin/sh`, SSM's Standard_Stream) or one command run to its end. */
export class ShellWork implements SessionWork {
	readonly properties: Record<string, unknown> = {};
	private io: WorkIo | undefined;
	private line = '';
	private readonly state = {cwd: '/root'};
	/** Inside an escape sequence the terminal sent (arrow keys): its bytes are swallowed. */
	private escape: 'none' | 'esc' | 'csi' = 'none';

	constructor(
		private readonly view: ContainerView,
		readonly sessionType: 'Standard_Stream' | 'InteractiveCommands',
		/** A command to run once; undefined for an interactive shell. */
		private readonly command?: string,
	) {}

	start(io: WorkIo): void {
		this.io = io;
		if (this.command === undefined) {
			io.output(PROMPT);
			return;
		}
		io.stats.commands.push(this.command);
		const result = runLine(this.view, this.state, this.command);
		io.output(crlf(result.output));
		io.exit('');
	}

	input(data: Buffer): void {
		const io = this.io;
		if (!io || this.command !== undefined) return;
		for (const byte of data) {
			if (this.escape === 'esc') {
				this.escape = byte === 0x5B ? 'csi' : 'none';
				continue;
			}
			if (this.escape === 'csi') {
				if (byte >= 0x40 && byte <= 0x7E) this.escape = 'none';
				continue;
			}
			if (byte === 0x1B) {
				this.escape = 'esc';
			} else if (byte === 0x0D || byte === 0x0A) {
				io.output('\r\n');
				if (this.runTyped()) return;
			} else if (byte === 0x7F || byte === 0x08) {
				if (this.line.length > 0) {
					this.line = this.line.slice(0, -1);
					io.output('\b \b');
				}
			} else if (byte === 0x03) {
				this.line = '';
				io.output(`^C\r\n${PROMPT}`);
			} else if (byte === 0x04) {
				if (this.line === '') {
					io.output('exit\r\n');
					io.exit('');
					return;
				}
			} else if (byte >= 0x20) {
				// Printable ASCII and UTF-8 bytes alike: echoed as they came.
				this.line += String.fromCharCode(byte);
				io.output(Buffer.from([byte]));
			}
		}
	}

	stop(): void {
		this.io = undefined;
	}

	/** Runs the typed line; true when the shell exited. */
	private runTyped(): boolean {
		const io = this.io!;
		const line = Buffer.from(this.line, 'latin1').toString('utf8');
		this.line = '';
		if (line.trim()) io.stats.commands.push(line.trim());
		const result = runLine(this.view, this.state, line);
		if (result.exit) {
			io.exit('');
			return true;
		}
		io.output(crlf(result.output) + PROMPT);
		return false;
	}
}
