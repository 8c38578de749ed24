// A logs feed's plan: the target's tasks (listed, for a service given none), their task
// definitions (through the session's describe cache: they never change) and from them which
// CloudWatch reads cover the target (sources.ts).
import type {EcsApi} from '../../aws/ecs-api.js';
import type {Task, TaskDefinition} from '../../domain.js';
import {describeCacheFor} from '../describe-cache.js';
import {serviceTasks} from './target.js';
import {type LogsPlan, planReads} from './sources.js';
import type {LogsTarget} from './types.js';

export interface PlanInput {
	ecs: EcsApi;
	target: LogsTarget;
	/** The target's tasks as known: ARNs, tasks, or none yet. */
	tasks: readonly (string | Task)[];
	/** A service's tasks as just listed (none were given): the feed keeps them. */
	listed(tasks: Task[]): void;
	/** A task definition (default: the session's describe cache for `ecs`). */
	taskDefinition?: (arn: string) => Promise<TaskDefinition>;
	signal: AbortSignal;
}

async function describeTasks(input: PlanInput): Promise<Task[]> {
	let tasks = input.tasks;
	// A service with no tasks given (the pane knows only the services): its tasks as ECS lists
	// them now, running and recently stopped (their logs outlive them).
	if (tasks.length === 0 && input.target.service) {
		const listed = await serviceTasks(input.ecs, input.target.cluster, input.target.service, input.signal);
		input.listed(listed);
		tasks = listed;
	}
	const given = tasks.filter((t): t is Task => typeof t !== 'string');
	const arns = tasks.filter((t): t is string => typeof t === 'string');
	if (arns.length === 0) return given;
	// aws ecs describe-tasks --cluster C --tasks T… (100 a call)
	const described = await input.ecs.describeTasks(input.target.cluster, arns, {priority: 'interactive', signal: input.signal});
	return [...given, ...described.items];
}

export async function makePlan(input: PlanInput): Promise<LogsPlan> {
	const tasks = await describeTasks(input);
	const definitions = new Map<string, TaskDefinition>();
	const load = input.taskDefinition ?? (async (arn: string) => {
		const cache = describeCacheFor(input.ecs);
		// aws ecs describe-task-definition --task-definition ARN (once per session: they never change)
		await cache.loadTaskDefinition(arn);
		const loaded = cache.taskDefinition(arn);
		if (loaded?.state !== 'ok' || !loaded.value) throw new Error(loaded?.error ?? `task definition ${arn} could not be read`);
		return loaded.value;
	});
	for (const arn of new Set(tasks.map(t => t.taskDefinitionArn))) definitions.set(arn, await load(arn));
	const plan = planReads(tasks, definitions, input.target.container);
	if (tasks.length === 0) plan.notes.unshift('no tasks to read logs of');
	else if (plan.reads.length === 0 && plan.notes.length === 0 && input.target.container) plan.notes.push(`no container ${input.target.container} in the task definition`);
	return plan;
}
