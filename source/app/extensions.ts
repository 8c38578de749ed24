// The features plugged into the TUI on top of the shell (filter and sort, command mode, describe
// views, actions and dialogs, the events pane, the cost meter). Each is an Extension (source/views/types.ts):
// panes, key handlers by keymap id (run before the built-in ones, in this order), row
// transforms, header notes and marks. Add a feature by appending it here.
import {actionsExtension} from '../views/actions/extension.js';
import {clipboardExtension} from '../views/clipboard/extension.js';
import {wideExtension} from '../views/wide.js';
import {commandExtension} from '../views/command.js';
import {deploymentsExtension} from '../views/deployments/extension.js';
import {describeExtension} from '../views/describe/view.js';
import {eventsExtension} from '../views/events-view.js';
import {filterSortExtension} from '../views/filter-sort.js';
import {taskDefinitionsExtension} from '../views/taskdefs/extension.js';
import {logsExtension} from '../views/logs/extension.js';
import {execExtension} from '../views/exec/extension.js';
import {spendExtension} from '../views/spend.js';
import type {Extension} from '../views/types.js';
import {contextsExtension} from '../views/contexts/extension.js';
import type {ContextsControl} from '../views/contexts/types.js';

/**
 * A fresh set for each app: the actions extension holds that app's calls in flight and watches.
 * Actions first: the tasks it follows to STOPPED are rows that later filters and sorts must see.
 */
export function defaultExtensions(contexts?: ContextsControl): readonly Extension[] {
	return [
		actionsExtension(),
		execExtension(),
		eventsExtension,
		logsExtension,
		taskDefinitionsExtension,
		deploymentsExtension,
		filterSortExtension,
		commandExtension,
		describeExtension,
		spendExtension,
		clipboardExtension(),
		wideExtension,
		contextsExtension(contexts),
	];
}
