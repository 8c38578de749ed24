// A table pane's rows from the store: the entities its scopes list, in list order.
import {scopeKey, type Scope, type Snapshot} from '../store/types.js';

/**
 * One scope's rows, kept per list (its `ids`, replaced whenever the list changes) while the entity
 * map is the same: every key that re-derives a view's rows (each filter character, each sort) and
 * every refresh that touches another scope would otherwise look up all 25,000 ARNs again.
 */
const single = new WeakMap<readonly string[], {entities: ReadonlyMap<string, unknown>; rows: readonly unknown[]}>();

/** The entities of the scopes, in list order, without duplicates. The array is shared: do not change it. */
export function rowsOf<T>(entities: ReadonlyMap<string, T>, snapshot: Snapshot, scopes: readonly Scope[]): readonly T[] {
	if (scopes.length === 1) {
		const ids = snapshot.scopes.get(scopeKey(scopes[0]!))?.ids;
		if (!ids) return [];
		const hit = single.get(ids);
		if (hit?.entities === entities) return hit.rows as readonly T[];
		const rows = collect(entities, snapshot, scopes);
		single.set(ids, {entities, rows});
		return rows;
	}
	return collect(entities, snapshot, scopes);
}

function collect<T>(entities: ReadonlyMap<string, T>, snapshot: Snapshot, scopes: readonly Scope[]): T[] {
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
