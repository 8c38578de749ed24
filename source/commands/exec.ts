// `ecs-top exec`: an interactive ECS Exec session in a task's container, as `aws ecs
// execute-command --interactive` runs one: the task checked, ExecuteCommand (audited), then the
// session with the terminal: session-manager-plugin, or ecs-top's own data-channel client
// (--transport), Ctrl-C, Ctrl-\ and Ctrl-Z going to the remote shell meanwhile. The exit status is
// the session's; a SIGTERM or SIGHUP to ecs-top is passed on (the plugin signalled, the built-in
// channel closed) and ends in 128+n once it has gone.
import process from 'node:process';
import {UserError, type ParsedArgs} from '../cli-args.js';
import {commandString, openShell, runShell} from '../exec/shell.js';
import {sessionLine, setUpSession} from './session-setup.js';

const passedOn: Array<[NodeJS.Signals, number]> = [['SIGTERM', 143], ['SIGHUP', 129]];

export async function runExec(parsed: ParsedArgs): Promise<number> {
	const {deps, transport, target} = await setUpSession(parsed, 'exec');
	let shell;
	try {
		shell = await openShell(deps, target, commandString(parsed.commandWords));
	} catch (error) {
		throw sessionLine(error);
	}
	const run = runShell(transport, shell);
	const handlers = passedOn.map(([signal, code]) => {
		const handler = () => run.stop(signal, code);
		process.on(signal, handler);
		return [signal, handler] as const;
	});
	try {
		const result = await run.done;
		// channel_closed's Output, as the plugin prints it.
		if (result.output) process.stderr.write(`${result.output}\n`);
		if (result.line) throw new UserError(result.line);
		return result.status;
	} catch (error) {
		throw error instanceof UserError ? error : sessionLine(error);
	} finally {
		for (const [signal, handler] of handlers) process.off(signal, handler);
	}
}
