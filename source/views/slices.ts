// Work done ahead between keys (a `/regex` being typed, the sort `>` will ask for next): a few
// milliseconds at a time, each slice in a turn of its own, so a key or a refresh waits at most one
// slice (issue 25).

/** How long one slice may run. */
export const sliceMs = 3;

/**
 * Calls `slice(until)` on the next turn and again each turn after, until it returns true (done, or
 * moot); resolves then. `until`: the clock (performance.now()) the slice should stop at.
 */
export function inSlices(slice: (until: number) => boolean): Promise<void> {
	return new Promise(resolve => {
		const step = () => {
			if (slice(performance.now() + sliceMs)) resolve();
			else setImmediate(step);
		};
		// (Not unref'd: an unref'd immediate waits for the next I/O or timer, in Node's loop.)
		setImmediate(step);
	});
}
