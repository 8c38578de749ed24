// Keys bound where they act: in the app as it ships, every key the keymap shows in a pane has
// exactly one handler there, and every handler acts only where its key is shown. A feature that
// binds a key another already binds in a pane, or one the keymap does not show there, stops the
// app at start-up, never a fall-through at key-press time.
import {describe, expect, it} from 'vitest';
import {defaultExtensions} from '../../source/app/extensions.js';
import {coreKeys} from '../../source/app/handlers.js';
import {buildKeyTable, slot} from '../../source/app/key-table.js';
import {bindingsFor, panes, type Pane} from '../../source/keymap.js';
import {tablePanes} from '../../source/resources/index.js';
import type {Extension, PaneDef} from '../../source/views/types.js';

function appPanes(extensions: readonly Extension[]): Partial<Record<Pane, PaneDef>> {
	const all: Partial<Record<Pane, PaneDef>> = {...tablePanes};
	for (const e of extensions) for (const def of e.panes ?? []) all[def.pane] = def;
	return all;
}

describe('key table', () => {
	const extensions = defaultExtensions();
	const table = buildKeyTable(appPanes(extensions), extensions, coreKeys(extensions));

	it('every pane of the app is defined', () => {
		expect(Object.keys(appPanes(extensions)).sort()).toEqual([...panes].sort());
	});

	it('every key shown in a pane has exactly one handler there', () => {
		const missing: string[] = [];
		for (const pane of panes) {
			for (const binding of bindingsFor(pane, {readOnly: false})) if (!table.has(slot(pane, binding.id))) missing.push(slot(pane, binding.id));
		}
		expect(missing).toEqual([]);
	});

	it('every handler acts on a key shown in its pane', () => {
		for (const key of table.keys()) {
			const [pane, id] = key.split(' ') as [Pane, string];
			expect(bindingsFor(pane, {readOnly: false}).map(b => b.id), key).toContain(id);
		}
	});

	it('handlers per binding: the counts README and the issue note quote', () => {
		const owners = new Map<string, Set<string>>();
		for (const [key, {owner}] of table) owners.set(key.split(' ')[1]!, (owners.get(key.split(' ')[1]!) ?? new Set()).add(owner));
		// Movement has the app's handler on tables and its own on each pane that scrolls lines.
		expect([...owners.get('down')!].sort()).toEqual(['app', 'describe', 'events', 'logs', 'taskdefs']);
		// Everything a feature owns alone.
		for (const id of ['stop-task', 'scale', 'drain', 'filter', 'compare', 'task-definition', 'command']) expect(owners.get(id)?.size, id).toBe(1);
	});

	it('refuses two features binding one key in one pane, and a key bound where it is not shown', () => {
		const panesNow = appPanes(extensions);
		const twice: Extension[] = [
			{id: 'a', keys: [{id: 'describe', panes: ['services'], run: () => {}}]},
			{id: 'b', keys: [{id: 'describe', panes: ['services'], run: () => {}}]},
		];
		expect(() => buildKeyTable(panesNow, twice, [])).toThrow('"describe" on services is bound by a and b');
		const misplaced: Extension[] = [{id: 'c', keys: [{id: 'scale', panes: ['tasks'], run: () => {}}]}];
		expect(() => buildKeyTable(panesNow, misplaced, [])).toThrow('c binds "scale" on tasks, where the keymap does not show it');
		expect(() => buildKeyTable(panesNow, [{id: 'd', keys: [{id: 'teleport', run: () => {}}]}], [])).toThrow('does not have');
	});
});
