// What the app knows about one ECS resource, in one place: each module of this folder exports a
// Resource, and source/resources/index.ts lists them. Panes, `get`, `:` command mode, describe,
// the non-TTY first screen and the poller read this registry instead of switching on a kind.
import type {CallOptions, EcsApi} from '../aws/ecs-api.js';
import type {CellContext, Column} from '../components/table-layout.js';
import type {MetricsTarget} from '../aws/metrics-api.js';
import type {ScopeAdapter} from '../store/poll/adapter.js';
import type {Scope} from '../store/types.js';
import type {ActionContext, PaneDef} from '../views/types.js';

/** What `ecs-top get` was asked, as the resource reads it. */
export interface GetRequest {
	/** `--cluster`, else `default` as the AWS CLI does. */
	cluster: string;
	/** `--cluster` was given (get clusters then reads just that one). */
	clusterGiven: boolean;
	services: readonly string[];
	stopped: boolean;
	family?: string;
	/** One line to stderr (a cut list, a note). */
	warn(line: string): void;
}

export interface GetResult {
	items: object[];
	columns: ReadonlyArray<Column<any>>;
}

/** The `get` flags beyond --cluster that a resource takes (others are usage errors). */
export type GetFlag = 'service' | 'stopped' | 'family';

export interface GetDef {
	/** The canonical name first (`get tasks`), then its aliases. */
	names: readonly string[];
	flags?: readonly GetFlag[];
	/** Flags it cannot do without (`get deployments` needs one --service): a usage error when missing. */
	required?: readonly GetFlag[];
	/** `--metrics`: what an item's utilization is read for (or why it has none), as the pane's. */
	metrics?(item: any, ctx: CellContext): MetricsTarget | string;
	read(api: EcsApi, request: GetRequest, call: CallOptions): Promise<GetResult>;
}

/** What ECS said it does not know (MISSING, not found): `get` makes it a one-line error, exit 1. */
export class NotFoundError extends Error {
	override name = 'NotFoundError';
}

/** A `:` command: its names (the first is shown), and what it does with the rest of the line. */
export interface CommandDef {
	names: readonly string[];
	/** Returns an error to show, or nothing. */
	run(ctx: ActionContext, arg: string): string | void;
	/** Takes an argument (`:cluster NAME`): Tab completes `NAME` after it. */
	takesArgument?: boolean;
}

/** Builds the poller's list/describe adapter for a scope of this resource. */
export type AdapterFactory = (api: EcsApi, scope: Scope) => ScopeAdapter;

export interface Resource {
	/** The resource's name (its main pane's name). */
	name: string;
	/** Its panes (tasks has one; task definitions have families and revisions). */
	panes: ReadonlyArray<PaneDef<any>>;
	/** Its `:` command names and aliases. */
	commands?: readonly CommandDef[];
	/** Its `ecs-top get` name, aliases and read. */
	get?: GetDef;
	/** How the poller lists and describes its scopes, by scope kind. */
	adapters?: Partial<Record<Scope['kind'], AdapterFactory>>;
}
