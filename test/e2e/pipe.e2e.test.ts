// The built binary without a terminal (a pipe, a cron job): one screen of plain text, exit 0.
import {spawn} from 'node:child_process';
import path from 'node:path';
import {expect, it} from 'vitest';
import {bundleNode} from '../helpers/bundle-node.js';

const root = path.resolve(import.meta.dirname, '..', '..');

it('prints the first screen and exits 0 when stdin and stdout are pipes', async () => {
	const child = spawn(bundleNode, [path.join(root, 'dist', 'cli.js'), '--demo', '--cluster', 'production'], {
		stdio: ['pipe', 'pipe', 'pipe'],
		env: {...process.env, CI: '', COLUMNS: '90'},
	});
	child.stdin.end();
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
	child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
	const code = await new Promise(resolve => child.on('close', resolve));
	expect(stderr).toBe('');
	expect(code).toBe(0);
	const lines = stdout.trimEnd().split('\n');
	expect(lines[1]).toMatch(/^SERVICES {2}clusters › production/);
	expect(stdout).toMatch(/^>\s+web +ACTIVE/m);
	expect(stdout).not.toMatch(/\u001B/);
	for (const line of lines) expect(line.length).toBeLessThanOrEqual(90);
});
