// A `/regex/` filter first rules rows out by the literal text every match must contain
// (requiredLiterals), then runs RE2. Over random patterns and texts the answer must be RE2's alone.
import {describe, expect, it} from 'vitest';
import {requiredLiterals} from '../../source/pattern.js';
import {parseFilter, passes} from '../../source/views/filter.js';
// The simulator's seeded generator (mulberry32), so a failure replays.
import {seededRandom as random} from '../../source/sim/faults.js';

describe('required literals', () => {
	it('keeps only text every match contains', () => {
		expect(requiredLiterals('svc.01')).toEqual(['svc', '01']);
		expect(requiredLiterals('^Web-[0-9]+$')).toEqual(['web-']);
		expect(requiredLiterals('abc*d')).toEqual(['ab']);
		expect(requiredLiterals('ab?cd')).toEqual(['cd']);
		expect(requiredLiterals('xy(ab|cd)zw')).toEqual(['xy', 'zw']);
		expect(requiredLiterals('xy{2}zz')).toEqual(['zz']);
		expect(requiredLiterals('a\\.bc')).toEqual(['bc']);
		expect(requiredLiterals('[]ab]cd')).toEqual(['cd']);
		expect(requiredLiterals('ab|cd')).toEqual([]);
		expect(requiredLiterals('(?i)abc')).toEqual([]);
		expect(requiredLiterals('\\Qa.b\\E')).toEqual([]);
	});

	it('never changes what a /regex/ filter keeps', () => {
		const atoms = ['a', 'b', 'S', 'k', 'x', 'i', 'I', '1', '0', '-', '.', '\\.', '\\d', '[ab]', '[^a]', '(ab|b)', '(?:ba)', '^', '$', ' '];
		const quantifiers = ['', '', '', '*', '+', '?', '{2}', '{1,2}', '*?'];
		const textChars = ['a', 'b', 's', 'k', 'x', 'i', '1', '0', '-', '.', ' ', 'ſ', 'K', 'é', 'İ', 'ı', 'Å', 'S', 'K'];
		const next = random(3);
		const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
		for (let i = 0; i < 3000; i++) {
			const pattern = Array.from({length: 1 + Math.floor(next() * 6)}, () => pick(atoms) + pick(quantifiers)).join('') + (next() < 0.1 ? `|${pick(atoms)}` : '');
			const filter = parseFilter(`/${pattern}/`)!;
			if (filter.error) continue;
			for (let j = 0; j < 20; j++) {
				const text = Array.from({length: Math.floor(next() * 12)}, () => pick(textChars)).join('').toLowerCase();
				expect(passes(filter, text), `/${pattern}/ on ${JSON.stringify(text)}`).toBe(filter.regex!.test(text));
			}
		}
	});
});
