// Finding where an exec or port-forward session goes: the task described now (and, on EC2, its
// container instance, for the agent's version), the container picked, and ECS Exec's readiness
// checked, before anything is sent that opens a session.
import type {SessionContext} from '../aws/client.js';
import type {EcsApi, WireHook} from '../aws/ecs-api.js';
import {describeError} from '../aws/errors.js';
import type {SsmApi} from '../aws/ssm-api.js';
import {arnAccount, shortId, type Container, type ContainerInstance, type Task} from '../domain.js';
import type {AuditLog} from '../store/actions/audit.js';
import {failureText} from '../store/actions/errors.js';
import {recorder, type ActionWhere, type Summarize} from '../store/actions/result.js';
import {clean} from '../text.js';
import {execReadiness, type ExecCondition} from './checks.js';

/** What a session needs: the clients, the plugin's context, where calls go (for the audit), the audit log. */
export interface SessionDeps {
	ecs: EcsApi;
	ssm: SsmApi;
	context(service: 'ecs' | 'ssm'): Promise<SessionContext>;
	/** Profile, region, endpoint (shown, never with userinfo) and the cluster as the user gave it. */
	where: ActionWhere;
	audit?: AuditLog;
	/** The environment the plugin inherits (default: ecs-top's). */
	env?: NodeJS.ProcessEnv;
}

/** A session could not start: `message` is the one line for the user. */
export class SessionError extends Error {
	override name = 'SessionError';
	constructor(message: string, readonly condition?: ExecCondition | 'not-found' | 'no-runtime-id' | 'call-failed') {
		super(message);
	}
}

export interface SessionTarget {
	task: Task;
	container: Container & {runtimeId: string};
	instance?: ContainerInstance;
}

/** The task, its container and (on EC2) its instance, ready for a session; SessionError with the first failing condition otherwise. */
export async function locateTarget(deps: Pick<SessionDeps, 'ecs' | 'where'>, task: string, container?: string): Promise<SessionTarget> {
	const {cluster} = deps.where;
	const options = {priority: 'interactive' as const};
	let found: Task | undefined;
	try {
		// aws ecs describe-tasks --cluster C --tasks T
		const described = await deps.ecs.describeTasks(cluster, [task], options);
		found = described.items[0];
		if (!found) {
			const failure = described.failures[0];
			throw new SessionError(`task ${clean(shortId(task))} not found in cluster ${clean(shortId(cluster))}${failure ? ` (${failureText(failure)})` : ''}`, 'not-found');
		}
	} catch (error) {
		if (error instanceof SessionError) throw error;
		throw new SessionError(describeError(error).message, 'call-failed');
	}
	let instance: ContainerInstance | undefined;
	if (found.containerInstanceArn) {
		try {
			// aws ecs describe-container-instances --cluster C --container-instances I
			instance = (await deps.ecs.describeContainerInstances(cluster, [found.containerInstanceArn], options)).items[0];
		} catch {
			// Only the agent-version check needs it: ExecuteCommand's own answer covers an old agent.
		}
	}
	const ready = execReadiness(found, {container, instance});
	if (!ready.ok) throw new SessionError(ready.message, ready.condition);
	const {runtimeId} = ready.container;
	if (!runtimeId) throw new SessionError(`container ${clean(ready.container.name)} has no runtime id yet (ECS reports it once the container has started): try again`, 'no-runtime-id');
	return {task: found, container: {...ready.container, runtimeId}, ...(instance ? {instance} : {})};
}

/** The audit hook of one session call: the task's account on every line, `about` on the intent. */
export function sessionWire<T>(deps: Pick<SessionDeps, 'ecs' | 'where' | 'audit'>, target: SessionTarget, summarize: Summarize<T>, about?: Record<string, unknown>): WireHook<T> {
	const where = {...deps.where, account: deps.where.account ?? arnAccount(target.task.taskArn)};
	return recorder({api: deps.ecs, where, audit: deps.audit}).wire(summarize, about);
}
