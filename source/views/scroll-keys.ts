// The movement keys of a pane that scrolls lines rather than selecting rows (describe, events, a
// revision): each keymap id as a new top line, given to the pane's own scroll function.
import type {Pane} from '../keymap.js';
import type {KeyAction, KeyHandler} from './types.js';

type Move = (top: number, height: number, count: number) => number;

const moves: ReadonlyArray<[string, Move]> = [
	['down', top => top + 1],
	['up', top => top - 1],
	['top', () => 0],
	['bottom', (_top, _height, count) => count],
	['page-down', (top, height) => top + height],
	['page-up', (top, height) => top - height],
];

export function scrollKeys(panes: readonly Pane[], scroll: (to: Move) => KeyHandler): KeyAction[] {
	return moves.map(([id, to]) => ({id, panes, run: scroll(to)}));
}
