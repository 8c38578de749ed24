// The dependency direction written in README's codebase guide, checked by scanning imports:
// domain ← aws ← store ← resources/views/components ← app ← cli. The simulator shares only domain types.
// exec/ (ECS Exec and port forwarding: readiness, sessions, the plugin runner) stands with the store:
// the commands and the TUI both use it.
import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const root = path.resolve(import.meta.dirname, '..', 'source');

function files(dir: string): string[] {
	return readdirSync(dir).flatMap(name => {
		const full = path.join(dir, name);
		return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) ? [full] : [];
	});
}

/** Rank of a source file: a file may import only files of the same or a lower rank. */
function rank(rel: string): number {
	if (rel.startsWith('sim/')) return -1; // checked separately
	if (['domain.ts', 'text.ts', 'grapheme-singles.ts', 'paths.ts', 'format.ts', 'pattern.ts', 'child-process.ts'].includes(rel)) return 0;
	if (rel.startsWith('aws/')) return 1;
	if (rel.startsWith('store/') || rel.startsWith('exec/')) return 2;
	if (rel.startsWith('views/') || rel.startsWith('components/') || rel.startsWith('resources/') || rel === 'keymap.ts') return 3;
	if (rel === 'app.tsx' || rel.startsWith('app/')) return 4;
	return 5; // cli.ts, cli-args.ts, commands/, events/, actions/ and other entry points
}

const layerName = ['domain', 'aws', 'store', 'resources/views/components', 'app', 'cli'];

function imports(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const found: string[] = [];
	for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
		found.push((m[1] ?? m[2])!);
	}
	return found;
}

const all = files(root).map(f => ({file: f, rel: path.relative(root, f).split(path.sep).join('/')}));

describe('architecture', () => {
	it('scans the source tree', () => {
		expect(all.length).toBeGreaterThan(5);
	});

	it('imports only point down the layers', () => {
		const problems: string[] = [];
		for (const {file, rel} of all) {
			const mine = rank(rel);
			for (const spec of imports(file)) {
				if (!spec.startsWith('.')) continue;
				const target = path.relative(root, path.resolve(path.dirname(file), spec)).split(path.sep).join('/').replace(/\.js$/, '.ts');
				const targetRel = all.find(f => f.rel === target || f.rel === target.replace(/\.ts$/, '.tsx'))?.rel ?? target;
				if (rel.startsWith('sim/')) {
					if (!targetRel.startsWith('sim/') && targetRel !== 'domain.ts') problems.push(`${rel} → ${targetRel}: the simulator shares only domain types`);
					continue;
				}
				if (targetRel.startsWith('sim/') && mine < 5) problems.push(`${rel} → ${targetRel}: only entry points start the simulator`);
				const theirs = rank(targetRel);
				if (theirs > mine) problems.push(`${rel} (${layerName[mine]}) → ${targetRel} (${layerName[theirs]})`);
			}
		}
		expect(problems).toEqual([]);
	});

	it('only aws/ imports the AWS SDK; only the UI imports ink and react', () => {
		const problems: string[] = [];
		for (const {file, rel} of all) {
			for (const spec of imports(file)) {
				if (spec.startsWith('@aws-sdk/') && !rel.startsWith('aws/')) problems.push(`${rel} imports ${spec}`);
				const ui = rank(rel) >= 3;
				if ((spec === 'ink' || spec === 'react' || spec.startsWith('ink-')) && !ui) problems.push(`${rel} imports ${spec}`);
			}
		}
		expect(problems).toEqual([]);
	});
});
