// The movement keys of a pane that scrolls lines rather than selecting rows (describe, events):
// one map from keymap id to the new top line, given to the pane's own scroll function.
import type {KeyHandler} from './types.js';

type Move = (top: number, height: number, count: number) => number;

export function scrollKeyHandlers(scroll: (to: Move) => KeyHandler): Record<string, KeyHandler> {
	return {
		down: scroll(top => top + 1),
		up: scroll(top => top - 1),
		top: scroll(() => 0),
		bottom: scroll((_top, _height, count) => count),
		'page-down': scroll((top, height) => top + height),
		'page-up': scroll((top, height) => top - height),
	};
}
