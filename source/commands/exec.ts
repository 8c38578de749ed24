// `ecs-top exec`: an interactive ECS Exec session in a task's container, as `aws ecs
// execute-command --interactive` runs one: the task checked, ExecuteCommand (audited), then
// session-manager-plugin with the terminal, ecs-top ignoring Ctrl-C, Ctrl-\ and Ctrl-Z meanwhile
// (they are the remote shell's). The exit status is the plugin's; a SIGTERM or SIGHUP to ecs-top is
// passed on to the plugin and ends in 128+n once it has gone.
import process from 'node:process';
import type {ParsedArgs} from '../cli-args.js';
import {runInteractivePlugin} from '../exec/plugin.js';
import {commandString, openShell} from '../exec/shell.js';
import {sessionLine, setUpSession} from './session-setup.js';

const passedOn: Array<[NodeJS.Signals, number]> = [['SIGTERM', 143], ['SIGHUP', 129]];

export async function runExec(parsed: ParsedArgs): Promise<number> {
	const {deps, plugin, target} = await setUpSession(parsed, 'exec');
	let shell;
	try {
		shell = await openShell(deps, target, commandString(parsed.commandWords));
	} catch (error) {
		throw sessionLine(error);
	}
	const run = runInteractivePlugin(plugin, shell.args, shell.env);
	let signalled: number | undefined;
	const handlers = passedOn.map(([signal, code]) => {
		const handler = () => {
			signalled = code;
			run.child.kill(signal);
		};
		process.on(signal, handler);
		return [signal, handler] as const;
	});
	try {
		const status = await run.status;
		return signalled ?? status;
	} catch (error) {
		throw sessionLine(new Error(`${plugin} could not be run: ${(error as Error).message}`));
	} finally {
		for (const [signal, handler] of handlers) process.off(signal, handler);
	}
}
