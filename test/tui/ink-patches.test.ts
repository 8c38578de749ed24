// The bundle patches Ink's Output (scripts/ink-patches.mjs) to rebuild only the lines whose writes
// changed. Patched and published Output must give the same frame for the same writes, clips and
// transforms, frame after frame (cache hits included).
import {existsSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

type Transformer = (line: string, index: number) => string;
interface OutputLike {
	write(x: number, y: number, text: string, options: {transformers: Transformer[]}): void;
	clip(clip: {x1?: number; x2?: number; y1?: number; y2?: number}): void;
	unclip(): void;
	get(): {output: string; height: number};
}
type OutputClass = new (options: {width: number; height: number}) => OutputLike;

const root = path.resolve(import.meta.dirname, '../..');
const build = path.join(root, 'node_modules', 'ink', 'build');
const patchedFile = path.join(build, `.output-patched-${process.pid}.js`);
let Original: OutputClass;
let Patched: OutputClass;

beforeAll(async () => {
	const {patchInk} = (await import(pathToFileURL(path.join(root, 'scripts', 'ink-patches.mjs')).href)) as {patchInk(file: string, source: string): string | undefined};
	const source = patchInk('output.js', readFileSync(path.join(build, 'output.js'), 'utf8'));
	expect(source, 'the patches no longer apply to this Ink').toBeDefined();
	writeFileSync(patchedFile, source!);
	Original = ((await import(pathToFileURL(path.join(build, 'output.js')).href)) as {default: OutputClass}).default;
	Patched = ((await import(pathToFileURL(patchedFile).href)) as {default: OutputClass}).default;
});
afterAll(() => {
	if (existsSync(patchedFile)) rmSync(patchedFile);
});

type Op = ['write', number, number, string, Transformer[]] | ['clip', {x1?: number; x2?: number; y1?: number; y2?: number}] | ['unclip'];

function frame(Output: OutputClass, width: number, height: number, ops: readonly Op[]): string {
	const output = new Output({width, height});
	for (const op of ops) {
		if (op[0] === 'write') output.write(op[1], op[2], op[3], {transformers: op[4]});
		else if (op[0] === 'clip') output.clip(op[1]);
		else output.unclip();
	}
	return output.get().output;
}

const red = (s: string) => `\u001B[31m${s}\u001B[39m`;
const bold = (s: string) => `\u001B[1m${s}\u001B[22m`;
const numbered: Transformer = (line, i) => `${i}:${line}`;

// A deterministic generator so a failure names its seed.
function random(seed: number) {
	let s = seed;
	return () => {
		s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
		return s / 2 ** 31;
	};
}

const words = ['svc-00001', red('UNHEALTHY'), bold('RUNNING'), '日本語', 'é', ' ', 'a long line that runs past the edge of the frame', 'two\nlines', 'x'];

function randomOps(rand: () => number, width: number, height: number): Op[] {
	const ops: Op[] = [];
	const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
	let clips = 0;
	for (let i = 0; i < 25; i++) {
		const r = rand();
		if (r < 0.1) {
			ops.push(['clip', {x1: Math.floor(rand() * width), x2: Math.floor(rand() * width) + 3, y1: Math.floor(rand() * height) - 1, y2: Math.floor(rand() * height) + 1}]);
			clips++;
		} else if (r < 0.15 && clips > 0) {
			ops.push(['unclip']);
			clips--;
		} else {
			const text = Array.from({length: 1 + Math.floor(rand() * 3)}, () => pick(words)).join(' ');
			ops.push(['write', Math.floor(rand() * width) - 2, Math.floor(rand() * (height + 2)) - 1, text, rand() < 0.2 ? [numbered] : []]);
		}
	}
	return ops;
}

describe('the bundle’s patched Ink Output', () => {
	it('draws what Ink draws: overlaps, colours, wide characters, clips, transforms, rows out of range', () => {
		const ops: Op[] = [
			['write', 0, 0, 'hello world', []],
			['write', 3, 0, red('red'), []],
			['write', 0, 1, '日本語 wide', []],
			['write', 25, 2, 'overflowing past the width', []],
			['clip', {x1: 2, x2: 10, y1: 1, y2: 4}],
			['write', 0, 3, 'clipped text here\nsecond line\nthird\nfourth', [numbered]],
			['unclip'],
			['write', 0, -1, 'above\ntop', []],
			['write', 0, 5, 'last\nbeyond', []],
		];
		const expected = frame(Original, 30, 6, ops);
		expect(frame(Patched, 30, 6, ops)).toBe(expected);
		expect(frame(Patched, 30, 6, ops)).toBe(expected);
		// The same text moved along a line, or over another: a new line, not the cached one.
		const moved: Op[] = [['write', 5, 0, 'hello world', []], ['write', 3, 0, red('red'), []]];
		expect(frame(Patched, 30, 6, moved)).toBe(frame(Original, 30, 6, moved));
		const swapped: Op[] = [['write', 3, 0, red('red'), []], ['write', 0, 0, 'hello world', []]];
		expect(frame(Patched, 30, 6, swapped)).toBe(frame(Original, 30, 6, swapped));
		expect(frame(Patched, 31, 6, ops)).toBe(frame(Original, 31, 6, ops));
	});

	it('stays identical frame after frame as lines change (seeded random frames)', () => {
		for (let seed = 1; seed <= 40; seed++) {
			const rand = random(seed);
			const width = 20 + Math.floor(rand() * 40);
			const height = 3 + Math.floor(rand() * 8);
			const ops = randomOps(rand, width, height);
			for (let round = 0; round < 3; round++) {
				// The next frame changes one write: every other line comes from the cache.
				const changed = ops.map((op, i) => (op[0] === 'write' && i % 7 === round ? (['write', op[1], op[2], `${op[3]}${round}`, op[4]] as Op) : op));
				expect(frame(Patched, width, height, changed), `seed ${seed}, round ${round}`).toBe(frame(Original, width, height, changed));
			}
		}
	});
});
