// Task definitions: the region's families (`:taskdefs`/`:td`), Enter one family's revisions newest
// first, `get taskdefs [--family F]`. Not in the store (its scope kinds are the polled resources):
// each view reads what it shows once, in the background, through the EcsApi and its shared limiter
// at 'interactive' priority. The read belongs to the view entry (its params), so re-renders never
// re-read; `r` reads again. Describing and comparing revisions: source/views/taskdefs/.
import type {EcsApi} from '../aws/ecs-api.js';
import type {TaskDefinition} from '../domain.js';
import {formatAge} from '../format.js';
import {describeRevisions, listFamilies, listRevisionArns, type TaskDefinitionFamily} from '../store/task-definitions.js';
import {clean} from '../text.js';
import type {ActionContext, PaneDef, ViewEntry, ViewState} from '../views/types.js';
import {viewKey} from '../views/view-state.js';
import {col, nowOf, right, statusColor, youngestFirst} from './cells.js';
import {NotFoundError, type Resource} from './types.js';

/** Revisions described per family in the TUI (DescribeTaskDefinition has no batch form: one call each). */
export const revisionLimit = 50;
/** In `get taskdefs --family F`: the newest 100. */
const getRevisionLimit = 100;

export const taskDefinitionFamilyColumns = [
	col<TaskDefinitionFamily>('family', 'FAMILY', 32, f => f.family),
	col<TaskDefinitionFamily>('status', 'STATUS', 8, f => f.status, {color: f => statusColor(f.status)}),
];

const images = (t: TaskDefinition) => t.containerDefinitions.map(c => c.image.slice(c.image.lastIndexOf('/') + 1)).join(',');

export const taskDefinitionColumns = [
	col<TaskDefinition>('revision', 'REVISION', 22, t => `${t.family}:${t.revision}`),
	col<TaskDefinition>('status', 'STATUS', 8, t => t.status ?? '', {color: t => statusColor(t.status)}),
	col<TaskDefinition>('registered', 'REGISTERED', 10, (t, ctx) => formatAge(t.registeredAt, nowOf(ctx)), {...right, sortValue: t => youngestFirst(t.registeredAt)}),
	col<TaskDefinition>('cpu', 'CPU', 5, t => t.cpu ?? '', right),
	col<TaskDefinition>('memory', 'MEMORY', 6, t => t.memory ?? '', right),
	col<TaskDefinition>('containers', 'CONTAINERS', 10, t => t.containerDefinitions.length, right),
	col<TaskDefinition>('images', 'IMAGES', 40, images),
];

const versionKey = viewKey<number>('taskdefs.version');

/** One background read. Its answer bumps the view's state bag, which re-renders and re-reads the rows. */
export class Load<T> {
	state: 'loading' | 'ok' | 'error' = 'loading';
	value: T | undefined;
	error: string | undefined;

	/** `viewState`: the state of the view the read is for (an answer always lands after it is pushed). */
	constructor(read: () => Promise<T>, viewState: ViewState) {
		const settled = () => viewState.set(versionKey, (viewState.get(versionKey) ?? 0) + 1);
		read().then(
			value => {
				this.value = value;
				this.state = 'ok';
				settled();
			},
			(error: unknown) => {
				this.error = error instanceof Error ? `${clean(error.name)}: ${clean(error.message)}` : clean(error);
				this.state = 'error';
				settled();
			},
		);
	}

	/** What a table pane shows while it has no rows. */
	placeholder(empty: string): string {
		if (this.state === 'loading') return 'loading…';
		if (this.state === 'error') return this.error ?? 'could not read';
		return empty;
	}
}

export interface Revisions {
	/** Every revision's ARN, newest first. */
	arns: string[];
	/** The newest `revisionLimit` of them, described. */
	described: TaskDefinition[];
}

const interactive = {priority: 'interactive'} as const;

export function loadOf<T>(view: ViewEntry): Load<T> | undefined {
	return view.params?.load as Load<T> | undefined;
}

/** Where a view's read reports back: the view's state, by the view's id. */
type StateOf = (viewId: string) => ViewState;

export function familiesView(api: EcsApi, stateOf: StateOf): ViewEntry {
	const id = 'taskdefs';
	// aws ecs list-task-definition-families --status ALL / --status ACTIVE (store/task-definitions.ts)
	return {id, pane: 'taskdefs', crumb: 'task definitions', params: {load: new Load(() => listFamilies(api, interactive), stateOf(id))}};
}

export function revisionsView(api: EcsApi, family: string, stateOf: StateOf): ViewEntry {
	const read = async (): Promise<Revisions> => {
		// aws ecs list-task-definitions --family-prefix F --status ACTIVE / INACTIVE, then
		// aws ecs describe-task-definition --task-definition F:N for the newest ones
		const arns = await listRevisionArns(api, family, interactive);
		return {arns, described: await describeRevisions(api, arns, {...interactive, limit: revisionLimit})};
	};
	const id = `taskdefs|${family}`;
	return {id, pane: 'revisions', crumb: clean(family), params: {load: new Load(read, stateOf(id)), family}};
}

const inactive = (status: string | undefined) => (status === 'INACTIVE' ? ('stopped' as const) : undefined);

export const familiesPane: PaneDef<TaskDefinitionFamily> = {
	pane: 'taskdefs',
	scopes: () => [],
	rows: (_snapshot, view) => loadOf<TaskDefinitionFamily[]>(view)?.value ?? [],
	rowId: f => f.family,
	columns: () => taskDefinitionFamilyColumns,
	tone: f => inactive(f.status),
	placeholder: view => loadOf(view)?.placeholder('no task definitions in this region') ?? 'loading…',
	open: (f, _view, ctx) => (ctx.api ? revisionsView(ctx.api, f.family, ctx.stateOf) : undefined),
};

export const revisionsPane: PaneDef<TaskDefinition> = {
	pane: 'revisions',
	scopes: () => [],
	rows: (_snapshot, view) => loadOf<Revisions>(view)?.value?.described ?? [],
	rowId: t => t.taskDefinitionArn,
	columns: () => taskDefinitionColumns,
	tone: t => inactive(t.status),
	placeholder: view => loadOf(view)?.placeholder(`no revisions of ${clean(view.params?.family)}`) ?? 'loading…',
	origin: view => (typeof view.params?.family === 'string' ? view.params.family : undefined),
};

/** `:taskdefs` / `:td`: returns an error to show, or nothing. */
export function openTaskDefinitions(ctx: ActionContext): string | void {
	if (!ctx.api) return 'task definitions need an ECS client';
	ctx.push(familiesView(ctx.api, ctx.stateOf));
}

export const taskDefinitions: Resource = {
	name: 'taskdefs',
	panes: [familiesPane, revisionsPane],
	commands: [{names: ['taskdefs', 'td'], run: openTaskDefinitions}],
	get: {
		names: ['taskdefs', 'taskdef', 'td', 'task-definitions'],
		flags: ['family'],
		async read(api, request, call) {
			if (request.family === undefined) return {items: await listFamilies(api, call), columns: taskDefinitionFamilyColumns};
			const arns = await listRevisionArns(api, request.family, call);
			if (arns.length === 0) throw new NotFoundError(`task definition family "${clean(request.family)}" not found`);
			// One DescribeTaskDefinition per revision (ECS has no batch describe): the newest 100.
			if (arns.length > getRevisionLimit) request.warn(`showing the newest ${getRevisionLimit} of ${arns.length} revisions of ${clean(request.family)}`);
			return {items: await describeRevisions(api, arns, {...call, limit: getRevisionLimit}), columns: taskDefinitionColumns};
		},
	},
};
