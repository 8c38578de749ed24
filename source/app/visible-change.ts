// Which store updates the frame must show. A refresh that finds nothing new still publishes a
// snapshot (its scope's `updatedAt` moves); repainting for that alone was a frame every 2 s over a
// 10,000-task view. The header's age is then repainted by its own clock when it would lie.
import {entityKinds} from '../store/entity-store.js';
import type {ScopeState, Snapshot} from '../store/types.js';

/** Does `next` differ from `prev` in anything but refresh times? */
export function visiblyChanged(prev: Snapshot, next: Snapshot): boolean {
	if (prev === next) return false;
	if (entityKinds.some(kind => prev[kind] !== next[kind])) return true;
	if (prev.api !== next.api || prev.metrics !== next.metrics) return true;
	if (prev.scopes === next.scopes) return false;
	if (prev.scopes.size !== next.scopes.size) return true;
	for (const [key, scope] of next.scopes) {
		const old = prev.scopes.get(key);
		if (old !== scope && (!old || !sameButRefreshTime(old, scope))) return true;
	}
	return false;
}

function sameButRefreshTime(a: ScopeState, b: ScopeState): boolean {
	if ((a.updatedAt === undefined) !== (b.updatedAt === undefined)) return false;
	const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
	keys.delete('updatedAt');
	for (const key of keys) if (a[key as keyof ScopeState] !== b[key as keyof ScopeState]) return false;
	return true;
}
