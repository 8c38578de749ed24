// The built binary hides the global fetch while it starts (so Ink's layout engine decodes its
// WebAssembly without loading Node's undici) and gives it back: once Ink is loaded (restoreFetch),
// or by the banner's own timer for commands that never load Ink.
import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import {hiddenFetchKey, restoreFetch} from '../../source/commands/hidden-fetch.js';
import {bundleNode} from '../helpers/bundle-node.js';

const store = globalThis as unknown as Record<symbol, PropertyDescriptor | undefined>;
const original = Object.getOwnPropertyDescriptor(globalThis, 'fetch')!;
afterEach(() => {
	delete store[hiddenFetchKey];
	Object.defineProperty(globalThis, 'fetch', original);
});

describe('restoreFetch', () => {
	it('puts back the descriptor the banner kept, once', () => {
		store[hiddenFetchKey] = original;
		Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
		restoreFetch();
		expect(typeof globalThis.fetch).toBe('function');
		expect(hiddenFetchKey in globalThis).toBe(false);
	});

	it('does nothing when nothing was hidden (run from source)', () => {
		restoreFetch();
		expect(Object.getOwnPropertyDescriptor(globalThis, 'fetch')).toEqual(original);
	});
});

describe('the bundle\'s banner', () => {
	it('hides fetch at once and gives it back by its timer', () => {
		// The banner is the bundle's first line: createRequire, then the hiding block.
		const banner = readFileSync(new URL('../../dist/ecs-top.js', import.meta.url), 'utf8').split('\n', 1)[0]!;
		const hiding = banner.slice(banner.indexOf('{const k=Symbol.for'));
		expect(hiding).toContain(`Symbol.for('${hiddenFetchKey.description}')`);
		const script = `${hiding}\nconst before = typeof fetch; setTimeout(() => process.stdout.write(before + ' ' + typeof fetch), 2100);`;
		const result = spawnSync(bundleNode, ['-e', script], {encoding: 'utf8', timeout: 20_000});
		expect(result.stdout).toBe('undefined function');
	});
});
