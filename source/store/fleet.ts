// The fleet: several contexts (profile × region) read at once, each through its own data layer
// (its poller, its account+Region's rate limiter and budget), seen by the UI as one store. ARNs name
// their account and Region, so the members' entity maps merge without clashes; each member's
// clusters scope state stays under `fleet|<key>` (its rows, its error), and the merged `clusters`
// scope lists every member's clusters in member order, then a placeholder id for each member with
// none to show (still loading, or failed): a failing context is its own row, never the others' loss.
//
// Health for each cluster needs its services (short of desired, deployments, stopped-task rate) and,
// on clusters with container instances, those (draining): the fleet poller opens those scopes in the
// background of each member's poller, where its budget paces them (a quarter of each category's
// sustained rate per account and Region, as every poller here).
import type {ReadableStore, PollControl, Scope, ScopeState, Snapshot} from './types.js';
import {scopeKey} from './types.js';

export interface FleetMember {
	/** Unique in the fleet: the context's key (profile/region). */
	key: string;
	/** What the CONTEXT column shows. */
	label: string;
	/** Absent while the context resolves (credentials, account) or when it failed to. */
	store?: ReadableStore;
	poller?: PollControl;
	/** Why the context has no data layer (expired SSO, access denied, no such region). */
	error?: string;
	/**
	 * The label of an earlier member of the same account and Region (two profiles of one account):
	 * its clusters are shown there once, and it reads nothing itself (one budget, one poller).
	 */
	sameAs?: string;
}

/** A member with no rows to show: a placeholder row's id. */
export const memberRowId = (key: string) => `context:${key}`;
export const memberScopeKey = (key: string) => `fleet|${key}`;

const clustersScope: Scope = {kind: 'clusters'};
const kinds = ['clusters', 'services', 'tasks', 'instances'] as const;

function emptySnapshot(): Snapshot {
	return {version: 0, clusters: new Map(), services: new Map(), tasks: new Map(), instances: new Map(), scopes: new Map(), api: {state: 'ok'}, metrics: {enabled: false, readings: new Map()}};
}

export class FleetStore implements ReadableStore {
	#members: readonly FleetMember[] = [];
	readonly #listeners = new Set<() => void>();
	readonly #unsubscribe = new Map<string, () => void>();
	#snapshot: Snapshot = emptySnapshot();
	#inputs: Array<Snapshot | undefined> = [];
	#version = 0;
	#dirty = true;

	members(): readonly FleetMember[] {
		return this.#members;
	}

	setMembers(members: readonly FleetMember[]): void {
		this.#members = members;
		for (const [key, off] of this.#unsubscribe) {
			if (members.some(m => m.key === key && m.store)) continue;
			off();
			this.#unsubscribe.delete(key);
		}
		for (const member of members) {
			if (!member.store || this.#unsubscribe.has(member.key)) continue;
			this.#unsubscribe.set(member.key, member.store.subscribe(() => this.#changed()));
		}
		this.#dirty = true;
		this.#changed();
	}

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	getSnapshot = (): Snapshot => {
		const inputs = this.#members.map(m => m.store?.getSnapshot());
		if (!this.#dirty && inputs.length === this.#inputs.length && inputs.every((s, i) => s === this.#inputs[i])) return this.#snapshot;
		this.#snapshot = this.#merge(inputs);
		this.#inputs = inputs;
		this.#dirty = false;
		return this.#snapshot;
	};

	stop(): void {
		for (const off of this.#unsubscribe.values()) off();
		this.#unsubscribe.clear();
	}

	#changed(): void {
		for (const listener of [...this.#listeners]) listener();
	}

	#merge(inputs: Array<Snapshot | undefined>): Snapshot {
		const previous = this.#snapshot;
		const merged: Record<string, ReadonlyMap<string, unknown>> = {};
		for (const kind of kinds) {
			// A kind none of the members changed keeps its map: the UI's row caches compare them by identity.
			const unchanged = inputs.length === this.#inputs.length && inputs.every((s, i) => s?.[kind] === this.#inputs[i]?.[kind]);
			if (unchanged && !this.#dirty) {
				merged[kind] = previous[kind];
				continue;
			}
			const map = new Map<string, unknown>();
			for (const s of inputs) if (s) for (const [id, item] of s[kind]) map.set(id, item);
			merged[kind] = map;
		}
		const scopes = new Map<string, ScopeState>();
		const ids: string[] = [];
		const own: ScopeState[] = [];
		this.#members.forEach((member, i) => {
			const s = inputs[i];
			const state = s?.scopes.get(scopeKey(clustersScope));
			if (s) for (const [key, value] of s.scopes) if (key !== 'clusters') scopes.set(key, value);
			const memberState: ScopeState = state ?? {key: memberScopeKey(member.key), ids: [], loading: !member.error && !member.sameAs, stale: false, intervalMs: 0, ...(member.error ? {error: {name: 'ContextError', message: member.error}} : {})};
			scopes.set(memberScopeKey(member.key), memberState);
			if (state) own.push(state);
			// Its clusters, or one row standing for it (loading, failed, or empty).
			if (state && state.ids.length > 0) ids.push(...state.ids);
			else ids.push(memberRowId(member.key));
		});
		const ready = own.filter(s => s.updatedAt !== undefined);
		const all: ScopeState = {
			key: 'clusters',
			ids,
			// The header's age: the oldest member's, so no context is shown fresher than it is.
			...(ready.length > 0 ? {updatedAt: Math.min(...ready.map(s => s.updatedAt!))} : {}),
			loading: this.#members.some((m, i) => !m.error && !m.sameAs && (!inputs[i] || inputs[i]!.scopes.get('clusters')?.loading !== false)),
			stale: own.some(s => s.stale),
			// The focused members' pace (the header's "every 2s"); a member stretched by its budget says so below.
			intervalMs: own.length > 0 ? Math.min(...own.map(s => s.intervalMs)) : 0,
			...(own.some(s => s.budgetStretched) ? {budgetStretched: true} : {}),
		};
		scopes.set('clusters', all);
		const api = inputs.find(s => s && s.api.state !== 'ok')?.api ?? {state: 'ok' as const};
		return {
			version: ++this.#version,
			clusters: merged.clusters as Snapshot['clusters'],
			services: merged.services as Snapshot['services'],
			tasks: merged.tasks as Snapshot['tasks'],
			instances: merged.instances as Snapshot['instances'],
			scopes,
			api,
			metrics: {enabled: false, readings: new Map()},
		};
	}
}

/** What a cluster's health is read from, besides its own counters. */
export function healthScopes(clusterArn: string, registeredInstances: number): Scope[] {
	const scopes: Scope[] = [{kind: 'services', cluster: clusterArn}];
	if (registeredInstances > 0) scopes.push({kind: 'instances', cluster: clusterArn});
	return scopes;
}

/**
 * The UI's poll control over the fleet: the clusters scope is every member's; each member's
 * clusters' health scopes are opened on its own poller while the fleet's clusters scope is open.
 * Other scopes (none today: drilling in switches to the context's own app) go to the member whose
 * store has the cluster.
 */
export class FleetPoller implements PollControl {
	#members: readonly FleetMember[] = [];
	#openCount = 0;
	/** Per member: its clusters scope closer, its store subscription, and its health scopes by key. */
	readonly #open = new Map<string, {close: () => void; off: () => void; health: Map<string, () => void>}>();
	#paused = false;
	/** The scope last focused: a member that opens later (its STS answer came after the first render) is focused on it too. */
	#focus?: Scope;

	setMembers(members: readonly FleetMember[]): void {
		this.#members = members;
		for (const [key, entry] of this.#open) {
			if (members.some(m => m.key === key && m.poller)) continue;
			this.#closeMember(key, entry);
		}
		if (this.#openCount > 0) for (const member of members) this.#openMember(member);
	}

	open(scope: Scope): () => void {
		if (scope.kind !== 'clusters') return this.#routed(scope, (poller, s) => poller.open(s)) ?? (() => undefined);
		this.#openCount++;
		for (const member of this.#members) this.#openMember(member);
		let closed = false;
		return () => {
			if (closed) return;
			closed = true;
			if (--this.#openCount > 0) return;
			for (const [key, entry] of this.#open) this.#closeMember(key, entry);
		};
	}

	focus(scope: Scope): void {
		this.#focus = scope;
		if (scope.kind === 'clusters') for (const m of this.#members) m.poller?.focus(scope);
		else this.#routed(scope, (poller, s) => poller.focus(s));
	}

	async refreshNow(scope: Scope): Promise<void> {
		if (scope.kind !== 'clusters') {
			await this.#routed(scope, (poller, s) => poller.refreshNow(s));
			return;
		}
		await Promise.all(
			this.#members.map(async m => {
				if (!m.poller) return;
				await m.poller.refreshNow(scope);
				const health = this.#open.get(m.key)?.health;
				for (const key of health?.keys() ?? []) await m.poller.refreshNow(parseHealthKey(key));
			}),
		);
	}

	pause(): void {
		this.#paused = true;
		for (const m of this.#members) m.poller?.pause();
	}

	resume(): void {
		this.#paused = false;
		for (const m of this.#members) m.poller?.resume();
	}

	async settled(): Promise<void> {
		await Promise.all(this.#members.map(m => m.poller?.settled()));
	}

	stop(): void {
		for (const [key, entry] of this.#open) this.#closeMember(key, entry);
	}

	#routed<T>(scope: Scope, run: (poller: PollControl, scope: Scope) => T): T | undefined {
		const cluster = 'cluster' in scope ? scope.cluster : undefined;
		const owner = this.#members.find(m => m.store && cluster && m.store.getSnapshot().clusters.has(cluster));
		return owner?.poller ? run(owner.poller, scope) : undefined;
	}

	#openMember(member: FleetMember): void {
		const {poller, store} = member;
		if (!poller || !store || this.#open.has(member.key)) return;
		if (this.#paused) poller.pause();
		const health = new Map<string, () => void>();
		const sync = () => {
			const snapshot = store.getSnapshot();
			const ids = snapshot.scopes.get('clusters')?.ids ?? [];
			const wanted = new Map<string, Scope>();
			for (const id of ids) {
				const cluster = snapshot.clusters.get(id);
				if (!cluster || cluster.status === 'INACTIVE') continue;
				for (const scope of healthScopes(cluster.clusterArn, cluster.registeredContainerInstancesCount)) wanted.set(scopeKey(scope), scope);
			}
			for (const [key, close] of health) {
				if (wanted.has(key)) continue;
				close();
				health.delete(key);
			}
			for (const [key, scope] of wanted) if (!health.has(key)) health.set(key, poller.open(scope));
		};
		const close = poller.open(clustersScope);
		// The pane focused the fleet's clusters before this member had a poller: it is refreshed at --refresh as the others.
		if (this.#focus?.kind === 'clusters') poller.focus(clustersScope);
		const off = store.subscribe(sync);
		this.#open.set(member.key, {close, off, health});
		sync();
	}

	#closeMember(key: string, entry: {close: () => void; off: () => void; health: Map<string, () => void>}): void {
		entry.off();
		for (const close of entry.health.values()) close();
		entry.close();
		this.#open.delete(key);
	}
}

/** A health scope back from its key (`services|ARN`, `instances|ARN`). */
function parseHealthKey(key: string): Scope {
	const [kind, cluster = ''] = key.split('|');
	return kind === 'instances' ? {kind: 'instances', cluster} : {kind: 'services', cluster};
}
