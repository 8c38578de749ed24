// `ecs-top exec` and `ecs-top port-forward` on the command line: the words after `--` are the
// command's (never ecs-top's flags), LOCAL:REMOTE is checked, --transport takes auto, plugin or builtin;
// every mistake is a usage error (exit 2) before anything runs.
import {describe, expect, it} from 'vitest';
import {parseArgs, parseCommandLine, UsageError} from '../../source/cli-args.js';

const parse = (...argv: string[]) => parseArgs(argv, '0');
const usage = (...argv: string[]) => {
	try {
		parse(...argv);
	} catch (error) {
		expect(error).toBeInstanceOf(UsageError);
		return (error as UsageError).message;
	}
	throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('exec', () => {
	it('defaults: /bin/sh (no words), the auto transport', () => {
		const parsed = parse('exec', '--cluster', 'prod', '--task', 't1');
		expect(parsed).toMatchObject({command: 'exec', cluster: 'prod', task: 't1', commandWords: [], transport: 'auto'});
		expect(parsed.forward).toBeUndefined();
	});

	it('the words after -- are the command\'s, flags and --help included', () => {
		expect(parse('exec', '--task', 't1', '--container', 'app', '--', 'ls', '-la', '--help').commandWords).toEqual(['ls', '-la', '--help']);
		expect(parseCommandLine(['exec', '--task', 't1', '--', 'cat', '--version'], '0').kind).toBe('run');
		// Before the --, --help is ecs-top's.
		expect(parseCommandLine(['exec', '--help', '--', 'ls'], '0').kind).toBe('print');
	});

	it('usage errors', () => {
		expect(usage('exec', '--cluster', 'prod')).toBe('exec needs --task T');
		expect(usage('exec', '--task', 't1', 'ls')).toBe('unexpected argument "ls" (a command goes after --: exec … -- ls)');
		expect(usage('exec', '--task', 't1', '--')).toBe('no command after --');
		expect(usage('exec', '--task', '', '--container', 'x')).toBe('--task needs a value');
		expect(usage('exec', '--task', 't1', '--transport', 'ssh')).toBe('--transport: "ssh" is not auto, plugin or builtin');
		expect(usage('exec', '--task', 't1', '--host', 'h')).toBe('--host does not apply to "exec"');
	});

	it('--transport takes auto, plugin and builtin, on exec, port-forward and the TUI', () => {
		expect(parse('exec', '--task', 't1', '--transport', 'builtin').transport).toBe('builtin');
		expect(parse('exec', '--task', 't1', '--transport', 'plugin').transport).toBe('plugin');
		expect(parse('port-forward', '--task', 't1', '--transport', 'builtin', '0:80').transport).toBe('builtin');
		expect(parse('--transport', 'plugin').transport).toBe('plugin');
		expect(parse('--demo').transport).toBe('auto');
	});
});

describe('port-forward', () => {
	it('LOCAL:REMOTE, --host', () => {
		expect(parse('port-forward', '--task', 't1', '8080:80').forward).toEqual({localPort: 8080, remotePort: 80});
		expect(parse('port-forward', '--task', 't1', '--host', 'db.internal', '0:5432').forward).toEqual({localPort: 0, remotePort: 5432, remoteHost: 'db.internal'});
		expect(parse('port-forward', '--task', 't1', '65535:1').forward).toEqual({localPort: 65535, remotePort: 1});
	});

	it('usage errors', () => {
		expect(usage('port-forward', '--task', 't1')).toBe('port-forward needs LOCAL:REMOTE (e.g. 8080:80)');
		expect(usage('port-forward', '8080:80')).toBe('port-forward needs --task T');
		expect(usage('port-forward', '--task', 't1', '8080')).toBe('"8080" is not LOCAL:REMOTE (two port numbers, e.g. 8080:80)');
		expect(usage('port-forward', '--task', 't1', 'a:80')).toMatch(/is not LOCAL:REMOTE/);
		expect(usage('port-forward', '--task', 't1', '8080:0')).toBe('"8080:0": REMOTE must be a port from 1 to 65535');
		expect(usage('port-forward', '--task', 't1', '8080:65536')).toBe('"8080:65536": REMOTE must be a port from 1 to 65535');
		expect(usage('port-forward', '--task', 't1', '70000:80')).toBe('"70000:80": LOCAL must be a port from 1 to 65535, or 0 for a free one');
		expect(usage('port-forward', '--task', 't1', '8080:80', '9090:90')).toBe('unexpected argument "9090:90"');
		expect(usage('port-forward', '--task', 't1', '--host', '', '8080:80')).toBe('--host needs a value');
		expect(usage('port-forward', '--task', 't1', '8080:80', '--', 'x')).toBe('unexpected argument "x"');
	});
});

describe('other commands and --', () => {
	it('words after -- stay arguments, as before', () => {
		expect(parse('get', '--', 'services').args).toEqual(['services']);
		expect(usage('get', 'services', '--', 'x')).toBe('unexpected argument "x"');
	});
});
