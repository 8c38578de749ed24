// The UI's own state, outside React: the navigation stack, a cursor and a state bag per view,
// overlays and the status message. Key handlers read and write it synchronously, so a run of
// keys in one chunk sees every earlier key's effect; React re-renders through subscribe().
import type {Overlay, StatusMessage, StatusTone, ViewEntry, ViewState} from '../views/types.js';

export interface Cursor {
	/** The selected row's ID (an ARN): the selection follows the row when rows reorder. */
	selectedId?: string;
	/** Fallback when that row is gone: stay at the same position. */
	index: number;
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
		this.stack = this.stack.slice(0, -1);
		this.changed();
		return true;
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

	setStatus(text: string, tone: StatusTone = 'info'): void {
		this.status = {text, tone, at: this.now()};
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
