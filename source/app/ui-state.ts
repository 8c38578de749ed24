// The UI's own state, outside React: the navigation stack, a cursor and a state bag per view,
// overlays with a state bag each, and the status message. Key handlers read and write it synchronously, so a run of
// keys in one chunk sees every earlier key's effect; React re-renders through subscribe().
import type {Overlay, StatusMessage, StatusTone, ViewEntry, ViewKey, ViewState} from '../views/types.js';

export interface Cursor {
	/** The selected row's ID (an ARN): the selection follows the row when rows reorder. */
	selectedId?: string;
	/** Fallback when that row is gone: stay at the same position. */
	index: number;
	/**
	 * Before the user has moved in this view: the name or ARN of the row to select once it is
	 * listed — the row the view above it on the stack was opened from (a deep link, a `:` jump).
	 */
	origin?: string;
}

export interface UiSnapshot {
	version: number;
	stack: readonly ViewEntry[];
	overlays: readonly Overlay[];
	status?: StatusMessage & {at: number};
}

export class UiState {
	private stack: ViewEntry[];
	private overlays: Overlay[] = [];
	private status: UiSnapshot['status'];
	private readonly cursors = new Map<string, Cursor>();
	private readonly bags = new Map<string, Map<string, unknown>>();
	private readonly bagVersions = new Map<string, number>();
	private readonly caches = new Map<string, Map<string, unknown>>();
	private readonly overlayBags = new Map<Overlay, Map<string, unknown>>();
	private readonly overlayCaches = new Map<Overlay, Map<string, unknown>>();
	private readonly listeners = new Set<() => void>();
	private snapshot: UiSnapshot;

	constructor(
		initial: ViewEntry[],
		private readonly now: () => number,
		/** The parent row a view was opened from (a name or an ARN), if its scope names one. */
		private readonly originOf?: (view: ViewEntry) => string | undefined,
	) {
		if (initial.length === 0) throw new Error('the navigation stack needs a view');
		this.stack = [...initial];
		this.snapshot = this.build(0);
	}

	getSnapshot = (): UiSnapshot => this.snapshot;

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	current(): ViewEntry {
		return this.stack.at(-1)!;
	}

	views(): readonly ViewEntry[] {
		return this.stack;
	}

	push(view: ViewEntry): void {
		this.stack = [...this.stack, view];
		this.changed();
	}

	pop(): boolean {
		if (this.stack.length <= 1) return false;
		const child = this.stack.at(-1)!;
		const before = this.stack;
		this.stack = this.stack.slice(0, -1);
		this.disposeLeft(before);
		this.seedOrigin(this.stack.at(-1)!, child);
		this.dropLeftViews();
		this.changed();
		return true;
	}

	/**
	 * Going back to a view the user never moved in (it was put on the stack by a deep link or a `:`
	 * jump) selects the row the child came from, not the first row: `--service worker` then Esc is
	 * on worker, so `e` opens worker's events.
	 */
	private seedOrigin(parent: ViewEntry, child: ViewEntry): void {
		const origin = this.originOf?.(child);
		const cursor = this.cursors.get(parent.id);
		if (!origin || cursor?.selectedId !== undefined) return;
		this.cursors.set(parent.id, {index: cursor?.index ?? 0, origin});
	}

	/** Found the origin row: the cursor now follows it by ID. Not a change anyone sees. */
	adoptOrigin(viewId: string, cursor: Cursor): void {
		this.cursors.set(viewId, cursor);
	}

	replace(view: ViewEntry): void {
		const before = this.stack;
		this.stack = [...this.stack.slice(0, -1), view];
		this.disposeLeft(before);
		this.dropLeftViews();
		this.changed();
	}

	reset(stack: ViewEntry[]): void {
		if (stack.length === 0) return;
		const before = this.stack;
		this.stack = [...stack];
		this.disposeLeft(before);
		this.dropLeftViews();
		this.changed();
	}

	cursor(viewId: string): Cursor {
		return this.cursors.get(viewId) ?? {index: 0};
	}

	setCursor(viewId: string, cursor: Cursor): void {
		const old = this.cursors.get(viewId);
		if (old && old.index === cursor.index && old.selectedId === cursor.selectedId) return;
		this.cursors.set(viewId, cursor);
		this.changed();
	}

	viewState(viewId: string): ViewState {
		return this.stateIn(this.bags, this.caches, viewId, {written: () => this.bagVersions.set(viewId, (this.bagVersions.get(viewId) ?? 0) + 1)});
	}

	/**
	 * An overlay's state while it is open (what a prompt holds typed, where help is scrolled to).
	 * Once it has closed, writes change nothing: an answer that lands late cannot bring it back.
	 */
	overlayState(overlay: Overlay): ViewState {
		return this.stateIn(this.overlayBags, this.overlayCaches, overlay, {open: () => this.overlays.includes(overlay)});
	}

	private stateIn<K>(bags: Map<K, Map<string, unknown>>, caches: Map<K, Map<string, unknown>>, id: K, options: {written?: () => void; open?: () => boolean} = {}): ViewState {
		const name = (key: string | ViewKey<unknown>) => (typeof key === 'string' ? key : key.name);
		return {
			get: <T>(key: string | ViewKey<T>) => bags.get(id)?.get(name(key)) as T | undefined,
			set: (key: string | ViewKey<unknown>, value: unknown) => {
				if (options.open?.() === false) return;
				let bag = bags.get(id);
				if (!bag) bags.set(id, (bag = new Map()));
				bag.set(name(key), value);
				options.written?.();
				this.changed();
			},
			cache: <T>(key: ViewKey<T>, create: () => T): T => {
				let cache = caches.get(id);
				if (!cache) caches.set(id, (cache = new Map()));
				if (!cache.has(key.name)) cache.set(key.name, create());
				return cache.get(key.name) as T;
			},
		};
	}

	/**
	 * A view's state lives while it is on the stack: opening the same place again starts afresh.
	 * (A later write for a view that left, a background read answering, starts a new bag.) The
	 * version counter stays, so a row cache never mistakes a new bag for the old one.
	 */
	/** Views that left the stack are told so, once (a logs feed stops reading); so are all at the end. */
	private disposeLeft(before: readonly ViewEntry[]): void {
		const staying = new Set(this.stack);
		for (const view of before) if (!staying.has(view)) view.dispose?.();
	}

	/** The app ends: every view on the stack lets go of what it holds. */
	disposeAll(): void {
		for (const view of this.stack) view.dispose?.();
	}

	private dropLeftViews(): void {
		const kept = new Set(this.stack.map(v => v.id));
		for (const map of [this.bags, this.caches]) {
			for (const id of map.keys()) if (!kept.has(id)) map.delete(id);
		}
	}

	/** Bumped whenever a view's state bag changes (row caches key on it). */
	viewStateVersion(viewId: string): number {
		return this.bagVersions.get(viewId) ?? 0;
	}

	topOverlay(): Overlay | undefined {
		return this.overlays.at(-1);
	}

	/** Opens it on top (in place of one with the same id); returns its state, for answers that come later. */
	openOverlay(overlay: Overlay): ViewState {
		const replaced = this.overlays.filter(o => o.id === overlay.id && o !== overlay);
		for (const old of replaced) this.dropOverlayState(old);
		this.overlays = [...this.overlays.filter(o => o.id !== overlay.id), overlay];
		this.changed();
		return this.overlayState(overlay);
	}

	closeOverlay(id: string): void {
		const closing = this.overlays.filter(o => o.id === id);
		if (closing.length === 0) return;
		this.overlays = this.overlays.filter(o => o.id !== id);
		for (const overlay of closing) this.dropOverlayState(overlay);
		this.changed();
	}

	/** Opened again, an overlay starts afresh (an empty prompt, help at the top). */
	private dropOverlayState(overlay: Overlay): void {
		this.overlayBags.delete(overlay);
		this.overlayCaches.delete(overlay);
	}

	/**
	 * An error is about what the user just tried: once a later command has worked it is old news
	 * and goes. (Moving to another view keeps it: `s` refused on a DAEMON service, then Enter,
	 * still says why nothing was scaled.) What a call to AWS did is never cleared early.
	 */
	clearError(): void {
		if (this.status?.tone !== 'error' || this.status.outcome) return;
		this.status = undefined;
		this.changed();
	}

	setStatus(text: string, tone: StatusTone = 'info', options: {outcome?: boolean} = {}): void {
		this.status = {text, tone, at: this.now(), ...(options.outcome ? {outcome: true} : {})};
		this.changed();
	}

	private build(version: number): UiSnapshot {
		return {version, stack: this.stack, overlays: this.overlays, status: this.status};
	}

	private changed(): void {
		this.snapshot = this.build(this.snapshot.version + 1);
		for (const listener of this.listeners) listener();
	}
}
