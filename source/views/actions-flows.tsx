// What each action's confirmation says and does: its targets as lines, the API call with its
// CLI equivalent, the effect, warnings, and the call itself through the store's action layer.
import {shortId, taskDefinitionName, type ContainerInstance, type Service, type Task} from '../domain.js';
import {redeployService, scaleService, setInstancesState, stopTasks, type ActionDeps, type ActionResult} from '../store/actions.js';
import {checkDrain, drainWarnings, type DrainCheck} from '../store/actions-drain.js';
import {instanceLabel, serviceOfTask, taskLabel} from '../store/actions-rules.js';
import {clean} from '../text.js';
import type {DialogSpec} from './actions-dialog.js';
import {reasonInput, scaleInput} from './actions-inputs.js';

export interface FlowBase {
	deps: ActionDeps;
	where: Array<[string, string]>;
	after(result: ActionResult): void;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const q = (s: string) => `"${s.replaceAll('"', '\\"')}"`;

function taskLine(task: Task, instances: ReadonlyMap<string, ContainerInstance>): string {
	const on = task.containerInstanceArn ? (instances.get(task.containerInstanceArn)?.ec2InstanceId ?? shortId(task.containerInstanceArn).slice(0, 12)) : 'Fargate';
	return clean(`${taskLabel(task)}  ${serviceOfTask(task) ?? task.group ?? 'standalone'}  ${task.lastStatus}  ${taskDefinitionName(task.taskDefinitionArn)}  ${on}`);
}

export function stopSpec(base: FlowBase, tasks: readonly Task[], instances: ReadonlyMap<string, ContainerInstance>, reason: string): DialogSpec {
	let current = reason;
	const cluster = clean(shortId(base.deps.where.cluster));
	const services = tasks.filter(t => serviceOfTask(t)).length;
	return {
		title: () => `Stop ${tasks.length === 1 ? `task ${taskLabel(tasks[0]!)}` : plural(tasks.length, 'task')}?`,
		where: base.where,
		targets: tasks.map(t => taskLine(t, instances)),
		call: () => `StopTask${tasks.length > 1 ? ` ×${tasks.length} (one call per task)` : ''}`,
		cli: () => `aws ecs stop-task --cluster ${cluster} --task ${tasks.length === 1 ? shortId(tasks[0]!.taskArn) : 'ID'} --reason ${q(current)}`,
		effect: () => [
			'each task gets its stop signal (SIGTERM, then SIGKILL after the stop timeout): RUNNING → STOPPING → STOPPED',
			...(services > 0 ? [`${plural(services, 'service task')}: the service starts a replacement (to run fewer, scale the service with s)`] : []),
			...(services < tasks.length ? [`${plural(tasks.length - services, 'standalone task')}: not restarted`] : []),
		],
		extras: () => [['reason', current]],
		verb: 'stop',
		inputs: {e: {label: 'edit the reason', open: () => reasonInput(current, r => (current = r))}},
		progress: () => `sending StopTask for ${plural(tasks.length, 'task')}…`,
		run: () => stopTasks(base.deps, tasks, current),
		after: base.after,
	};
}

const counts = (s: Service) => `desired ${s.desiredCount}  running ${s.runningCount}  pending ${s.pendingCount}`;

export function scaleSpec(base: FlowBase, service: Service): DialogSpec {
	let target = service.desiredCount;
	const name = clean(service.serviceName);
	const cluster = clean(shortId(base.deps.where.cluster));
	return {
		title: () => `Scale ${name} to ${target}?`,
		where: base.where,
		targets: [`${name}  ${counts(service)}  ${clean(taskDefinitionName(service.taskDefinition))}`],
		call: () => `UpdateService desiredCount=${target}`,
		cli: () => `aws ecs update-service --cluster ${cluster} --service ${name} --desired-count ${target}`,
		effect: () => {
			const d = service.desiredCount;
			const change =
				target > d ? `desired ${d} → ${target}: ECS starts ${plural(target - d, 'task')}`
				: target === 0 && d > 0 ? `desired ${d} → 0: ECS stops every task of the service`
				: target < d ? `desired ${d} → ${target}: ECS stops ${plural(d - target, 'task')} (it picks which, keeping AZs balanced)`
				: `desired stays ${d}: nothing changes`;
			return [change, 'no new deployment; the counts converge in the services pane'];
		},
		verb: 'scale',
		first: scaleInput(service, n => (target = n)),
		progress: () => `sending UpdateService desiredCount=${target}…`,
		run: () => scaleService(base.deps, service, target),
		after: base.after,
	};
}

export function redeploySpec(base: FlowBase, service: Service): DialogSpec {
	const name = clean(service.serviceName);
	const cluster = clean(shortId(base.deps.where.cluster));
	const config = service.deploymentConfiguration ?? {};
	return {
		title: () => `Force a new deployment of ${name}?`,
		where: base.where,
		targets: [`${name}  ${counts(service)}  ${clean(taskDefinitionName(service.taskDefinition))}`],
		call: () => 'UpdateService forceNewDeployment=true (sent once: a retry could start a second deployment)',
		cli: () => `aws ecs update-service --cluster ${cluster} --service ${name} --force-new-deployment`,
		effect: () => [
			`a new deployment of ${clean(taskDefinitionName(service.taskDefinition))}: new tasks (images pulled again) replace the old ones`,
			`at least ${config.minimumHealthyPercent ?? 100}% stay healthy, at most ${config.maximumPercent ?? 200}% run; the ROLLOUT column follows it`,
		],
		verb: 'redeploy',
		progress: () => 'sending UpdateService forceNewDeployment…',
		run: () => redeployService(base.deps, service),
		after: base.after,
	};
}

export interface InstancesFlow extends FlowBase {
	/** Every instance of the cluster the store knows, and its services by name (for the drain check). */
	all: readonly ContainerInstance[];
	services: ReadonlyMap<string, Service>;
	/** Redraws the dialog when the drain check has answered. */
	redraw(): void;
}

export function instancesSpec(base: InstancesFlow, instances: readonly ContainerInstance[], status: 'ACTIVE' | 'DRAINING'): DialogSpec {
	const drain = status === 'DRAINING';
	const cluster = clean(shortId(base.deps.where.cluster));
	const calls = Math.ceil(instances.length / 10);
	const running = instances.reduce((n, i) => n + i.runningTasksCount, 0);
	let check: DrainCheck | undefined;
	const abort = new AbortController();
	if (drain) {
		void checkDrain(base.deps.api, {cluster: base.deps.where.cluster, targets: instances, instances: base.all, services: base.services, signal: abort.signal}).then(found => {
			if (abort.signal.aborted) return;
			check = found;
			base.redraw();
		});
	}
	const label = instances.length === 1 ? instanceLabel(instances[0]!) : plural(instances.length, 'instance');
	return {
		title: () => `${drain ? 'Drain' : 'Activate'} ${label}?`,
		where: base.where,
		targets: instances.map(i => clean(`${instanceLabel(i)}  ${shortId(i.containerInstanceArn).slice(0, 12)}  ${i.status}  running ${i.runningTasksCount}  pending ${i.pendingTasksCount}`)),
		call: () => `UpdateContainerInstancesState status=${status}, ${plural(calls, 'call')} (10 instances per call)`,
		cli: () => `aws ecs update-container-instances-state --cluster ${cluster} --container-instances ID… --status ${status}`,
		effect: () => {
			if (!drain) return ['ECS can place tasks on them again; tasks that moved away do not come back on their own'];
			const lines = ['ECS places no new tasks on them; PENDING service tasks stop at once', "RUNNING service tasks are replaced elsewhere within each service's minimum/maximum percent; standalone tasks stay"];
			if (check && drainWarnings(check).length === 0) lines.push('checked the tasks on them: no standalone task, room elsewhere for every service task');
			return lines;
		},
		warnings: () => (!drain ? [] : check ? drainWarnings(check) : running > 0 ? [`${plural(running, 'task')} running on them: checking which ones would not move…`] : []),
		verb: drain ? 'drain' : 'activate',
		progress: () => `sending UpdateContainerInstancesState status=${status}…`,
		// The check is left to finish after `y`: its warnings still explain a slow drain.
		run: () => setInstancesState(base.deps, instances, status),
		after: base.after,
		cancelled: () => abort.abort(),
	};
}
