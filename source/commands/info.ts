// `ecs-top info`: what a bug report needs: version, Node, platform, the files ecs-top reads and
// writes, the context it would use and the optional helpers it found. No AWS call unless --resolve.
import {accessSync, constants, statSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {createStsApi, resolveAwsContext} from '../aws/client.js';
import {describeError} from '../aws/errors.js';
import type {ParsedArgs} from '../cli-args.js';
import {findPlugin} from '../exec/plugin.js';
import {auditLogPath, configPath, stateDir} from '../paths.js';
import {clusterCachePath} from './cluster-cache.js';

/** Clipboard commands in the order they are tried (macOS, Wayland, X11 twice, WSL). */
const clipboardCommands = ['pbcopy', 'wl-copy', 'xclip', 'xsel', 'clip.exe'];

/** A command on PATH, found as the shell would (no shell run). */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
	for (const dir of (env.PATH ?? '').split(path.delimiter)) {
		if (!dir || !path.isAbsolute(dir)) continue;
		const file = path.join(dir, name);
		try {
			if (!statSync(file).isFile()) continue;
			accessSync(file, constants.X_OK);
			return file;
		} catch {
			// Not here: the next directory.
		}
	}
	return undefined;
}

export interface Info {
	version: string;
	node: string;
	platform: string;
	paths: {config: string; state: string; audit: string; clusterCache: string};
	context: {profile: string | null; region: string; endpoint: string | null; account: string};
	helpers: {sessionManagerPlugin: string | null; clipboard: string | null};
}

export async function collectInfo(parsed: ParsedArgs, version: string, env: NodeJS.ProcessEnv = process.env): Promise<Info> {
	// A context that cannot be resolved (no Region, an unknown profile) is what info is often run to
	// find out about: it is shown, not an error.
	let problem: string | undefined;
	const context = await resolveAwsContext(parsed.aws).catch((error: unknown) => {
		problem = describeError(error).message;
		return undefined;
	});
	let account = problem ? 'not resolved' : 'not resolved (--resolve asks STS)';
	if (context && parsed.resolveAccount) {
		try {
			account = (await createStsApi(parsed.aws).callerIdentity()).account;
		} catch (error) {
			account = `not resolved: ${describeError(error).message}`;
		}
	}
	const clipboard = clipboardCommands.map(name => onPath(name, env)).find(Boolean);
	return {
		version,
		node: process.version,
		platform: `${process.platform} ${process.arch}`,
		paths: {config: configPath(env), state: stateDir(), audit: auditLogPath(), clusterCache: clusterCachePath(env)},
		context: context
			? {profile: context.profile ?? null, region: context.region, endpoint: context.endpoint ?? null, account}
			: {profile: parsed.settings.profile.value ?? null, region: `not resolved: ${problem}`, endpoint: null, account},
		helpers: {sessionManagerPlugin: findPlugin(env) ?? null, clipboard: clipboard ?? null},
	};
}

export function infoText(info: Info): string {
	const rows: Array<[string, string]> = [
		['version', info.version],
		['node', info.node],
		['platform', info.platform],
		['config', info.paths.config],
		['state', info.paths.state],
		['audit log', info.paths.audit],
		['cluster cache', info.paths.clusterCache],
		['profile', info.context.profile ?? '(default)'],
		['region', info.context.region],
		['endpoint', info.context.endpoint ?? '(AWS)'],
		['account', info.context.account],
		['session-manager-plugin', info.helpers.sessionManagerPlugin ?? 'not found (exec and port forwards use the built-in client: no KMS, one connection per forward)'],
		['clipboard', info.helpers.clipboard ?? 'not found (y copies through the terminal, OSC 52)'],
	];
	const width = Math.max(...rows.map(([key]) => key.length));
	return rows.map(([key, value]) => `${key.padEnd(width)}  ${value}\n`).join('');
}

export async function runInfo(parsed: ParsedArgs, version: string): Promise<number> {
	const info = await collectInfo(parsed, version);
	process.stdout.write(parsed.json ? `${JSON.stringify(info, null, 2)}\n` : infoText(info));
	return 0;
}
