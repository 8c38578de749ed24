// User patterns (the `/re/` filter, `events --grep`) go through RE2: linear time whatever the
// pattern, and what RE2 cannot do in linear time is refused in words.
import {describe, expect, it} from 'vitest';
import {compilePattern, PatternError} from '../../source/pattern.js';
import {parseFilter, passes} from '../../source/views/filter.js';
import {eventsFlags} from '../../source/commands/events.js';
import {UsageError} from '../../source/cli-args.js';

describe('user patterns', () => {
	it('matches catastrophic-backtracking patterns in linear time', () => {
		// V8's RegExp needs about 2^40 steps here: the test would never finish with it.
		const text = `${'x'.repeat(40)}!`;
		expect(compilePattern('(x+)+y').test(text)).toBe(false);
		expect(compilePattern('(x+)+!').test(text)).toBe(true);
		expect(compilePattern('(a|aa)+$').test(`${'a'.repeat(5000)}b`)).toBe(false);
	});

	it('is case-sensitive unless asked, and finds a match anywhere in the text', () => {
		expect(compilePattern('Web').test('the web service')).toBe(false);
		expect(compilePattern('Web', {ignoreCase: true}).test('the web service')).toBe(true);
		expect(compilePattern('^a-\\d$').test('a-7')).toBe(true);
		expect(compilePattern('^a-\\d$').test('xa-7')).toBe(false);
	});

	it('refuses back-references and look-around with a message that says why', () => {
		const refusal = (source: string) => {
			try {
				compilePattern(source);
			} catch (error) {
				expect(error).toBeInstanceOf(PatternError);
				return (error as Error).message;
			}
			throw new Error(`${source} compiled`);
		};
		expect(refusal('(a)\\1')).toMatch(/^back-references .* not supported: patterns use RE2 syntax/);
		expect(refusal('(?<n>a)\\k<n>')).toMatch(/^back-references/);
		for (const source of ['a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b']) expect(refusal(source)).toMatch(/^look-ahead and look-behind .* not supported/);
		expect(refusal('(')).toBe('missing closing ): `(`');
		expect(refusal('x**')).not.toContain('\n');
	});
});

describe('the / filter and --grep use it', () => {
	it('filters with RE2 and reports a refused pattern without filtering', () => {
		const filter = parseFilter('/(x+)+y/')!;
		expect(passes(filter, `${'x'.repeat(40)}`)).toBe(false);
		expect(passes(filter, 'xxy')).toBe(true);
		const refused = parseFilter('/(a)\\1/')!;
		expect(refused.error).toMatch(/^back-references/);
		expect(passes(refused, 'anything')).toBe(true);
	});

	it('--grep compiles with RE2 and refuses back-references as a usage error', () => {
		const flags = eventsFlags({grep: '(x+)+y'}, Date.now());
		expect(flags.grep!.test(`${'x'.repeat(40)}`)).toBe(false);
		expect(() => eventsFlags({grep: '(a)\\1'}, Date.now())).toThrow(UsageError);
		expect(() => eventsFlags({grep: '(a)\\1'}, Date.now())).toThrow(/^--grep: .*back-references/);
	});
});
