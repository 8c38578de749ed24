// Builds dist/cli.js once before any test file runs: the end-to-end tests spawn the built binary,
// and rebuilding it from several files at once would let one test run a half-written bundle.
import {execFileSync} from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
	const root = path.resolve(import.meta.dirname, '..');
	execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], {cwd: root, stdio: 'inherit'});
}
