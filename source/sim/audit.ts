// The consistency check behind World.audit(): recomputes every counter, list membership and
// reservation from the tasks themselves and reports each disagreement (tests call it after every step).
import {category, type Category} from './status.js';
import type {WorldData} from './world-data.js';
import type {Counts, InstanceRec} from './model.js';

export function audit(world: WorldData): string[] {
	const problems: string[] = [];
	const check = (what: string, actual: number, expected: number) => {
		if (actual !== expected) problems.push(`${what}: ${actual}, expected ${expected}`);
	};
	for (const cluster of world.clusters.values()) {
		const expect = new Map<object, Counts>();
		const add = (owner: object | undefined, cat: Category) => {
			if (!owner || !cat) return;
			const c = expect.get(owner) ?? {running: 0, pending: 0};
			c[cat]++;
			expect.set(owner, c);
		};
		const reservedCpu = new Map<InstanceRec, number>();
		const reservedMemory = new Map<InstanceRec, number>();
		for (const task of cluster.tasks.values()) {
			const cat = category(task.lastStatus);
			add(cluster, cat);
			add(task.launchType === 'FARGATE' ? cluster.fargate : cluster.ec2, cat);
			add(task.service, cat);
			add(task.deployment, cat);
			add(task.instance, cat);
			const runningList = task.desiredStatus === 'RUNNING';
			if (cluster.tasksRunning.has(task) !== runningList) problems.push(`task ${task.id} in the wrong cluster list`);
			if (task.service && task.service.tasksRunning.has(task) !== runningList) problems.push(`task ${task.id} in the wrong service list`);
			if (task.deployment && task.deployment.active.has(task) !== runningList) problems.push(`task ${task.id} in the wrong deployment set`);
			if (task.reserved && task.instance) {
				reservedCpu.set(task.instance, (reservedCpu.get(task.instance) ?? 0) + task.taskDef.cpu);
				reservedMemory.set(task.instance, (reservedMemory.get(task.instance) ?? 0) + task.taskDef.memory);
			}
			if (task.lastStatus === 'STOPPED' && task.reserved) problems.push(`task ${task.id} STOPPED but still holds resources`);
		}
		check(`cluster list sizes ${cluster.name}`, cluster.tasksRunning.size + cluster.tasksStopped.size, cluster.tasks.size);
		const zero = {running: 0, pending: 0};
		const compare = (what: string, counts: Counts, owner: object) => {
			const e = expect.get(owner) ?? zero;
			check(`${what} running`, counts.running, e.running);
			check(`${what} pending`, counts.pending, e.pending);
		};
		compare(`cluster ${cluster.name}`, cluster.counts, cluster);
		compare(`cluster ${cluster.name} EC2`, cluster.ec2, cluster.ec2);
		compare(`cluster ${cluster.name} FARGATE`, cluster.fargate, cluster.fargate);
		let active = 0;
		for (const service of cluster.services.values()) {
			if (service.status === 'ACTIVE') active++;
			compare(`service ${service.name}`, service.counts, service);
			for (const d of service.deployments) compare(`deployment ${d.id}`, d.counts, d);
		}
		check(`cluster ${cluster.name} active services`, cluster.activeServices.ec2 + cluster.activeServices.fargate, active);
		for (const instance of cluster.instances.values()) {
			compare(`instance ${instance.id}`, instance.counts, instance);
			check(`instance ${instance.id} cpu`, instance.remainingCpu, instance.cpu - (reservedCpu.get(instance) ?? 0));
			check(`instance ${instance.id} memory`, instance.remainingMemory, instance.memory - (reservedMemory.get(instance) ?? 0));
			if (instance.remainingCpu < 0 || instance.remainingMemory < 0) problems.push(`instance ${instance.id} overcommitted`);
		}
	}
	return problems;
}
