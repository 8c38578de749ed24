import {describe, expect, it} from 'vitest';
import {ChunkPipeline} from '../../source/store/poll/pipeline.js';

const ids = (n: number, from = 0) => Array.from({length: n}, (_, i) => `arn-${from + i}`);

describe('chunk pipeline', () => {
	it('describes full chunks as pages arrive and never sends a half-empty call for a short page', async () => {
		const calls: number[] = [];
		let inFlight = 0;
		let most = 0;
		const pipeline = new ChunkPipeline(100, 2, async batch => {
			inFlight++;
			most = Math.max(most, inFlight);
			await new Promise(resolve => setImmediate(resolve));
			calls.push(batch.length);
			inFlight--;
		});
		pipeline.push(ids(95));
		expect(calls).toEqual([]);
		pipeline.push(ids(100, 95));
		pipeline.push(ids(100, 195));
		pipeline.push(ids(5, 295));
		await pipeline.drain();
		expect(calls).toEqual([100, 100, 100]);
		expect(most).toBe(2);
	});

	it('rejects drain() with the first failure', async () => {
		const pipeline = new ChunkPipeline(10, 4, async batch => {
			if (batch[0] === 'arn-10') throw new Error('boom');
		});
		pipeline.push(ids(35));
		await expect(pipeline.drain()).rejects.toThrow('boom');
	});
});
