// Where a new task goes. Fargate always has room (unless the cluster says otherwise); on EC2 the
// candidates are ACTIVE, connected instances with enough unreserved CPU, memory and free host
// ports, chosen by the service's placement strategy (default: spread over zones, then instances).
import type {ClusterRec, InstanceRec, ServiceRec, TaskDefRec} from './model.js';
import type {Rng} from './random.js';

export type Placement = {ok: true; instance?: InstanceRec} | {ok: false; reason: string};

/** Static host ports a task of this definition needs on its instance. */
export function staticPorts(def: TaskDefRec): number[] {
	const ports: number[] = [];
	for (const c of def.containerDefinitions) {
		for (const m of c.portMappings) {
			const host = def.networkMode === 'host' ? m.containerPort : m.hostPort;
			if (def.networkMode !== 'awsvpc' && host) ports.push(host);
		}
	}
	return ports;
}

/** Why an instance cannot take the task, in ECS's "closest matching" wording; undefined if it can. */
function misfit(instance: InstanceRec, def: TaskDefRec, ports: number[], service: ServiceRec | undefined): string | undefined {
	if (instance.remainingMemory < def.memory) return 'has insufficient memory available';
	if (instance.remainingCpu < def.cpu) return 'has insufficient CPU units available';
	if (ports.some(p => instance.ports.has(p))) return 'is already using a port required by your task';
	if (service?.placementConstraints.some(c => c.type === 'distinctInstance') && service.perInstance.has(instance.id)) {
		return 'encountered error "distinctInstance" placement constraint unsatisfied';
	}
	return undefined;
}

export function place(cluster: ClusterRec, def: TaskDefRec, launchType: string, service: ServiceRec | undefined, rng: Rng): Placement {
	if (launchType === 'FARGATE') {
		return cluster.fargateUnavailable ? {ok: false, reason: 'Capacity is unavailable at this time. Please try again later or in a different availability zone.'} : {ok: true};
	}
	const ports = staticPorts(def);
	const fits: InstanceRec[] = [];
	let closest: {instance: InstanceRec; why: string} | undefined;
	let any = false;
	for (const instance of cluster.instanceList.values()) {
		if (instance.status !== 'ACTIVE' || !instance.agentConnected) continue;
		any = true;
		const why = misfit(instance, def, ports, service);
		if (why === undefined) fits.push(instance);
		else if (!closest || instance.remainingMemory + instance.remainingCpu > closest.instance.remainingMemory + closest.instance.remainingCpu) {
			closest = {instance, why};
		}
	}
	if (!any) return {ok: false, reason: 'No Container Instances were found in your cluster.'};
	if (fits.length === 0) {
		return {ok: false, reason: `The closest matching (container-instance ${closest!.instance.id}) ${closest!.why}.`};
	}
	return {ok: true, instance: choose(fits, service, def, rng)};
}

function choose(fits: InstanceRec[], service: ServiceRec | undefined, def: TaskDefRec, rng: Rng): InstanceRec {
	const strategies = service?.placementStrategy.length ? service.placementStrategy : [{type: 'spread', field: 'attribute:ecs.availability-zone'}, {type: 'spread', field: 'instanceId'}];
	let pool = fits;
	for (const s of strategies) {
		if (pool.length <= 1) break;
		if (s.type === 'random') return rng.pick(pool);
		if (s.type === 'binpack') {
			const key = (i: InstanceRec) => (s.field === 'cpu' ? i.remainingCpu - def.cpu : i.remainingMemory - def.memory);
			pool = minBy(pool, key);
		} else if (s.type === 'spread' && s.field === 'attribute:ecs.availability-zone') {
			const perZone = new Map<string, number>();
			for (const i of fits) perZone.set(i.availabilityZone, (perZone.get(i.availabilityZone) ?? 0) + (service?.perInstance.get(i.id) ?? 0));
			pool = minBy(pool, i => perZone.get(i.availabilityZone) ?? 0);
		} else if (s.type === 'spread') {
			pool = minBy(pool, i => (service ? (service.perInstance.get(i.id) ?? 0) : i.counts.running + i.counts.pending));
		}
	}
	return pool[0]!;
}

function minBy<T>(items: T[], key: (item: T) => number): T[] {
	let best = Infinity;
	let out: T[] = [];
	for (const item of items) {
		const k = key(item);
		if (k < best) {
			best = k;
			out = [item];
		} else if (k === best) out.push(item);
	}
	return out;
}
