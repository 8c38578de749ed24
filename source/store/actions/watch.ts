// After a call: services and instances stay listed, so for them we only watch the store and say
// when the change has landed. (The tasks we stop are followed by the poller, in their scope's own
// refreshes: PollControl.followUntilStopped.)
import type {ReadableStore, Snapshot} from '../types.js';

/**
 * Calls `done` with the first answer `check` gives as the store changes (the change has landed:
 * a service steady at its new count, an instance drained). Returns a cancel function.
 */
export function watchStore<T>(store: ReadableStore, check: (snapshot: Snapshot) => T | undefined, done: (answer: T) => void, maxUpdates = 5000): () => void {
	let updates = 0;
	let cancelled = false;
	const cancel = () => {
		cancelled = true;
		unsubscribe();
	};
	const unsubscribe = store.subscribe(() => {
		if (cancelled) return;
		const answer = check(store.getSnapshot());
		if (answer === undefined && ++updates < maxUpdates) return;
		cancel();
		if (answer !== undefined) done(answer);
	});
	return cancel;
}
