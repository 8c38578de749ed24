// The bundle is ASCII. esbuild escapes strings and identifiers (charset ascii), but not a regular
// expression literal: one `…` in one pattern made V8 hold the whole 3.4 MB source as a two-byte
// string, and `ecs-top --version` took about 10 ms longer. (Write `\u2026` in a pattern.) The bundle
// is the one global-setup built.
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';

describe('the bundle', () => {
	it('has no byte outside ASCII', () => {
		const bytes = readFileSync(new URL('../../dist/ecs-top.js', import.meta.url));
		const at = bytes.findIndex(byte => byte > 0x7f);
		const context = at < 0 ? '' : bytes.subarray(Math.max(0, at - 60), at + 20).toString('utf8');
		expect(context, 'the first non-ASCII byte, with what is around it').toBe('');
	});
});
