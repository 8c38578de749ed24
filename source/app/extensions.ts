// The features plugged into the TUI on top of the shell (filter and sort, command mode, describe
// views, actions and dialogs, the events pane). Each is an Extension (source/views/types.ts):
// panes, key handlers by keymap id (run before the built-in ones), row transforms, header notes
// and marks. Add a feature by appending it here.
import type {Extension} from '../views/types.js';

export const defaultExtensions: readonly Extension[] = [];
