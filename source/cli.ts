// The composition root: parses the command line, runs one command, maps failures to exit codes.
// Each command lives in source/commands/ and is loaded on demand, so `--help` stays fast.
import process from 'node:process';
import {parseCommandLine, UsageError, UserError, type ParsedArgs} from './cli-args.js';
import {configReader} from './config/load.js';
import {ConfigError} from './config/schema.js';
import {trace} from './app/trace.js';

declare const __ECS_TOP_VERSION__: string | undefined;
const version = typeof __ECS_TOP_VERSION__ === 'string' ? __ECS_TOP_VERSION__ : '0.0.0-dev';

async function run(parsed: ParsedArgs): Promise<number> {
	switch (parsed.command) {
		case 'sim':
			return (await import('./commands/sim.js')).runSim(parsed);
		case 'get':
			return (await import('./commands/get.js')).runGet(parsed);
		case 'events':
			return (await import('./commands/events.js')).runEvents(parsed);
		case 'logs':
			return (await import('./commands/logs.js')).runLogs(parsed);
		case 'exec':
			return (await import('./commands/exec.js')).runExec(parsed);
		case 'port-forward':
			return (await import('./commands/port-forward.js')).runPortForward(parsed);
		case 'tui': {
			trace('start', {phase: 'parsed'});
			return (await import('./commands/tui.js')).runTui(parsed);
		}
		case 'config':
			return (await import('./commands/config.js')).runConfig(parsed);
		case 'info':
			return (await import('./commands/info.js')).runInfo(parsed, version);
		case 'completion':
			return (await import('./commands/completion.js')).runCompletion(parsed);
	}
}

async function main(): Promise<void> {
	trace('start', {phase: 'cli'});
	let parsed: ParsedArgs | undefined;
	try {
		// The config file is parsed only for a command that runs: --help and --version work whatever it holds.
		const invocation = parseCommandLine(process.argv.slice(2), version, {config: await configReader(process.env)});
		if (invocation.kind === 'print') {
			process.stdout.write(invocation.text);
			process.exitCode = 0;
			return;
		}
		parsed = invocation.parsed;
		process.exitCode = await run(parsed);
	} catch (error) {
		if (error instanceof ConfigError) {
			// PATH:LINE: reason, as compilers say it: editors jump to the line.
			process.stderr.write(`ecs-top: ${error.message}\n`);
			process.exitCode = 2;
			return;
		}
		if (error instanceof UsageError) {
			const command = error.command ?? parsed?.command ?? 'tui';
			const help = command === 'tui' ? 'ecs-top --help' : `ecs-top ${command} --help`;
			process.stderr.write(`ecs-top: ${error.message} (try ${help})\n`);
			process.exitCode = 2;
			return;
		}
		if (parsed?.debug) process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
		else process.stderr.write(`ecs-top: ${oneLine(error)}\n`);
		process.exitCode = 1;
	}
}

function oneLine(error: unknown): string {
	if (error instanceof UserError) return error.message;
	const message = error instanceof Error ? error.message : String(error);
	return message.split('\n')[0] ?? 'unexpected error';
}

await main();
