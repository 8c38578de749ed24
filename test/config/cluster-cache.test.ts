// The cluster names --cluster completes from: written whole, offered for ten minutes, then not;
// a cache that cannot be written costs nothing but completion.
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {clusterCachePath, readClusterCache, writeClusterCache} from '../../source/commands/cluster-cache.js';

let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-cache-'));
	env = {XDG_CACHE_HOME: path.join(dir, 'cache')};
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

describe('cluster cache', () => {
	it('writes the names sorted, once each, private to the user, and reads them back while fresh', () => {
		writeClusterCache(['staging', 'production', 'staging', ''], env);
		const file = clusterCachePath(env);
		expect(file).toBe(path.join(dir, 'cache', 'ecs-top', 'clusters'));
		expect(readFileSync(file, 'utf8')).toBe('production\nstaging\n');
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const written = statSync(file).mtimeMs;
		expect(readClusterCache(env, written + 9 * 60_000)).toEqual(['production', 'staging']);
		expect(readClusterCache(env, written + 11 * 60_000)).toEqual([]);
	});

	it('no cache, or one that cannot be written: no names, no error', () => {
		expect(readClusterCache(env)).toEqual([]);
		writeFileSync(path.join(dir, 'file'), '');
		expect(() => writeClusterCache(['a'], {XDG_CACHE_HOME: path.join(dir, 'file')})).not.toThrow();
	});

	it('offers only names a shell word can hold (a name is never a command)', () => {
		const file = clusterCachePath(env);
		writeClusterCache(['ok'], env);
		writeFileSync(file, 'ok\n$(touch x)\nfine-2\n');
		expect(readClusterCache(env)).toEqual(['ok', 'fine-2']);
	});
});
