// The series ECS and Container Insights publish, computed from the task runs on demand, one
// statistic set per minute in which a task ran (a run covers a minute it overlaps).
//
// AWS/ECS, as "Amazon ECS service utilization metrics" and "cluster utilization metrics" document
// them (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service_utilization.html,
// .../cluster_utilization.html):
// - service: 100 × Σ used by the service's tasks / Σ reserved by them (the task definition's size
//   × the number of tasks); Minimum and Maximum are the least and most loaded task's own
//   percentage, and the sample count is the number of tasks (a minute's set is {n, n × average, min, max}).
// - cluster: 100 × Σ used by the tasks on the cluster's EC2 instances / Σ registered by its ACTIVE
//   and DRAINING instances; "only available for clusters with tasks hosted on Amazon EC2 instances",
//   so Fargate tasks count in neither and a Fargate-only cluster has no cluster datapoints. Minimum
//   and Maximum are per instance here (an assumption: AWS does not say), the sample count the number
//   of instances. The instances registered now stand for the cluster's past (the simulator keeps no
//   instance history beyond registeredAt).
// - no datapoint for a minute without a RUNNING task (ECS sends none then).
//
// ECS/ContainerInsights (clusters with the containerInsights setting enabled or enhanced): per
// minute one sample of the total over the tasks (CpuUtilized/CpuReserved in CPU units,
// MemoryUtilized/MemoryReserved in MiB, RunningTaskCount); with enhanced observability the same per
// task (dimension names in names.ts) plus TaskCpuUtilization/TaskMemoryUtilization in percent.
//
// A deleted cluster's series go with it: only the world's clusters have generated data.
import type {ClusterRec} from '../model.js';
import type {WorldData} from '../world-data.js';
import {usage} from './load.js';
import {
	CLUSTER, CLUSTER_DIMENSIONS, ECS_NAMESPACE, FAMILY, INSIGHTS_NAMESPACE, SERVICE, SERVICE_DIMENSIONS, TASK, TASK_DIMENSIONS,
	ecsMetrics, insightsMetrics, taskPercentMetrics, type InsightsMetric,
} from './names.js';
import type {Dimension} from './protocol.js';
import {runEnd, type TaskRun, type TaskRuns} from './runs.js';
import {MINUTE, single, type StatSet} from './stats.js';

export interface Generated {
	unit: string;
	/** Statistic sets by minute start, for the minutes in [from, to) (both minute-aligned). */
	minutes(from: number, to: number): Map<number, StatSet>;
}

type Resource = 'cpu' | 'memory';

/** Calls fn(run, minuteStart, used fraction) for every minute of [from, to) a run overlaps. */
function eachMinute(runs: Iterable<TaskRun>, from: number, to: number, fn: (run: TaskRun, minute: number, use: {cpu: number; memory: number}) => void): void {
	for (const run of runs) {
		const end = runEnd(run);
		if (run.start >= to || end <= from) continue;
		const first = Math.max(from, Math.floor(run.start / MINUTE) * MINUTE);
		for (let m = first; m < to && m < end; m += MINUTE) fn(run, m, usage(run.load, run.start, end, m));
	}
}

const reserved = (run: TaskRun, r: Resource) => (r === 'cpu' ? run.cpu : run.memory);

/** AWS/ECS for a service: the aggregate percentage, the task extremes, the task count. */
function serviceUtilization(runs: TaskRun[], r: Resource): Generated {
	return {
		unit: 'Percent',
		minutes(from, to) {
			const acc = new Map<number, {used: number; reserved: number; n: number; min: number; max: number}>();
			eachMinute(runs, from, to, (run, m, use) => {
				const res = reserved(run, r);
				if (res <= 0) return;
				const pct = 100 * use[r];
				const a = acc.get(m);
				if (a) {
					a.used += use[r] * res;
					a.reserved += res;
					a.n++;
					a.min = Math.min(a.min, pct);
					a.max = Math.max(a.max, pct);
				} else {
					acc.set(m, {used: use[r] * res, reserved: res, n: 1, min: pct, max: pct});
				}
			});
			return new Map([...acc].map(([m, a]) => [m, {count: a.n, sum: a.n * (100 * a.used / a.reserved), min: a.min, max: a.max}]));
		},
	};
}

/** AWS/ECS for a cluster: EC2 tasks' use over the registered capacity of its ACTIVE and DRAINING instances. */
function clusterUtilization(cluster: ClusterRec, runs: TaskRun[], r: Resource): Generated {
	return {
		unit: 'Percent',
		minutes(from, to) {
			const instances = [...cluster.instances.values()].filter(i => i.status === 'ACTIVE' || i.status === 'DRAINING');
			const perInstance = new Map<number, Map<string, number>>();
			eachMinute(runs.filter(run => run.ec2 && run.instanceId !== undefined), from, to, (run, m, use) => {
				let used = perInstance.get(m);
				if (!used) perInstance.set(m, (used = new Map()));
				used.set(run.instanceId!, (used.get(run.instanceId!) ?? 0) + use[r] * reserved(run, r));
			});
			const out = new Map<number, StatSet>();
			for (const [m, used] of perInstance) {
				const registered = instances.filter(i => i.registeredAt < m + MINUTE);
				const capacity = registered.reduce((sum, i) => sum + (r === 'cpu' ? i.cpu : i.memory), 0);
				if (capacity <= 0) continue;
				const pcts = registered.map(i => 100 * (used.get(i.id) ?? 0) / (r === 'cpu' ? i.cpu : i.memory));
				const total = registered.reduce((sum, i) => sum + (used.get(i.id) ?? 0), 0);
				out.set(m, {count: registered.length, sum: registered.length * (100 * total / capacity), min: Math.min(...pcts), max: Math.max(...pcts)});
			}
			return out;
		},
	};
}

function insightsValue(metric: InsightsMetric, run: TaskRun, use: {cpu: number; memory: number}): number {
	switch (metric) {
		case 'CpuUtilized':
			return use.cpu * run.cpu;
		case 'CpuReserved':
			return run.cpu;
		case 'MemoryUtilized':
			return use.memory * run.memory;
		case 'MemoryReserved':
			return run.memory;
		case 'RunningTaskCount':
			return 1;
	}
}

/** Container Insights totals: one sample a minute, the sum over the tasks. */
function insightsTotal(runs: TaskRun[], metric: InsightsMetric): Generated {
	return {
		unit: insightsMetrics[metric].unit,
		minutes(from, to) {
			const totals = new Map<number, number>();
			eachMinute(runs, from, to, (run, m, use) => totals.set(m, (totals.get(m) ?? 0) + insightsValue(metric, run, use)));
			return new Map([...totals].map(([m, v]) => [m, single(v)]));
		},
	};
}

function taskSeries(run: TaskRun, value: (use: {cpu: number; memory: number}) => number, unit: string): Generated {
	return {
		unit,
		minutes(from, to) {
			const out = new Map<number, StatSet>();
			eachMinute([run], from, to, (_run, m, use) => out.set(m, single(value(use))));
			return out;
		},
	};
}

const sameNames = (dims: Dimension[], names: string[]) => dims.length === names.length && dims.every(d => names.includes(d.Name));

/** The generated series a metric names, if any (dimensions must match a published set exactly, as at CloudWatch). */
export function generatedSeries(world: WorldData, runs: TaskRuns, namespace: string, name: string, dims: Dimension[]): Generated | undefined {
	const value = (n: string) => dims.find(d => d.Name === n)?.Value;
	const cluster = world.clusters.get(value(CLUSTER) ?? '');
	const clusterRuns = cluster && runs.cluster(cluster.name);
	if (!cluster || !clusterRuns) return undefined;
	const serviceRuns = () => clusterRuns.byService.get(value(SERVICE)!) ?? [];
	if (namespace === ECS_NAMESPACE && Object.hasOwn(ecsMetrics, name)) {
		const r = ecsMetrics[name as keyof typeof ecsMetrics];
		if (sameNames(dims, SERVICE_DIMENSIONS)) return serviceUtilization(serviceRuns(), r);
		if (sameNames(dims, CLUSTER_DIMENSIONS)) return clusterUtilization(cluster, clusterRuns.all, r);
		return undefined;
	}
	if (namespace !== INSIGHTS_NAMESPACE || cluster.containerInsights === 'disabled') return undefined;
	if (Object.hasOwn(insightsMetrics, name)) {
		const metric = name as InsightsMetric;
		if (sameNames(dims, SERVICE_DIMENSIONS)) return insightsTotal(serviceRuns(), metric);
		if (sameNames(dims, CLUSTER_DIMENSIONS)) return insightsTotal(clusterRuns.all, metric);
	}
	if (cluster.containerInsights !== 'enhanced' || !sameNames(dims, TASK_DIMENSIONS)) return undefined;
	const run = clusterRuns.byTask.get(value(TASK)!);
	if (!run || run.family !== value(FAMILY)) return undefined;
	if (Object.hasOwn(taskPercentMetrics, name)) {
		const r = taskPercentMetrics[name as keyof typeof taskPercentMetrics];
		return taskSeries(run, use => 100 * use[r], 'Percent');
	}
	if (Object.hasOwn(insightsMetrics, name) && name !== 'RunningTaskCount') {
		const metric = name as InsightsMetric;
		return taskSeries(run, use => insightsValue(metric, run, use), insightsMetrics[metric].unit);
	}
	return undefined;
}
