// Work done ahead between keys (a `/regex` being typed, the sort `>` will ask for next, the rows'
// filter texts): a few milliseconds at a time, one slice a turn whatever the number of jobs, so a
// key or a refresh waits at most one slice (issue 25). Jobs take turns: with a slice of each job in
// the same turn, a key came after all of them.

/** How long one slice may run. */
const sliceMs = 3;

interface Job {
	slice: (until: number) => boolean;
	resolve: () => void;
}

/** Jobs not done yet, the next one to run first. */
const queue: Job[] = [];
let scheduled = false;

function schedule(): void {
	if (scheduled || queue.length === 0) return;
	scheduled = true;
	// (Not unref'd: an unref'd immediate waits for the next I/O or timer, in Node's loop.)
	setImmediate(runNext);
}

function runNext(): void {
	scheduled = false;
	const job = queue.shift();
	if (!job) return;
	let done = true;
	try {
		done = job.slice(performance.now() + sliceMs);
	} finally {
		// A job that threw is ended (resolved; its error goes where an immediate's goes); the others go on.
		if (done) job.resolve();
		else queue.push(job);
		schedule();
	}
}

/**
 * Calls `slice(until)` on a later turn and again on later turns, taking turns with the other jobs,
 * until it returns true (done, or moot); resolves then. `until`: the clock (performance.now()) the
 * slice should stop at.
 */
export function inSlices(slice: (until: number) => boolean): Promise<void> {
	return new Promise(resolve => {
		queue.push({slice, resolve});
		schedule();
	});
}
