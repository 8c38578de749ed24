// What each action's confirmation says and does: its targets as lines, the API call with its
// CLI equivalent, the effect, warnings, and the call itself through the store's action layer.
import {briefId, primaryDeployment, serviceOfTask, shortId, taskDefinitionName, type ContainerInstance, type Service, type Task} from '../../domain.js';
import {redeployService, scaleService, setInstancesState, stopTasks, type ActionDeps, type ActionResult} from '../../store/actions/actions.js';
import {checkDrain, drainWarnings, type DrainCheck} from '../../store/actions/drain.js';
import {instanceLabel, stateSkip, stopSkip, taskLabel} from '../../store/actions/rules.js';
import {clean} from '../../text.js';
import type {DialogSpec, Recheck} from './dialog.js';
import {reasonInput, scaleInput} from './inputs.js';

export interface FlowBase {
	deps: ActionDeps;
	where: Array<[string, string]>;
	after(result: ActionResult): void;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const q = (s: string) => `"${s.replaceAll('"', '\\"')}"`;

function taskLine(task: Task, instances: ReadonlyMap<string, ContainerInstance>): string {
	const on = task.containerInstanceArn ? (instances.get(task.containerInstanceArn)?.ec2InstanceId ?? briefId(task.containerInstanceArn)) : 'Fargate';
	return clean(`${taskLabel(task)}  ${serviceOfTask(task) ?? task.group ?? 'standalone'}  ${task.lastStatus}  ${taskDefinitionName(task.taskDefinitionArn)}  ${on}`);
}

export function stopSpec(base: FlowBase, tasks: readonly Task[], instances: ReadonlyMap<string, ContainerInstance>, reason: string): DialogSpec {
	let current = reason;
	// The tasks as ECS last described them; a task that stopped meanwhile is left out of the call.
	let live: readonly Task[] = tasks;
	const cluster = clean(shortId(base.deps.where.cluster));
	const services = () => live.filter(t => serviceOfTask(t)).length;
	return {
		title: () => `Stop ${live.length === 1 ? `task ${taskLabel(live[0]!)}` : plural(live.length, 'task')}?`,
		where: base.where,
		targets: () => live.map(t => taskLine(t, instances)),
		call: () => `StopTask${live.length > 1 ? ` ×${live.length} (one call per task)` : ''}`,
		cli: () => `aws ecs stop-task --cluster ${cluster} --task ${live.length === 1 ? shortId(live[0]!.taskArn) : 'ID'} --reason ${q(current)}`,
		effect: () => [
			'each task gets its stop signal (SIGTERM, then SIGKILL after the stop timeout): RUNNING → STOPPING → STOPPED',
			...(services() > 0 ? [`${plural(services(), 'service task')}: the service starts a replacement (to run fewer, scale the service with s)`] : []),
			...(services() < live.length ? [`${plural(live.length - services(), 'standalone task')}: not restarted`] : []),
		],
		extras: () => [['reason', current]],
		verb: 'stop',
		inputs: {e: {label: 'edit the reason', open: () => reasonInput(current, r => (current = r))}},
		// aws ecs describe-tasks --cluster C --tasks T1 … (the action reserve: the user is waiting)
		recheck: async (): Promise<Recheck> => {
			const found = await base.deps.api.describeTasks(base.deps.where.cluster, tasks.map(t => t.taskArn), {priority: 'action'});
			const byArn = new Map(found.items.map(t => [t.taskArn, t]));
			const fresh = tasks.map(t => byArn.get(t.taskArn)).filter((t): t is Task => t !== undefined);
			const gone = tasks.length - fresh.length;
			const skipped = fresh.filter(t => stopSkip(t));
			live = fresh.filter(t => !stopSkip(t));
			const left = [...skipped.map(t => `${taskLabel(t)} ${stopSkip(t)}`), ...(gone > 0 ? [`${plural(gone, 'task')} no longer known to ECS`] : [])];
			if (live.length === 0) return {stop: `nothing to stop: ${left.join(', ')}`};
			return {notes: left.length > 0 ? [`left out, since the dialog opened: ${left.join(', ')}`] : []};
		},
		progress: () => `sending StopTask for ${plural(live.length, 'task')}…`,
		run: () => stopTasks(base.deps, live, current),
		after: base.after,
	};
}

/** The service as ECS describes it now, from the action reserve. */
async function describeService(base: FlowBase, service: Service): Promise<Service | undefined> {
	// aws ecs describe-services --cluster C --services S
	const found = await base.deps.api.describeServices(base.deps.where.cluster, [service.serviceName], {priority: 'action'});
	return found.items.find(s => s.serviceArn === service.serviceArn) ?? found.items[0];
}

const counts = (s: Service) => `desired ${s.desiredCount}  running ${s.runningCount}  pending ${s.pendingCount}`;

export function scaleSpec(base: FlowBase, service: Service, redraw: () => void = () => {}): DialogSpec {
	let target = service.desiredCount;
	// What ECS says now (re-read when the field opens and again before the confirmation), and the
	// desired count the field showed when the user pressed Enter.
	let current = service;
	let typedAgainst = service.desiredCount;
	const name = clean(service.serviceName);
	const cluster = clean(shortId(base.deps.where.cluster));
	void describeService(base, service).then(
		fresh => {
			if (fresh) {
				current = fresh;
				redraw();
			}
		},
		() => undefined,
	);
	return {
		title: () => `Scale ${name} to ${target}?`,
		where: base.where,
		targets: () => [`${name}  ${counts(current)}  ${clean(taskDefinitionName(current.taskDefinition))}`],
		call: () => `UpdateService desiredCount=${target}`,
		cli: () => `aws ecs update-service --cluster ${cluster} --service ${name} --desired-count ${target}`,
		effect: () => {
			const d = current.desiredCount;
			const change =
				target > d ? `desired ${d} → ${target}: ECS starts ${plural(target - d, 'task')}`
				: target === 0 && d > 0 ? `desired ${d} → 0: ECS stops every task of the service`
				: target < d ? `desired ${d} → ${target}: ECS stops ${plural(d - target, 'task')} (it picks which, keeping AZs balanced)`
				: `desired stays ${d}: nothing changes`;
			return [change, 'no new deployment; the counts converge in the services pane'];
		},
		verb: 'scale',
		first: scaleInput(() => current, n => {
			target = n;
			typedAgainst = current.desiredCount;
		}),
		recheck: async (): Promise<Recheck> => {
			const fresh = await describeService(base, service);
			if (!fresh) return {stop: `${name} is no longer in the cluster: nothing was sent`};
			current = fresh;
			if (fresh.desiredCount === target) return {stop: `desired is already ${target}: nothing to do`};
			return {notes: fresh.desiredCount !== typedAgainst ? [`desired changed ${typedAgainst} → ${fresh.desiredCount} while you typed: the call goes from ${fresh.desiredCount} to ${target}`] : []};
		},
		progress: () => `sending UpdateService desiredCount=${target}…`,
		run: () => scaleService(base.deps, current, target),
		after: base.after,
	};
}

export function redeploySpec(base: FlowBase, service: Service): DialogSpec {
	const name = clean(service.serviceName);
	const cluster = clean(shortId(base.deps.where.cluster));
	let current = service;
	return {
		title: () => `Force a new deployment of ${name}?`,
		where: base.where,
		targets: () => [`${name}  ${counts(current)}  ${clean(taskDefinitionName(current.taskDefinition))}`],
		call: () => 'UpdateService forceNewDeployment=true (sent once: a retry could start a second deployment)',
		cli: () => `aws ecs update-service --cluster ${cluster} --service ${name} --force-new-deployment`,
		effect: () => {
			const config = current.deploymentConfiguration ?? {};
			return [
				`a new deployment of ${clean(taskDefinitionName(current.taskDefinition))}: new tasks (images pulled again) replace the old ones`,
				`at least ${config.minimumHealthyPercent ?? 100}% stay healthy, at most ${config.maximumPercent ?? 200}% run; the ROLLOUT column follows it`,
			];
		},
		recheck: async (): Promise<Recheck> => {
			const fresh = await describeService(base, service);
			if (!fresh) return {stop: `${name} is no longer in the cluster: nothing was sent`};
			current = fresh;
			const before = primaryDeployment(service);
			const now = primaryDeployment(fresh);
			const notes: string[] = [];
			if (now && now.id !== before?.id) notes.push(`a new deployment started since the dialog opened (${clean(now.rolloutState ?? now.status)}${now.createdAt ? ` at ${now.createdAt.slice(11, 19)}` : ''}): this would start another`);
			else if (now?.rolloutState === 'IN_PROGRESS') notes.push('a deployment is still IN_PROGRESS: this replaces it with a new one');
			return {notes};
		},
		verb: 'redeploy',
		progress: () => 'sending UpdateService forceNewDeployment…',
		run: () => redeployService(base.deps, current),
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
	// The instances as ECS last described them (their task counts move while a dialog is open).
	let live: readonly ContainerInstance[] = instances;
	const calls = () => Math.ceil(live.length / 10);
	const running = () => live.reduce((n, i) => n + i.runningTasksCount, 0);
	let check: DrainCheck | undefined;
	const abort = new AbortController();
	if (drain) {
		void checkDrain(base.deps.api, {cluster: base.deps.where.cluster, targets: instances, instances: base.all, services: base.services, signal: abort.signal}).then(found => {
			if (abort.signal.aborted) return;
			check = found;
			base.redraw();
		});
	}
	const label = () => (live.length === 1 ? instanceLabel(live[0]!) : plural(live.length, 'instance'));
	return {
		title: () => `${drain ? 'Drain' : 'Activate'} ${label()}?`,
		where: base.where,
		targets: () => live.map(i => clean(`${instanceLabel(i)}  ${briefId(i.containerInstanceArn)}  ${i.status}  running ${i.runningTasksCount}  pending ${i.pendingTasksCount}`)),
		call: () => `UpdateContainerInstancesState status=${status}, ${plural(calls(), 'call')} (10 instances per call)`,
		cli: () => `aws ecs update-container-instances-state --cluster ${cluster} --container-instances ID… --status ${status}`,
		effect: () => {
			if (!drain) return ['ECS can place tasks on them again; tasks that moved away do not come back on their own'];
			const lines = ['ECS places no new tasks on them; PENDING service tasks stop at once', "RUNNING service tasks are replaced elsewhere within each service's minimum/maximum percent; standalone tasks stay"];
			if (check && drainWarnings(check).length === 0) lines.push('checked the tasks on them: no standalone task, room elsewhere for every service task');
			return lines;
		},
		warnings: () => (!drain ? [] : check ? drainWarnings(check) : running() > 0 ? [`${plural(running(), 'task')} running on them: checking which ones would not move…`] : []),
		verb: drain ? 'drain' : 'activate',
		// aws ecs describe-container-instances --cluster C --container-instances I1 … (action reserve)
		recheck: async (): Promise<Recheck> => {
			const found = await base.deps.api.describeContainerInstances(base.deps.where.cluster, instances.map(i => i.containerInstanceArn), {priority: 'action'});
			const byArn = new Map(found.items.map(i => [i.containerInstanceArn, i]));
			const fresh = instances.map(i => byArn.get(i.containerInstanceArn)).filter((i): i is ContainerInstance => i !== undefined);
			const gone = instances.length - fresh.length;
			const skipped = fresh.filter(i => stateSkip(i, status));
			live = fresh.filter(i => !stateSkip(i, status));
			const left = [...skipped.map(i => `${instanceLabel(i)} ${stateSkip(i, status)}`), ...(gone > 0 ? [`${plural(gone, 'instance')} no longer registered`] : [])];
			if (live.length === 0) return {stop: `nothing to change: ${left.join(', ')}`};
			return {notes: left.length > 0 ? [`left out, since the dialog opened: ${left.join(', ')}`] : []};
		},
		progress: () => `sending UpdateContainerInstancesState status=${status}…`,
		// The check is left to finish after `y`: its warnings still explain a slow drain.
		run: () => setInstancesState(base.deps, live, status),
		after: base.after,
		cancelled: () => abort.abort(),
	};
}
