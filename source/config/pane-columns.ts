// Every table pane's column ids, as the resource registry defines them: what the config file's
// `columns` may name. Its own module, loaded only when a config file names columns (the registry
// brings the whole UI with it).
import {tablePanes} from '../resources/index.js';

export function paneColumnIds(): Record<string, string[]> {
	return Object.fromEntries(Object.entries(tablePanes).map(([pane, def]) => [pane, (def?.columns?.({pane} as never) ?? []).map(column => column.id)]));
}
