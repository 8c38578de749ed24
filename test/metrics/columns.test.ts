// The CPU%/MEM% cells: never a bare blank, coloured at the thresholds, sorted by value; a task's
// utilization only where its cluster has Container Insights with enhanced observability.
import {describe, expect, it} from 'vitest';
import type {CellContext, Column} from '../../source/components/table-layout.js';
import type {Cluster, Service, Task} from '../../source/domain.js';
import {attentionOf, serviceColumns} from '../../source/resources/services.js';
import {taskColumns} from '../../source/resources/tasks.js';
import type {MetricsState, UtilizationEntry} from '../../source/store/types.js';

const cluster = 'arn:aws:ecs:us-east-1:1:cluster/prod';
const service = (name: string): Service => ({serviceArn: `arn:aws:ecs:us-east-1:1:service/prod/${name}`, serviceName: name, clusterArn: cluster, status: 'ACTIVE', desiredCount: 2, runningCount: 2, pendingCount: 0, deployments: [], events: []}) as unknown as Service;
const task = (id: string, lastStatus = 'RUNNING'): Task => ({taskArn: `arn:aws:ecs:us-east-1:1:task/prod/${id}`, clusterArn: cluster, taskDefinitionArn: 'arn:aws:ecs:us-east-1:1:task-definition/web:7', lastStatus, desiredStatus: 'RUNNING', containers: [], attachments: []}) as unknown as Task;
const entry = (cpu: number | null, memory: number | null, memorySustained = false): UtilizationEntry => ({utilization: {cpu, memory, periodEnd: '2026-01-01T00:00:00.000Z'}, memorySustained, readAt: 0});

function metrics(readings: Record<string, UtilizationEntry>, more: Partial<MetricsState> = {}): MetricsState {
	return {enabled: true, readings: new Map(Object.entries(readings)), ...more};
}

const column = <Row,>(columns: ReadonlyArray<Column<Row>>, id: string) => columns.find(c => c.id === id)!;
const cpu = column(serviceColumns, 'cpuUtilization');
const mem = column(serviceColumns, 'memoryUtilization');

describe('utilization columns', () => {
	it('say what they know: a percent, no datapoint, not read yet, failed, off', () => {
		const ctx: CellContext = {metrics: metrics({'service:prod/web': entry(42.4, null)})};
		expect(cpu.value(service('web'), ctx)).toBe('42%');
		expect(mem.value(service('web'), ctx)).toBe('-');
		expect(cpu.value(service('api'), ctx)).toBe('…');
		expect(cpu.value(service('api'), {metrics: metrics({}, {error: {name: 'AccessDenied', message: 'no'}})})).toBe('?');
		expect(cpu.value(service('web'), {metrics: {enabled: false, readings: new Map()}})).toBe('off');
	});

	it('turn yellow at 80 %, red at 95 % and on sustained memory pressure; sort by the number', () => {
		const ctx: CellContext = {
			metrics: metrics({'service:prod/a': entry(79.9, 50), 'service:prod/b': entry(80, 95), 'service:prod/c': entry(12, 60, true)}),
		};
		expect(cpu.color!(service('a'), ctx)).toBeUndefined();
		expect(cpu.color!(service('b'), ctx)).toBe('yellow');
		expect(mem.color!(service('b'), ctx)).toBe('red');
		expect(mem.color!(service('c'), ctx)).toBe('red');
		expect(cpu.sortValue!(service('b'), ctx)).toBe(80);
		expect(cpu.sortValue!(service('x'), ctx)).toBeUndefined();
	});

	it('make sustained memory pressure an attention reason', () => {
		const ctx: CellContext = {metrics: metrics({'service:prod/c': entry(12, 97, true), 'service:prod/d': entry(12, 97, false)})};
		expect(attentionOf(service('c'), Date.now(), ctx)).toBe('memory ≥ 95% for 5 min');
		expect(attentionOf(service('d'), Date.now(), ctx)).toBeUndefined();
		expect(column(serviceColumns, 'attention').value(service('c'), ctx)).toBe('!');
	});

	it('keep a service\'s attention until the service, the clock or its memory reading changes', () => {
		let reads = 0;
		const counted = (name: string) => {
			const s = service(name);
			const events = [{id: '1', createdAt: new Date(Date.now() - 60_000).toISOString(), message: `(service ${name}) was unable to place a task`}];
			return Object.defineProperty(s, 'events', {get: () => (reads++, events)});
		};
		const web = counted('web');
		const now = Date.now();
		for (let i = 0; i < 4; i++) expect(attentionOf(web, now)).toBe('unable to place');
		expect(reads).toBe(1);
		// Ten minutes on, the event is too old to count.
		expect(attentionOf(web, now + 600_000)).toBeUndefined();
		expect(reads).toBe(2);
		// Memory read as sustained since: that reason comes first, without the events.
		const ctx: CellContext = {metrics: metrics({'service:prod/web': entry(12, 97, true)})};
		expect(attentionOf(web, now + 600_000, ctx)).toBe('memory ≥ 95% for 5 min');
		// A new snapshot of the service is a new object: read again.
		const changed = counted('web');
		expect(attentionOf(changed, now)).toBe('unable to place');
		expect(reads).toBe(3);
	});

	it('read a task only where Container Insights is enhanced, and not once it stopped', () => {
		const tcpu = column(taskColumns, 'cpuUtilization');
		const clusters = (insights: string) => new Map([[cluster, {clusterArn: cluster, clusterName: 'prod', containerInsights: insights} as Cluster]]);
		const readings = metrics({'task:prod/abc': entry(33, 44)});
		expect(tcpu.value(task('abc'), {metrics: readings, clusters: clusters('enhanced')})).toBe('33%');
		expect(tcpu.value(task('abc'), {metrics: readings, clusters: clusters('enabled')})).toBe('no CI');
		expect(tcpu.value(task('abc'), {metrics: readings, clusters: clusters('disabled')})).toBe('no CI');
		expect(tcpu.value(task('abc', 'STOPPED'), {metrics: readings, clusters: clusters('enhanced')})).toBe('');
	});
});
