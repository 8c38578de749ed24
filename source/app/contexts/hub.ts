// The contexts the TUI shows and keeps, outside React. A context (profile × region) is opened once
// (region and account resolved, its own data layer: store, poller, its account+Region's limiter)
// and kept with its UI state (navigation, cursors, filters: its controller), so going back to it
// returns where you were. One context shown: its app. Several: the fleet, one app over a store that
// merges theirs (source/store/fleet.ts). A context that fails to open is said once, on the status
// line or as its fleet row, and never stops the others.
import {contextLabel, contextSpecs, type ContextSpec} from '../../aws/contexts.js';
import type {ProfileInfo} from '../../aws/client.js';
import {describeError} from '../../aws/errors.js';
import {FleetPoller, FleetStore, type FleetMember} from '../../store/fleet.js';
import type {ContextsControl, CredentialsState, ProfileRow} from '../../views/contexts/types.js';
import type {Controller} from '../controller.js';
import type {AppProps} from '../../app.js';

/** What the app of one context is built from (AppProps without what the hub adds). */
export interface OpenedContext {
	label: string;
	account?: string;
	region: string;
	profile: string | null;
	/** Handed to its App as they are (store, poller, api, feeds, env). */
	props: Partial<AppProps>;
	stop(): void;
}

/** An app's UI state, kept while its context is not shown. */
export interface Keep {
	controller?: Controller;
}

export interface HubOptions {
	/** `--profile a,b` (null: the default chain) and `--region r1,r2` (empty: each profile's own). */
	profiles: readonly (string | null)[];
	regions: readonly string[];
	open(spec: ContextSpec): Promise<OpenedContext>;
	listProfiles(): Promise<ProfileInfo[]>;
	checkCredentials(profile: string | null): Promise<void>;
	/** The context opened before the screen (one context at start: its errors end ecs-top before). */
	opened?: {spec: ContextSpec; context: OpenedContext};
}

interface Entry {
	key: string;
	spec: ContextSpec;
	label: string;
	opening?: Promise<void>;
	opened?: OpenedContext;
	error?: string;
	keep: Keep;
	/** Where its app opens when first shown from the fleet (a cluster's services). */
	cluster?: string;
}

export type Shown = {mode: 'single'; key: string; fromFleet: boolean} | {mode: 'fleet'};

export interface HubSnapshot {
	version: number;
	shown: Shown;
}

export const specKey = (spec: ContextSpec) => `${spec.profile ?? ''}/${spec.region ?? ''}`;

const defaultRowId = '(default chain)';

export class ContextsHub implements ContextsControl {
	readonly fleetStore = new FleetStore();
	readonly fleetPoller = new FleetPoller();
	readonly fleetKeep: Keep = {};
	readonly #entries = new Map<string, Entry>();
	readonly #listeners = new Set<() => void>();
	#profiles: readonly (string | null)[];
	#regions: readonly string[];
	#fleet: string[] = [];
	#snapshot: HubSnapshot;
	#profileRows: ProfileRow[] | undefined;
	readonly #credentials = new Map<string, CredentialsState>();
	#stopped = false;

	constructor(private readonly options: HubOptions) {
		this.#profiles = options.profiles.length > 0 ? options.profiles : [null];
		this.#regions = options.regions;
		const specs = this.#specs(this.#profiles, this.#regions);
		if (options.opened) {
			const key = specKey(options.opened.spec);
			this.#entries.set(key, {key, spec: options.opened.spec, label: options.opened.context.label, opened: options.opened.context, keep: {}});
		}
		void this.#readProfiles();
		if (specs.length === 1) {
			this.#snapshot = {version: 0, shown: {mode: 'single', key: specKey(specs[0]!), fromFleet: false}};
			this.#ensure(specs[0]!);
		} else {
			this.#snapshot = {version: 0, shown: {mode: 'fleet'}};
			this.#showFleet(specs);
		}
	}

	getSnapshot = (): HubSnapshot => this.#snapshot;

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	/** The entry shown alone (single mode), if open. */
	entry(key: string): Readonly<Entry> | undefined {
		return this.#entries.get(key);
	}

	current() {
		return {profiles: this.#profiles, regions: this.#regions};
	}

	fleetMembers(): readonly FleetMember[] {
		return this.fleetStore.members();
	}

	/** What the header names: every context shown. */
	fleetLabel(): string {
		return `fleet of ${this.#fleet.length}: ${this.#fleet.map(k => this.#entries.get(k)?.label ?? k).join(', ')}`;
	}

	profiles(): readonly ProfileRow[] | undefined {
		return this.#profileRows;
	}

	check(): void {
		void this.#readProfiles().then(infos => {
			if (this.#stopped) return;
			for (const info of infos) {
				const id = info.name ?? defaultRowId;
				this.#credentials.set(id, {state: 'checking'});
				this.options.checkCredentials(info.name).then(
					() => this.#credentialsAre(id, {state: 'ok'}),
					(error: unknown) => this.#credentialsAre(id, {state: 'failed', reason: describeError(error).message}),
				);
			}
			this.#refreshRows();
		});
	}

	/** The files again (no network): the rows of `:ctx` and `:profile`'s Tab. */
	async #readProfiles(): Promise<Array<Omit<ProfileInfo, 'name'> & {name: string | null}>> {
		const list = await this.options.listProfiles().catch(() => []);
		const infos: Array<Omit<ProfileInfo, 'name'> & {name: string | null}> = [{name: null, sso: false}, ...list];
		if (!this.#stopped) {
			this.#profileRows = infos.map(info => this.#row(info));
			this.#emit();
		}
		return infos;
	}

	use(request: {profiles?: readonly (string | null)[]; regions?: readonly string[]}, say: (text: string, tone?: 'info' | 'success' | 'error') => void): void {
		const profiles = request.profiles && request.profiles.length > 0 ? request.profiles : this.#profiles;
		const regions = request.regions ?? this.#regions;
		const specs = this.#specs(profiles, regions);
		if (specs.length > 1) {
			this.#profiles = profiles;
			this.#regions = regions;
			this.#showFleet(specs);
			say(`fleet of ${specs.length} contexts: ${specs.map(s => contextLabel(s.profile, s.region)).join(', ')}`, 'success');
			return;
		}
		const spec = specs[0]!;
		const entry = this.#ensure(spec);
		const key = entry.key;
		if (!entry.opened) say(`opening ${entry.label}…`);
		void (entry.opening ?? Promise.resolve()).then(() => {
			if (this.#stopped) return;
			if (entry.error) return say(`${entry.label}: ${entry.error}`, 'error');
			this.#profiles = profiles;
			this.#regions = regions;
			this.#show({mode: 'single', key, fromFleet: false});
			say(`now ${entry.opened!.label}${entry.opened!.account ? ` (account ${entry.opened!.account})` : ''}`, 'success');
		});
	}

	openCluster(member: string, clusterName: string): void {
		const entry = this.#entries.get(member);
		if (!entry?.opened) return;
		const controller = entry.keep.controller;
		if (controller) controller.showCluster(clusterName);
		else entry.cluster = clusterName;
		this.#show({mode: 'single', key: member, fromFleet: true});
	}

	backToFleet(): boolean {
		const shown = this.#snapshot.shown;
		if (shown.mode !== 'single' || !shown.fromFleet) return false;
		this.#show({mode: 'fleet'});
		return true;
	}

	/** Where a context's app opens the first time it is shown (from the fleet: the cluster's services). */
	startCluster(key: string): string | undefined {
		return this.#entries.get(key)?.cluster;
	}

	/** `q`: every forward of every context opened ends (TerminateSession) before ecs-top does. */
	async stopForwards(): Promise<void> {
		await Promise.all(
			[...this.#entries.values()].map(entry => entry.opened?.props.sessions?.forwards.stopAll()),
		);
	}

	/** Every context's polling and views end (ecs-top quits). */
	stop(): void {
		this.#stopped = true;
		this.fleetPoller.stop();
		this.fleetStore.stop();
		for (const entry of this.#entries.values()) {
			entry.keep.controller?.ui.disposeAll();
			entry.opened?.stop();
		}
		this.fleetKeep.controller?.ui.disposeAll();
	}

	#specs(profiles: readonly (string | null)[], regions: readonly string[]): ContextSpec[] {
		return contextSpecs(
			profiles.map(p => p ?? ''),
			[...regions],
		).map(s => (s.profile === '' ? (s.region ? {region: s.region} : {}) : s));
	}

	#ensure(spec: ContextSpec): Entry {
		const key = specKey(spec);
		let entry = this.#entries.get(key) ?? this.#same(spec);
		if (entry?.opened || entry?.opening) return entry;
		const fresh: Entry = entry ?? {key, spec, label: contextLabel(spec.profile, spec.region), keep: {}};
		delete fresh.error;
		fresh.opening = this.options.open(spec).then(
			opened => {
				if (this.#stopped) return opened.stop();
				fresh.opened = opened;
				fresh.label = opened.label;
			},
			(error: unknown) => {
				fresh.error = describeError(error).message;
			},
		).finally(() => {
			delete fresh.opening;
			this.#syncFleet();
			this.#emit();
		});
		this.#entries.set(fresh.key, fresh);
		return fresh;
	}

	/**
	 * The context already open that a spec names another way: `--profile a` at start resolved to
	 * us-east-1 is `:region us-east-1` later (one context, one app, its place kept).
	 */
	#same(spec: ContextSpec): Entry | undefined {
		for (const entry of this.#entries.values()) {
			if (!entry.opened || (entry.spec.profile ?? null) !== (spec.profile ?? null)) continue;
			if (spec.region === undefined ? entry.spec.region === undefined : entry.opened.region === spec.region) return entry;
		}
		return undefined;
	}

	#showFleet(specs: readonly ContextSpec[]): void {
		this.#fleet = specs.map(spec => {
			const entry = this.#entries.get(specKey(spec));
			// A context that failed before is tried again when asked for again.
			if (entry?.error) delete entry.error;
			return this.#ensure(spec).key;
		});
		this.#syncFleet();
		this.#show({mode: 'fleet'});
	}

	#syncFleet(): void {
		const seen = new Map<string, string>();
		const members: FleetMember[] = this.#fleet.map(key => {
			const entry = this.#entries.get(key)!;
			const opened = entry.opened;
			// ECS's unit is the account and Region: a second profile of the same one would list the same
			// clusters again and poll them on a second budget.
			const unit = opened?.account ? `${opened.account}/${opened.region}` : undefined;
			const first = unit ? seen.get(unit) : undefined;
			if (unit && !first) seen.set(unit, entry.label);
			if (first) return {key, label: entry.label, sameAs: first};
			return {key, label: entry.label, ...(opened?.props.store ? {store: opened.props.store, poller: opened.props.poller} : {}), ...(entry.error ? {error: entry.error} : {})};
		});
		this.fleetPoller.setMembers(members);
		this.fleetStore.setMembers(members);
	}

	#show(shown: Shown): void {
		this.#snapshot = {...this.#snapshot, shown};
		this.#emit();
	}

	#emit(): void {
		if (this.#profileRows) this.#refreshRows(false);
		// A new snapshot: the root re-renders (a context opened, a label resolved).
		this.#snapshot = {...this.#snapshot, version: this.#snapshot.version + 1};
		for (const listener of [...this.#listeners]) listener();
	}

	#row(info: Omit<ProfileInfo, 'name'> & {name: string | null}): ProfileRow {
		const id = info.name ?? defaultRowId;
		return {
			id,
			profile: info.name,
			...(info.region ? {region: info.region} : {}),
			sso: info.sso,
			...(info.endpoint ? {endpoint: info.endpoint} : {}),
			credentials: this.#credentials.get(id) ?? {state: 'unchecked'},
			active: this.#activeProfiles().has(info.name),
		};
	}

	#activeProfiles(): Set<string | null> {
		const shown = this.#snapshot?.shown;
		if (!shown) return new Set();
		const keys = shown.mode === 'fleet' ? this.#fleet : [shown.key];
		return new Set(keys.map(k => this.#entries.get(k)?.spec.profile ?? null));
	}

	#credentialsAre(id: string, state: CredentialsState): void {
		if (this.#stopped) return;
		this.#credentials.set(id, state);
		this.#refreshRows();
	}

	#refreshRows(notify = true): void {
		if (!this.#profileRows) return;
		const active = this.#activeProfiles();
		this.#profileRows = this.#profileRows.map(row => ({...row, credentials: this.#credentials.get(row.id) ?? {state: 'unchecked'}, active: active.has(row.profile)}));
		if (notify) for (const listener of [...this.#listeners]) listener();
	}
}
