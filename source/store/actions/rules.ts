// What an action may be asked to do, decided before anything is sent: the scale field's rules,
// which services can be scaled or redeployed, which targets are already where the action would
// put them, and the default stop reason. Pure functions; the dialogs show their reasons verbatim.
import {hostname, userInfo} from 'node:os';
import {briefId, taskDefinitionName, type ContainerInstance, type Service, type ServiceDeployment, type ServiceRevisionSummary, type Task, type TaskDefinition} from '../../domain.js';
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

/** `family` of a task definition ARN or `family:revision`. */
export function familyOf(taskDefinition: string): string {
	const name = taskDefinitionName(taskDefinition);
	const colon = name.lastIndexOf(':');
	return colon > 0 ? name.slice(0, colon) : name;
}

/** Why a new deployment of this service cannot come from ecs-top (another controller, not ACTIVE), if so. */
function controllerRefusal(service: Service, what: string): string | undefined {
	const controller = controllerOf(service);
	if (controller === 'ECS') return notActive(service);
	const from = controller === 'CODE_DEPLOY' ? 'CodeDeploy' : 'the external controller that owns it';
	return `${clean(service.serviceName)} uses the ${clean(controller)} deployment controller: ${what} has to come from ${from}`;
}

/** Why `U` cannot deploy this revision to this service, if it cannot. */
export function deployRefusal(service: Service, td: Pick<TaskDefinition, 'family' | 'revision' | 'status'>): string | undefined {
	const name = `${clean(td.family)}:${td.revision}`;
	const refused = controllerRefusal(service, 'a new revision');
	if (refused) return refused;
	if (td.status === 'INACTIVE') return `${name} is INACTIVE (deregistered): ECS starts no new deployment of it; pick an ACTIVE revision`;
	if (td.status === 'DELETE_IN_PROGRESS') return `${name} is DELETE_IN_PROGRESS: it is being deleted, ECS deploys no service to it`;
	const runs = familyOf(service.taskDefinition);
	if (td.family !== runs) return `${name} is not of ${clean(service.serviceName)}'s family (it runs ${clean(runs)}): U deploys a revision of the service's own family`;
	return undefined;
}

/** What `B` does with a deployment: stop it with a rollback, or deploy the revision before it. */
export type Rollback =
	| {kind: 'stop'; sources: ServiceRevisionSummary[]}
	| {kind: 'redeploy'; source: ServiceRevisionSummary; taskDefinition: string}
	| {kind: 'refused'; why: string};

/** ServiceDeployment statuses StopServiceDeployment starts a rollback from. */
export const stoppableStatuses: ReadonlySet<string> = new Set(['PENDING', 'IN_PROGRESS']);
/** ...and those it lets carry on (nothing new to send). */
const stoppingStatuses: ReadonlySet<string> = new Set(['STOP_REQUESTED', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS']);

const revisionName = (r: ServiceRevisionSummary | undefined) => (r?.taskDefinition ? clean(taskDefinitionName(r.taskDefinition)) : 'its target revision');

/**
 * The revision that ran before `sd` among its sources: the one an earlier deployment of `history`
 * (newest first) brought to completion most recently — a deployment started while another was
 * still failing lists both, and "back" means the one that was serving — else the first source.
 */
function servingBefore(sd: ServiceDeployment, sources: readonly ServiceRevisionSummary[], history: readonly ServiceDeployment[]): ServiceRevisionSummary | undefined {
	const started = Date.parse(sd.createdAt ?? sd.startedAt ?? '');
	for (const earlier of history) {
		if (earlier.serviceDeploymentArn === sd.serviceDeploymentArn || !(Date.parse(earlier.createdAt ?? earlier.startedAt ?? '') <= started)) continue;
		const completed = earlier.status === 'SUCCESSFUL' ? earlier.targetServiceRevision?.taskDefinition : earlier.status === 'ROLLBACK_SUCCESSFUL' ? sources.find(r => r.arn === earlier.rollback?.serviceRevisionArn)?.taskDefinition : undefined;
		const found = completed && sources.find(r => r.taskDefinition === completed);
		if (found) return found;
	}
	return sources[0];
}

/**
 * What `B` on a deployment means. In progress: StopServiceDeployment ROLLBACK (ECS rolling
 * deployments only). Finished: the service is taken back by deploying the revision that ran
 * before it (`history`, newest first, tells which when it lists several), only while the service
 * still runs this deployment's target (else "back" is ambiguous).
 */
export function rollbackOf(service: Service, sd: ServiceDeployment, history: readonly ServiceDeployment[] = []): Rollback {
	const refused = controllerRefusal(service, 'a rollback');
	if (refused) return {kind: 'refused', why: controllerOf(service) === 'ECS' ? refused : `${refused} (StopServiceDeployment works on ECS rolling deployments only)`};
	const status = sd.status ?? '?';
	const sources = (sd.sourceServiceRevisions ?? []).filter(r => r.arn);
	if (stoppingStatuses.has(status)) return {kind: 'refused', why: `the deployment is already ${clean(status)}: nothing to do`};
	if (sources.length === 0) return {kind: 'refused', why: `no revision ran before this deployment of ${revisionName(sd.targetServiceRevision)} (the service's first): nothing to go back to`};
	if (stoppableStatuses.has(status)) return {kind: 'stop', sources};
	const target = sd.targetServiceRevision?.taskDefinition;
	const runs = service.taskDefinition;
	if (status === 'ROLLBACK_SUCCESSFUL' && sd.rollback) return {kind: 'refused', why: `this deployment was already rolled back (${clean(service.serviceName)} runs ${clean(taskDefinitionName(runs))}): nothing to do`};
	if (!target) return {kind: 'refused', why: 'which revision this deployment ran is not known (DescribeServiceRevisions did not answer): r reads again'};
	if (target !== runs) return {kind: 'refused', why: `${clean(service.serviceName)} no longer runs ${clean(taskDefinitionName(target))} (this deployment's target; it runs ${clean(taskDefinitionName(runs))}): B goes back from the deployment that runs now; U deploys any revision`};
	const source = servingBefore(sd, sources.filter(r => r.taskDefinition && r.taskDefinition !== target), history);
	if (!source?.taskDefinition) return {kind: 'refused', why: 'which revision ran before is not known (DescribeServiceRevisions did not answer): r reads again'};
	return {kind: 'redeploy', source, taskDefinition: source.taskDefinition};
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
