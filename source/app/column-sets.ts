// The config file's `columns`: per table pane, which columns to show and in what order (ids as the
// resources name them; the config loader has already refused unknown ones). A pane not named keeps
// all its columns. Filter, sort and the cells read the columns drawn, so they follow.
import type {Pane} from '../resources/panes.js';
import type {PaneDef} from '../views/types.js';

export function withColumnSets(panes: Partial<Record<Pane, PaneDef>>, sets: Partial<Record<string, readonly string[]>> | undefined): Partial<Record<Pane, PaneDef>> {
	if (!sets || Object.keys(sets).length === 0) return panes;
	const out: Partial<Record<Pane, PaneDef>> = {...panes};
	for (const [pane, ids] of Object.entries(sets)) {
		const def = panes[pane as Pane];
		if (!def?.columns || !ids || ids.length === 0) continue;
		const all = def.columns;
		out[pane as Pane] = {
			...def,
			columns: view => {
				const columns = all(view);
				const chosen = ids.flatMap(id => columns.filter(c => c.id === id));
				// A view whose columns differ (stopped tasks add their own) keeps the chosen ones it has.
				return chosen.length > 0 ? chosen : columns;
			},
		};
	}
	return out;
}
