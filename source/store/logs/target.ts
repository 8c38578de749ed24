// Which tasks a logs target covers: a service's running tasks and its recently stopped ones (ECS
// lists stopped tasks for about an hour, and their logs outlive them), or one task. Unknown
// clusters, services and tasks are one-line LogsTargetErrors. Only tasks in the service's group are
// kept: some endpoints (moto) ignore ListTasks' serviceName and list the whole cluster.
import type {EcsApi} from '../../aws/ecs-api.js';
import {shortId, serviceGroup, type Task} from '../../domain.js';
import {clean} from '../../text.js';

export class LogsTargetError extends Error {
	override name = 'LogsTargetError';
}

function isClusterNotFound(error: unknown): boolean {
	return (error as {name?: unknown})?.name === 'ClusterNotFoundException';
}

async function guard<T>(cluster: string, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (error) {
		if (isClusterNotFound(error)) throw new LogsTargetError(`cluster "${clean(shortId(cluster))}" not found`);
		throw error;
	}
}

/** A service's tasks, running and recently stopped, newest first. */
export async function serviceTasks(api: EcsApi, cluster: string, service: string, signal?: AbortSignal): Promise<Task[]> {
	const options = {priority: 'interactive' as const, signal};
	const name = shortId(service);
	// aws ecs describe-services --cluster C --services S
	const described = await guard(cluster, () => api.describeServices(cluster, [service], options));
	const found = described.items.find(s => s.status !== 'INACTIVE');
	if (!found) throw new LogsTargetError(`service "${clean(name)}" not found in cluster "${clean(shortId(cluster))}"`);
	// aws ecs list-tasks --cluster C --service-name S --desired-status RUNNING, and again STOPPED
	const lists = await Promise.all((['RUNNING', 'STOPPED'] as const).map(desiredStatus => guard(cluster, () => api.listTaskArns(cluster, {serviceName: found.serviceName, desiredStatus}, options))));
	const arns = [...new Set(lists.flat())];
	if (arns.length === 0) return [];
	// aws ecs describe-tasks --cluster C --tasks T… (100 a call)
	const tasks = await guard(cluster, () => api.describeTasks(cluster, arns, options));
	const group = serviceGroup(found.serviceName);
	return tasks.items.filter(t => t.group === group).sort((a, b) => Date.parse(b.createdAt ?? '') - Date.parse(a.createdAt ?? ''));
}

/** One task by ID or ARN. */
export async function oneTask(api: EcsApi, cluster: string, task: string, signal?: AbortSignal): Promise<Task> {
	// aws ecs describe-tasks --cluster C --tasks T
	const described = await guard(cluster, () => api.describeTasks(cluster, [task], {priority: 'interactive', signal}));
	const found = described.items[0];
	if (!found) throw new LogsTargetError(`task "${clean(shortId(task))}" not found in cluster "${clean(shortId(cluster))}" (ECS keeps stopped tasks for about an hour)`);
	return found;
}
