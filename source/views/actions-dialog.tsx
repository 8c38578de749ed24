// The dialog every dangerous action goes through, as one overlay with phases:
// input (the scale field, or editing the stop reason) → checking (the targets re-read from ECS)
// → confirm → running → closed or result.
// A `y` counts only when it is a deliberate answer to what is on screen: the rest of the input
// chunk that made the confirmation appear is dropped (Controller.handleKeys, through
// confirmation()), and a `y` within confirmGuardMs of the first frame that showed it is
// swallowed, never passed on. `n` and Esc are never guarded. `y` sends the call once: the phase
// turns to 'running' synchronously, so a second `y` lands where it is ignored. Esc hides a
// running call's dialog (the answer then comes to the status line) and `q` still quits.
// Polling pauses until the call has been answered.
import type {ReactNode} from 'react';
import {ConfirmDialog, allLines, type ConfirmDialogProps} from '../components/confirm-dialog.js';
import type {KeyEvent} from '../components/keys.js';
import type {ActionResult} from '../store/actions.js';
import {clean} from '../text.js';
import type {ActionContext, BodySize, Overlay} from './types.js';

export const actionDialogId = 'action-dialog';

/**
 * How long after a confirmation is first drawn a `y` is still taken as typed ahead, blind: long
 * enough to catch a `y` that was already on its way (key repeat, a fast "x y"), short next to
 * the time anyone needs to read the dialog. Measured on the app's clock.
 */
export const confirmGuardMs = 250;

/** A step that takes keys before (or from) the confirmation: a number or text field. */
export interface InputStep {
	render(size: BodySize, color: boolean): ReactNode;
	/** 'done' → the confirmation; 'cancel' → back to it, or closes the dialog when the input came first. */
	onKey(event: KeyEvent): 'stay' | 'done' | 'cancel';
}

/** What a re-read of the targets found: go on (with a note), or stop with a reason (nothing to do). */
export interface Recheck {
	/** Nothing will be sent: the dialog closes with this line on the status line. */
	stop?: string;
	/** Shown above the warnings, e.g. "desired changed 6 → 9 while you typed". */
	notes?: string[];
}

export interface DialogSpec {
	title(): string;
	where: Array<[string, string]>;
	targets(): readonly string[];
	call(): string;
	cli?(): string;
	effect(): string[];
	warnings?(): string[];
	extras?(): Array<[string, string]>;
	/** The confirm key's label: 'stop', 'scale'… */
	verb: string;
	/** Other keys of the confirm phase (e edits the reason): an input step to open. */
	inputs?: Record<string, {label: string; open(): InputStep}>;
	/** The first step, before the confirmation (the scale field). */
	first?: InputStep;
	/**
	 * Re-reads the targets from ECS (from the action reserve) each time the confirmation is about
	 * to be shown, so it shows the numbers that will really change. Optional: without it the
	 * confirmation shows at once.
	 */
	recheck?(): Promise<Recheck>;
	/** The call being sent, e.g. 'sending StopTask for 3 tasks…'. */
	progress(): string;
	run(): Promise<ActionResult>;
	/** After the answer: refresh, follow, clear marks. */
	after(result: ActionResult): void;
	/** When the dialog closes without sending (cancel): stop background checks. */
	cancelled?(): void;
}

type Phase = 'input' | 'checking' | 'confirm' | 'running' | 'result';

export class ActionDialog implements Overlay {
	readonly id = actionDialogId;
	readonly placement = 'modal' as const;
	#phase: Phase;
	#input?: InputStep;
	#inputFirst: boolean;
	#result?: ActionResult;
	#closed = false;
	#hidden = false;
	#ctx?: ActionContext;
	/** A new object each time a confirmation appears (see Overlay.confirmation). */
	#armed: object | undefined;
	/** When the first frame showing the current confirmation was committed. */
	#shownAt: number | undefined;
	#notes: string[] = [];
	#details: {scroll: number} | undefined;
	#lastSize: BodySize = {columns: 80, rows: 20};

	constructor(
		private readonly spec: DialogSpec,
		private readonly color: boolean,
	) {
		this.#input = spec.first;
		this.#inputFirst = spec.first !== undefined;
		this.#phase = 'input';
	}

	get phase(): string {
		return this.#phase;
	}

	/** The result dialog no longer holds polling back: the rows should show the progress. */
	get pausesPolling(): boolean {
		return this.#phase !== 'result';
	}

	acceptsText(): boolean {
		return this.#phase === 'input';
	}

	confirmation(): object | undefined {
		return this.#phase === 'checking' || this.#phase === 'confirm' ? this.#armed : undefined;
	}

	shown(at: number): void {
		if (this.#phase === 'confirm' && this.#shownAt === undefined) this.#shownAt = at;
	}

	/** Opens the dialog; `ctx` is kept to redraw and close it when an answer arrives later. */
	open(ctx: ActionContext): void {
		this.#ctx = ctx;
		if (this.#input) ctx.openOverlay(this);
		else this.#toConfirm(ctx);
	}

	/** Redraws (a background check finished); does nothing once closed. */
	redraw(): void {
		if (!this.#closed && !this.#hidden) this.#ctx?.openOverlay(this);
	}

	#props(size: BodySize): ConfirmDialogProps {
		const {spec} = this;
		const keys: Array<[string, string]> = [['y', spec.verb], ['n/Esc', 'cancel']];
		for (const [key, input] of Object.entries(spec.inputs ?? {})) keys.push([key, input.label]);
		keys.push(['d', 'details']);
		const phase = this.#phase === 'input' ? 'confirm' : this.#phase;
		return {
			title: spec.title(),
			where: spec.where,
			targets: spec.targets(),
			call: spec.call(),
			cli: spec.cli?.(),
			effect: spec.effect(),
			warnings: [...this.#notes, ...(spec.warnings?.() ?? [])],
			extras: spec.extras?.(),
			keys,
			phase,
			progress: `${spec.progress()} (Esc hides this; the answer then shows on the status line)`,
			result: this.#result ? {ok: this.#result.ok, lines: this.#result.details} : undefined,
			details: phase === 'confirm' ? this.#details : undefined,
			width: size.columns,
			height: size.rows,
			color: this.color,
		};
	}

	render(size: BodySize): ReactNode {
		this.#lastSize = size;
		if (this.#phase === 'input' && this.#input) return this.#input.render(size, this.color);
		return <ConfirmDialog {...this.#props(size)} />;
	}

	onKey(event: KeyEvent, ctx: ActionContext): void {
		this.#ctx = ctx;
		switch (this.#phase) {
			case 'input':
				return this.#onInput(event, ctx);
			case 'checking':
				if (event.name === 'n' || event.name === 'escape') this.#cancel(ctx);
				return;
			case 'confirm':
				return this.#details ? this.#onDetails(event, ctx) : this.#onConfirm(event, ctx);
			case 'running':
				// One confirmation, one call: nothing sends again. Esc only hides the dialog.
				if (event.name === 'escape') {
					this.#hidden = true;
					ctx.closeOverlay(this.id);
					ctx.status(`${this.spec.progress().replace(/^sending/, 'sent').replace(/…$/, '')}: waiting for ECS's answer (it will show here)`);
				} else if (event.name === 'q') ctx.exit();
				return;
			case 'result':
				if (['enter', 'escape', 'q', 'y', 'n', 'space'].includes(event.name)) this.#close(ctx);
		}
	}

	#onInput(event: KeyEvent, ctx: ActionContext): void {
		const outcome = this.#input!.onKey(event);
		if (outcome === 'stay') return ctx.openOverlay(this);
		if (outcome === 'cancel' && this.#inputFirst) return this.#cancel(ctx);
		this.#inputFirst = false;
		this.#input = undefined;
		this.#toConfirm(ctx);
	}

	/** Re-reads the targets (when the spec can), then shows the confirmation. */
	#toConfirm(ctx: ActionContext): void {
		this.#armed = {};
		this.#shownAt = undefined;
		this.#details = undefined;
		const {recheck} = this.spec;
		if (!recheck) {
			this.#phase = 'confirm';
			ctx.openOverlay(this);
			return;
		}
		this.#phase = 'checking';
		ctx.openOverlay(this);
		const armed = this.#armed;
		recheck.call(this.spec).then(
			found => {
				if (this.#closed || this.#armed !== armed || this.#phase !== 'checking') return;
				if (found.stop) {
					this.#close(ctx);
					this.spec.cancelled?.();
					ctx.status(found.stop);
					return;
				}
				this.#notes = found.notes ?? [];
				this.#phase = 'confirm';
				ctx.openOverlay(this);
			},
			(error: unknown) => {
				if (this.#closed || this.#armed !== armed || this.#phase !== 'checking') return;
				this.#notes = [`could not re-read the targets (${clean((error as Error)?.message ?? String(error)).split('\n')[0]}): the numbers shown may be old`];
				this.#phase = 'confirm';
				ctx.openOverlay(this);
			},
		);
	}

	#onConfirm(event: KeyEvent, ctx: ActionContext): void {
		if (event.name === 'y') {
			if (this.#shownAt === undefined || ctx.now() - this.#shownAt < confirmGuardMs) {
				ctx.status(`y ignored: it came as the confirmation appeared; read it, then press y to ${this.spec.verb}`);
				return;
			}
			return this.#send(ctx);
		}
		if (event.name === 'n' || event.name === 'escape') return this.#cancel(ctx);
		if (event.name === 'd') {
			this.#details = {scroll: 0};
			return ctx.openOverlay(this);
		}
		const input = this.spec.inputs?.[event.name];
		if (!input) return;
		this.#input = input.open();
		this.#phase = 'input';
		ctx.openOverlay(this);
	}

	#onDetails(event: KeyEvent, ctx: ActionContext): void {
		const details = this.#details!;
		const page = Math.max(1, this.#lastSize.rows - 3);
		const total = allLines(this.#props(this.#lastSize)).length;
		const max = Math.max(0, total - (this.#lastSize.rows - 2));
		const moves: Record<string, number> = {j: 1, down: 1, k: -1, up: -1, pagedown: page, space: page, pageup: -page, g: -Infinity, home: -Infinity, G: Infinity, end: Infinity};
		if (event.name === 'd' || event.name === 'escape') {
			// Back to the confirmation: it counts as newly shown, so a y needs a fresh look.
			this.#details = undefined;
			this.#shownAt = undefined;
		} else if (event.name in moves) details.scroll = Math.max(0, Math.min(max, details.scroll + moves[event.name]!));
		else return;
		ctx.openOverlay(this);
	}

	#send(ctx: ActionContext): void {
		this.#phase = 'running';
		ctx.openOverlay(this);
		const {spec} = this;
		spec.run().then(
			result => {
				this.#result = result;
				if (result.ok || this.#hidden) {
					this.#close(ctx);
					ctx.status(result.summary, result.ok ? 'success' : 'error', {outcome: true});
				} else {
					this.#phase = 'result';
					ctx.openOverlay(this);
					ctx.status(result.summary, 'error', {outcome: true});
				}
				spec.after(result);
			},
			(error: unknown) => {
				// run() reports failures in its result; this is a bug, but never leave the dialog stuck.
				this.#close(ctx);
				ctx.status(`${spec.verb}: ${(error as Error)?.message ?? String(error)}`, 'error');
			},
		);
	}

	#cancel(ctx: ActionContext): void {
		this.#close(ctx);
		this.spec.cancelled?.();
		ctx.status('cancelled: nothing was sent');
	}

	#close(ctx: ActionContext): void {
		this.#closed = true;
		ctx.closeOverlay(this.id);
	}
}
