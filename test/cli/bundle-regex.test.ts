// The bundle keeps regular expressions as literals (scripts/build.mjs `supported`): written as
// `new RegExp("…")`, V8 parses each one whole as its module loads, and string-width's emoji pattern
// alone cost 23 ms of every start that way. The bundle is the one global-setup built.
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';

const bundle = readFileSync(new URL('../../dist/ecs-top.js', import.meta.url), 'utf8');

describe('the bundle', () => {
	it("keeps string-width's Unicode patterns as literals", () => {
		// (Not toContain: a failure would print the whole bundle.)
		expect(bundle.includes(String.raw`/^\p{RGI_Emoji}$/v`), 'the literal is in the bundle').toBe(true);
		expect(bundle.includes(String.raw`new RegExp("^\\p{RGI_Emoji}$"`), 'a RegExp call in its place').toBe(false);
	});

	it('rewrites no constant pattern with a Unicode property escape as a RegExp call', () => {
		const rewritten = bundle.match(/new RegExp\("[^"]*\\\\p\{[^"]*",\s*"[a-z]*"\)/g) ?? [];
		expect(rewritten).toEqual([]);
	});
});
