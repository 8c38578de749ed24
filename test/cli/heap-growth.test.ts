// boundHeapGrowth() is process-wide V8 tuning, so each case runs in its own Node process: the same
// allocation pattern as a log stream (a third of the objects kept in a bounded buffer), once as
// V8 sizes it by default and once bounded. V8 still grows a bounded new space by its other
// rules, so the case compares: bounded, it stays under a third of what it reaches unbounded.
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const script = (bound: boolean) => `
import v8 from 'node:v8';
import {boundHeapGrowth} from './source/commands/heap-growth.ts';
${bound ? 'boundHeapGrowth();' : ''}
const newSpace = () => v8.getHeapSpaceStatistics().find(s => s.space_name === 'new_space').space_size;
const start = newSpace();
const kept = [];
let most = 0;
for (let i = 0; i < 3_000_000; i++) {
	const line = {message: 'GET /health 200 ' + i, at: [i, i + 1]};
	if (i % 3 === 0) kept.push(line);
	if (kept.length > 100_000) kept.splice(0, 50_000);
	if (i % 1000 === 0) most = Math.max(most, newSpace());
	if (i % 20_000 === 0) await new Promise(resolve => setImmediate(resolve));
}
process.stdout.write(JSON.stringify({start, most}));
`;

interface Sizes {
	start: number;
	most: number;
}

function newSpace(bound: boolean): Sizes {
	return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(bound)], {cwd: root, encoding: 'utf8'})) as Sizes;
}

describe('boundHeapGrowth', () => {
	it('keeps the new space small where V8 alone grows it to its maximum', {timeout: 60_000}, () => {
		const free = newSpace(false);
		const bound = newSpace(true);
		expect(free.most).toBeGreaterThanOrEqual(8 * free.start);
		expect(bound.most).toBeLessThan(free.most / 3);
	});
});
