// React's view of the store: re-renders only when the selected slice changes identity. The selector
// must return something stable (a map, an entity, a scope state), not a new object each call.
import {useCallback, useSyncExternalStore} from 'react';
import type {ReadableStore, Snapshot} from './types.js';

export function useStore<T>(store: ReadableStore, selector: (snapshot: Snapshot) => T): T {
	const get = useCallback(() => selector(store.getSnapshot()), [store, selector]);
	return useSyncExternalStore(store.subscribe, get, get);
}
