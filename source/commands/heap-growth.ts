// Keeps the long-running TUI's memory flat under a steady stream of log lines. Two of V8's
// defaults suit a short batch job better than a monitor left open for hours:
// - the new space doubles (to 128 MB on Node 24) whenever much of it survives a scavenge, which
//   log lines kept in the pane's ring buffer always look like;
// - the old generation may grow to several times what is live before a full collection.
// Under 2,000 lines a second (the logs bench) the TUI's RSS grew by 110–140 MB in a minute with no
// more live data. `--max-semi-space-size` only works at start-up (NODE_OPTIONS or node's command
// line, which `npx ecs-top` does not let us set), but the new space's growth factor and the heap
// growing factor are read each time V8 resizes. The new space may double (V8's default factor, 2)
// up to `newSpaceCap`, and is held there: after each collection until then, an observer looks at its
// size and sets the growth factor to 1 once it is reached. The old generation is collected at 1.5×
// what is live.
// Why a cap rather than holding it at start: a small new space (8 MB, where it stood when held at
// start) is scavenged more than once a frame at 10,000 tasks, each scavenge copying what a frame
// still holds; at 16 MB a key's frame mostly has none.
import v8 from 'node:v8';
import {PerformanceObserver} from 'node:perf_hooks';

/** The old generation's limit after a full collection: what is live plus half again. */
export const heapGrowingPercent = 50;

/** The new space's size, as `v8.getHeapSpaceStatistics()` gives it, at which its growth stops. */
export const newSpaceCap = 16 * 2 ** 20;

const newSpace = () => v8.getHeapSpaceStatistics().find(space => space.space_name === 'new_space')?.space_size ?? 0;

export function boundHeapGrowth(): void {
	v8.setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
	const hold = () => v8.setFlagsFromString('--semi-space-growth-factor=1');
	if (newSpace() >= newSpaceCap) return hold();
	const observer = new PerformanceObserver(() => {
		if (newSpace() < newSpaceCap) return;
		hold();
		observer.disconnect();
	});
	observer.observe({entryTypes: ['gc']});
}
