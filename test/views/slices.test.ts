// Work ahead between keys (slices.ts): however many jobs there are, one slice runs a turn, so a key
// waits for one slice at most, not one of each job.
import {describe, expect, it} from 'vitest';
import {inSlices} from '../../source/views/slices.js';

describe('inSlices', () => {
	it('runs one slice a turn, the jobs taking turns, and resolves each when it says it is done', async () => {
		const log: string[] = [];
		// A turn of the event loop, marked: an immediate that queues itself again, as the slices do.
		let probing = true;
		const probe = () => {
			log.push('|');
			if (probing) setImmediate(probe);
		};
		setImmediate(probe);
		const job = (name: string, slices: number) => {
			let left = slices;
			return inSlices(() => {
				log.push(name);
				return --left === 0;
			});
		};
		const finished: string[] = [];
		await Promise.all([job('a', 3).then(() => finished.push('a')), job('b', 2).then(() => finished.push('b')), job('c', 1).then(() => finished.push('c'))]);
		probing = false;
		const slices = log.filter(entry => entry !== '|');
		expect(slices).toEqual(['a', 'b', 'c', 'a', 'b', 'a']);
		// Between two marks of a turn, never more than one slice.
		const turns = log.join('').split('|');
		expect(Math.max(...turns.map(t => t.length))).toBe(1);
		expect(finished).toEqual(['c', 'b', 'a']);
	});

	it('a slice that throws ends its job only: the others go on', async () => {
		const errors: unknown[] = [];
		const onError = (error: unknown) => errors.push(error);
		process.prependListener('uncaughtException', onError);
		try {
			let other = 0;
			void inSlices(() => {
				throw new Error('slice failed');
			});
			await inSlices(() => ++other === 3);
			expect(other).toBe(3);
			expect(errors).toHaveLength(1);
			expect((errors[0] as Error).message).toBe('slice failed');
		} finally {
			process.removeListener('uncaughtException', onError);
		}
	});
});
