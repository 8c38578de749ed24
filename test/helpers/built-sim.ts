// The built binary's simulator (`ecs-top sim --port 0 …`, dist/cli.js, built once by
// test/global-setup.ts) for tests that run the binary against it: started with `env`, which is then
// given the export lines it prints (its endpoints, region and keys).
import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import {expect, vi} from 'vitest';
import {bundleNode} from './bundle-node.js';

const root = path.resolve(import.meta.dirname, '..', '..');

export async function startBuiltSim(args: readonly string[], env: NodeJS.ProcessEnv): Promise<ChildProcess> {
	const sim = spawn(bundleNode, [path.join(root, 'dist', 'cli.js'), 'sim', '--port', '0', ...args], {cwd: root, env, stdio: ['ignore', 'pipe', 'pipe']});
	let banner = '';
	sim.stdout!.on('data', chunk => (banner += chunk));
	await vi.waitFor(() => expect(banner).toMatch(/export AWS_SECRET_ACCESS_KEY=/), {timeout: 10_000, interval: 20});
	for (const [, name, value] of banner.matchAll(/^export (\w+)=(.*?);?$/gm)) env[name!] = value!.replace(/^'|'$/g, '');
	return sim;
}
