// `y` copies the selection's ARN, `Y` its name or ID, `O` opens its AWS console page (table panes,
// describe views, the events pane). Copying writes OSC 52 through Ink's stdout (the app's
// writeTerminal capability) when stdout is a terminal that honours it; else the system clipboard
// command on PATH; else the status line shows the text. `O` hands the URL to the browser opener
// when one is found and a display is plausible (not over SSH without a forwarded display); else
// the status line shows the URL, and copies it too where OSC 52 can.
import type {ActionContext, Extension, KeyAction} from '../types.js';
import {consoleUrl} from './console-url.js';
import {osc52, osc52Usable} from './osc52.js';
import {selectionReference, type Reference} from './selection.js';
import {browserOpener, clipboardCommand, runDetached, whichOnPath, type Command, type Which} from './system.js';

/** The outside world the keys touch: injectable, so tests run no real opener. */
export interface ClipboardSystem {
	env: NodeJS.ProcessEnv;
	platform: NodeJS.Platform;
	which: Which;
	run(cmd: Command, input?: string, onError?: (error: Error) => void): void;
}

export const realSystem = (): ClipboardSystem => ({env: process.env, platform: process.platform, which: whichOnPath(), run: runDetached});

/** Puts `text` on the clipboard; what went where, for the status line, or undefined when nothing could. */
function copy(ctx: ActionContext, system: ClipboardSystem, text: string): string | undefined {
	if (ctx.writeTerminal && osc52Usable(true, system.env)) {
		ctx.writeTerminal(osc52(text));
		return 'copied';
	}
	const command = clipboardCommand(system.env, system.platform, system.which);
	if (!command) return undefined;
	system.run(command, text, error => ctx.status(`${command.command} failed: ${error.message}`, 'error'));
	return `copied (${command.command})`;
}

function withReference(ctx: ActionContext, act: (ref: Reference) => void): void {
	const ref = selectionReference(ctx);
	if (typeof ref === 'string') return void ctx.status(ref);
	act(ref);
}

export function clipboardExtension(system: ClipboardSystem = realSystem()): Extension {
	const copyKey = (id: string, pick: (ref: Reference) => [string, string | undefined]): KeyAction => ({
		id,
		run: ctx =>
			withReference(ctx, ref => {
				const [what, text] = pick(ref);
				if (!text) return void ctx.status(`no ${what} to copy here`);
				const done = copy(ctx, system, text);
				ctx.status(done ? `${done} ${what}: ${text}` : `no clipboard here (no terminal for OSC 52, no clipboard command); ${what}: ${text}`, done ? 'success' : 'info');
			}),
	});
	return {
		id: 'clipboard',
		keys: [
			copyKey('copy-arn', ref => ['ARN', ref.arn]),
			copyKey('copy-name', ref => [ref.nameKind, ref.name]),
			{
				id: 'open-console',
				run: ctx =>
					withReference(ctx, ref => {
						if (!ref.console) return void ctx.status('no console page for this');
						if (!ref.region) return void ctx.status('no console page: the region is not known (give --region)');
						const url = consoleUrl(ref.console, ref.region);
						const opener = browserOpener(system.env, system.platform, system.which);
						if (opener) {
							const cmd = opener(url);
							system.run(cmd, undefined, error => ctx.status(`${cmd.command} failed: ${error.message}; ${url}`, 'error'));
							return void ctx.status(`opened ${url}`, 'success');
						}
						// Over SSH the URL is shown (and copied where OSC 52 reaches the user's terminal).
						const copied = ctx.writeTerminal && osc52Usable(true, system.env) ? copy(ctx, system, url) : undefined;
						ctx.status(`${copied ? 'no browser here, URL copied' : 'no browser here'}: ${url}`, 'info', {outcome: true});
					}),
			},
		],
	};
}
