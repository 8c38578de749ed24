// ECS Exec, the session part: ExecuteCommand (audited, refused under --read-only, never resent after
// a lost answer), the plugin's invocation for it and the data channel's address for the built-in
// client. Running it (runShell) is the caller's: the command hands it the terminal at once, the
// TUI inside Ink's suspendTerminal.
import type {ExecSession} from '../aws/ecs-api.js';
import {clean} from '../text.js';
import {execInvocation, pluginEnv} from './plugin-args.js';
import {runInteractivePlugin} from './plugin.js';
import {startBuiltinShell} from './session/shell-session.js';
import type {SessionTransport} from './transport.js';
import {sessionFailure} from './reasons.js';
import {SessionError, sessionWire, type SessionDeps, type SessionTarget} from './target.js';

export const defaultShellCommand = '/bin/sh';

export interface ShellSession {
	sessionId: string;
	/** session-manager-plugin's argv (after its own name) and environment: they hold the session token. */
	args: string[];
	env: Record<string, string>;
	/** The data channel's address and token, for the built-in client (they hold the session token too). */
	stream: {streamUrl: string; tokenValue: string};
}

/** The command words as ExecuteCommand takes them: one string (a single word is taken as it is, as `--command "bash -l"` is). */
export function commandString(words: readonly string[]): string {
	return words.length === 0 ? defaultShellCommand : words.join(' ');
}

/** ExecuteCommand on the target's container, and the plugin's invocation for the session it opens. */
export async function openShell(deps: SessionDeps, target: SessionTarget, command: string): Promise<ShellSession> {
	// First, so a credential or config problem is found before a session is opened.
	const context = await deps.context('ecs').catch((error: unknown) => {
		throw new SessionError(sessionFailure(error, 'ExecuteCommand', {task: target.task}), 'call-failed');
	});
	const onWire = sessionWire<ExecSession>(deps, target, answer => ({sessionId: answer.session.sessionId, taskArn: answer.taskArn, containerName: answer.containerName}));
	let answer: ExecSession;
	try {
		// aws ecs execute-command --cluster C --task T --container N --command "/bin/sh" --interactive
		answer = await deps.ecs.executeCommand({cluster: deps.where.cluster, task: target.task.taskArn, container: target.container.name, command, interactive: true}, {onWire});
	} catch (error) {
		throw new SessionError(sessionFailure(error, 'ExecuteCommand', {task: target.task}), 'call-failed');
	}
	if (!answer.session.sessionId || !answer.session.tokenValue) throw new SessionError(`ECS opened no session for container ${clean(target.container.name)} (its answer had no session)`, 'call-failed');
	const invocation = execInvocation(answer, target.container.runtimeId, context);
	return {
		sessionId: answer.session.sessionId,
		args: invocation.args,
		env: pluginEnv(deps.env ?? process.env, context, invocation.env),
		stream: {streamUrl: answer.session.streamUrl, tokenValue: answer.session.tokenValue},
	};
}

export interface ShellRun {
	/** The session's status (0 normal, 128+n after a signal passed on), and the line when it did not end normally. */
	done: Promise<{status: number; line?: string; output?: string}>;
	/** SIGTERM/SIGHUP to ecs-top: passed on to the plugin, or the built-in channel closed; `status` is the result's. */
	stop(signal: NodeJS.Signals, status: number): void;
}

/** Runs the session with the terminal, on the transport chosen. */
export function runShell(transport: SessionTransport, shell: ShellSession): ShellRun {
	if (transport.kind === 'plugin') {
		const run = runInteractivePlugin(transport.plugin, shell.args, shell.env);
		let signalled: number | undefined;
		return {
			done: run.status.then(
				status => ({status: signalled ?? status}),
				(error: Error) => {
					throw new Error(`${transport.plugin} could not be run: ${error.message}`);
				},
			),
			stop(signal, status) {
				signalled = status;
				run.child.kill(signal);
			},
		};
	}
	const builtin = startBuiltinShell(shell.stream);
	return {done: builtin.outcome, stop: (_signal, status) => builtin.stop(status)};
}
