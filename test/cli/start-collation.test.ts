// ICU's collation is set up (about 8 ms, the process's first collator or localeCompare) only when
// something is sorted: not by meow as it loads (its bundled normalize-package-data sorted the SPDX
// licence names; scripts/build.mjs defers that package to its first call), and not by the table's
// collation module as it loads (views/collation.ts makes its collator on the first sort).
import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {bundleNode} from '../helpers/bundle-node.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

// Loaded before the bundle: counts every collator made and every localeCompare call, and says so on exit.
const counter = `let n = 0;
const Collator = Intl.Collator;
Intl.Collator = new Proxy(Collator, {construct: (t, a) => (n++, Reflect.construct(t, a)), apply: (t, self, a) => (n++, Reflect.apply(t, self, a))});
const localeCompare = String.prototype.localeCompare;
String.prototype.localeCompare = function (...a) { n++; return localeCompare.apply(this, a); };
process.on('exit', () => process.stderr.write('collations ' + n + '\\n'));`;

describe('collation at start-up', () => {
	it('the built binary sets none up for --version (meow loaded, its package data never normalized)', () => {
		// dist/cli.js is built once by test/global-setup.ts.
		const result = spawnSync(bundleNode, ['--import', `data:text/javascript,${encodeURIComponent(counter)}`, cli, '--version'], {cwd: root, encoding: 'utf8', timeout: 20_000});
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/^\d+\.\d+\.\d+/);
		expect(result.stderr).toContain('collations 0\n');
	});

	it('the same counter sees a collation when there is one (the check can fail)', () => {
		const result = spawnSync(bundleNode, ['--import', `data:text/javascript,${encodeURIComponent(counter)}`, '-e', "'a'.localeCompare('b'); new Intl.Collator('en')"], {encoding: 'utf8', timeout: 20_000});
		expect(result.stderr).toContain('collations 2\n');
	});
});

describe('views/collation.ts', () => {
	const Collator = Intl.Collator;
	afterEach(() => {
		Intl.Collator = Collator;
		vi.resetModules();
	});

	it('makes its collator on the first text asked about, not as it loads, and only once', async () => {
		let made = 0;
		Intl.Collator = new Proxy(Collator, {construct: (target, args) => (made++, Reflect.construct(target, args))});
		vi.resetModules();
		const collation = await import('../../source/views/collation.js');
		expect(made).toBe(0);
		expect(collation.collatable('svc-10')).toBe(true);
		expect(made).toBe(1);
		expect(Math.sign(collation.compareCollated('svc-9', 'svc-10'))).toBe(-1);
		expect(collation.collator().compare('a', 'B')).toBe(-1);
		expect(made).toBe(1);
	});
});
