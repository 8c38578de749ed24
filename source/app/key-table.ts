// Which handler each key has in each pane, worked out once when the app starts: a feature's key
// where the feature binds it, the app's own key elsewhere. Two features binding one key in one
// pane, or a key bound where the keymap does not show it, is a programming error found at start-up
// (and by test/tui/key-table.test.ts), not a fall-through chain decided per key press.
import {appliesTo, keymap, type Binding, type Pane} from '../keymap.js';
import type {Extension, KeyAction, PaneDef} from '../views/types.js';

export type KeyTable = ReadonlyMap<string, {action: KeyAction; owner: string}>;

export const slot = (pane: Pane, id: string) => `${pane} ${id}`;

function actsIn(action: KeyAction, binding: Binding, pane: Pane, def: PaneDef | undefined): boolean {
	if (!appliesTo(binding, pane)) return false;
	if (action.panes && !action.panes.includes(pane)) return false;
	return !action.where || (def !== undefined && action.where(def));
}

export function buildKeyTable(panes: Readonly<Partial<Record<Pane, PaneDef>>>, extensions: readonly Extension[], core: readonly KeyAction[], map: readonly Binding[] = keymap): KeyTable {
	const table = new Map<string, {action: KeyAction; owner: string}>();
	const bindingOf = (action: KeyAction, owner: string) => {
		const binding = map.find(b => b.id === action.id);
		if (!binding) throw new Error(`${owner} binds "${action.id}", which the keymap does not have`);
		return binding;
	};
	const names = Object.keys(panes) as Pane[];
	for (const extension of extensions) {
		for (const action of extension.keys ?? []) {
			const binding = bindingOf(action, extension.id);
			for (const pane of action.panes ?? names) {
				if (action.panes && !appliesTo(binding, pane)) throw new Error(`${extension.id} binds "${action.id}" on ${pane}, where the keymap does not show it`);
				if (!actsIn(action, binding, pane, panes[pane])) continue;
				const taken = table.get(slot(pane, action.id));
				if (taken) throw new Error(`"${action.id}" on ${pane} is bound by ${taken.owner} and ${extension.id}`);
				table.set(slot(pane, action.id), {action, owner: extension.id});
			}
		}
	}
	for (const action of core) {
		const binding = bindingOf(action, 'app');
		for (const pane of names) {
			if (actsIn(action, binding, pane, panes[pane]) && !table.has(slot(pane, action.id))) table.set(slot(pane, action.id), {action, owner: 'app'});
		}
	}
	return table;
}
