// A minute's datapoint as CloudWatch keeps it: a statistic set (sample count, sum, minimum,
// maximum), so that a period of several minutes combines them exactly and every statistic the
// simulator serves comes from the combined set.

export const MINUTE = 60_000;

export interface StatSet {
	count: number;
	sum: number;
	min: number;
	max: number;
}

export const STATISTICS = ['Average', 'Minimum', 'Maximum', 'Sum', 'SampleCount'] as const;
export type Statistic = (typeof STATISTICS)[number];

export const single = (value: number): StatSet => ({count: 1, sum: value, min: value, max: value});

/** Adds b into a (a is changed). */
export function merge(a: StatSet, b: StatSet): StatSet {
	a.count += b.count;
	a.sum += b.sum;
	if (b.min < a.min) a.min = b.min;
	if (b.max > a.max) a.max = b.max;
	return a;
}

export function statistic(set: StatSet, stat: Statistic): number {
	switch (stat) {
		case 'Average':
			return set.sum / set.count;
		case 'Minimum':
			return set.min;
		case 'Maximum':
			return set.max;
		case 'Sum':
			return set.sum;
		case 'SampleCount':
			return set.count;
	}
}
