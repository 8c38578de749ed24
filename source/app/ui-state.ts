// The UI's own state, outside React: the navigation stack, a cursor and a state bag per view,
// overlays and the status message. Key handlers read and write it synchronously, so a run of
// keys in one chunk sees every earlier key's effect; React re-renders through subscribe().
import type {Overlay, StatusMessage, StatusTone, ViewEntry, ViewState} from '../views/types.js';

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
		this.stack = this.stack.slice(0, -1);
		this.seedOrigin(this.stack.at(-1)!, child);
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
		this.stack = [...this.stack.slice(0, -1), view];
		this.changed();
	}

	reset(stack: ViewEntry[]): void {
		if (stack.length === 0) return;
		this.stack = [...stack];
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
		return {
			get: <T>(key: string) => this.bags.get(viewId)?.get(key) as T | undefined,
			set: (key: string, value: unknown) => {
				let bag = this.bags.get(viewId);
				if (!bag) this.bags.set(viewId, (bag = new Map()));
				bag.set(key, value);
				this.bagVersions.set(viewId, (this.bagVersions.get(viewId) ?? 0) + 1);
				this.changed();
			},
		};
	}

	/** Bumped whenever a view's state bag changes (row caches key on it). */
	viewStateVersion(viewId: string): number {
		return this.bagVersions.get(viewId) ?? 0;
	}

	topOverlay(): Overlay | undefined {
		return this.overlays.at(-1);
	}

	openOverlay(overlay: Overlay): void {
		this.overlays = [...this.overlays.filter(o => o.id !== overlay.id), overlay];
		this.changed();
	}

	closeOverlay(id: string): void {
		const next = this.overlays.filter(o => o.id !== id);
		if (next.length === this.overlays.length) return;
		this.overlays = next;
		this.changed();
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
