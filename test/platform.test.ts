// The platform: the suite runs on a supported Node (npm scripts put the project's own Node, the
// `node` devDependency, first on PATH; without this check a run could fall back to the machine's
// Node 20 unnoticed), and the built command refuses an unsupported Node in one line before it
// loads anything.
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');
const major = (version: string) => Number(version.replace(/^v/, '').split('.')[0]);

/** An installed Node older than 22.12, to run the guard with: the machine's own, if it is one. */
function oldNode(): string | undefined {
	for (const candidate of [process.env.ECS_TOP_OLD_NODE, '/usr/bin/node', '/usr/local/bin/node']) {
		if (!candidate || !existsSync(candidate)) continue;
		const version = spawnSync(candidate, ['--version'], {encoding: 'utf8'}).stdout.trim();
		const [maj = 0, min = 0] = version.replace(/^v/, '').split('.').map(Number);
		if (maj > 0 && (maj < 22 || (maj === 22 && min < 12))) return candidate;
	}
	return undefined;
}

describe('platform', () => {
	it('runs the tests on Node 22 or later', () => {
		expect(major(process.versions.node)).toBeGreaterThanOrEqual(22);
	});

	it('declares the supported Node range where npm and version managers read it', () => {
		const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {engines: {node: string}; devDependencies: Record<string, string>};
		expect(pkg.engines.node).toBe('>=22.12');
		expect(major(pkg.devDependencies.node!.replace(/^\D+/, ''))).toBe(24);
		for (const file of ['.nvmrc', '.node-version']) expect(major(readFileSync(path.join(root, file), 'utf8').trim())).toBe(24);
	});

	const old = oldNode();
	it.skipIf(!old)(`the built command on an unsupported Node prints one line and exits 1 (${old ?? 'no Node older than 22.12 on this machine'})`, () => {
		const result = spawnSync(old!, [cli, '--version'], {encoding: 'utf8'});
		const version = spawnSync(old!, ['-p', 'process.versions.node'], {encoding: 'utf8'}).stdout.trim();
		expect(result.stderr).toBe(`ecs-top needs Node 22.12 or later; this is ${version}\n`);
		expect(result.stdout).toBe('');
		expect(result.status).toBe(1);
	});

	it('the built command runs on this Node', () => {
		const result = spawnSync(process.env.ECS_TOP_TEST_NODE || process.execPath, [cli, '--version'], {encoding: 'utf8'});
		expect(result.status).toBe(0);
		expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
	});
});
