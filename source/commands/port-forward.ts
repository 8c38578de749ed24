// `ecs-top port-forward`: 127.0.0.1:LOCAL to a task's container port (or through the task to a
// host) until Ctrl-C, as `aws ssm start-session --document-name AWS-StartPortForwardingSession`
// runs one, with the plugin in the background or ecs-top's own client (--transport). Prints one
// line once it listens (and one on stderr for each thing worth knowing meanwhile: a refused second
// connection); on Ctrl-C (0), SIGTERM (143) or SIGHUP (129): TerminateSession and the forward
// stopped. A forward that ends on its own is a failure (exit 1, its last line).
import process from 'node:process';
import {UserError, type ParsedArgs} from '../cli-args.js';
import {localHost, startPortForward, type PortForward} from '../exec/forward.js';
import {sessionLine, setUpSession} from './session-setup.js';
import {StreamSession} from './stream-session.js';

export async function runPortForward(parsed: ParsedArgs): Promise<number> {
	const spec = parsed.forward!;
	const {deps, transport, target} = await setUpSession(parsed, 'port-forward');
	const session = new StreamSession();
	const {signal} = session.controller;
	const aborted = new Promise<void>(resolve => {
		if (signal.aborted) resolve();
		signal.addEventListener('abort', () => resolve(), {once: true});
	});
	const err = (line: string) => process.stderr.write(`ecs-top: ${line}\n`);
	let forward: PortForward | undefined;
	try {
		try {
			forward = await startPortForward(deps, target, spec, transport);
		} catch (error) {
			throw sessionLine(error);
		}
		const started = forward;
		const listening = started.listening().then(() => 'listening' as const);
		// A rejection is seen below; this keeps it from being unhandled when a signal wins the race.
		listening.catch(() => {});
		const first = await Promise.race([listening, aborted.then(() => 'aborted' as const)]).catch((error: unknown) => {
			throw sessionLine(error);
		});
		if (first === 'listening') {
			const state = started.state();
			const port = state.state === 'listening' ? state.localPort : started.localPort;
			if (!session.closed) process.stdout.write(`forwarding ${localHost}:${port} -> ${started.remote}\n`);
			const quiet = started.subscribe(next => {
				if (next.state === 'listening' && next.note) err(next.note);
			});
			signal.addEventListener('abort', quiet, {once: true});
			const end = await Promise.race([started.ended(), aborted.then(() => undefined)]);
			if (end) {
				const problem = await started.stop();
				if (problem) err(problem);
				throw new UserError(end.reason);
			}
		}
		const problem = await started.stop();
		if (problem) err(problem);
		return session.exitCode;
	} finally {
		session.dispose();
	}
}
