// What an action may be asked to do, decided before anything is sent: the scale field's rules,
// which services can be scaled or redeployed, which targets are already where the action would
// put them, and the default stop reason. Pure functions; the dialogs show their reasons verbatim.
import {hostname, userInfo} from 'node:os';
import {briefId, type ContainerInstance, type Service, type Task} from '../../domain.js';
import {clean} from '../../text.js';

/** ECS's default quota of tasks per service: the largest desiredCount the scale field accepts. */
export const maxDesiredCount = 5000;

/** Longest stop reason the text field takes (StopTask's reason ends up in stoppedReason). */
export const maxReasonLength = 255;

export type Parsed = {ok: true; value: number} | {ok: false; reason: string};

/** The scale field's text (digits, or the '-' and '.' it shows so it can say why they are wrong). */
export function parseDesiredCount(text: string): Parsed {
	const value = text.trim();
	if (value === '') return {ok: false, reason: 'enter the new desired count (0 to 5000)'};
	if (value.startsWith('-')) return {ok: false, reason: 'a desired count cannot be negative'};
	if (/[.,]/.test(value)) return {ok: false, reason: 'a desired count is a whole number'};
	if (!/^\d+$/.test(value)) return {ok: false, reason: 'digits only'};
	const n = Number(value);
	if (n > maxDesiredCount) return {ok: false, reason: `at most ${maxDesiredCount} (ECS's tasks-per-service quota)`};
	return {ok: true, value: n};
}

/** Why a key typed into the scale field is not taken, or undefined when it is a digit. */
export function refusedDigit(ch: string): string | undefined {
	if (/^\d$/.test(ch)) return undefined;
	if (ch === '-') return 'a desired count cannot be negative';
	if (ch === '.' || ch === ',') return 'a desired count is a whole number';
	return `digits only ("${clean(ch)}" ignored)`;
}

function notActive(service: Service): string | undefined {
	if (service.status === 'ACTIVE') return undefined;
	return `${clean(service.serviceName)} is ${clean(service.status)}: ECS does not update a service that is not ACTIVE`;
}

/** Why `s` cannot scale this service, if it cannot. */
export function scaleRefusal(service: Service): string | undefined {
	if (service.schedulingStrategy === 'DAEMON') {
		return `${clean(service.serviceName)} is a DAEMON service: ECS runs one task on each instance, there is no desired count to set`;
	}
	return notActive(service);
}

export function controllerOf(service: Service): string {
	return service.deploymentController?.type ?? 'ECS';
}

/** Why `R` cannot force a new deployment of this service, if it cannot. */
export function redeployRefusal(service: Service): string | undefined {
	const controller = controllerOf(service);
	if (controller !== 'ECS') {
		const from = controller === 'CODE_DEPLOY' ? 'CodeDeploy' : 'the external controller that owns it';
		return `${clean(service.serviceName)} uses the ${clean(controller)} deployment controller: a new deployment has to come from ${from}`;
	}
	return notActive(service);
}

/** Why a task needs no stop (it is already on its way out), if so. */
export function stopSkip(task: Task): string | undefined {
	if (task.lastStatus === 'STOPPED') return 'already STOPPED';
	if (task.desiredStatus === 'STOPPED') return `already stopping (${clean(task.lastStatus)})`;
	return undefined;
}

/** Why an instance needs no state change, or cannot get one, if so. */
export function stateSkip(instance: ContainerInstance, status: 'ACTIVE' | 'DRAINING'): string | undefined {
	if (instance.status === status) return `already ${status}`;
	if (instance.status !== 'ACTIVE' && instance.status !== 'DRAINING') {
		return `${clean(instance.status)}: only ACTIVE and DRAINING instances can change state`;
	}
	return undefined;
}

/** `Stopped by ecs-top (user@host)`: who did it shows in the task's stoppedReason. */
export function defaultStopReason(): string {
	let user = process.env.USER || process.env.LOGNAME || process.env.USERNAME || '';
	try {
		user = userInfo().username || user;
	} catch {
		// No passwd entry (some containers): the environment's name will do.
	}
	let host = '';
	try {
		host = hostname();
	} catch {
		// Unknown host: leave it out.
	}
	const who = [user || 'unknown', host].filter(Boolean).join('@');
	return `Stopped by ecs-top (${clean(who)})`;
}

/** The short name a dialog or message uses for a target. */
export function taskLabel(task: Task): string {
	return briefId(task.taskArn);
}

export function instanceLabel(instance: ContainerInstance): string {
	return instance.ec2InstanceId ?? briefId(instance.containerInstanceArn);
}
