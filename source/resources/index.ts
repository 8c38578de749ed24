// The resource registry: every resource the app knows, and the lookups the rest of the app makes
// instead of switching on a kind (panes, `:` commands, `get` names, the poller's adapters).
import type {EcsApi} from '../aws/ecs-api.js';
import type {ScopeAdapter} from '../store/poll/adapter.js';
import type {Scope} from '../store/types.js';
import type {PaneDef} from '../views/types.js';
import {clusters} from './clusters.js';
import {containers} from './containers.js';
import {deployments} from './deployments.js';
import {instances} from './instances.js';
import type {Pane} from './panes.js';
import {services} from './services.js';
import {taskDefinitions} from './taskdefs.js';
import {tasks} from './tasks.js';
import type {CommandDef, GetDef, Resource} from './types.js';

export type {Pane} from './panes.js';
export {panes} from './panes.js';

/** In the order `get`'s help and `:`'s completion list them. */
export const resources: readonly Resource[] = [clusters, services, tasks, containers, instances, taskDefinitions, deployments];

/** The table panes, by name. */
export const tablePanes: Readonly<Partial<Record<Pane, PaneDef>>> = Object.fromEntries(resources.flatMap(r => r.panes.map(p => [p.pane, p])));

/** Every resource's `:` commands. */
export const resourceCommands: readonly CommandDef[] = resources.flatMap(r => r.commands ?? []);

/** The resources `ecs-top get` reads, canonical name first. */
export const getDefs: readonly GetDef[] = resources.flatMap(r => (r.get ? [r.get] : []));

/** `get NAME` by name or alias. */
export function getDefOf(name: string): GetDef | undefined {
	return getDefs.find(g => g.names.includes(name));
}

/** The poller's list/describe adapter for a scope: the store is handed this and imports nothing above it. */
export function adapterFor(api: EcsApi, scope: Scope): ScopeAdapter {
	for (const resource of resources) {
		const factory = resource.adapters?.[scope.kind];
		if (factory) return factory(api, scope);
	}
	throw new Error(`no resource reads "${scope.kind}" scopes`);
}
