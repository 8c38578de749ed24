// Whether ECS Exec (and port forwarding, which rides the same agent) can start in a task's
// container, from what DescribeTasks and DescribeContainerInstances already say: the first
// condition that fails, in the order a user fixes them, with its fix. Pure: the TUI runs it over the
// store's rows, `ecs-top exec` over a fresh describe. (amazon-ecs-exec-checker checks the same
// things and more that need IAM or EC2 reads: the task role's ssmmessages permissions, VPC endpoints.)
import {briefId, serviceOfTask, shortId, type Container, type ContainerInstance, type Task} from '../domain.js';
import {clean} from '../text.js';

export type ExecCondition =
	| 'task-not-running'
	| 'exec-not-enabled'
	| 'no-such-container'
	| 'container-ambiguous'
	| 'container-not-running'
	| 'agent-pending'
	| 'agent-not-running'
	| 'platform-too-old'
	| 'ecs-agent-too-old';

export type ExecReadiness =
	| {ok: true; container: Container}
	| {ok: false; condition: ExecCondition; message: string};

/** ECS Exec's managed agent, as ECS names it in a container's managedAgents. */
export const execAgentName = 'ExecuteCommandAgent';
/** The oldest Fargate (Linux) platform version with ECS Exec. */
export const minFargatePlatform = '1.4.0';
/** The oldest ECS container agent with ECS Exec (EC2 and external instances). */
export const minEcsAgent = '1.50.2';

/** The advice when a task runs without ECS Exec: fixed for the task's life, so it needs a new task. */
export function enableExecAdvice(task: Pick<Task, 'group'>): string {
	return serviceOfTask(task) !== undefined
		? 'exec is not enabled on this task: enable it on the service (E) and let a new deployment replace the task'
		: 'exec is not enabled on this task: run it with --enable-execute-command';
}

/** Dotted versions compared part by part; undefined when either is not one (`LATEST`, empty). */
export function compareVersions(a: string, b: string): number | undefined {
	const parse = (v: string) => (/^\d+(\.\d+)*$/.test(v.trim()) ? v.trim().split('.').map(Number) : undefined);
	const x = parse(a);
	const y = parse(b);
	if (!x || !y) return undefined;
	for (let i = 0; i < Math.max(x.length, y.length); i++) {
		const d = (x[i] ?? 0) - (y[i] ?? 0);
		if (d !== 0) return Math.sign(d);
	}
	return 0;
}

/** The container exec would use: the one named, else the task's only one. */
function pickContainer(task: Task, name: string | undefined): {container: Container} | {condition: ExecCondition; message: string} {
	const names = task.containers.map(c => clean(c.name)).join(', ');
	if (name !== undefined) {
		const container = task.containers.find(c => c.name === name);
		return container ? {container} : {condition: 'no-such-container', message: `task ${briefId(task.taskArn)} has no container "${clean(name)}" (it has ${names || 'none'})`};
	}
	if (task.containers.length === 1) return {container: task.containers[0]!};
	return {condition: 'container-ambiguous', message: `task ${briefId(task.taskArn)} has ${task.containers.length} containers (${names}): name one`};
}

function isFargate(task: Task): boolean {
	return task.launchType === 'FARGATE' || (task.capacityProviderName?.startsWith('FARGATE') ?? false);
}

/** A Fargate (Linux) platform or an ECS agent older than ECS Exec. */
function versionProblem(task: Task, instance: ContainerInstance | undefined): {condition: ExecCondition; message: string} | undefined {
	const id = briefId(task.taskArn);
	const linux = !task.platformFamily || /^linux/i.test(task.platformFamily);
	if (isFargate(task) && linux && task.platformVersion && (compareVersions(task.platformVersion, minFargatePlatform) ?? 0) < 0) {
		return {condition: 'platform-too-old', message: `task ${id} runs on Fargate platform ${clean(task.platformVersion)}: exec needs ${minFargatePlatform} or later (set the service's platform version to LATEST and redeploy)`};
	}
	const agentVersion = instance?.versionInfo?.agentVersion?.replace(/^v/, '');
	if (!isFargate(task) && agentVersion && (compareVersions(agentVersion, minEcsAgent) ?? 0) < 0) {
		const where = instance?.ec2InstanceId ?? shortId(instance?.containerInstanceArn ?? '');
		return {condition: 'ecs-agent-too-old', message: `ECS agent ${clean(agentVersion)} on instance ${clean(where)}: exec needs ${minEcsAgent} or later (update the container agent)`};
	}
	return undefined;
}

/**
 * The first failing condition, in this order: the task not RUNNING; ECS Exec not enabled on it; the
 * container not found, or not named in a task of several; the container not RUNNING; its
 * ExecuteCommandAgent not RUNNING; a Fargate (Linux) platform version before 1.4.0; an EC2
 * instance's ECS agent before 1.50.2 (checked only when the instance is given). Where ECS reports no
 * ExecuteCommandAgent at all and the platform or agent is too old, the version is named: it is why.
 */
export function execReadiness(task: Task, options: {container?: string; instance?: ContainerInstance} = {}): ExecReadiness {
	const id = briefId(task.taskArn);
	const fail = (condition: ExecCondition, message: string): ExecReadiness => ({ok: false, condition, message});
	if (task.lastStatus !== 'RUNNING') {
		const desired = task.desiredStatus && task.desiredStatus !== task.lastStatus ? `, desired ${clean(task.desiredStatus)}` : '';
		return fail('task-not-running', `task ${id} is ${clean(task.lastStatus) || 'in no known state'}${desired}: exec needs a RUNNING task`);
	}
	if (task.enableExecuteCommand !== true) return fail('exec-not-enabled', enableExecAdvice(task));
	const picked = pickContainer(task, options.container);
	if ('condition' in picked) return fail(picked.condition, picked.message);
	const {container} = picked;
	const name = clean(container.name);
	if (container.lastStatus !== 'RUNNING') {
		const exit = container.exitCode === undefined ? '' : ` (exit ${container.exitCode})`;
		return fail('container-not-running', `container ${name} is ${clean(container.lastStatus ?? 'in no known state')}${exit}: exec needs it RUNNING`);
	}
	const tooOld = versionProblem(task, options.instance);
	const agent = container.managedAgents?.find(a => a.name === execAgentName);
	if (agent?.lastStatus !== 'RUNNING') {
		if (agent?.lastStatus === 'PENDING') return fail('agent-pending', `the ${execAgentName} in container ${name} is PENDING (still starting): wait a few seconds and try again`);
		// A platform or an ECS agent too old to run it reports no agent at all: that is the cause.
		if (!agent && tooOld) return fail(tooOld.condition, tooOld.message);
		const reason = agent?.reason ? ` (${clean(agent.reason)})` : '';
		const state = agent ? `is ${clean(agent.lastStatus ?? 'in no known state')}${reason}` : 'is not reported by ECS';
		return fail('agent-not-running', `the ${execAgentName} in container ${name} ${state}: exec cannot reach it; replace the task`);
	}
	if (tooOld) return fail(tooOld.condition, tooOld.message);
	return {ok: true, container};
}
