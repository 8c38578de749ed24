// How a scope is listed and described: the poller is generic over these adapters, which the
// resources (source/resources/) build and the data layer is handed (the store imports nothing above it).
import type {CallOptions, Described, EcsApi} from '../../aws/ecs-api.js';
import type {Category} from '../../aws/limiter.js';
import type {Entity, EntityKind} from '../entity-store.js';
import type {Scope} from '../types.js';

export interface ScopeAdapter {
	/** Where the scope's entities live. */
	kind: Exclude<EntityKind, 'clusters'> | 'clusters';
	/** The Describe call's batch limit. */
	chunk: number;
	/** The throttle category of its List and Describe calls. */
	category: Category;
	/** The cluster whose counters signal changes (none for the cluster list). */
	cluster?: string;
	list(options: CallOptions): Promise<string[]>;
	describe(ids: readonly string[], options: CallOptions): Promise<Described<Entity>>;
	arnOf(item: Entity): string;
	/** A single-service events scope: describe the one service every cycle, no list call. */
	fixed?: boolean;
	/**
	 * An entity unlikely to change unseen: a changing cluster's sweep re-describes these only every
	 * slow pass (its state changes that matter move the cluster's counters or the ARN list).
	 */
	settled?(item: Entity, now: number): boolean;
	/** List calls per page of ARNs (a tasks scope with stopped tasks lists twice). Default 1. */
	listCalls?: number;
	/**
	 * A feed (the events scope reads services for their events): none of its entities is a row on
	 * screen, so all are swept, at the active pace while it is focused.
	 */
	feed?: boolean;
}

/** What the data layer is handed: the adapter for any scope the UI opens. */
export type AdapterSource = (api: EcsApi, scope: Scope) => ScopeAdapter;

