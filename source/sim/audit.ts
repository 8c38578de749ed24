// The consistency check behind World.audit(): recomputes every counter, list membership and
// reservation from the tasks themselves, and the task definition and service revision indexes from
// their records, and reports each disagreement (tests call it after every step).
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
	auditTaskDefs(world, problems);
	return problems;
}

function auditTaskDefs(world: WorldData, problems: string[]): void {
	const names = world.familyNames.values();
	for (let i = 1; i < names.length; i++) if (!(names[i - 1]! < names[i]!)) problems.push(`family names out of order at ${names[i]}`);
	if (names.length !== world.families.size) problems.push(`family names: ${names.length}, expected ${world.families.size}`);
	let count = 0;
	for (const [family, revisions] of world.families) {
		if (!names.includes(family)) problems.push(`family ${family} missing from the sorted names`);
		let active = 0;
		for (const [i, def] of revisions.entries()) {
			count++;
			if (def.family !== family || def.revision !== i + 1) problems.push(`family ${family}: ${def.family}:${def.revision} at position ${i + 1}`);
			if (world.taskDefs.get(`${family}:${def.revision}`) !== def) problems.push(`task definition ${family}:${def.revision} not indexed`);
			if (!def.arn.endsWith(`:task-definition/${family}:${def.revision}`)) problems.push(`task definition ${family}:${def.revision} has ARN ${def.arn}`);
			if ((def.status === 'INACTIVE') !== (def.deregisteredAt !== undefined)) problems.push(`task definition ${family}:${def.revision} is ${def.status} with deregisteredAt ${def.deregisteredAt}`);
			if (def.status === 'ACTIVE') active++;
		}
		check(problems, `family ${family} ACTIVE revisions`, world.activeRevisions.get(family) ?? 0, active);
	}
	check(problems, 'task definitions indexed', world.taskDefs.size, count);
	for (const cluster of world.clusters.values()) {
		for (const svc of cluster.services.values()) {
			for (const d of svc.deployments) if (world.serviceRevisions.get(d.revision.arn) !== d.revision) problems.push(`deployment ${d.id} runs an unknown service revision`);
			for (const sd of svc.serviceDeployments.values()) if (!world.serviceRevisions.has(sd.revisionArn)) problems.push(`service deployment ${sd.arn} targets an unknown service revision`);
		}
	}
}

function check(problems: string[], what: string, actual: number, expected: number): void {
	if (actual !== expected) problems.push(`${what}: ${actual}, expected ${expected}`);
}
