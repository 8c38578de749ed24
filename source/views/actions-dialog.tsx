// The dialog every dangerous action goes through, as one overlay with phases:
// input (the scale field, or editing the stop reason) → confirm → running → closed or result.
// `y` in the confirm phase sends the call once: the phase turns to 'running' synchronously, so a
// second `y` in the same chunk (or held down) lands in 'running', where every key is ignored.
// Polling pauses until the call has been answered.
import type {ReactNode} from 'react';
import {ConfirmDialog} from '../components/confirm-dialog.js';
import type {KeyEvent} from '../components/keys.js';
import type {ActionResult} from '../store/actions.js';
import type {ActionContext, BodySize, Overlay} from './types.js';

export const actionDialogId = 'action-dialog';

/** A step that takes keys before (or from) the confirmation: a number or text field. */
export interface InputStep {
	render(size: BodySize, color: boolean): ReactNode;
	/** 'done' → the confirmation; 'cancel' → back to it, or closes the dialog when the input came first. */
	onKey(event: KeyEvent): 'stay' | 'done' | 'cancel';
}

export interface DialogSpec {
	title(): string;
	where: Array<[string, string]>;
	targets: readonly string[];
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
	/** The call being sent, e.g. 'sending StopTask for 3 tasks…'. */
	progress(): string;
	run(): Promise<ActionResult>;
	/** After the answer: refresh, follow, clear marks. */
	after(result: ActionResult): void;
	/** When the dialog closes without sending (cancel): stop background checks. */
	cancelled?(): void;
}

export class ActionDialog implements Overlay {
	readonly id = actionDialogId;
	readonly placement = 'modal' as const;
	#phase: 'input' | 'confirm' | 'running' | 'result';
	#input?: InputStep;
	#inputFirst: boolean;
	#result?: ActionResult;
	#closed = false;
	#ctx?: ActionContext;

	constructor(
		private readonly spec: DialogSpec,
		private readonly color: boolean,
	) {
		this.#input = spec.first;
		this.#inputFirst = spec.first !== undefined;
		this.#phase = spec.first ? 'input' : 'confirm';
	}

	get phase(): string {
		return this.#phase;
	}

	/** The result dialog no longer holds polling back: the rows should show the progress. */
	get pausesPolling(): boolean {
		return this.#phase !== 'result';
	}

	/** Opens the dialog; `ctx` is kept to redraw and close it when an answer arrives later. */
	open(ctx: ActionContext): void {
		this.#ctx = ctx;
		ctx.openOverlay(this);
	}

	/** Redraws (a background check finished); does nothing once closed. */
	redraw(): void {
		if (!this.#closed) this.#ctx?.openOverlay(this);
	}

	render(size: BodySize): ReactNode {
		if (this.#phase === 'input' && this.#input) return this.#input.render(size, this.color);
		const {spec} = this;
		const keys: Array<[string, string]> = [['y', spec.verb], ['n/Esc', 'cancel']];
		for (const [key, input] of Object.entries(spec.inputs ?? {})) keys.push([key, input.label]);
		return (
			<ConfirmDialog
				title={spec.title()}
				where={spec.where}
				targets={spec.targets}
				call={spec.call()}
				cli={spec.cli?.()}
				effect={spec.effect()}
				warnings={spec.warnings?.()}
				extras={spec.extras?.()}
				keys={keys}
				phase={this.#phase === 'input' ? 'confirm' : this.#phase}
				progress={`${spec.progress()} (keys are ignored until ECS answers)`}
				result={this.#result ? {ok: this.#result.ok, lines: this.#result.details} : undefined}
				width={size.columns}
				height={size.rows}
				color={this.color}
			/>
		);
	}

	onKey(event: KeyEvent, ctx: ActionContext): void {
		this.#ctx = ctx;
		switch (this.#phase) {
			case 'input':
				return this.#onInput(event, ctx);
			case 'confirm':
				return this.#onConfirm(event, ctx);
			case 'running':
				return; // One confirmation, one call: nothing until the answer.
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
		this.#phase = 'confirm';
		ctx.openOverlay(this);
	}

	#onConfirm(event: KeyEvent, ctx: ActionContext): void {
		if (event.name === 'y') return this.#send(ctx);
		if (event.name === 'n' || event.name === 'escape') return this.#cancel(ctx);
		const input = this.spec.inputs?.[event.name];
		if (!input) return;
		this.#input = input.open();
		this.#phase = 'input';
		ctx.openOverlay(this);
	}

	#send(ctx: ActionContext): void {
		this.#phase = 'running';
		ctx.openOverlay(this);
		const {spec} = this;
		spec.run().then(
			result => {
				this.#result = result;
				if (result.ok) {
					this.#close(ctx);
					ctx.status(result.summary, 'success');
				} else {
					this.#phase = 'result';
					ctx.openOverlay(this);
					ctx.status(result.summary, 'error');
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
