// ecs-top config, info and completion, run as a user runs them (the built bundle), in a private
// HOME with its own XDG directories and AWS config files.
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {bundleNode} from '../helpers/bundle-node.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
let home: string;

beforeEach(() => {
	home = mkdtempSync(path.join(tmpdir(), 'ecs-top-config-'));
	writeFileSync(path.join(home, 'aws-config'), '[default]\nregion = eu-north-1\n[profile alpha]\nregion = eu-west-1\n[profile beta-2]\nregion = us-east-1\n[sso-session corp]\nsso_region = us-east-1\n');
});
afterEach(() => rmSync(home, {recursive: true, force: true}));

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const base: NodeJS.ProcessEnv = {...process.env};
	for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'ECS_TOP_CONFIG', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_ECS']) delete base[name];
	return {
		...base,
		HOME: home,
		XDG_STATE_HOME: path.join(home, 'state'),
		XDG_CONFIG_HOME: path.join(home, 'config'),
		XDG_CACHE_HOME: path.join(home, 'cache'),
		AWS_CONFIG_FILE: path.join(home, 'aws-config'),
		AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'aws-credentials'),
		AWS_EC2_METADATA_DISABLED: 'true',
		NO_COLOR: '1',
		...extra,
	};
}

function run(args: string[], extra: Record<string, string> = {}): {code: number | null; stdout: string; stderr: string} {
	const result = spawnSync(bundleNode, [cli, ...args], {cwd: root, env: env(extra), encoding: 'utf8', timeout: 20_000});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

function writeConfig(text: string): string {
	const file = path.join(home, 'config', 'ecs-top', 'config.yaml');
	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, text);
	return file;
}

describe('ecs-top config', () => {
	it('prints each setting, its value and origin, and the file', () => {
		const file = writeConfig('profile: alpha\nrefresh: 7\nreadOnly: true\n');
		const result = run(['config', '--refresh', '3'], {AWS_REGION: 'ap-south-1'});
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(`config file: ${file}\n`);
		const rows = Object.fromEntries(result.stdout.split('\n').slice(3).filter(Boolean).map(line => {
			const [key, ...rest] = line.split(/\s{2,}/);
			return [key, rest];
		}));
		expect(rows).toMatchObject({
			profile: ['alpha', 'file'],
			region: ['ap-south-1', 'env AWS_REGION'],
			refresh: ['3', 'flag'],
			readOnly: ['true', 'file'],
			theme: ['dark', 'default'],
		});
		expect(Object.keys(rows)).toEqual(['profile', 'region', 'refresh', 'readOnly', 'cluster', 'theme', 'metrics', 'execCommand', 'columns', 'aliases']);
	});

	it('--json, with --write loosening the file\'s readOnly', () => {
		writeConfig('readOnly: true\naliases:\n  prod: cluster production\n');
		const result = run(['config', '--json', '--write']);
		expect(result.code).toBe(0);
		const json = JSON.parse(result.stdout) as Record<string, {value: unknown; origin: string}>;
		expect(json.readOnly).toEqual({value: false, origin: 'flag'});
		expect(json.aliases).toEqual({value: {prod: 'cluster production'}, origin: 'file'});
		expect(json.refresh).toEqual({value: 2, origin: 'default'});
	});

	it('a bad file: exit 2 and PATH:LINE: reason, for every command that reads settings', () => {
		const file = writeConfig('profile: alpha\n\nrefresh: 0\n');
		for (const args of [['config'], ['get', 'clusters'], []]) {
			expect(run(args)).toEqual({code: 2, stdout: '', stderr: `ecs-top: ${file}:3: refresh: 0 is not a number of seconds from 1 to 3600\n`});
		}
		// Help still works whatever the file holds.
		expect(run(['--help']).code).toBe(0);
	});

	it('ECS_TOP_CONFIG names another file, which must exist', () => {
		const other = path.join(home, 'team.yaml');
		writeFileSync(other, 'cluster: production\n');
		expect(JSON.parse(run(['config', '--json'], {ECS_TOP_CONFIG: other}).stdout).cluster).toEqual({value: 'production', origin: 'file'});
		const missing = run(['config'], {ECS_TOP_CONFIG: path.join(home, 'nope.yaml')});
		expect(missing.code).toBe(2);
		expect(missing.stderr).toBe(`ecs-top: ${path.join(home, 'nope.yaml')}:1: cannot read it (ENOENT)\n`);
	});
});

describe('ecs-top info', () => {
	it('prints version, Node, paths and the resolved context without calling AWS', () => {
		const result = run(['info', '--json', '--profile', 'alpha', '--endpoint-url', 'http://user:secret@127.0.0.1:9']);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const info = JSON.parse(result.stdout);
		expect(info).toMatchObject({
			node: expect.stringMatching(/^v\d+/),
			paths: {
				config: path.join(home, 'config', 'ecs-top', 'config.yaml'),
				state: path.join(home, 'state', 'ecs-top'),
				audit: path.join(home, 'state', 'ecs-top', 'audit.jsonl'),
				clusterCache: path.join(home, 'cache', 'ecs-top', 'clusters'),
			},
			context: {profile: 'alpha', region: 'eu-west-1', account: 'not resolved (--resolve asks STS)'},
		});
		expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
		expect(result.stdout).not.toContain('secret');
		expect(info.context.endpoint).toContain('***@127.0.0.1:9');
	});

	it('the text form lists the same, and the config file\'s profile is the context\'s', () => {
		writeConfig('profile: beta-2\n');
		const result = run(['info']);
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^profile\s+beta-2$/m);
		expect(result.stdout).toMatch(/^region\s+us-east-1$/m);
		expect(result.stdout).toMatch(/^session-manager-plugin\s+/m);
		expect(result.stdout).toMatch(/^clipboard\s+/m);
	});

	it('a context that cannot be resolved is shown as such, not an error', () => {
		writeFileSync(path.join(home, 'aws-config'), '');
		const result = run(['info', '--json']);
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout).context.region).toMatch(/^not resolved: .*region/i);
		const unknown = run(['info', '--profile', 'nope']);
		expect(unknown.code).toBe(0);
		expect(unknown.stdout).toMatch(/^region\s+not resolved: profile "nope" not found/m);
	});
});

describe('ecs-top completion', () => {
	/** Runs bash with the script loaded and `ecs-top` a function running the bundle. */
	function complete(words: string[], extra: Record<string, string> = {}): string[] {
		const quoted = words.map(word => `'${word}'`).join(' ');
		const script = [
			`ecs-top() { "$ECS_NODE" "$ECS_CLI" "$@"; }`,
			'source <(ecs-top completion bash)',
			`COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}`,
			'_ecs_top',
			'printf "%s\\n" "${COMPREPLY[@]}"',
		].join('\n');
		const result = spawnSync('bash', ['-c', script], {env: env({ECS_NODE: bundleNode, ECS_CLI: cli, ...extra}), encoding: 'utf8', timeout: 20_000});
		expect(result.stderr).toBe('');
		return result.stdout.split('\n').filter(Boolean);
	}

	it('the bash and zsh scripts parse (bash -n), fish\'s lists every command', () => {
		for (const shell of ['bash', 'zsh']) {
			const script = run(['completion', shell]);
			expect(script.code).toBe(0);
			const check = spawnSync('bash', ['-n'], {input: script.stdout, encoding: 'utf8'});
			expect(check.stderr).toBe('');
			expect(check.status).toBe(0);
		}
		const fish = run(['completion', 'fish']).stdout;
		expect(fish).toContain("complete -c ecs-top -n __fish_use_subcommand -a 'sim get events logs exec port-forward config info completion help'");
		expect(fish).toContain("-l profile -r -a '(ecs-top completion --list profiles 2>/dev/null)'");
	});

	it('completes --profile from the AWS config file (no sso-session), commands and flags', () => {
		expect(complete(['ecs-top', '--profile', ''])).toEqual(['alpha', 'beta-2', 'default']);
		expect(complete(['ecs-top', 'get', '--profile', 'b'])).toEqual(['beta-2']);
		expect(complete(['ecs-top', 'ev'])).toEqual(['events']);
		expect(complete(['ecs-top', 'get', 'ser'])).toEqual(['services']);
		expect(complete(['ecs-top', 'logs', '--fi'])).toEqual(['--filter-pattern']);
		expect(complete(['ecs-top', '--cluster', 'x', '--wr'])).toEqual(['--write']);
		expect(complete(['ecs-top', 'completion', ''])).toEqual(['bash', 'zsh', 'fish', '--debug', '--help', '--version']);
	});

	it('completes --cluster from the cache while it is fresh (ten minutes), never from AWS', () => {
		expect(complete(['ecs-top', '--cluster', ''])).toEqual([]);
		const cache = path.join(home, 'cache', 'ecs-top', 'clusters');
		mkdirSync(path.dirname(cache), {recursive: true});
		writeFileSync(cache, 'production\nstaging\n');
		expect(complete(['ecs-top', 'get', 'services', '--cluster', 'pr'])).toEqual(['production']);
		const old = new Date(Date.now() - 11 * 60 * 1000);
		utimesSync(cache, old, old);
		expect(complete(['ecs-top', '--cluster', ''])).toEqual([]);
		expect(readFileSync(cache, 'utf8')).toBe('production\nstaging\n');
	});

	it('no shell, or an unknown one, is a usage error', () => {
		expect(run(['completion'])).toEqual({code: 2, stdout: '', stderr: 'ecs-top: completion needs a shell: bash, zsh or fish (try ecs-top completion --help)\n'});
		expect(run(['completion', 'tcsh']).code).toBe(2);
	});
});
