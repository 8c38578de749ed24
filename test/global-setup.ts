// Builds dist/cli.js once before any test file runs: the end-to-end tests spawn the built binary,
// and rebuilding it from several files at once would let one test run a half-written bundle.
//
// It also gives the run a private temp directory (TMPDIR, inherited by every test worker and every
// process a test starts) and, at the end, fails the run if anything is left in it: every test
// cleans up what it makes. The directory is removed either way.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
	const root = path.resolve(import.meta.dirname, '..');
	execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], {cwd: root, stdio: 'inherit'});
	const previous = process.env.TMPDIR;
	const temp = mkdtempSync(path.join(tmpdir(), 'ecs-top-run-'));
	process.env.TMPDIR = temp;
	return () => {
		// tsx keeps its compile cache in TMPDIR (tsx-<uid>) for the processes tests start, and Node keeps
		// the built binary's (node-compile-cache, dist/cli.js turns it on): tools' caches, not a test's
		// leftovers; they go with the directory.
		const left = readdirSync(temp).filter(name => !/^tsx-\d+$/.test(name) && name !== 'node-compile-cache');
		rmSync(temp, {recursive: true, force: true});
		if (previous === undefined) delete process.env.TMPDIR;
		else process.env.TMPDIR = previous;
		if (left.length === 0) return;
		// vitest reports an error thrown here but still exits 0: set the code as well.
		process.exitCode = 1;
		throw new Error(`tests left ${left.length} temp entr${left.length === 1 ? 'y' : 'ies'} behind: ${left.sort().join(', ')}`);
	};
}
