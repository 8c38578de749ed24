// Help on every command: `--help` and `-h` anywhere on the line print that command's help to stdout
// and exit 0 (they used to work only alone: `get --help` was "unknown flag", `-h` "unknown flag --h");
// `--version` likewise. Usage errors stay one stderr line, exit 2, pointing at the command's help.
// The built bundle is run as a user runs it; the parser is checked in-process against the same
// table the help is printed from.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {helpText, parseArgs, parseCommandLine, UsageError, type Command} from '../../source/cli-args.js';
import {bundleNode} from '../helpers/bundle-node.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
let home: string;

beforeEach(() => {
	home = mkdtempSync(path.join(tmpdir(), 'ecs-top-help-'));
});
afterEach(() => rmSync(home, {recursive: true, force: true}));

/** The built binary (dist/ is built by test/global-setup.ts), with nothing of the machine's AWS setup. */
function run(...args: string[]): {code: number | null; stdout: string; stderr: string} {
	const env = {
		...process.env,
		HOME: home,
		XDG_STATE_HOME: path.join(home, 'state'),
		XDG_CONFIG_HOME: path.join(home, 'config'),
		AWS_CONFIG_FILE: path.join(home, 'aws-config'),
		AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'aws-credentials'),
		AWS_EC2_METADATA_DISABLED: 'true',
		NO_COLOR: '1',
	};
	const result = spawnSync(bundleNode, [cli, ...args], {cwd: root, env, encoding: 'utf8', timeout: 20_000});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

const usageLine: Record<Command, RegExp> = {
	tui: /^Usage: ecs-top \[flags\]/,
	// Six resources do not fit 80 columns on one line: [flags] may go on the next.
	get: /^Usage: ecs-top get clusters\|services\|tasks\|instances(\|\w+)*\s+\[flags\]/,
	events: /^Usage: ecs-top events \[flags\]/,
	sim: /^Usage: ecs-top sim \[flags\]/,
	logs: /^Usage: ecs-top logs --cluster C \(--service S \| --task T\) \[flags\]/,
	exec: /^Usage: ecs-top exec --cluster C --task T \[--container N\] \[-- COMMAND\.\.\.\]/,
	'port-forward': /^Usage: ecs-top port-forward --cluster C --task T \[flags\] LOCAL:REMOTE/,
	config: /^Usage: ecs-top config \[flags\]/,
	info: /^Usage: ecs-top info \[flags\]/,
	completion: /^Usage: ecs-top completion bash\|zsh\|fish/,
};

/** The `--flag` names a help text lists, in its flag sections. */
function listedFlags(text: string): string[] {
	return [...text.matchAll(/^ {2}(?:-\w, )?(--[a-z-]+)/gm)].map(m => m[1]!);
}

/** A negation (`--no-metrics`) is the flag it negates: a command listing one takes both forms. */
const baseFlag = (flag: string) => flag.replace(/^--no-/, '--');

describe('--help and -h on every command (built CLI)', () => {
	const cases: Array<[Command, string[]]> = [
		['tui', ['--help']],
		['tui', ['-h']],
		['tui', ['--demo', '--help']],
		['tui', ['--cluster', 'x', '-h', '--refresh', '5']],
		['get', ['get', '--help']],
		['get', ['get', 'services', '--help']],
		['get', ['get', 'tasks', '--cluster', 'c', '-h']],
		['events', ['events', '--help']],
		['events', ['events', '-h', '--cluster', 'x']],
		['sim', ['sim', '--help']],
		['sim', ['sim', '--port', '0', '-h']],
		['exec', ['exec', '--help']],
		['exec', ['exec', '--cluster', 'c', '-h', '--task', 't']],
		['port-forward', ['port-forward', '--help']],
		['port-forward', ['port-forward', '8080:80', '-h']],
		['config', ['config', '--help']],
		['info', ['info', '--json', '-h']],
		['completion', ['completion', 'bash', '--help']],
	];
	it.each(cases)('%s: ecs-top %s prints its help to stdout and exits 0', (command, args) => {
		const result = run(...args);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(usageLine[command]);
		// The same text as the table gives (the audit log path under this test's state dir).
		expect(result.stdout).toBe(helpTextIn(command, home));
		for (const heading of ['Examples\n', 'Exit codes\n', '  -h, --help']) expect(result.stdout).toContain(heading);
		// Nothing else runs: no simulator started, no AWS call (no credentials here would end in 1).
	});

	it('help does not win over a wrong command: ecs-top bogus --help is a usage error', () => {
		const result = run('bogus', '--help');
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toBe('ecs-top: unknown command "bogus" (try ecs-top --help)\n');
	});

	it('a bad flag next to --help still gets the help (asking for help is never a usage error)', () => {
		const result = run('get', 'services', '--bogus', '--help');
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(usageLine.get);
	});

	it('ecs-top help [COMMAND] prints the same help', () => {
		expect(run('help').stdout).toBe(run('--help').stdout);
		for (const command of ['get', 'events', 'sim'] as const) {
			const result = run('help', command);
			expect(result.code).toBe(0);
			expect(result.stdout).toBe(run(command, '--help').stdout);
		}
		const unknown = run('help', 'pods');
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toBe('ecs-top: unknown command "pods" (try ecs-top --help)\n');
	});

	it('--version anywhere prints the version and exits 0; -v is not a flag', () => {
		const alone = run('--version');
		expect(alone.code).toBe(0);
		expect(alone.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
		for (const args of [['get', 'services', '--version'], ['events', '--version'], ['sim', '--version'], ['--demo', '--version']]) {
			expect(run(...args)).toEqual({code: 0, stdout: alone.stdout, stderr: ''});
		}
		expect(run('get', '-v')).toEqual({code: 2, stdout: '', stderr: 'ecs-top: unknown flag -v (try ecs-top get --help)\n'});
	});

	it('usage errors: one stderr line, exit 2, pointing at the command\'s own help', () => {
		expect(run('get', 'services', '--bogus')).toEqual({code: 2, stdout: '', stderr: 'ecs-top: unknown flag --bogus (try ecs-top get --help)\n'});
		expect(run('events', '--refresh', '5')).toEqual({code: 2, stdout: '', stderr: 'ecs-top: --refresh does not apply to "events" (try ecs-top events --help)\n'});
		expect(run('sim', '--speed', 'fast')).toEqual({code: 2, stdout: '', stderr: 'ecs-top: --speed: "fast" is not a valid value (try ecs-top sim --help)\n'});
		expect(run('--follow')).toEqual({code: 2, stdout: '', stderr: 'ecs-top: --follow does not apply to the TUI (try ecs-top --help)\n'});
		expect(run('-x')).toEqual({code: 2, stdout: '', stderr: 'ecs-top: unknown flag -x (try ecs-top --help)\n'});
		// Errors the command itself finds (after parsing) point at its help too.
		const resource = run('get', 'pods');
		expect(resource.code).toBe(2);
		expect(resource.stderr).toMatch(/^ecs-top: unknown resource "pods".*\(try ecs-top get --help\)\n$/);
	});
});

function helpTextIn(command: Command, dir: string): string {
	const previous = process.env.XDG_STATE_HOME;
	process.env.XDG_STATE_HOME = path.join(dir, 'state');
	try {
		return helpText(command);
	} finally {
		process.env.XDG_STATE_HOME = previous;
	}
}

describe('one table per command drives the parser and the help', () => {
	const commands: Command[] = ['tui', 'get', 'events', 'sim', 'logs', 'exec', 'port-forward', 'config', 'info', 'completion'];
	const argvFor = (command: Command) => (command === 'tui' ? [] : command === 'get' ? ['get', 'clusters'] : command === 'port-forward' ? [command, '8080:80'] : command === 'completion' ? [command, 'bash'] : [command]);
	/** What a command needs besides the flag under test. */
	const needs = (command: Command, flag: string) => {
		if (command === 'tui' && flag === '--service') return ['--cluster', 'c'];
		if (command === 'logs' && flag !== '--service' && flag !== '--task') return ['--task', 't'];
		if ((command === 'exec' || command === 'port-forward') && flag !== '--task') return ['--task', 't'];
		return [];
	};
	// A value each flag takes without a usage error of its own.
	const value: Record<string, string | undefined> = {
		'--refresh': '5', '--port': '0', '--seed': '3', '--speed': '2', '--scale': '1', '--latency': '1', '--jitter': '1', '--log-rate': '2', '--transport': 'plugin',
	};
	const withValue = (help: string, flag: string) => {
		const arg = new RegExp(`^ {2}(?:-\\w, )?${flag} [A-Z]`, 'm').test(help);
		return arg ? [flag, value[flag] ?? 'x'] : [flag];
	};

	it.each(commands)('%s: every flag its help lists is accepted, with the meaning it says', command => {
		const help = helpText(command);
		const flags = listedFlags(help).filter(f => f !== '--help' && f !== '--version');
		// completion takes a shell, and only the common flags.
		expect(flags.length).toBeGreaterThan(command === 'completion' ? 0 : 3);
		for (const flag of flags) {
			expect(() => parseArgs([...argvFor(command), ...needs(command, flag), ...withValue(help, flag)], '0')).not.toThrow();
		}
	});

	it.each(commands)('%s: a flag only other commands list is refused as not applying', command => {
		const mine = new Set(listedFlags(helpText(command)).map(baseFlag));
		const others = new Set(commands.filter(c => c !== command).flatMap(c => listedFlags(helpText(c))).filter(f => !mine.has(baseFlag(f))));
		expect(others.size).toBeGreaterThan(0);
		for (const flag of others) {
			const help = helpText(commands.find(c => listedFlags(helpText(c)).includes(flag))!);
			const argv = [...argvFor(command), ...withValue(help, flag)];
			expect(() => parseArgs(argv, '0'), argv.join(' ')).toThrow(/does not apply/);
		}
	});

	it.each(commands)('%s: every line fits 80 columns and names the usage, flags, examples and exit codes', command => {
		const lines = helpText(command).split('\n').filter(line => !line.startsWith('Mutations are appended'));
		expect(lines.filter(line => line.length > 80)).toEqual([]);
		const text = lines.join('\n');
		expect(text).toMatch(usageLine[command]);
		expect(text).toMatch(/\nExamples\n {2}\$ .*ecs-top /);
		expect(text).toMatch(/\nExit codes\n {2}0 /);
	});

	it('parseCommandLine returns text to print; a usage error knows its command', () => {
		expect(parseCommandLine(['events', '--since', '1h', '-h'], '1.2.3')).toEqual({kind: 'print', text: helpText('events')});
		expect(parseCommandLine(['sim', '--version'], '1.2.3')).toEqual({kind: 'print', text: '1.2.3\n'});
		let error: unknown;
		try {
			parseCommandLine(['sim', '--cluster', 'x'], '0');
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(UsageError);
		expect((error as UsageError).command).toBe('sim');
	});
});
