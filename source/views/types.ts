// The plug-in surface of the TUI, part 1: panes as data, views on the navigation stack, and
// overlays (dialogs, prompts, help). The app (source/app/) drives these; other features add
// panes (events, describe) and overlays (confirmations, the filter prompt) without touching it.
import type {ReactNode} from 'react';
import type {KeyEvent} from '../components/keys.js';
import type {CellContext, Column} from '../components/table-layout.js';
import type {MetricsTarget} from '../aws/metrics-api.js';
import type {SpendSnapshot} from '../aws/spend.js';
import type {Tone} from '../components/table.js';
import type {EcsApi} from '../aws/ecs-api.js';
import type {Pane} from '../keymap.js';
import type {DescribeCache} from '../store/describe-cache.js';
import type {LogsFeed, LogsFeedState, LogsTarget} from '../store/logs/types.js';
import type {MetricsHistoryFeed} from '../store/metrics/history.js';
import type {SessionsFeature} from '../exec/forwards.js';
import type {PollControl, ReadableStore, Scope, Snapshot} from '../store/types.js';
import type {Line} from './describe/lines.js';
import type {ContextsControl} from './contexts/types.js';

/** One entry of the navigation stack (clusters › prod › web › tasks). */
export interface ViewEntry {
	/** Unique and stable for the same place: cursor, filter and marks are kept under it. */
	id: string;
	pane: Pane;
	/** The breadcrumb of this level (already clean). */
	crumb: string;
	/** The cluster this view is in (name or ARN as the user gave it), if any. */
	cluster?: string;
	/** The store scope the pane reads and the poller keeps fresh. */
	scope?: Scope;
	/** Tasks panes: stopped tasks are shown too. */
	showStopped?: boolean;
	/** Tasks panes: stopped tasks were shown once, so their scope stays open. */
	stoppedOpen?: boolean;
	/** Containers pane: the task whose containers are shown. */
	taskArn?: string;
	/** Free-form parameters of extension panes (describe target, events service…). */
	params?: Readonly<Record<string, unknown>>;
	/** Called once when the view leaves the navigation stack, or the app ends (a logs feed stops reading). */
	dispose?: () => void;
}

export interface BodySize {
	columns: number;
	rows: number;
}

/** How a pane shows data. Table panes give rows + columns; others render themselves. */
export interface PaneDef<Row = any> {
	pane: Pane;
	/** Every scope the view reads; the first is the focused one (its age is in the header). */
	scopes(view: ViewEntry): Scope[];
	/** `viewState`: where a pane keeps what it accumulates from the data (the events seen so far). */
	rows?(snapshot: Snapshot, view: ViewEntry, viewState: ViewState): readonly Row[];
	rowId?(row: Row): string;
	/** The store IDs on screen, for the poller to keep fresh (default: rowId of the visible rows). */
	visibleIds?(view: ViewEntry, visible: readonly Row[]): string[];
	columns?(view: ViewEntry): readonly Column<Row>[];
	tone?(row: Row): Tone;
	/** Shown when there are no rows (after loading). */
	empty?(view: ViewEntry, snapshot: Snapshot): string;
	/**
	 * Panes that read outside the store (no scope): what to show while they have no rows —
	 * "loading…", an error, or their empty text. Takes the place of the scope's state.
	 */
	placeholder?(view: ViewEntry): string;
	/** A non-table pane (events, describe): draws into exactly `size`. */
	render?(props: PaneRenderProps): ReactNode;
	/** Why a row needs attention (the `!` mark, attention first), or undefined; `ctx` carries utilization. */
	attention?(row: Row, now: number, ctx?: CellContext): string | undefined;
	/**
	 * What the row's CPU%/MEM% are read for (a MetricsTarget), or why it has none (`no CI`): panes
	 * with utilization columns. The app asks the metrics poller for the rows on screen.
	 */
	metrics?(row: Row, ctx: CellContext): MetricsTarget | string;
	/** Enter: the view the row opens (`ctx` for panes whose views read on their own: task definitions). */
	open?(row: Row, view: ViewEntry, ctx: ActionContext): ViewEntry | undefined;
	/** `t`: the row's tasks. */
	tasks?(row: Row, view: ViewEntry): ViewEntry | undefined;
	/** `i`: the container instances of the row's cluster (or of the view's, with no row). */
	instances?(row: Row | undefined, view: ViewEntry): ViewEntry | undefined;
	/** `l`: whose logs (a service's tasks, a task's containers, one container). */
	logs?(row: Row | undefined, view: ViewEntry, snapshot: Snapshot): LogsTarget | undefined;
	/** `e`: whose service events (with no row: the view's, if it has any). */
	events?(row: Row | undefined, view: ViewEntry): {cluster: string; service?: string} | undefined;
	/** `d`: what is described (the containers pane describes its task, whatever the row). */
	describe?(row: Row | undefined, view: ViewEntry, snapshot: Snapshot): DescribeRequest | undefined;
	/** The row of the view below that this view shows the inside of (selected on the way back). */
	origin?(view: ViewEntry): string | undefined;
}

/** What `d` on a row describes; the describe view is built from it. */
export interface DescribeRequest {
	kind: 'cluster' | 'service' | 'task' | 'instance' | 'log' | 'deployment';
	arn: string;
	crumb: string;
	/** Scopes besides the pane's own that keep the described entity fresh. */
	extraScopes?: Scope[];
	/** How the resource finds and describes it. */
	describer: Describer;
	/** Logs to show the last lines of (a stopped task: why did it die, in one key). */
	logs?: LogsTarget;
}

/** How a resource's describe view finds its entity and draws it as lines. */
export interface Describer<T = any> {
	find(snapshot: Snapshot, arn: string): T | undefined;
	/** A listing drops it once gone (a stopped task, a deleted service): shown as last seen, said so. */
	agesOut?: boolean;
	lines(entity: T, ctx: DescribeContext): Line[];
}

export interface DescribeContext {
	snapshot: Snapshot;
	now: number;
	/** What the view reads on demand (deployment history). */
	cache?: DescribeCache;
	/** The scopes beyond the pane's own (an instance's tasks). */
	extraScopes: readonly Scope[];
	/** The last log lines, where the request asked for them. */
	logs?: LogsFeedState;
}

export interface PaneRenderProps {
	view: ViewEntry;
	snapshot: Snapshot;
	size: BodySize;
	color: boolean;
	/** Per-view state, kept while the view is on the stack (scroll position, follow mode…). */
	viewState: ViewState;
	/** The pane's rows after extensions' filter and sort (panes with `rows`). */
	rows?: readonly unknown[];
	/** Epoch ms of this frame (ages). */
	now?: number;
}

/** A key into a view's state bag whose value is a `T` (make one with viewKey() from view-state.ts). */
export interface ViewKey<T> {
	readonly name: string;
	/** Never set: carries `T` so that get and set agree on the value's type. */
	readonly type?: T;
}

/**
 * A view's state, owned by the UI state and dropped when the view leaves the stack. A render
 * reads it; key handlers write it (each write redraws).
 */
export interface ViewState {
	get<T>(key: ViewKey<T>): T | undefined;
	/** Untyped keys, for extensions that keep a value of their own. */
	get<T>(key: string): T | undefined;
	set<T>(key: ViewKey<T>, value: T): void;
	set(key: string, value: unknown): void;
	/**
	 * What the view derives from the data it has been shown and keeps between frames (the events
	 * seen so far, the entity as last listed): made on first use, dropped with the view. Not state:
	 * filling it changes nothing on screen by itself, so it never redraws and a render may fill it.
	 */
	cache<T>(key: ViewKey<T>, create: () => NoInfer<T>): T;
}

/** A dialog, prompt or help screen: receives every key before the pane does. */
export interface Overlay {
	id: string;
	/**
	 * 'modal' replaces the pane's body (dialogs, help); 'prompt' takes the status line
	 * (filter, command mode) and leaves the table visible.
	 */
	placement: 'modal' | 'prompt';
	/** Polling pauses while an overlay with this flag is open (dialogs about to act). */
	pausesPolling?: boolean;
	/**
	 * `state`: the overlay's own, owned by the UI state while the overlay is open and dropped when
	 * it closes. A key that changes what the overlay shows writes it there, which redraws.
	 */
	render(size: BodySize, state: ViewState): ReactNode;
	/** Every key press while the overlay is on top (Esc included: close yourself with ctx.closeOverlay). */
	onKey(event: KeyEvent, ctx: ActionContext, state: ViewState): void;
	/**
	 * True while the overlay is a text field (a prompt, the scale field, the stop reason): pasted
	 * text is then typed into it, character by character. Pasted text never reaches anything else.
	 */
	acceptsText?(): boolean;
	/**
	 * While a key can confirm a mutation: an object that stays the same for as long as that
	 * confirmation is up, a new one each time one appears. The rest of an input chunk that made
	 * one appear is dropped (a `y` typed or pasted ahead of the dialog never confirms it).
	 */
	confirmation?(): object | undefined;
	/** Called after each frame that drew the overlay has been committed, with the app's clock. */
	shown?(at: number): void;
}

export type StatusTone = 'info' | 'success' | 'error';

export interface StatusMessage {
	text: string;
	tone: StatusTone;
	/** What a call to AWS did (done, NOT done, outcome unknown): stays its full time, moving on or not. */
	outcome?: boolean;
}

/** Where the TUI is pointed, for the header and for dialogs naming account and region. */
export interface AppEnv {
	/** Several contexts (the fleet): what the header names instead of one account and region. */
	contexts?: string;
	profile?: string;
	region?: string;
	endpointUrl?: string;
}

/**
 * What a key handler (or an overlay) sees and may do. Built fresh for every key press, so a run
 * of keys in one chunk ("jj", "s8\r") acts on the state each previous key left behind.
 */
export interface ActionContext {
	readonly event: KeyEvent;
	readonly view: ViewEntry;
	readonly def: PaneDef;
	readonly snapshot: Snapshot;
	/** The pane's rows as shown (after extensions' filter and sort). */
	readonly rows: readonly unknown[];
	/** Index of the selected row in rows, -1 when there are none. */
	readonly index: number;
	readonly selected: unknown;
	readonly selectedId: string | undefined;
	/** Table rows on screen (PgDn moves by this). */
	readonly pageSize: number;
	/** The pane's body as the shell measured it: what a pane that draws itself has to fill. */
	readonly bodySize: BodySize;
	readonly readOnly: boolean;
	readonly env: AppEnv;
	/** Account ID read from the ARNs seen so far. */
	readonly account: string | undefined;
	readonly store: ReadableStore;
	readonly poller: PollControl;
	readonly api: EcsApi | undefined;
	/** A feed of a target's logs (CloudWatch Logs), when the app can read them. */
	readonly logsFeed: ((target: LogsTarget) => LogsFeed) | undefined;
	/** ECS Exec and port forwarding (absent under --read-only, or where the app was built without). */
	readonly sessions: SessionsFeature | undefined;
	/** Profiles and regions (`:ctx`, `:region`, `:profile`, the fleet); absent where the app was built without. */
	readonly contexts?: ContextsControl | undefined;
	/** The config file's `:` aliases (name → a `:` command line); absent: none. */
	readonly aliases?: Readonly<Record<string, string>> | undefined;
	/**
	 * Hands the terminal to a child process (session-manager-plugin) for as long as `run` takes,
	 * then takes it back and redraws (Ink's suspendTerminal). Absent where there is no terminal.
	 */
	readonly handOver: ((run: () => Promise<void>) => Promise<void>) | undefined;
	/**
	 * Writes an escape sequence straight to the terminal through Ink's stdout (OSC 52 sets the
	 * clipboard); absent where stdout is not a terminal. Never console.log: it would tear Ink's frame.
	 */
	readonly writeTerminal?: (data: string) => void;
	/** The region as given (--region), else as the ARNs seen so far say. */
	readonly region?: string;
	/** A target's CPU/memory history (CloudWatch), when metrics are on. */
	readonly metricsHistory: ((target: MetricsTarget) => MetricsHistoryFeed) | undefined;
	/** What the app has called and spent so far (`$`), when it counts: the limiter's ledger's snapshot. */
	readonly spend: (() => SpendSnapshot) | undefined;
	readonly viewState: ViewState;
	/** Another view's state (a view just pushed: where its background read reports back). */
	stateOf(viewId: string): ViewState;
	/** The whole navigation stack, bottom first. */
	readonly stack: readonly ViewEntry[];
	select(index: number): void;
	push(view: ViewEntry): void;
	/** Back one level; false at the bottom of the stack. */
	pop(): boolean;
	replace(view: ViewEntry): void;
	/** Replaces the whole stack (command mode: `:cluster prod`). */
	reset(stack: ViewEntry[]): void;
	openOverlay(overlay: Overlay): void;
	/** An open overlay's state (see Overlay.render): where an answer that arrives later goes. */
	overlayState(overlay: Overlay): ViewState;
	closeOverlay(id: string): void;
	status(text: string, tone?: StatusTone, options?: {outcome?: boolean}): void;
	/** Takes an error off the status line (a later command worked); outcomes of AWS calls stay. */
	clearError(): void;
	exit(): void;
	/** The app's clock (injectable: scenario tests step it). */
	now(): number;
}

/** What a key does. */
export type KeyHandler = (ctx: ActionContext) => void | Promise<unknown>;

/**
 * A key bound where it acts: one keymap id (the keymap holds its keys, text and hint), on the
 * panes this names, with its handler. Each (pane, key) has exactly one: a feature's where it binds
 * one, the app's own elsewhere (source/app/key-table.ts builds the table and refuses two).
 */
export interface KeyAction {
	/** The keymap id. */
	id: string;
	/** The panes it acts in, by name; default: every pane the keymap gives the key. */
	panes?: readonly Pane[];
	/** Or: the panes whose definition passes this (the resources that have a describe, events…). */
	where?(def: PaneDef): boolean;
	run: KeyHandler;
	/** Why it does nothing now, said on the status line instead of running (`no task definition here`). */
	disabled?(ctx: ActionContext): string | undefined;
}

/** A feature plugged into the TUI: extra panes, its keys, row transforms. */
export interface Extension {
	id: string;
	panes?: PaneDef[];
	/** Its keys, where they act. */
	keys?: readonly KeyAction[];
	/**
	 * Esc, before it goes back a level: close what this feature has open on the view (an active
	 * filter); true when something was closed.
	 */
	closeInnermost?(ctx: ActionContext): boolean;
	/**
	 * Every key press (overlays' too) on a view, before it is handled: the logs pane keeps Live
	 * Tail's idle clock, a big table reads its filter texts ahead. Only the view and its state:
	 * building a whole context per key would cost every pane.
	 */
	keyPressed?(view: ViewEntry, viewState: ViewState): void;
	/** Filter and sort: rewrites a table pane's rows; runs on every snapshot, keep it O(n). */
	transformRows?(rows: readonly unknown[], ctx: RowsContext): readonly unknown[];
	/** A short note for the header (e.g. the active filter), or undefined. */
	headerNote?(ctx: RowsContext): string | undefined;
	/** Row IDs drawn with a mark (`*`) in the table's gutter. */
	markedIds?(ctx: RowsContext): ReadonlySet<string> | undefined;
	/** Rewrites a table pane's columns as drawn (e.g. marks the sorted one's header). */
	columns?(columns: readonly Column<any>[], ctx: RowsContext): readonly Column<any>[];
}

export interface RowsContext {
	view: ViewEntry;
	def: PaneDef;
	viewState: ViewState;
	snapshot: Snapshot;
	/** Epoch ms of the app's clock (ages, "short of desired for 2 minutes"). */
	now?: number;
}
