// A table pane's rows from the store: the entities its scopes list, in list order.
import {scopeKey, type Scope, type Snapshot} from '../store/types.js';

/** The entities of the scopes, in list order, without duplicates. */
export function rowsOf<T>(entities: ReadonlyMap<string, T>, snapshot: Snapshot, scopes: readonly Scope[]): T[] {
	const rows: T[] = [];
	const seen = scopes.length > 1 ? new Set<string>() : undefined;
	for (const scope of scopes) {
		for (const id of snapshot.scopes.get(scopeKey(scope))?.ids ?? []) {
			if (seen) {
				if (seen.has(id)) continue;
				seen.add(id);
			}
			const entity = entities.get(id);
			if (entity) rows.push(entity);
		}
	}
	return rows;
}

/** When a scope last loaded (-1: never). */
export function loadedAt(snapshot: Snapshot, scope: Scope): number {
	return snapshot.scopes.get(scopeKey(scope))?.updatedAt ?? -1;
}
