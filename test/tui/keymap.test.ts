import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {keyEvents} from '../../source/components/keys.js';
import {appliesTo, bindingsFor, hintsFor, keymap, keysTableMarkdown, lookup, panes} from '../../source/keymap.js';
import {helpLines} from '../../source/views/help-overlay.js';
import {withKeysTable} from '../../scripts/keys-table.js';

const knownKeys = /^(?:[ -~]|up|down|left|right|pageup|pagedown|home|end|enter|escape|space|tab|backspace|ctrl\+[a-z])$/;

describe('keymap', () => {
	it('never gives one key two meanings in one pane', () => {
		for (const pane of panes) {
			const seen = new Map<string, string>();
			for (const b of bindingsFor(pane, {readOnly: false})) {
				for (const key of b.keys) {
					expect(seen.get(key), `${pane}: "${key}" is ${seen.get(key)} and ${b.id}`).toBeUndefined();
					seen.set(key, b.id);
				}
			}
		}
	});

	it('describes every entry, with unique ids and key names the input layer produces', () => {
		const ids = new Set<string>();
		for (const b of keymap) {
			expect(b.description.length, b.id).toBeGreaterThan(3);
			expect(b.keys.length, b.id).toBeGreaterThan(0);
			expect(ids.has(b.id), b.id).toBe(false);
			ids.add(b.id);
			for (const key of b.keys) expect(key, b.id).toMatch(knownKeys);
			if (b.panes !== 'all') for (const p of b.panes) expect(panes).toContain(p);
		}
	});

	it('contains the interface keys', () => {
		const all = new Set(keymap.flatMap(b => b.keys));
		for (const key of ['j', 'k', 'down', 'up', 'g', 'G', 'pagedown', 'pageup', 'enter', 'q', '?', 'r', 'd', 't', 'e', '/', ':', 'space', 'x', 's', 'R', 'D', 'A', 'escape']) {
			expect(all.has(key), key).toBe(true);
		}
		// s is scale on services and a shell on tasks and containers; F forwards a port, E enables exec.
		expect(keymap.filter(b => b.dangerous).map(b => b.keys[0]).sort()).toEqual(['A', 'B', 'D', 'E', 'F', 'R', 'U', 's', 's', 'x']);
		// Deployments: p opens them from a service, B rolls one back, U deploys a revision.
		expect(lookup('services', 'p', {readOnly: true})).toBe('deployments');
		expect([lookup('deployments', 'B', {readOnly: false}), lookup('deployments', 'U', {readOnly: false}), lookup('revisions', 'U', {readOnly: false})]).toEqual(['rollback', 'deploy-revision', 'deploy-revision']);
	});

	it('removes dangerous keys under --read-only from bindings, lookup, hints and help alike', () => {
		const dangerous = keymap.filter(b => b.dangerous);
		for (const pane of panes) {
			const ro = bindingsFor(pane, {readOnly: true});
			expect(ro.some(b => b.dangerous)).toBe(false);
			const hintKeys = hintsFor(pane, {readOnly: true}).map(([k]) => k);
			const help = helpLines(pane, true).map(([k]) => k);
			// Where it applies: the same letter may be a harmless key elsewhere (x stops a port forward in :pf).
			for (const b of dangerous.filter(b => appliesTo(b, pane))) {
				expect(lookup(pane, b.keys[0]!, {readOnly: true}), `${pane} ${b.id}`).toBeUndefined();
				expect(hintKeys).not.toContain(b.keys[0]);
				expect(help).not.toContain(b.keys[0]);
			}
		}
		expect(lookup('tasks', 'x', {readOnly: false})).toBe('stop-task');
		expect(lookup('services', 's', {readOnly: false})).toBe('scale');
		expect(hintsFor('instances', {readOnly: false}).map(([k]) => k)).toContain('D');
	});

	it('matches the key table in README', () => {
		const readme = readFileSync(path.join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
		expect(readme).toBe(withKeysTable(readme));
		expect(readme).toContain(keysTableMarkdown());
	});
});

describe('key events', () => {
	it('splits a chunk of characters into single presses', () => {
		expect(keyEvents('jj', {}).map(e => e.name)).toEqual(['j', 'j']);
		expect(keyEvents('s8\r', {}).map(e => e.name)).toEqual(['s', '8', 'enter']);
		expect(keyEvents('x y', {}).map(e => e.name)).toEqual(['x', 'space', 'y']);
	});

	it('names special keys', () => {
		expect(keyEvents('', {downArrow: true})).toEqual([{name: 'down', text: ''}]);
		expect(keyEvents('', {pageDown: true})).toEqual([{name: 'pagedown', text: ''}]);
		expect(keyEvents('\r', {return: true})).toEqual([{name: 'enter', text: ''}]);
		expect(keyEvents('', {escape: true, meta: true})).toEqual([{name: 'escape', text: ''}]);
		expect(keyEvents('', {delete: true})).toEqual([{name: 'backspace', text: ''}]);
		expect(keyEvents('d', {ctrl: true})).toEqual([{name: 'ctrl+d', text: ''}]);
		expect(keyEvents('G', {shift: true})).toEqual([{name: 'G', text: 'G'}]);
	});

	it('drops stray control characters from a chunk', () => {
		expect(keyEvents('a\u0000\u009Bb', {}).map(e => e.name)).toEqual(['a', 'b']);
	});
});
