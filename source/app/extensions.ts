// The features plugged into the TUI on top of the shell (filter and sort, command mode, describe
// views, actions and dialogs, the events pane). Each is an Extension (source/views/types.ts):
// panes, key handlers by keymap id (run before the built-in ones, in this order), row
// transforms, header notes and marks. Add a feature by appending it here.
import {eventsExtension} from '../views/events-view.js';
import type {Extension} from '../views/types.js';

export const defaultExtensions: readonly Extension[] = [eventsExtension];
