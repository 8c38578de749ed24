// `ecs-top get clusters|services|tasks|instances`: a complete one-shot read through the same
// client and rate limiter as the TUI (at 'interactive' priority), printed as an aligned table of the
// pane's columns, or with --json as a JSON array of domain objects (ECS's field names, ISO dates).
import process from 'node:process';
import {createEcsApi} from '../aws/client.js';
import type {CallOptions, EcsApi} from '../aws/ecs-api.js';
import {describeError} from '../aws/errors.js';
import {sharedLimiter} from '../aws/limiter.js';
import {UsageError, UserError, type ParsedArgs} from '../cli-args.js';
import {serviceGroup, shortId, type Failure} from '../domain.js';
import {formatTable} from '../format.js';
import {clean, jsonText} from '../text.js';
import {type CellColor, type ColumnDef, clusterColumns, instanceColumns, serviceColumns, stoppedTaskColumns, taskColumns, taskDefinitionColumns, taskDefinitionFamilyColumns} from '../store/columns.js';
import {describeRevisions, listFamilies, listRevisionArns} from '../store/task-definitions.js';

const resources = ['clusters', 'services', 'tasks', 'instances', 'taskdefs'] as const;
type Resource = (typeof resources)[number];
const aliases: Record<string, Resource> = {cluster: 'clusters', service: 'services', svc: 'services', task: 'tasks', instance: 'instances', ci: 'instances', taskdef: 'taskdefs', td: 'taskdefs', 'task-definitions': 'taskdefs'};

interface Result {
	items: object[];
	columns: Array<ColumnDef<any>>;
}

const call: CallOptions = {priority: 'interactive'};
const revisionLimit = 100;

/** ECS reports unknown names as MISSING failures: a one-line error naming them. */
function assertFound(failures: readonly Failure[], what: string, cluster?: string): void {
	const missing = failures.filter(f => f.reason === 'MISSING');
	if (missing.length === 0) return;
	// The names come from ECS's answer: cleaned like everything else that reaches the terminal.
	const names = missing.map(f => `"${clean(f.arn ? shortId(f.arn) : '?')}"`).join(', ');
	throw new UserError(`${what} ${names} not found${cluster ? ` in cluster "${clean(cluster)}"` : ''}`);
}

async function read(api: EcsApi, resource: Resource, parsed: ParsedArgs): Promise<Result> {
	const cluster = parsed.cluster ?? 'default';
	switch (resource) {
		case 'clusters': {
			const arns = parsed.cluster ? [parsed.cluster] : await api.listClusterArns(call);
			const {items, failures} = await api.describeClusters(arns, call);
			assertFound(failures, 'cluster');
			return {items, columns: clusterColumns};
		}
		case 'services': {
			const arns = parsed.services.length > 0 ? parsed.services : await api.listServiceArns(cluster, call);
			const {items, failures} = await api.describeServices(cluster, arns, call);
			assertFound(failures, 'service', cluster);
			return {items, columns: serviceColumns};
		}
		case 'tasks': {
			const filters = parsed.services.length > 0 ? parsed.services.map(serviceName => ({serviceName})) : [{}];
			const statuses = parsed.stopped ? (['RUNNING', 'STOPPED'] as const) : (['RUNNING'] as const);
			const arns: string[] = [];
			for (const filter of filters) {
				for (const desiredStatus of statuses) arns.push(...(await api.listTaskArns(cluster, {...filter, desiredStatus}, call)));
			}
			const {items} = await api.describeTasks(cluster, [...new Set(arns)], call);
			// ECS puts a service's tasks in the group service:NAME; emulators that ignore ListTasks'
			// serviceName (moto) list the whole cluster, so the group is checked too (a no-op on ECS).
			const groups = new Set(parsed.services.map(serviceGroup));
			const mine = groups.size === 0 ? items : items.filter(t => t.group === undefined || groups.has(t.group));
			return {items: mine, columns: parsed.stopped ? stoppedTaskColumns : taskColumns};
		}
		case 'instances': {
			const arns = await api.listContainerInstanceArns(cluster, {}, call);
			const {items} = await api.describeContainerInstances(cluster, arns, call);
			return {items, columns: instanceColumns};
		}
		case 'taskdefs': {
			if (parsed.family === undefined) return {items: await listFamilies(api, call), columns: taskDefinitionFamilyColumns};
			const arns = await listRevisionArns(api, parsed.family, call);
			if (arns.length === 0) throw new UserError(`task definition family "${clean(parsed.family)}" not found`);
			// One DescribeTaskDefinition per revision (ECS has no batch describe): the newest 100.
			if (arns.length > revisionLimit) process.stderr.write(`ecs-top: showing the newest ${revisionLimit} of ${arns.length} revisions of ${clean(parsed.family)}\n`);
			return {items: await describeRevisions(api, arns, {...call, limit: revisionLimit}), columns: taskDefinitionColumns};
		}
	}
}

const ansi: Record<CellColor, [string, string]> = {red: ['\u001B[31m', '\u001B[39m'], yellow: ['\u001B[33m', '\u001B[39m'], green: ['\u001B[32m', '\u001B[39m'], dim: ['\u001B[2m', '\u001B[22m']};

export function render(result: Result, options: {color: boolean; now?: number}): string {
	const ctx = {now: options.now ?? Date.now()};
	// Column values are clean already (store/columns.ts); clean() again costs nothing on plain text
	// and keeps the table's widths honest whatever a column returns.
	const rows = result.items.map(item => result.columns.map(c => clean(c.value(item, ctx))));
	const paint = options.color
		? (text: string, row: number, column: number) => {
				const color = result.columns[column]!.color?.(result.items[row]);
				return color && text.trim() !== '' ? `${ansi[color][0]}${text}${ansi[color][1]}` : text;
			}
		: undefined;
	return formatTable(result.columns, rows, paint);
}

function resourceOf(args: readonly string[]): Resource {
	const [name] = args;
	if (name === undefined) throw new UsageError('get needs a resource: clusters, services, tasks, instances or taskdefs');
	const resource = (resources as readonly string[]).includes(name) ? (name as Resource) : aliases[name];
	if (!resource) throw new UsageError(`unknown resource "${name}": use clusters, services, tasks, instances or taskdefs`);
	return resource;
}

async function write(text: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		process.stdout.write(text, error => (error ? reject(error) : resolve()));
	});
}

export async function runGet(parsed: ParsedArgs): Promise<number> {
	const resource = resourceOf(parsed.args);
	if (parsed.stopped && resource !== 'tasks') throw new UsageError('--stopped applies to "get tasks"');
	if (parsed.services.length > 0 && resource !== 'services' && resource !== 'tasks') throw new UsageError(`--service does not apply to "get ${resource}"`);
	if (parsed.family !== undefined && resource !== 'taskdefs') throw new UsageError(`--family applies to "get taskdefs"`);
	// get never changes anything: the client is read-only whatever the flags say.
	const api = createEcsApi({...parsed.aws, readOnly: true, limiter: sharedLimiter()});
	let result: Result;
	try {
		result = await read(api, resource, parsed);
	} catch (error) {
		if (error instanceof UserError) throw error;
		const info = describeError(error);
		if (info.name === 'ClusterNotFoundException') throw new UserError(`cluster "${parsed.cluster ?? 'default'}" not found`);
		if (info.name === 'ServiceNotFoundException') throw new UserError(`service ${parsed.services.map(s => `"${s}"`).join(', ')} not found in cluster "${parsed.cluster ?? 'default'}"`);
		throw new UserError(info.message);
	}
	const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
	// A closed pipe also raises 'error' on stdout (maybe after the write's callback): it stays ignored.
	const ignoreEpipe = (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EPIPE') throw error;
	};
	process.stdout.on('error', ignoreEpipe);
	try {
		// --json keeps the data whole: C1 controls, DEL, bidi and invisible characters are written as
		// \u escapes (JSON.stringify leaves them raw), so jq gets the real string back and a terminal
		// showing the raw JSON sees nothing it would act on.
		await write(parsed.json ? `${jsonText(result.items, 2)}\n` : render(result, {color}));
	} catch (error) {
		// `ecs-top get tasks | head` closes the pipe early: that is success, not a failure.
		if ((error as NodeJS.ErrnoException).code === 'EPIPE') return 0;
		throw error;
	}
	return 0;
}
