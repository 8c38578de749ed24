// ECS Exec as ECS decides it: which tasks get the ExecuteCommandAgent, the runtime IDs the SSM
// target is built from, and whether a container can take a session right now. Used by
// ExecuteCommand (ops-exec.ts) and SSM StartSession (ssm/ops.ts), which must agree.
import {createHash} from 'node:crypto';
import type {ContainerRec, TaskRec} from './model.js';

/** ECS Exec needs Fargate platform 1.4.0 or later (Linux) and ECS agent 1.50.2 or later on EC2 (ECS developer guide, "ECS Exec" considerations). */
export const MIN_FARGATE_PLATFORM = '1.4.0';
export const MIN_ECS_AGENT = '1.50.2';

/** Dotted numeric versions: true when `version` >= `min` (anything unparsable is too old). */
export function versionAtLeast(version: string | undefined, min: string): boolean {
	if (!version || !/^\d+(\.\d+)*$/.test(version)) return false;
	const a = version.split('.').map(Number);
	const b = min.split('.').map(Number);
	for (let i = 0; i < Math.max(a.length, b.length); i++) {
		const d = (a[i] ?? 0) - (b[i] ?? 0);
		if (d !== 0) return d > 0;
	}
	return true;
}

/** Whether ECS injects the exec agent into a task launched on this platform or agent version. */
export function execAgentSupported(launchType: 'EC2' | 'FARGATE', platformVersion: string | undefined, agentVersion: string | undefined): boolean {
	return launchType === 'FARGATE' ? versionAtLeast(platformVersion, MIN_FARGATE_PLATFORM) : versionAtLeast(agentVersion, MIN_ECS_AGENT);
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * ECS's runtime ID for a container: on Fargate `<task id>-<10 digits>`, on EC2 the 64-hex Docker
 * container ID. Derived from the task and container, not drawn from the world's PRNG, so adding it
 * left every other identifier of a seed as it was.
 */
export function runtimeIdFor(taskId: string, launchType: 'EC2' | 'FARGATE', index: number, name: string): string {
	const hash = digest(`${taskId}/${index}/${name}`);
	if (launchType === 'EC2') return hash.toString('hex');
	return `${taskId}-${1_000_000_000 + (hash.readUInt32BE(0) % 3_000_000_000)}`;
}

/** Seconds from the container's start until its exec agent is RUNNING (2–6 s, stable per task, no PRNG draw). */
export function agentDelayMs(taskId: string): number {
	return 2000 + (digest(`agent/${taskId}`).readUInt16BE(0) % 4000);
}

/** Why a container cannot take an exec session now: 'disabled' (exec off or no agent), 'agent' (agent not RUNNING), 'disconnected' (its instance's agent is gone); undefined when it can. */
export function execRefusal(task: TaskRec, container: ContainerRec): 'disabled' | 'agent' | 'disconnected' | undefined {
	if (!task.enableExecuteCommand || !container.agent) return 'disabled';
	if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING' || container.lastStatus !== 'RUNNING' || container.agent.lastStatus !== 'RUNNING') return 'agent';
	if (task.instance && !task.instance.agentConnected) return 'disconnected';
	return undefined;
}

/** The SSM target of a container's exec agent, as the AWS CLI builds it from DescribeTasks. */
export function ssmTarget(task: TaskRec, container: ContainerRec): string {
	return `ecs:${task.cluster.name}_${task.id}_${container.runtimeId}`;
}
