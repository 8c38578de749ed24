// The app's own share of a frame: a screen of table rows (36 at 120x40) turned into cells, as the
// TUI's table does on every frame (column widths over the rows on screen, then each row's
// segments), for the services pane with busy services (100 recent events each, no steady state
// among them, as a service that keeps scaling or failing health checks has) and for the tasks pane.
// "Same rows" is a key that moves the selection or the window over rows already drawn; "new rows"
// is a page or a jump to rows never drawn. Ink's own work on the frame is bench-tui's to measure.
// Usage: node --import tsx scripts/bench-cells.ts [--frames=300]
import type {CellContext, Column} from '../source/components/table-layout.js';
import {fitColumns, rowSegments} from '../source/components/table-layout.js';
import type {Service, Task} from '../source/domain.js';
import {serviceColumns} from '../source/resources/services.js';
import {taskColumns} from '../source/resources/tasks.js';
import {option, quantile} from './bench-term.js';

const frames = option('frames', 300);
const screen = 36;
const width = 118;
const now = Date.now();
const ago = (ms: number) => new Date(now - ms).toISOString();
let serial = 0;

function busyService(): Service {
	const name = `svc-${String(serial++).padStart(5, '0')}`;
	return {
		serviceArn: `arn:aws:ecs:us-east-1:123456789012:service/big/${name}`, serviceName: name, clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/big', status: 'ACTIVE',
		desiredCount: 3, runningCount: 3, pendingCount: 0, launchType: 'FARGATE', taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:12', createdAt: ago(86_400_000),
		deployments: [{id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: 'web:12', desiredCount: 3, runningCount: 3, pendingCount: 0, rolloutState: 'COMPLETED', createdAt: ago(3_600_000), updatedAt: ago(3_600_000)}],
		events: Array.from({length: 100}, (_, k) => ({id: `${name}-${k}`, createdAt: ago(k * 5000), message: k % 7 ? `(service ${name}) registered 1 targets in (target-group arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${name}/0123)` : `(service ${name}) has started 1 tasks: (task 0123456789abcdef).`})),
		loadBalancers: [], placementStrategy: [], placementConstraints: [],
	} as unknown as Service;
}

function task(): Task {
	const id = (serial++).toString(16).padStart(32, '0');
	return {
		taskArn: `arn:aws:ecs:us-east-1:123456789012:task/big/${id}`, clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/big', taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:12',
		lastStatus: 'RUNNING', desiredStatus: 'RUNNING', healthStatus: 'HEALTHY', launchType: 'FARGATE', group: 'service:svc-00001', cpu: '256', memory: '512', startedAt: ago(3_600_000),
		availabilityZone: 'us-east-1a', containers: [{name: 'web', exitCode: undefined}],
		attachments: [{type: 'ElasticNetworkInterface', details: [{name: 'privateIPv4Address', value: '10.0.1.5'}]}],
	} as unknown as Task;
}

/** Milliseconds per frame: widths over the screen's rows, then every row's segments. */
function frame<Row>(columns: readonly Column<Row>[], rows: readonly Row[], ctx: CellContext): number {
	const start = performance.now();
	const placed = fitColumns(columns, width, {rows, ctx});
	for (const row of rows) rowSegments(row, placed, true, ctx);
	return performance.now() - start;
}

function measure<Row>(name: string, columns: readonly Column<Row>[], make: () => Row): Array<[string, string]> {
	const ctx: CellContext = {now};
	const screenOf = () => Array.from({length: screen}, make);
	// Warm up: the code optimised, as in a TUI that has drawn a few frames.
	for (let i = 0; i < 50; i++) frame(columns, screenOf(), ctx);
	const drawn = screenOf();
	const same = Array.from({length: frames}, () => frame(columns, drawn, ctx));
	const fresh = Array.from({length: frames}, () => frame(columns, screenOf(), ctx));
	const cell = (ms: number[]) => `${quantile(ms, 0.5).toFixed(2)} ms / ${quantile(ms, 0.95).toFixed(2)} ms`;
	return [
		[`${name}, same rows`, cell(same)],
		[`${name}, new rows`, cell(fresh)],
	];
}

const rows = [...measure('services (busy: 100 recent events each)', serviceColumns, busyService), ...measure('tasks', taskColumns, task)];
process.stdout.write(`## Cells of a frame (${screen} rows, ${width} columns; ${frames} frames each)\n\n| frame | median / p95 |\n| --- | --- |\n`);
for (const [name, value] of rows) process.stdout.write(`| ${name} | ${value} |\n`);
