// Ages and durations all come from source/format.ts: the table's two-unit age, the one-unit age of
// running text, a configured interval and the seconds of a status message.
import {describe, expect, it} from 'vitest';
import {formatAge, formatInterval, formatSeconds} from '../../source/format.js';

describe('ages and durations', () => {
	it('a one-unit age keeps the largest unit, rounded down', () => {
		const ages = [0, 42_000, 59_999, 60_000, 5 * 60_000 + 59_000, 3_720_000, 3 * 3_600_000 + 59 * 60_000, 86_400_000, 12 * 86_400_000 + 23 * 3_600_000];
		expect(ages.map(ms => formatAge(ms, 0, {units: 1}))).toEqual(['0s', '42s', '59s', '1m', '5m', '1h', '3h', '1d', '12d']);
		expect(ages.map(ms => formatAge(ms, 0))).toEqual(['0s', '42s', '59s', '1m', '5m', '1h2m', '3h59m', '1d', '12d23h']);
	});

	it('a negative age (a clock ahead of ours) reads 0s', () => {
		expect(formatAge(-5000, 0, {units: 1})).toBe('0s');
	});

	it('an interval is exact: fractions of a second kept, minutes only when whole', () => {
		expect([2000, 1500, 90_000, 120_000, 30_000].map(formatInterval)).toEqual(['2s', '1.5s', '90s', '2m', '30s']);
	});

	it('seconds in a message round as the message needs', () => {
		expect([15_000, 500, 1250].map(ms => formatSeconds(ms))).toEqual(['15 s', '0.5 s', '1.3 s']);
		expect(formatSeconds(5999, 'down')).toBe('5 s');
		expect(formatSeconds(200, 'up')).toBe('1 s');
		expect(formatSeconds(-3000, 'down')).toBe('0 s');
	});
});
