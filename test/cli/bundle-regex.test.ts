// The bundle keeps regular expressions with Unicode property escapes (\p{…}, the `v` flag) as
// literals (scripts/build.mjs, `supported`): esbuild otherwise writes each as `new RegExp(text)`,
// which inside a function parses the pattern again on every call. Ink's output ran one such call
// per cell of every line of every frame (4,800 at 120x40). The bundle is the one global-setup built.
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';

describe('the bundle', () => {
	const source = readFileSync(new URL('../../dist/ecs-top.js', import.meta.url), 'utf8');

	it('writes no Unicode property pattern as new RegExp', () => {
		const lowered = source.match(/new RegExp\("[^"]*\\\\p\{[^"]*"/g) ?? [];
		expect(lowered).toEqual([]);
	});

	it("has Ink's per-cell pattern as a literal", () => {
		// (A boolean, so a failure does not print the 3 MB bundle.)
		expect(source.includes('/^\\p{Default_Ignorable_Code_Point}+$/u.test('), 'the pattern as a literal').toBe(true);
	});
});
