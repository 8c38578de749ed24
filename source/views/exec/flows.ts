// The confirmations of `s` (a shell), `F` (a port forward) and `E` (enable ECS Exec on a service).
// Each re-reads what it acts on as it opens (the task and its readiness, the service), names its
// targets, the call and its CLI equivalent; `y` sends the call once. A shell then has the terminal
// until it ends; a forward runs in the background and is listed in `:pf`.
import {briefId, shortId, type Service, type Task} from '../../domain.js';
import {forwardInput, remoteLabel, startPortForward, type ForwardSpec} from '../../exec/forward.js';
import type {SessionsFeature} from '../../exec/forwards.js';
import {defaultShellCommand, openShell, runShell} from '../../exec/shell.js';
import {transportLabel, type SessionTransport} from '../../exec/transport.js';
import {locateTarget, SessionError, type SessionDeps, type SessionTarget} from '../../exec/target.js';
import {enableExecService, type ActionResult} from '../../store/actions/actions.js';
import {clean} from '../../text.js';
import type {DialogSpec, Recheck} from '../actions/dialog.js';
import type {FlowBase} from '../actions/flows.js';
import {forwardInputStep} from './inputs.js';

/** A session's outcome as the dialog reports it (no ECS entity changed). */
function sessionResult(operation: 'ExecuteCommand' | 'StartSession', ok: boolean, summary: string, details: string[] = [summary]): ActionResult {
	return {operation, state: ok ? 'done' : 'not done', calls: 1, done: [], failed: [], unknown: [], notSent: [], ok, summary, details, tasks: [], instances: []};
}

const failed = (error: unknown) => (error instanceof SessionError || error instanceof Error ? clean(error.message) : clean(String(error)));

/** The task and container, described now, ready for a session: or why not. */
async function recheckTarget(deps: SessionDeps, task: Task, container: string | undefined, found: (target: SessionTarget) => void): Promise<Recheck> {
	try {
		found(await locateTarget(deps, task.taskArn, container));
		return {};
	} catch (error) {
		return {stop: failed(error)};
	}
}

export interface ShellFlow {
	base: FlowBase;
	sessions: SessionsFeature;
	transport: SessionTransport;
	handOver: (run: () => Promise<void>) => Promise<void>;
	task: Task;
	container: string;
	command?: string;
}

export function shellSpec(flow: ShellFlow): DialogSpec {
	const {sessions, task, container} = flow;
	const command = flow.command ?? defaultShellCommand;
	const deps = sessions.deps(flow.base.deps.where.cluster);
	let target: SessionTarget | undefined;
	const cluster = clean(shortId(flow.base.deps.where.cluster));
	return {
		title: () => `Open a shell in ${briefId(task.taskArn)}/${clean(container)}?`,
		where: flow.base.where,
		targets: () => [clean(`task ${briefId(task.taskArn)}  container ${container}  ${task.lastStatus}  ${task.launchType ?? ''} ${task.platformVersion ?? ''}`.trim())],
		call: () => `ExecuteCommand (interactive), then ${transportLabel(flow.transport)} with the terminal`,
		cli: () => `aws ecs execute-command --cluster ${cluster} --task ${shortId(task.taskArn)} --container ${clean(container)} --interactive --command "${command}"`,
		effect: () => [
			`runs ${command} in the container; the terminal is the shell's until it ends (exit, Ctrl-D, the connection dropping)`,
			'Ctrl-C, Ctrl-\\ and Ctrl-Z go to the shell; ecs-top comes back on this pane afterwards',
			'the session is written to the audit log (never its token)',
		],
		verb: 'shell',
		// aws ecs describe-tasks --cluster C --tasks T (and its instance on EC2): exec's readiness now
		recheck: () => recheckTarget(deps, task, container, t => (target = t)),
		progress: () => 'sending ExecuteCommand…',
		async run() {
			let shell;
			try {
				shell = await openShell(deps, target!, command);
			} catch (error) {
				return sessionResult('ExecuteCommand', false, `shell not opened: ${failed(error)}`);
			}
			let result: {status: number; line?: string; output?: string} = {status: 0};
			try {
				await flow.handOver(async () => {
					result = await runShell(flow.transport, shell).done;
				});
			} catch (error) {
				return sessionResult('ExecuteCommand', false, failed(error));
			}
			const where = `${briefId(task.taskArn)}/${clean(container)}`;
			// The built-in client's reason (a dropped connection, a refused handshake) is one cleaned line.
			if (result.line) return sessionResult('ExecuteCommand', false, `shell in ${where}: ${clean(result.line)}`);
			const ended = result.status === 0 ? `shell in ${where} ended` : `shell in ${where} ended with status ${result.status}`;
			return sessionResult('ExecuteCommand', true, result.output ? `${ended}: ${clean(result.output)}` : ended);
		},
		after: flow.base.after,
	};
}

export interface ForwardFlow {
	base: FlowBase;
	sessions: SessionsFeature;
	transport: SessionTransport;
	task: Task;
	container: string;
	/** The container's port as known (the field's first value). */
	port?: number;
}

export function forwardSpec(flow: ForwardFlow): DialogSpec {
	const {sessions, task, container} = flow;
	let target: SessionTarget | undefined;
	let spec: ForwardSpec = {localPort: flow.port ?? 0, remotePort: flow.port ?? 0};
	const deps = sessions.deps(flow.base.deps.where.cluster);
	const cluster = clean(shortId(flow.base.deps.where.cluster));
	const label = () => (target ? remoteLabel(target, spec) : `${briefId(task.taskArn)}/${clean(container)}:${spec.remotePort}`);
	return {
		title: () => `Forward 127.0.0.1:${spec.localPort || '(a free port)'} to ${label()}?`,
		where: flow.base.where,
		targets: () => [clean(`task ${briefId(task.taskArn)}  container ${container}  ${task.lastStatus}`)],
		call: () => `StartSession (${spec.remoteHost ? 'AWS-StartPortForwardingSessionToRemoteHost' : 'AWS-StartPortForwardingSession'}), then ${transportLabel(flow.transport)} in the background`,
		cli: () => {
			const parameters = target ? forwardInput(target, {...spec, localPort: spec.localPort}).parameters : {};
			const list = Object.entries(parameters).map(([k, v]) => `${k}=${v.join(',')}`).join(',');
			return `aws ssm start-session --target ecs:${cluster}_${shortId(task.taskArn)}_… --document-name ${spec.remoteHost ? 'AWS-StartPortForwardingSessionToRemoteHost' : 'AWS-StartPortForwardingSession'} --parameters ${list}`;
		},
		effect: () => [
			`listens on 127.0.0.1:${spec.localPort || '(a free port)'} only; connections go ${spec.remoteHost ? `through the task to ${clean(spec.remoteHost)}:${spec.remotePort}` : `to port ${spec.remotePort} of the container`}`,
			':pf lists it, x there stops it (TerminateSession); quitting ecs-top stops every forward',
		],
		verb: 'forward',
		first: forwardInputStep(spec, (next: ForwardSpec) => (spec = next)),
		recheck: () => recheckTarget(deps, task, container, t => (target = t)),
		progress: () => 'sending StartSession…',
		async run() {
			try {
				const forward = await startPortForward(deps, target!, spec, flow.transport);
				await forward.listening();
				sessions.forwards.add(forward, flow.base.deps.where.cluster);
				return sessionResult('StartSession', true, `forwarding 127.0.0.1:${forward.localPort} -> ${forward.remote} (:pf lists it)`);
			} catch (error) {
				return sessionResult('StartSession', false, `forward not started: ${failed(error)}`);
			}
		},
		after: flow.base.after,
	};
}

export function enableExecSpec(base: FlowBase, service: Service): DialogSpec {
	const cluster = clean(shortId(base.deps.where.cluster));
	const name = clean(service.serviceName);
	return {
		title: () => `Enable ECS Exec on service ${name}?`,
		where: base.where,
		targets: () => [clean(`service ${service.serviceName}  desired ${service.desiredCount}  running ${service.runningCount}`)],
		call: () => 'UpdateService (enableExecuteCommand true, forceNewDeployment)',
		cli: () => `aws ecs update-service --cluster ${cluster} --service ${name} --enable-execute-command --force-new-deployment`,
		effect: () => [
			'ECS Exec applies to tasks started from now: a new deployment replaces the running tasks',
			'(with the service\'s deployment configuration, as R does)',
			'the task role still needs ssmmessages permissions for a shell to connect',
		],
		verb: 'enable',
		progress: () => 'sending UpdateService…',
		run: () => enableExecService(base.deps, service),
		after: base.after,
	};
}
