// `npm run bench`: runs each benchmark part that exists, in its own process, and prints its table.
// Parts: bench-sim.ts (simulator at scale), bench-data.ts (data layer against a throttled
// simulator), bench-cells.ts (the app's own cells of a frame), bench-tui.ts (keypress-to-frame in
// the production bundle), bench-logs.ts (the logs pane and `logs --follow` under a heavy stream),
// bench-fleet.ts (the fleet view over 6 contexts).
// Pass part names to run a subset; every other argument goes to each part (`fleet --seconds 30`).
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {cpus} from 'node:os';
import path from 'node:path';

const here = import.meta.dirname;
const parts = ['sim', 'data', 'cells', 'tui', 'logs', 'fleet'];
const wanted = process.argv.slice(2).filter(a => parts.includes(a));
// A flag's value stays with it (`--seconds 30`): only part names are taken out.
const flags = process.argv.slice(2).filter(a => !parts.includes(a));
process.stdout.write(`ecs-top bench — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n\n`);
let failed = false;
for (const part of parts) {
	if (wanted.length > 0 && !wanted.includes(part)) continue;
	const file = path.join(here, `bench-${part}.ts`);
	if (!existsSync(file)) continue;
	const result = spawnSync(process.execPath, ['--import', 'tsx', file, ...flags], {stdio: 'inherit'});
	if (result.status !== 0) failed = true;
	process.stdout.write('\n');
}
process.exitCode = failed ? 1 : 0;
