// The table panes as data: which store scopes they read, their rows, columns and colours, and
// the views they lead to. The app knows nothing pane-specific beyond this registry.
import {serviceGroup, shortId, type Cluster, type Container, type ContainerInstance, type Service, type Task} from '../domain.js';
import type {Pane} from '../keymap.js';
import {scopeKey, type Scope, type Snapshot} from '../store/types.js';
import {clean} from '../text.js';
import {clusterColumns, containerColumns, instanceColumns, serviceColumns, stoppedTaskColumns, taskColumns} from '../store/columns.js';
import type {Column} from '../components/table-layout.js';
import {clusterTone, containerTone, instanceTone, serviceTone, taskTone} from './tone.js';
import type {PaneDef, ViewEntry} from './types.js';

/** The entities of the scopes, in list order, without duplicates. */
export function rowsOf<T>(entities: ReadonlyMap<string, T>, snapshot: Snapshot, scopes: readonly Scope[]): T[] {
	const rows: T[] = [];
	const seen = scopes.length > 1 ? new Set<string>() : undefined;
	for (const scope of scopes) {
		for (const id of snapshot.scopes.get(scopeKey(scope))?.ids ?? []) {
			if (seen) {
				if (seen.has(id)) continue;
				seen.add(id);
			}
			const entity = entities.get(id);
			if (entity) rows.push(entity);
		}
	}
	return rows;
}

/** With stopped tasks shown, why they stopped goes right after the status, where it is seen. */
const stoppedFirst = ['id', 'service', 'lastStatus', 'desiredStatus', 'stopCode', 'exitCodes', 'stoppedReason'];
export const stoppedColumns: ReadonlyArray<Column<Task>> = [
	...stoppedFirst.flatMap(id => stoppedTaskColumns.filter(c => c.id === id)),
	...stoppedTaskColumns.filter(c => !stoppedFirst.includes(c.id)),
];

function tasksScopes(view: ViewEntry): Scope[] {
	const scope = view.scope;
	if (!scope || scope.kind !== 'tasks') return [];
	// A stopped scope lists running AND recently stopped tasks (two ListTasks calls). Once shown,
	// both scopes stay open while the view is, so toggling either way is instant.
	const stopped: Scope = {...scope, stopped: true};
	if (view.showStopped) return [stopped, scope];
	return view.stoppedOpen ? [scope, stopped] : [scope];
}

function loadedAt(snapshot: Snapshot, scope: Scope): number {
	return snapshot.scopes.get(scopeKey(scope))?.updatedAt ?? -1;
}

function taskRows(snapshot: Snapshot, view: ViewEntry): Task[] {
	const scopes = tasksScopes(view);
	const ofService = serviceGroupFilter(view);
	if (view.showStopped) {
		// The stopped scope, or the running tasks while it loads.
		const shown = scopes.find(s => loadedAt(snapshot, s) >= 0) ?? scopes[0];
		const rows = shown ? rowsOf(snapshot.tasks, snapshot, [shown]) : [];
		return ofService ? rows.filter(ofService) : rows;
	}
	// The fresher of the two lists; a task known to have stopped since is not "running" any more.
	const fresher = scopes.reduce<Scope | undefined>((best, s) => (!best || loadedAt(snapshot, s) > loadedAt(snapshot, best) ? s : best), undefined);
	return fresher ? rowsOf(snapshot.tasks, snapshot, [fresher]).filter(t => t.lastStatus !== 'STOPPED' && (!ofService || ofService(t))) : [];
}

/**
 * A service's tasks are those ListTasks returns for its serviceName, and ECS puts each in the group
 * `service:NAME`. Emulators that ignore the serviceName filter (moto) list the whole cluster, so
 * the group is checked too: on ECS it removes nothing. A task without a group is kept.
 */
function serviceGroupFilter(view: ViewEntry): ((task: Task) => boolean) | undefined {
	const service = view.scope?.kind === 'tasks' ? view.scope.service : undefined;
	if (!service) return undefined;
	const group = serviceGroup(service);
	return task => task.group === undefined || task.group === group;
}

export const clustersPane: PaneDef<Cluster> = {
	pane: 'clusters',
	scopes: () => [{kind: 'clusters'}],
	rows: (snapshot, view) => rowsOf(snapshot.clusters, snapshot, [view.scope ?? {kind: 'clusters'}]),
	rowId: c => c.clusterArn,
	columns: () => clusterColumns,
	tone: clusterTone,
	empty: () => 'no clusters in this region',
};

export const servicesPane: PaneDef<Service> = {
	pane: 'services',
	scopes: view => (view.scope ? [view.scope] : []),
	rows: (snapshot, view) => rowsOf(snapshot.services, snapshot, view.scope ? [view.scope] : []),
	rowId: s => s.serviceArn,
	columns: () => serviceColumns,
	tone: serviceTone,
	empty: view => `no services in ${view.cluster ?? 'this cluster'}`,
};

export const tasksPane: PaneDef<Task> = {
	pane: 'tasks',
	scopes: tasksScopes,
	rows: taskRows,
	rowId: t => t.taskArn,
	columns: view => {
		const columns = view.showStopped ? stoppedColumns : taskColumns;
		// The tasks of one service all share it: its column would only take room from the reasons.
		return view.scope?.kind === 'tasks' && view.scope.service ? columns.filter(c => c.id !== 'service') : columns;
	},
	tone: taskTone,
	empty: view => (view.showStopped ? 'no tasks' : 'no running tasks (z shows stopped ones)'),
};

export const containersPane: PaneDef<Container> = {
	pane: 'containers',
	// The task's own tasks scope keeps it fresh (and in the store).
	scopes: tasksScopes,
	rows: (snapshot, view) => (view.taskArn ? snapshot.tasks.get(view.taskArn)?.containers ?? [] : []),
	rowId: c => c.name,
	visibleIds: view => (view.taskArn ? [view.taskArn] : []),
	columns: () => containerColumns,
	tone: containerTone,
	empty: () => 'the task is no longer listed',
};

export const instancesPane: PaneDef<ContainerInstance> = {
	pane: 'instances',
	scopes: view => (view.scope ? [view.scope] : []),
	rows: (snapshot, view) => rowsOf(snapshot.instances, snapshot, view.scope ? [view.scope] : []),
	rowId: i => i.containerInstanceArn,
	columns: () => instanceColumns,
	tone: instanceTone,
	empty: () => 'no container instances (Fargate only?)',
};

export const tablePanes: Partial<Record<Pane, PaneDef>> = {
	clusters: clustersPane,
	services: servicesPane,
	tasks: tasksPane,
	containers: containersPane,
	instances: instancesPane,
};

// Where navigation leads. Crumbs are cleaned here, once, because they come from the API.

/** The row of the view below this one that it shows the inside of, as its scope names it. */
export function originOf(view: ViewEntry): string | undefined {
	if (view.pane === 'services') return view.cluster;
	if (view.pane === 'tasks') return view.scope?.kind === 'tasks' ? (view.scope.service ?? view.scope.containerInstance) : undefined;
	if (view.pane === 'containers') return view.id.startsWith('containers|') ? view.id.slice('containers|'.length) : undefined;
	return undefined;
}

export function clustersView(): ViewEntry {
	return {id: 'clusters', pane: 'clusters', crumb: 'clusters', scope: {kind: 'clusters'}};
}

export function servicesView(cluster: string): ViewEntry {
	const scope: Scope = {kind: 'services', cluster};
	return {id: scopeKey(scope), pane: 'services', crumb: clean(cluster), cluster, scope};
}

export function tasksView(cluster: string, by: {service?: string; containerInstance?: string; crumb: string}): ViewEntry {
	const scope: Scope = {kind: 'tasks', cluster, service: by.service, containerInstance: by.containerInstance};
	return {id: scopeKey(scope), pane: 'tasks', crumb: clean(by.crumb), cluster, scope};
}

export function instancesView(cluster: string, crumb = 'instances'): ViewEntry {
	const scope: Scope = {kind: 'instances', cluster};
	return {id: scopeKey(scope), pane: 'instances', crumb: clean(crumb), cluster, scope};
}

export function containersView(parent: ViewEntry, task: Task): ViewEntry {
	return {
		id: `containers|${task.taskArn}`,
		pane: 'containers',
		crumb: clean(shortId(task.taskArn)),
		cluster: parent.cluster,
		scope: parent.scope,
		showStopped: parent.showStopped,
		stoppedOpen: parent.stoppedOpen,
		taskArn: task.taskArn,
	};
}
