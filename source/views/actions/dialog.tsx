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
import {ConfirmDialog, allLines, type ConfirmDialogProps, type DialogLine} from '../../components/confirm-dialog.js';
import type {KeyEvent} from '../../components/keys.js';
import type {FieldState} from '../../components/text-prompt.js';
import type {ActionResult} from '../../store/actions/actions.js';
import {clean} from '../../text.js';
import type {ActionContext, BodySize, Overlay, ViewState} from '../types.js';
import {viewKey} from '../view-state.js';

export const actionDialogId = 'action-dialog';

/**
 * How long after a confirmation is first drawn a `y` is still taken as typed ahead, blind: long
 * enough to catch a `y` that was already on its way (key repeat, a fast "x y"), short next to
 * the time anyone needs to read the dialog. Measured on the app's clock.
 */
export const confirmGuardMs = 250;

/**
 * A step that takes keys before (or from) the confirmation: a number or text field. The field
 * as typed is the dialog's state; the step says how a key changes it.
 */
export interface InputStep {
	/** The field as the step opens. */
	field: FieldState;
	render(size: BodySize, color: boolean, field: FieldState): ReactNode;
	/** 'done' → the confirmation; 'cancel' → back to it, or closes the dialog when the input came first. */
	onKey(event: KeyEvent, field: FieldState): {outcome: 'stay' | 'done' | 'cancel'; field: FieldState};
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
	/** A configuration diff shown after the effect (a deployment's task definitions), lines already clean. */
	diff?(): DialogLine[];
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

/** What the dialog shows, kept in its overlay state: each change is written there, which redraws. */
interface DialogState {
	phase: Phase;
	/** The input step on screen (the scale field, the reason editor), and its field as typed. */
	input?: InputStep;
	field?: FieldState;
	/** The input came before any confirmation: cancelling it closes the dialog. */
	inputFirst: boolean;
	result?: ActionResult;
	/** What the re-read of the targets found, shown above the warnings. */
	notes: string[];
	details?: {scroll: number};
	/** Bumped when the spec's own data changed (a background read landed), so its frame is drawn anew. */
	revision: number;
}

const dialogKey = viewKey<DialogState>('action-dialog');

export class ActionDialog implements Overlay {
	readonly id = actionDialogId;
	readonly placement = 'modal' as const;
	/** The state until the dialog is open (then it lives in the overlay state). */
	#initial: DialogState;
	#state?: ViewState;
	#closed = false;
	#hidden = false;
	/** A new object each time a confirmation appears (see Overlay.confirmation). Never drawn. */
	#armed: object | undefined;
	/** When the first frame showing the current confirmation was committed. Never drawn. */
	#shownAt: number | undefined;

	constructor(
		private readonly spec: DialogSpec,
		private readonly color: boolean,
	) {
		this.#initial = {phase: 'input', input: spec.first, field: spec.first?.field, inputFirst: spec.first !== undefined, notes: [], revision: 0};
	}

	#get(): DialogState {
		return this.#state?.get(dialogKey) ?? this.#initial;
	}

	#update(change: Partial<DialogState>): void {
		const next = {...this.#get(), ...change};
		if (this.#state) this.#state.set(dialogKey, next);
		else this.#initial = next;
	}

	get phase(): string {
		return this.#get().phase;
	}

	/** The result dialog no longer holds polling back: the rows should show the progress. */
	get pausesPolling(): boolean {
		return this.#get().phase !== 'result';
	}

	acceptsText(): boolean {
		return this.#get().phase === 'input';
	}

	confirmation(): object | undefined {
		const {phase} = this.#get();
		return phase === 'checking' || phase === 'confirm' ? this.#armed : undefined;
	}

	shown(at: number): void {
		if (this.#get().phase === 'confirm' && this.#shownAt === undefined) this.#shownAt = at;
	}

	/** Opens the dialog, at its first step: the input, or the confirmation. */
	open(ctx: ActionContext): void {
		if (!this.#initial.input) this.#toConfirm(ctx);
		ctx.openOverlay(this);
		this.#state = ctx.overlayState(this);
	}

	/** The spec's data changed (a background check finished); does nothing once closed. */
	redraw(): void {
		if (!this.#closed && !this.#hidden) this.#update({revision: this.#get().revision + 1});
	}

	#props(size: BodySize, state: DialogState): ConfirmDialogProps {
		const {spec} = this;
		const keys: Array<[string, string]> = [['y', spec.verb], ['n/Esc', 'cancel']];
		for (const [key, input] of Object.entries(spec.inputs ?? {})) keys.push([key, input.label]);
		keys.push(['d', 'details']);
		const phase = state.phase === 'input' ? 'confirm' : state.phase;
		return {
			title: spec.title(),
			where: spec.where,
			targets: spec.targets(),
			call: spec.call(),
			cli: spec.cli?.(),
			effect: spec.effect(),
			warnings: [...state.notes, ...(spec.warnings?.() ?? [])],
			extras: spec.extras?.(),
			diff: spec.diff?.(),
			keys,
			phase,
			progress: `${spec.progress()} (Esc hides this; the answer then shows on the status line)`,
			result: state.result ? {ok: state.result.ok, lines: state.result.details} : undefined,
			details: phase === 'confirm' ? state.details : undefined,
			width: size.columns,
			height: size.rows,
			color: this.color,
		};
	}

	render(size: BodySize, overlayState?: ViewState): ReactNode {
		const state = overlayState?.get(dialogKey) ?? this.#get();
		if (state.phase === 'input' && state.input) return state.input.render(size, this.color, state.field ?? state.input.field);
		return <ConfirmDialog {...this.#props(size, state)} />;
	}

	onKey(event: KeyEvent, ctx: ActionContext): void {
		const state = this.#get();
		switch (state.phase) {
			case 'input':
				return this.#onInput(event, ctx, state);
			case 'checking':
				if (event.name === 'n' || event.name === 'escape') this.#cancel(ctx);
				return;
			case 'confirm':
				return state.details ? this.#onDetails(event, ctx, state) : this.#onConfirm(event, ctx);
			case 'running':
				// One confirmation, one call: nothing sends again. Esc only hides the dialog.
				if (event.name === 'escape') {
					this.#hidden = true;
					ctx.closeOverlay(this.id);
					ctx.status(`${this.spec.progress().replace(/^sending/, 'sent').replace(/\u2026$/, '')}: waiting for ECS's answer (it will show here)`);
				} else if (event.name === 'q') ctx.exit();
				return;
			case 'result':
				if (['enter', 'escape', 'q', 'y', 'n', 'space'].includes(event.name)) this.#close(ctx);
		}
	}

	#onInput(event: KeyEvent, ctx: ActionContext, state: DialogState): void {
		const input = state.input!;
		const {outcome, field} = input.onKey(event, state.field ?? input.field);
		if (outcome === 'stay') return this.#update({field});
		if (outcome === 'cancel' && state.inputFirst) return this.#cancel(ctx);
		this.#toConfirm(ctx, {inputFirst: false, input: undefined, field: undefined});
	}

	/** Re-reads the targets (when the spec can), then shows the confirmation. */
	#toConfirm(ctx: ActionContext, change: Partial<DialogState> = {}): void {
		this.#armed = {};
		this.#shownAt = undefined;
		const {recheck} = this.spec;
		if (!recheck) {
			this.#update({...change, details: undefined, phase: 'confirm'});
			return;
		}
		this.#update({...change, details: undefined, phase: 'checking'});
		const armed = this.#armed;
		const checking = () => !this.#closed && this.#armed === armed && this.#get().phase === 'checking';
		recheck.call(this.spec).then(
			found => {
				if (!checking()) return;
				if (found.stop) {
					this.#close(ctx);
					this.spec.cancelled?.();
					ctx.status(found.stop);
					return;
				}
				this.#update({notes: found.notes ?? [], phase: 'confirm'});
			},
			(error: unknown) => {
				if (!checking()) return;
				this.#update({notes: [`could not re-read the targets (${clean((error as Error)?.message ?? String(error)).split('\n')[0]}): the numbers shown may be old`], phase: 'confirm'});
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
		if (event.name === 'd') return this.#update({details: {scroll: 0}});
		const input = this.spec.inputs?.[event.name];
		if (!input) return;
		const step = input.open();
		this.#update({input: step, field: step.field, phase: 'input'});
	}

	/** `size`: the body the dialog is drawn in, as the shell measured it. */
	#onDetails(event: KeyEvent, ctx: ActionContext, state: DialogState): void {
		const size = ctx.bodySize;
		const page = Math.max(1, size.rows - 3);
		const total = allLines(this.#props(size, state)).length;
		const max = Math.max(0, total - (size.rows - 2));
		const moves: Record<string, number> = {j: 1, down: 1, k: -1, up: -1, pagedown: page, space: page, pageup: -page, g: -Infinity, home: -Infinity, G: Infinity, end: Infinity};
		if (event.name === 'd' || event.name === 'escape') {
			// Back to the confirmation: it counts as newly shown, so a y needs a fresh look.
			this.#shownAt = undefined;
			this.#update({details: undefined});
		} else if (event.name in moves) this.#update({details: {scroll: Math.max(0, Math.min(max, state.details!.scroll + moves[event.name]!))}});
	}

	#send(ctx: ActionContext): void {
		this.#update({phase: 'running'});
		const {spec} = this;
		spec.run().then(
			result => {
				if (result.ok || this.#hidden) {
					this.#close(ctx);
					ctx.status(result.summary, result.ok ? 'success' : 'error', {outcome: true});
				} else {
					this.#update({phase: 'result', result});
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
