// Before a drain: which tasks are on the instances (a fresh read: ListTasks by instance, then
// DescribeTasks), which of them are standalone (they will not move), and which services have
// minimumHealthyPercent 100 (or any minimum they would fall below) with no room elsewhere for
// their tasks: the drain would wait on them. Room is judged by the other ACTIVE instances'
// unreserved CPU and memory and free static host ports, as ECS places.
import type {EcsApi} from '../../aws/ecs-api.js';
import {describeError} from '../../aws/errors.js';
import {serviceOfTask, type ContainerInstance, type Resource, type Service, type Task} from '../../domain.js';
import {clean} from '../../text.js';
import {instanceLabel, taskLabel} from './rules.js';

export interface DrainCheck {
	/** Instances whose tasks were read, of all targets (big selections are sampled). */
	checked: number;
	total: number;
	/** Tasks not started by a service, by instance: ECS leaves them running. */
	standalone: Array<{instance: string; task: string; startedBy?: string}>;
	/** Services that cannot lose their tasks here (minimumHealthyPercent) and have too little room elsewhere. */
	tight: Array<{service: string; minimumHealthyPercent: number; mustStay: number; desired: number; onTargets: number; room: number}>;
	/** No ACTIVE instance with a connected agent would remain. */
	noneLeft: boolean;
	error?: string;
}

const resource = (list: readonly Resource[], name: string) => {
	const r = list.find(x => x.name === name);
	return r?.integerValue ?? r?.longValue ?? r?.doubleValue;
};

/** A task's reservation (task level, else the sum of its containers'); 0 when unknown. */
function reservation(task: Task, key: 'cpu' | 'memory'): number {
	const own = Number(task[key]);
	if (Number.isFinite(own) && own > 0) return own;
	return task.containers.reduce((n, c) => n + (Number(c[key]) || 0), 0);
}

/** Static host ports a task holds (bridge/host mode); dynamic ones (32768 and up) can go anywhere. */
function staticPorts(task: Task): number[] {
	return task.containers.flatMap(c => c.networkBindings ?? []).map(b => b.hostPort ?? 0).filter(p => p > 0 && p < 32_768);
}

export function spareRoom(
	tasks: readonly Task[],
	others: readonly ContainerInstance[],
): Map<string, {onTargets: number; placed: number}> {
	const free = others.map(i => ({
		cpu: resource(i.remainingResources, 'CPU') ?? 0,
		memory: resource(i.remainingResources, 'MEMORY') ?? 0,
		// ECS lists the host ports in use as the PORTS resource.
		ports: new Set((i.remainingResources.find(r => r.name === 'PORTS')?.stringSetValue ?? []).map(Number)),
	}));
	const byService = new Map<string, {onTargets: number; placed: number}>();
	// Biggest first, the usual greedy packing: an estimate, not ECS's placement engine.
	const sorted = [...tasks].sort((a, b) => reservation(b, 'memory') - reservation(a, 'memory'));
	for (const task of sorted) {
		const service = serviceOfTask(task);
		if (!service) continue;
		const entry = byService.get(service) ?? {onTargets: 0, placed: 0};
		byService.set(service, entry);
		entry.onTargets++;
		const cpu = reservation(task, 'cpu');
		const memory = reservation(task, 'memory');
		const ports = staticPorts(task);
		const slot = free.find(f => f.cpu >= cpu && f.memory >= memory && ports.every(p => !f.ports.has(p)));
		if (!slot) continue;
		slot.cpu -= cpu;
		slot.memory -= memory;
		for (const p of ports) slot.ports.add(p);
		entry.placed++;
	}
	return byService;
}

export interface DrainCheckInput {
	cluster: string;
	targets: readonly ContainerInstance[];
	/** Every instance of the cluster the store knows (targets included or not). */
	instances: readonly ContainerInstance[];
	/** Services the store knows, by name (others are described). */
	services: ReadonlyMap<string, Service>;
	/** At most this many instances are read (one ListTasks each). */
	maxInstances?: number;
	signal?: AbortSignal;
}

export async function checkDrain(api: EcsApi, input: DrainCheckInput): Promise<DrainCheck> {
	const {cluster, targets} = input;
	const targetArns = new Set(targets.map(t => t.containerInstanceArn));
	const others = input.instances.filter(i => !targetArns.has(i.containerInstanceArn) && i.status === 'ACTIVE' && i.agentConnected);
	const sample = targets.slice(0, input.maxInstances ?? 20);
	const result: DrainCheck = {checked: 0, total: targets.length, standalone: [], tight: [], noneLeft: others.length === 0};
	const options = {priority: 'interactive' as const, signal: input.signal};
	try {
		const onInstance = new Map<string, ContainerInstance>();
		const arns: string[] = [];
		for (const instance of sample) {
			// aws ecs list-tasks --cluster C --container-instance I
			const found = await api.listTaskArns(cluster, {containerInstance: instance.containerInstanceArn}, options);
			for (const arn of found) onInstance.set(arn, instance);
			arns.push(...found);
			result.checked++;
		}
		// aws ecs describe-tasks --cluster C --tasks T1 … T100
		const tasks = arns.length > 0 ? (await api.describeTasks(cluster, arns, options)).items : [];
		for (const task of tasks) {
			if (serviceOfTask(task)) continue;
			const instance = onInstance.get(task.taskArn);
			result.standalone.push({instance: instance ? instanceLabel(instance) : '?', task: taskLabel(task), startedBy: task.startedBy ? clean(task.startedBy) : undefined});
		}
		const names = [...new Set(tasks.map(serviceOfTask).filter((s): s is string => s !== undefined))];
		const services = new Map(input.services);
		const unknown = names.filter(n => !services.has(n));
		if (unknown.length > 0) {
			// aws ecs describe-services --cluster C --services S1 … S10
			for (const s of (await api.describeServices(cluster, unknown, options)).items) services.set(s.serviceName, s);
		}
		for (const [name, room] of spareRoom(tasks, others)) {
			const service = services.get(name);
			// The API's default for a replica service is 100%.
			const min = service?.deploymentConfiguration?.minimumHealthyPercent ?? 100;
			const desired = service?.desiredCount ?? room.onTargets;
			const mustStay = Math.ceil((desired * min) / 100);
			// Tasks ECS may stop here without a replacement, before the service drops below its minimum.
			const spare = Math.max(0, (service?.runningCount ?? desired) - mustStay);
			if (room.onTargets - room.placed > spare) {
				result.tight.push({service: clean(name), minimumHealthyPercent: min, mustStay, desired, onTargets: room.onTargets, room: room.placed});
			}
		}
	} catch (error) {
		result.error = describeError(error).message;
	}
	return result;
}

/** The confirmation's warning lines. */
export function drainWarnings(check: DrainCheck): string[] {
	const lines: string[] = [];
	if (check.noneLeft) lines.push('no other ACTIVE instance with a connected agent: service tasks have nowhere to go');
	if (check.standalone.length > 0) {
		const list = check.standalone.slice(0, 5).map(s => `${s.task} on ${s.instance}${s.startedBy ? ` (started by ${s.startedBy})` : ''}`).join(', ');
		const more = check.standalone.length > 5 ? ` +${check.standalone.length - 5} more` : '';
		lines.push(`${check.standalone.length} standalone task${check.standalone.length === 1 ? '' : 's'} will NOT move (stop them yourself when ready): ${list}${more}`);
	}
	for (const t of check.tight) {
		const keeps = t.minimumHealthyPercent >= 100 ? '' : ` (${t.mustStay} of ${t.desired} must stay RUNNING)`;
		lines.push(`${t.service}: minimumHealthyPercent ${t.minimumHealthyPercent}${keeps} and room elsewhere for ${t.room} of its ${t.onTargets} task${t.onTargets === 1 ? '' : 's'} here (CPU, memory, ports): the drain waits for capacity`);
	}
	if (check.checked < check.total && !check.error) lines.push(`tasks checked on ${check.checked} of ${check.total} instances`);
	if (check.error) lines.push(`could not check the tasks on them: ${check.error}`);
	return lines;
}
