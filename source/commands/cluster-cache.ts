// The cluster names `--cluster` completes from: written whenever ecs-top lists clusters, read by the
// completion scripts at Tab, which must never call AWS (a Tab that waits on the network, or spends
// the account's ECS budget, is worse than no completion). Names older than ten minutes are not offered.
import {mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {cacheDir} from '../paths.js';

export const clusterCacheMaxAgeMs = 10 * 60 * 1000;

export function clusterCachePath(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(cacheDir(env), 'clusters');
}

/** Best effort: a cache that cannot be written costs only completion. */
export function writeClusterCache(names: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
	try {
		const file = clusterCachePath(env);
		mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
		writeFileSync(file, [...new Set(names.filter(Boolean))].sort().map(name => `${name}\n`).join(''), {mode: 0o600});
	} catch {
		// Read-only home, full disk: completion goes without.
	}
}

export function readClusterCache(env: NodeJS.ProcessEnv = process.env, now = Date.now()): string[] {
	try {
		const file = clusterCachePath(env);
		if (now - statSync(file).mtimeMs > clusterCacheMaxAgeMs) return [];
		return readFileSync(file, 'utf8').split('\n').filter(line => /^[\w-]+$/.test(line));
	} catch {
		return [];
	}
}
