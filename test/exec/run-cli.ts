// The built ecs-top (dist/cli.js) run as a user runs it, for exec and port-forward: a sealed
// environment (temp HOME and state dir, static test keys, nothing of the machine's AWS setup), a
// PATH of the test's choosing (a fake session-manager-plugin first, or none), stdout and stderr
// collected; for a port forward, the process handle, to wait for its line and signal it.
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {bundleNode} from '../helpers/bundle-node.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

export interface CliRun {
	child: ChildProcess;
	stdout(): string;
	stderr(): string;
	/** Resolves when stdout has a line matching `pattern`; rejects if the process exits first. */
	line(pattern: RegExp): Promise<string>;
	exit: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
}

export interface CliHome {
	dir: string;
	auditFile: string;
	/** The audit log's lines (none yet: []). */
	audit(): Array<Record<string, any>>;
	auditText(): string;
	remove(): void;
}

export function cliHome(): CliHome {
	const dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-exec-home-'));
	const auditFile = path.join(dir, 'state', 'ecs-top', 'audit.jsonl');
	const auditText = () => (existsSync(auditFile) ? readFileSync(auditFile, 'utf8') : '');
	return {
		dir,
		auditFile,
		auditText,
		audit: () => auditText().trim().split('\n').filter(Boolean).map(line => JSON.parse(line) as Record<string, any>),
		remove: () => rmSync(dir, {recursive: true, force: true}),
	};
}

export function startCli(args: readonly string[], options: {home: CliHome; pathEnv: string; endpoint: string}): CliRun {
	const {home} = options;
	const env: NodeJS.ProcessEnv = {
		PATH: options.pathEnv,
		HOME: home.dir,
		XDG_STATE_HOME: path.join(home.dir, 'state'),
		XDG_CONFIG_HOME: path.join(home.dir, 'config'),
		TMPDIR: process.env.TMPDIR,
		AWS_CONFIG_FILE: path.join(home.dir, 'aws-config'),
		AWS_SHARED_CREDENTIALS_FILE: path.join(home.dir, 'aws-credentials'),
		AWS_EC2_METADATA_DISABLED: 'true',
		AWS_ACCESS_KEY_ID: 'testing',
		AWS_SECRET_ACCESS_KEY: 'testing',
		AWS_REGION: 'us-east-1',
		AWS_ENDPOINT_URL: options.endpoint,
		NO_COLOR: '1',
	};
	const child = spawn(bundleNode, [cli, ...args], {cwd: root, env, stdio: ['ignore', 'pipe', 'pipe']});
	let out = '';
	let err = '';
	const waiters = new Set<() => void>();
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
		out += chunk;
		for (const wake of waiters) wake();
	});
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
	const exit = new Promise<{code: number | null; signal: NodeJS.Signals | null}>(resolve => {
		child.once('close', (code, signal) => {
			for (const wake of waiters) wake();
			resolve({code, signal});
		});
	});
	return {
		child,
		stdout: () => out,
		stderr: () => err,
		exit,
		line(pattern) {
			return new Promise((resolve, reject) => {
				const check = () => {
					const found = out.split('\n').find(l => pattern.test(l));
					if (found !== undefined) {
						waiters.delete(check);
						resolve(found);
					} else if (child.exitCode !== null || child.signalCode !== null) {
						waiters.delete(check);
						reject(new Error(`exited before a line matching ${pattern}: stdout ${JSON.stringify(out)} stderr ${JSON.stringify(err)}`));
					}
				};
				waiters.add(check);
				check();
			});
		},
	};
}

/** Runs to the end. */
export async function runCli(args: readonly string[], options: {home: CliHome; pathEnv: string; endpoint: string}): Promise<{code: number | null; stdout: string; stderr: string}> {
	const run = startCli(args, options);
	const {code} = await run.exit;
	return {code, stdout: run.stdout(), stderr: run.stderr()};
}
