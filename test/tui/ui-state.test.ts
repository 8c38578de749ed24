// The state bags UiState owns, per view and per overlay: typed keys, caches that never redraw,
// and a bag's life ending when its view leaves the stack or its overlay closes.
import {describe, expect, it} from 'vitest';
import {UiState} from '../../source/app/ui-state.js';
import type {ViewEntry} from '../../source/views/types.js';
import {viewKey} from '../../source/views/view-state.js';

const view = (id: string): ViewEntry => ({id, pane: 'clusters', crumb: id});
const topKey = viewKey<number>('test.top');
const seenKey = viewKey<string[]>('test.seen');

function ui(...ids: string[]) {
	const state = new UiState(ids.map(view), () => 0);
	let changes = 0;
	state.subscribe(() => changes++);
	return {state, changes: () => changes};
}

describe('UiState view and overlay state', () => {
	it('typed and string keys name the same slot; a write redraws and bumps the version', () => {
		const {state, changes} = ui('a');
		const bag = state.viewState('a');
		bag.set(topKey, 3);
		expect(bag.get(topKey)).toBe(3);
		expect(bag.get<number>('test.top')).toBe(3);
		expect(changes()).toBe(1);
		expect(state.viewStateVersion('a')).toBe(1);
	});

	it('a cache is made once, and filling it neither redraws nor bumps the version', () => {
		const {state, changes} = ui('a');
		const seen = state.viewState('a').cache(seenKey, () => []);
		seen.push('x');
		expect(state.viewState('a').cache(seenKey, () => ['other'])).toEqual(['x']);
		expect(changes()).toBe(0);
		expect(state.viewStateVersion('a')).toBe(0);
	});

	it('a view that leaves the stack (pop, replace, reset) loses its state and caches; the views left keep theirs', () => {
		const {state} = ui('a', 'b');
		for (const id of ['a', 'b']) {
			state.viewState(id).set(topKey, 1);
			state.viewState(id).cache(seenKey, () => ['kept']);
		}
		state.pop();
		expect(state.viewState('a').get(topKey)).toBe(1);
		expect(state.viewState('b').get(topKey)).toBeUndefined();
		expect(state.viewState('b').cache(seenKey, () => [])).toEqual([]);

		state.push(view('c'));
		state.viewState('c').set(topKey, 2);
		state.replace(view('d'));
		expect(state.viewState('c').get(topKey)).toBeUndefined();

		// The same place again (a refresh): same id, same state.
		state.viewState('d').set(topKey, 4);
		state.replace(view('d'));
		expect(state.viewState('d').get(topKey)).toBe(4);

		state.reset([view('a')]);
		expect(state.viewState('a').get(topKey)).toBe(1);
		expect(state.viewState('d').get(topKey)).toBeUndefined();
	});

	it('the version never goes back when a bag is dropped (row caches key on it)', () => {
		const {state} = ui('a', 'b');
		state.viewState('b').set(topKey, 1);
		state.pop();
		state.push(view('b'));
		expect(state.viewStateVersion('b')).toBe(1);
	});

	it("an overlay's state redraws when written and starts afresh once the overlay has closed", () => {
		const {state, changes} = ui('a');
		const overlay = {id: 'help', placement: 'modal' as const, render: () => null, onKey: () => {}};
		const help = state.openOverlay(overlay);
		const before = changes();
		help.set(topKey, 5);
		expect(changes()).toBe(before + 1);
		expect(state.overlayState(overlay).get(topKey)).toBe(5);
		// Not a view's state: no row cache is invalidated by it.
		expect(state.viewStateVersion('a')).toBe(0);
		state.closeOverlay('help');
		// An answer landing after the close changes nothing, and opening again starts afresh.
		help.set(topKey, 6);
		expect(changes()).toBe(before + 2);
		state.openOverlay(overlay);
		expect(state.overlayState(overlay).get(topKey)).toBeUndefined();
	});

	it('another overlay with the same id takes the place of the first, with a state of its own', () => {
		const {state} = ui('a');
		const make = () => ({id: 'dialog', placement: 'modal' as const, render: () => null, onKey: () => {}});
		const first = make();
		state.openOverlay(first).set(topKey, 1);
		// The same one re-opened keeps its state.
		state.openOverlay(first);
		expect(state.overlayState(first).get(topKey)).toBe(1);
		const second = make();
		state.openOverlay(second);
		expect(state.overlayState(second).get(topKey)).toBeUndefined();
		state.overlayState(first).set(topKey, 2);
		expect(state.overlayState(first).get(topKey)).toBeUndefined();
		expect(state.topOverlay()).toBe(second);
	});
});
