// The TUI's brain, outside React: turns key presses into actions through the keymap, computes a
// view's rows (pane rows → extensions' filter and sort, cached while their inputs stand still), resolves the
// selection by ID, and builds the ActionContext that handlers, extensions and overlays receive.
import type {EcsApi} from '../aws/ecs-api.js';
import type {SpendSnapshot} from '../aws/spend.js';
import type {LogsFeed, LogsTarget} from '../store/logs/types.js';
import type {KeyEvent} from '../components/keys.js';
import {arnAccount, arnRegion, shortId} from '../domain.js';
import {keymap, lookup, type Pane} from '../keymap.js';
import {scopeKey, type PollControl, type ReadableStore, type Scope, type Snapshot} from '../store/types.js';
import type {ActionContext, AppEnv, BodySize, Extension, KeyAction, KeyHandler, PaneDef, StatusTone, ViewEntry} from '../views/types.js';
import {buildKeyTable, slot, type KeyTable} from './key-table.js';
import {entityKinds} from '../store/entity-store.js';
import {UiState} from './ui-state.js';
import type {MetricsTarget} from '../aws/metrics-api.js';
import type {MetricsHistoryFeed} from '../store/metrics/history.js';
import type {SessionsFeature} from '../exec/forwards.js';
import type {ContextsControl} from '../views/contexts/types.js';
import {servicesView} from '../resources/services.js';

export interface ControllerOptions {
	store: ReadableStore;
	poller: PollControl;
	api?: EcsApi;
	/** Opens a feed of a target's logs (the CLI wires CloudWatch Logs; tests a fake). */
	logsFeed?: (target: LogsTarget) => LogsFeed;
	/** ECS Exec and port forwards; absent under --read-only. */
	sessions?: SessionsFeature;
	/** Ink's suspendTerminal: the terminal handed to a child and taken back. */
	handOver?: (run: () => Promise<void>) => Promise<void>;
	/** Writes to the terminal through Ink (OSC 52); absent where stdout is not a terminal. */
	writeTerminal?: (data: string) => void;
	/** Opens a target's utilization history (CloudWatch); absent with --no-metrics. */
	metricsHistory?: (target: MetricsTarget) => MetricsHistoryFeed;
	/** The spend ledger's snapshot (the CLI: the shared limiter's); absent, `$` says spend is not counted. */
	spend?: () => SpendSnapshot;
	readOnly: boolean;
	env: AppEnv;
	/** The config file's `:` aliases. */
	aliases?: Readonly<Record<string, string>>;
	/** Profiles and regions: `:ctx`, `:region`, `:profile` and the fleet. */
	contexts?: ContextsControl;
	panes: Partial<Record<Pane, PaneDef>>;
	extensions: readonly Extension[];
	/** The app's own keys: where no feature binds a key, these act. */
	keys: readonly KeyAction[];
	initial: ViewEntry[];
	now: () => number;
	exit: () => void;
}

/**
 * Rows derive from the entity maps and the view's scope lists (and, with two scopes, which is
 * fresher). A refresh that changed none of them (most refreshes: 10,000 rows, none changed) keeps
 * the rows, their filter and sort.
 */
function sameRowsInput(a: Snapshot, b: Snapshot, scopes: readonly Scope[]): boolean {
	if (a === b) return true;
	if (entityKinds.some(kind => a[kind] !== b[kind])) return false;
	return scopes.every(scope => {
		const key = scopeKey(scope);
		const x = a.scopes.get(key);
		const y = b.scopes.get(key);
		return x?.ids === y?.ids && x?.followed === y?.followed && (scopes.length < 2 || x?.updatedAt === y?.updatedAt);
	});
}

interface RowCache {
	snapshot: Snapshot;
	view: ViewEntry;
	bag: number;
	rows: readonly unknown[];
}

export class Controller {
	readonly ui: UiState;
	/** The pane's body: measured by the shell, once per frame. */
	bodySize: BodySize = {columns: 80, rows: 12};
	private readonly panes: Partial<Record<Pane, PaneDef>>;
	/** Each key's one handler in each pane. */
	readonly keys: KeyTable;
	private readonly cache = new Map<string, RowCache>();
	private accountId: string | undefined;
	private arnRegion: string | undefined;

	constructor(private readonly options: ControllerOptions) {
		this.panes = {...options.panes};
		for (const extension of options.extensions) {
			for (const def of extension.panes ?? []) this.panes[def.pane] = def;
		}
		this.ui = new UiState(options.initial, options.now, view => this.panes[view.pane]?.origin?.(view));
		this.keys = buildKeyTable(this.panes, options.extensions, options.keys);
	}

	/**
	 * The fleet's Enter on a context already opened: its app at the cluster's services, whatever it
	 * showed; Esc there goes back to the fleet (`:clusters` to the context's clusters).
	 */
	showCluster(cluster: string): void {
		this.ui.reset([servicesView(cluster)]);
	}

	/** The features this controller was built with (a kept controller's app mounts them again). */
	get extensions(): readonly Extension[] {
		return this.options.extensions;
	}

	get readOnly(): boolean {
		return this.options.readOnly;
	}

	def = (view: ViewEntry): PaneDef => {
		const def = this.panes[view.pane];
		if (!def) throw new Error(`no pane "${view.pane}"`);
		return def;
	};

	/** The view's rows as shown: the pane's rows through every extension's transform. */
	rows(view: ViewEntry, snapshot: Snapshot = this.options.store.getSnapshot()): readonly unknown[] {
		const def = this.def(view);
		if (!def.rows) return [];
		const bag = this.ui.viewStateVersion(view.id);
		const hit = this.cache.get(view.id);
		if (hit && hit.view === view && hit.bag === bag && sameRowsInput(hit.snapshot, snapshot, def.scopes(view))) {
			hit.snapshot = snapshot;
			return hit.rows;
		}
		const viewState = this.ui.viewState(view.id);
		let rows: readonly unknown[] = def.rows(snapshot, view, viewState);
		const ctx = {view, def, viewState, snapshot, now: this.options.now()};
		for (const extension of this.options.extensions) {
			if (extension.transformRows) rows = extension.transformRows(rows, ctx);
		}
		this.cache.set(view.id, {snapshot, view, bag, rows});
		return rows;
	}

	/** The selected row's index: found by ID, else the last position kept in range. */
	selectedIndex(view: ViewEntry, rows: readonly unknown[]): number {
		if (rows.length === 0) return -1;
		const cursor = this.ui.cursor(view.id);
		const rowId = this.def(view).rowId;
		if (cursor.selectedId !== undefined && rowId) {
			// Where the selection was: the usual case (same rows, or one refresh later), no scan of 10,000.
			const near = Math.min(cursor.index, rows.length - 1);
			if (near >= 0 && rowId(rows[near]) === cursor.selectedId) return near;
			const found = rows.findIndex(row => rowId(row) === cursor.selectedId);
			if (found >= 0) return found;
		} else if (cursor.origin !== undefined && rowId) {
			const origin = cursor.origin;
			const name = shortId(origin);
			const found = rows.findIndex(row => {
				const id = rowId(row);
				return id === origin || shortId(id) === name;
			});
			if (found >= 0) {
				this.ui.adoptOrigin(view.id, {index: found, selectedId: rowId(rows[found])});
				return found;
			}
		}
		return Math.max(0, Math.min(cursor.index, rows.length - 1));
	}

	select(view: ViewEntry, rows: readonly unknown[], index: number): void {
		if (rows.length === 0) return;
		const clamped = Math.max(0, Math.min(Math.round(index), rows.length - 1));
		const row = rows[clamped];
		this.ui.setCursor(view.id, {index: clamped, selectedId: this.def(view).rowId?.(row)});
	}

	/** The account ID, from the first ARN seen (the header shows it). */
	account(snapshot: Snapshot): string | undefined {
		if (this.accountId) return this.accountId;
		for (const map of [snapshot.clusters, snapshot.services, snapshot.tasks, snapshot.instances]) {
			for (const arn of map.keys()) {
				this.accountId = arnAccount(arn);
				this.arnRegion = arnRegion(arn);
				if (this.accountId) return this.accountId;
			}
		}
		return undefined;
	}

	/** The region as given, else as the ARNs say. */
	region(snapshot: Snapshot): string | undefined {
		if (this.options.env.region) return this.options.env.region;
		this.account(snapshot);
		return this.arnRegion;
	}

	context(event: KeyEvent): ActionContext {
		const {store, poller, api, logsFeed, metricsHistory, spend, sessions, handOver, writeTerminal, readOnly, env, exit, aliases, contexts} = this.options;
		const ui = this.ui;
		const view = ui.current();
		const snapshot = store.getSnapshot();
		const rows = this.rows(view, snapshot);
		const index = this.selectedIndex(view, rows);
		const selected = index >= 0 ? rows[index] : undefined;
		const def = this.def(view);
		return {
			event,
			view,
			def,
			snapshot,
			rows,
			index,
			selected,
			selectedId: selected === undefined ? undefined : def.rowId?.(selected),
			pageSize: Math.max(1, this.bodySize.rows - 2),
			bodySize: this.bodySize,
			readOnly,
			env,
			account: this.account(snapshot),
			store,
			poller,
			api,
			logsFeed,
			metricsHistory,
			spend,
			sessions,
			handOver,
			aliases,
			contexts,
			writeTerminal,
			region: this.region(snapshot),
			viewState: ui.viewState(view.id),
			stateOf: id => ui.viewState(id),
			stack: ui.views(),
			select: i => this.select(view, rows, i),
			push: v => ui.push(v),
			pop: () => ui.pop(),
			replace: v => ui.replace(v),
			reset: s => ui.reset(s),
			openOverlay: o => void ui.openOverlay(o),
			overlayState: o => ui.overlayState(o),
			closeOverlay: id => ui.closeOverlay(id),
			status: (text: string, tone?: StatusTone, options?: {outcome?: boolean}) => ui.setStatus(text, tone, options),
			clearError: () => ui.clearError(),
			exit,
			now: this.options.now,
		};
	}

	/**
	 * The key presses of one input chunk, one by one (fast typing and tmux send-keys arrive as one
	 * chunk). When a key makes a confirmation appear, the rest of the chunk is dropped: only a key
	 * pressed after the user could see the dialog may confirm it.
	 */
	handleKeys(events: readonly KeyEvent[]): void {
		for (const event of events) {
			const before = this.ui.topOverlay()?.confirmation?.();
			this.handleKey(event);
			const after = this.ui.topOverlay()?.confirmation?.();
			if (after !== undefined && after !== before) return;
		}
	}

	/**
	 * Pasted text (bracketed paste) is never keys: typed into the text field on top, if one is,
	 * without its line breaks (a pasted newline never submits); otherwise dropped, and said so.
	 */
	handlePaste(text: string): void {
		const overlay = this.ui.topOverlay();
		if (!overlay?.acceptsText?.()) {
			this.ui.setStatus(`pasted text ignored (${Array.from(text).length} characters): keys are typed, not pasted`);
			return;
		}
		for (const ch of text) {
			if (!overlay.acceptsText()) return;
			// Line breaks and tabs become spaces; other control characters are dropped.
			const c = ch === '\r' || ch === '\n' || ch === '\t' ? ' ' : ch;
			const code = c.codePointAt(0) ?? 0;
			if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) continue;
			this.handleKey({name: c === ' ' ? 'space' : c, text: c});
		}
	}

	/** One key press: the top overlay takes it, else the pane's binding for it runs. */
	handleKey(event: KeyEvent): void {
		const current = this.ui.current();
		const state = this.ui.viewState(current.id);
		for (const extension of this.options.extensions) extension.keyPressed?.(current, state);
		const overlay = this.ui.topOverlay();
		if (overlay) {
			// A dialog's failure is reported like a handler's: the app keeps running.
			this.run(ctx => overlay.onKey(event, ctx, this.ui.overlayState(overlay)), this.context(event));
			return;
		}
		const view = this.ui.current();
		const id = lookup(view.pane, event.name, {readOnly: this.options.readOnly});
		if (!id) {
			// Under --read-only a dangerous key says why it does nothing (as k9s does).
			const refused = this.options.readOnly ? lookup(view.pane, event.name, {readOnly: false}) : undefined;
			const binding = refused ? keymap.find(b => b.id === refused) : undefined;
			if (binding?.dangerous) this.ui.setStatus(`read-only: ${event.name} (${binding.label ?? binding.description}) is disabled`);
			return;
		}
		// The key table has one action for every key the keymap shows in a pane (test/tui/key-table.test.ts).
		const bound = this.keys.get(slot(view.pane, id));
		if (!bound) return;
		const ctx = this.context(event);
		const reason = bound.action.disabled?.(ctx);
		if (reason) return ctx.status(reason);
		this.run(bound.action.run, ctx);
	}

	private run(handler: KeyHandler, ctx: ActionContext): void {
		try {
			const result = handler(ctx);
			if (result instanceof Promise) result.catch((error: unknown) => this.ui.setStatus(errorText(error), 'error'));
		} catch (error) {
			this.ui.setStatus(errorText(error), 'error');
		}
	}
}

function errorText(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.split('\n')[0] ?? 'error';
}
