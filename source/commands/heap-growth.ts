// Keeps the long-running TUI's memory flat under a steady stream of log lines. Two of V8's
// defaults suit a short batch job better than a monitor left open for hours:
// - the new space doubles (to 128 MB on Node 24) whenever much of it survives a scavenge, which
//   log lines kept in the pane's ring buffer always look like;
// - the old generation may grow to several times what is live before a full collection.
// Under 2,000 lines a second (the logs bench) the TUI's RSS grew by 110–140 MB in a minute with no
// more live data. `--max-semi-space-size` only works at start-up (NODE_OPTIONS or node's command
// line, which `npx ecs-top` does not let us set), but the new space's growth factor and the heap
// growing factor are read each time V8 resizes. Set here, before the UI loads, the new space stays
// around 16 MB (V8 still grows it by other rules, slowly), the old generation is collected at 1.5×
// what is live, and RSS in the logs bench stays within a few MB of where it started; neither
// alone did (62 and 49–60 MB). The price is more sub-millisecond scavenges and earlier
// incremental marking: the bench's CPU and keypress figures did not move.
import v8 from 'node:v8';

/** The old generation's limit after a full collection: what is live plus half again. */
export const heapGrowingPercent = 50;

export function boundHeapGrowth(): void {
	v8.setFlagsFromString('--semi-space-growth-factor=1');
	v8.setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
}
