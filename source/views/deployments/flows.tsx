// What the deployment dialogs say and do. B on a deployment under way: StopServiceDeployment with
// ROLLBACK, the confirmation naming what it goes back to, the live numbers of both revisions and
// the task-definition diff between them. U (and B on a finished deployment, which goes back by
// deploying the revision before it): UpdateService taskDefinition, the confirmation with the diff
// against what runs now and the deployment configuration that will apply, and `e` for a new
// desired count. Both re-read what they act on before the confirmation shows (the deployment, the
// service, the task definitions) and stop, saying why, when there is nothing to send any more.
import {NumberPrompt, editNumber} from '../../components/number-prompt.js';
import type {DialogLine} from '../../components/confirm-dialog.js';
import {primaryDeployment, shortId, taskDefinitionName, type Service, type ServiceDeployment, type ServiceRevisionSummary, type TaskDefinition} from '../../domain.js';
import {formatAge} from '../../format.js';
import {deployRevision, rollBackDeployment} from '../../store/actions/actions.js';
import {deployRefusal, maxDesiredCount, parseDesiredCount, refusedDigit, rollbackOf, stoppableStatuses} from '../../store/actions/rules.js';
import {describeCacheFor} from '../../store/describe-cache.js';
import {clean} from '../../text.js';
import type {FlowBase} from '../actions/flows.js';
import type {DialogSpec, InputStep, Recheck} from '../actions/dialog.js';
import {diff, diffLines} from '../taskdefs/diff.js';

const name = (arn: string | undefined) => (arn ? clean(taskDefinitionName(arn)) : '?');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const counts = (s: Service) => `desired ${s.desiredCount}  running ${s.runningCount}  pending ${s.pendingCount}`;

/** The service as ECS describes it now, from the action reserve. */
async function describeService(base: FlowBase, service: Service): Promise<Service | undefined> {
	// aws ecs describe-services --cluster C --services S
	const found = await base.deps.api.describeServices(base.deps.where.cluster, [service.serviceName], {priority: 'action'});
	return found.items.find(s => s.serviceArn === service.serviceArn) ?? found.items[0];
}

/**
 * Task definitions for one dialog, each read once (they never change once registered): from the
 * describe views' cache when it has them, else from ECS. Undefined when it cannot be read.
 */
function taskDefinitions(base: FlowBase): (arn: string) => Promise<TaskDefinition | undefined> {
	const reads = new Map<string, Promise<TaskDefinition | undefined>>();
	return arn => {
		let read = reads.get(arn);
		if (!read) {
			const known = describeCacheFor(base.deps.api).taskDefinition(arn)?.value;
			// aws ecs describe-task-definition --task-definition ARN (the action reserve: the user is waiting)
			read = known ? Promise.resolve(known) : base.deps.api.describeTaskDefinition(arn, {priority: 'action'}).catch(() => undefined);
			reads.set(arn, read);
		}
		return read;
	};
}

/** The deployment configuration a new deployment of the service runs with, in words. */
export function configurationLine(s: Service): string {
	const c = s.deploymentConfiguration ?? {};
	const breaker = c.deploymentCircuitBreaker;
	const cb = breaker?.enable ? `circuit breaker on (${breaker.rollback ? 'rolls back on failure' : 'stops on failure, no rollback'})` : 'circuit breaker off (a failing deployment goes on until stopped)';
	return `deployment configuration: at least ${c.minimumHealthyPercent ?? 100}% of desired stay healthy, at most ${c.maximumPercent ?? 200}% run; ${cb}`;
}

/** `diff A (label) → B (label): n fields` and the changed fields, toned like git diff. */
export function diffSection(older: TaskDefinition | undefined, newer: TaskDefinition | undefined, olderLabel: string, newerLabel: string, reading = false): DialogLine[] {
	if (reading && (!older || !newer)) return [{text: 'diff: reading the task definitions…', tone: 'dim'}];
	if (!older || !newer) return [{text: `diff: the task definitions could not be read (${[older ? '' : olderLabel, newer ? '' : newerLabel].filter(Boolean).join(', ')})`, tone: 'dim'}];
	const changes = diff(older, newer);
	const head = `diff    ${name(older.taskDefinitionArn)} (${olderLabel}) → ${name(newer.taskDefinitionArn)} (${newerLabel}): ${plural(changes.length, 'field')} changed`;
	if (changes.length === 0) return [{text: head, tone: 'bold'}, {text: '  the same configuration', tone: 'dim'}];
	return [{text: head, tone: 'bold'}, ...diffLines(changes).map(l => ({text: `  ${l.text}`, tone: l.sign === '-' ? ('error' as const) : ('ok' as const)}))];
}

/** `e` in the deploy dialog: a desired count to set with the deployment (Esc keeps the current one). */
function desiredInput(service: () => Service, to: string, onValue: (n: number) => void): InputStep {
	return {
		field: {value: ''},
		render: (size, color, state) => (
			<NumberPrompt
				title={`Desired count for ${clean(service().serviceName)} with the deployment of ${to}`}
				facts={[['desired', String(service().desiredCount)], ['running', String(service().runningCount)], ['pending', String(service().pendingCount)]]}
				label="new desired count: "
				state={state}
				hint={`a whole number from 0 to ${maxDesiredCount}`}
				keys="Enter back to the confirmation   Esc keep the current desired count   Backspace delete"
				width={size.columns}
				color={color}
			/>
		),
		onKey(event, state) {
			const outcome = editNumber(state, event, {maxLength: 6, refuse: refusedDigit, parse: parseDesiredCount});
			if (outcome.cancel) return {outcome: 'cancel', field: outcome.state};
			if (outcome.value === undefined) return {outcome: 'stay', field: outcome.state};
			onValue(outcome.value);
			return {outcome: 'done', field: outcome.state};
		},
	};
}

export interface SpecOptions {
	/** Redraws the dialog once a background read has landed. */
	redraw?(): void;
	/** The app's clock (ages in the dialog). */
	now?(): number;
}

export interface DeployOptions extends SpecOptions {
	/** B on a finished deployment: the dialog says it goes back, from which deployment. */
	back?: {from: ServiceDeployment};
}

const ago = (iso: string | undefined, options: SpecOptions) => (iso ? `${formatAge(iso, options.now?.() ?? Date.now())} ago` : 'at an unknown time');

/** UpdateService taskDefinition=`targetArn` (and a desired count, when `e` set one). */
export function deploySpec(base: FlowBase, service: Service, targetArn: string, options: DeployOptions = {}): DialogSpec {
	let current = service;
	let target: TaskDefinition | undefined;
	let running: TaskDefinition | undefined;
	let desired: number | undefined;
	const svc = clean(service.serviceName);
	const cluster = clean(shortId(base.deps.where.cluster));
	const to = name(targetArn);
	// The task definitions for the diff, read as the dialog opens (the re-read reads another only if the service moved).
	const read = taskDefinitions(base);
	let reading = true;
	const load = async (runs: string) => {
		[target, running] = await Promise.all([read(targetArn), read(runs)]);
		reading = false;
	};
	void load(service.taskDefinition).then(() => options.redraw?.(), () => undefined);
	const scale = () => (desired !== undefined && desired !== current.desiredCount ? desired : undefined);
	return {
		title: () => (options.back ? `Go back from ${name(current.taskDefinition)} to ${to} on ${svc}?` : `Deploy ${to} to ${svc}?`),
		where: base.where,
		targets: () => [`${svc}  ${counts(current)}  runs ${name(current.taskDefinition)}`],
		call: () => `UpdateService taskDefinition=${to}${scale() === undefined ? '' : ` desiredCount=${scale()}`} (sent once: a retry could start a second deployment)`,
		cli: () => `aws ecs update-service --cluster ${cluster} --service ${svc} --task-definition ${to}${scale() === undefined ? '' : ` --desired-count ${scale()}`}`,
		extras: () => [
			['deploy', `${to}${target ? `  ${clean(target.status ?? '')}, registered ${ago(target.registeredAt, options)}` : ''}`],
			...(options.back ? [['back', `from the deployment of ${name(options.back.from.targetServiceRevision?.taskDefinition)} (${clean(options.back.from.status ?? '?')}): ${to} ran before it`] as [string, string]] : []),
			...(scale() === undefined ? [] : [['desired', `${current.desiredCount} → ${scale()}`] as [string, string]]),
		],
		effect: () => [
			`a new deployment: tasks of ${to} replace those of ${name(current.taskDefinition)} (a rolling update; the deployments pane follows it)`,
			configurationLine(current),
		],
		diff: () => diffSection(running, target, 'runs now', 'to deploy', reading),
		verb: 'deploy',
		inputs: {e: {label: 'set a desired count', open: () => desiredInput(() => current, to, n => (desired = n))}},
		recheck: async (): Promise<Recheck> => {
			const fresh = await describeService(base, service);
			if (!fresh) return {stop: `${svc} is no longer in the cluster: nothing was sent`};
			const moved = fresh.taskDefinition !== current.taskDefinition ? `${svc} now runs ${name(fresh.taskDefinition)} (it ran ${name(current.taskDefinition)} when the dialog opened)` : undefined;
			current = fresh;
			await load(fresh.taskDefinition);
			if (!target) return {stop: `${to} could not be read (DescribeTaskDefinition): nothing was sent`};
			const refusal = deployRefusal(fresh, target);
			if (refusal) return {stop: `not sent: ${refusal}`};
			if (fresh.taskDefinition === target.taskDefinitionArn && scale() === undefined) return {stop: `${svc} already runs ${to}: nothing to do (R forces a new deployment of it)`};
			const notes: string[] = [];
			if (moved) notes.push(moved);
			const primary = primaryDeployment(fresh);
			if (primary?.rolloutState === 'IN_PROGRESS') notes.push(`a deployment of ${name(primary.taskDefinition)} is IN_PROGRESS (${primary.runningCount}/${primary.desiredCount} running${primary.failedTasks ? `, ${primary.failedTasks} failed` : ''}): this one replaces it`);
			return {notes};
		},
		progress: () => `sending UpdateService taskDefinition=${to}…`,
		run: () => deployRevision(base.deps, current, target?.taskDefinitionArn ?? targetArn, scale()),
		after: base.after,
	};
}

/** Where a deployment's revisions stand now: "cart:3 0/2 running, 4 failed". */
function standing(r: ServiceRevisionSummary | undefined, failed?: number): string {
	if (!r) return '?';
	const pending = r.pendingTaskCount ? `, ${r.pendingTaskCount} pending` : '';
	return `${name(r.taskDefinition)} ${r.runningTaskCount ?? 0}/${r.requestedTaskCount ?? 0} running${pending}${failed ? `, ${failed} failed` : ''}`;
}

/** StopServiceDeployment ROLLBACK on a PENDING or IN_PROGRESS deployment. */
export function rollbackSpec(base: FlowBase, service: Service, sd: ServiceDeployment, options: SpecOptions = {}): DialogSpec {
	let current = sd;
	let currentService = service;
	const svc = clean(service.serviceName);
	const goal = sd.targetServiceRevision;
	// The revisions it goes back to: ECS takes the previous service revision; named as the source(s).
	const sources = (sd.sourceServiceRevisions ?? []).filter(r => r.arn);
	const back = [...new Set(sources.map(r => name(r.taskDefinition)))].join(' or ');
	let from: TaskDefinition | undefined;
	let to: TaskDefinition | undefined;
	const read = taskDefinitions(base);
	let reading = true;
	const load = async () => {
		const one = sources.length === 1 || new Set(sources.map(r => r.taskDefinition)).size === 1 ? sources[0]?.taskDefinition : undefined;
		[from, to] = await Promise.all([goal?.taskDefinition ? read(goal.taskDefinition) : undefined, one ? read(one) : undefined]);
		reading = false;
	};
	void load().then(() => options.redraw?.(), () => undefined);
	const failed = () => primaryDeployment(currentService)?.failedTasks;
	const label = `${svc}'s deployment of ${name(goal?.taskDefinition)}`;
	return {
		title: () => `Roll back ${label} to ${back}?`,
		where: base.where,
		targets: () => [`${svc}  deployment ${clean(shortId(sd.serviceDeploymentArn))}  ${clean(current.status ?? '?')}  ${back} → ${name(goal?.taskDefinition)}  started ${ago(current.startedAt ?? current.createdAt, options)}`],
		call: () => 'StopServiceDeployment stopType=ROLLBACK (sent once: a retry could act twice)',
		cli: () => `aws ecs stop-service-deployment --service-deployment-arn ${clean(sd.serviceDeploymentArn)} --stop-type ROLLBACK`,
		extras: () => [['back to', `${back}: the revision that ran before this deployment${sources.length > 1 ? ' (ECS goes back to the previous service revision)' : ''}`]],
		effect: () => {
			const target = current.targetServiceRevision ? {...current.targetServiceRevision, taskDefinition: goal?.taskDefinition} : goal;
			const old = (current.sourceServiceRevisions ?? sources).map((r, i) => ({...r, taskDefinition: sources[i]?.taskDefinition ?? r.taskDefinition}));
			return [
				`ECS stops this deployment (ROLLBACK_REQUESTED, then ROLLBACK_IN_PROGRESS) and deploys ${back} again: its tasks replace those of ${name(goal?.taskDefinition)}`,
				`now: ${standing(target, failed())}; ${old.map(r => `${name(r.taskDefinition)} ${r.runningTaskCount ?? 0} running`).join(', ') || `${back} ?`}`,
				configurationLine(currentService),
			];
		},
		diff: () => (back.includes(' or ') ? [{text: `diff: more than one revision ran before (${back}); ECS picks the previous one`, tone: 'dim'}] : diffSection(from, to, 'this deployment', 'back to', reading)),
		verb: 'roll back',
		recheck: async (): Promise<Recheck> => {
			// aws ecs describe-service-deployments --service-deployment-arns ARN
			const [[fresh], freshService] = await Promise.all([
				base.deps.api.describeServiceDeployments([sd.serviceDeploymentArn], {priority: 'action'}).then(r => r.items),
				describeService(base, service),
			]);
			if (!fresh) return {stop: 'ECS no longer lists this deployment: nothing was sent'};
			if (!freshService) return {stop: `${svc} is no longer in the cluster: nothing was sent`};
			current = fresh;
			currentService = freshService;
			const status = fresh.status ?? '?';
			if (!stoppableStatuses.has(status)) {
				const what = rollbackOf(freshService, {...fresh, targetServiceRevision: goal, sourceServiceRevisions: sources});
				const next = what.kind === 'redeploy' ? '; B again goes back by deploying the revision before it' : what.kind === 'refused' ? ` (${what.why})` : '';
				return {stop: `the deployment is ${clean(status)} now, no longer in progress: nothing was sent${next}`};
			}
			return {notes: fresh.status !== sd.status ? [`the deployment went ${clean(sd.status ?? '?')} → ${clean(status)} since the dialog opened`] : []};
		},
		progress: () => 'sending StopServiceDeployment stopType=ROLLBACK…',
		run: () => rollBackDeployment(base.deps, sd, label, back),
		after: base.after,
	};
}
