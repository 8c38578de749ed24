// A port forward to a task: SSM StartSession with AWS's port-forwarding document (to the container's
// own port, or through the task to a remote host), then the plugin started in the background or
// ecs-top's own data-channel client (the transport), listening on 127.0.0.1 only, and stop():
// TerminateSession and the plugin killed (the channel closed). Each session call is
// audited (the ports in its parameters, the task and container beside them; never the token) and
// refused under --read-only. The `:pf` pane and `ecs-top port-forward` both hold PortForwards.
import net from 'node:net';
import {startSessionRequest} from '../aws/ssm-client.js';
import type {SsmSession, StartSessionInput} from '../aws/ssm-api.js';
import {briefId} from '../domain.js';
import {clean} from '../text.js';
import {execTarget, pluginEnv, startSessionInvocation} from './plugin-args.js';
import {pluginVersion, startForwardProcess, type ForwardProcess, type ForwardProcessState} from './plugin.js';
import {startBuiltinForward} from './session/port-session.js';
import type {SessionTransport} from './transport.js';
import {sessionFailure} from './reasons.js';
import {SessionError, sessionWire, type SessionDeps, type SessionTarget} from './target.js';

export const portForwardDocument = 'AWS-StartPortForwardingSession';
export const remoteHostDocument = 'AWS-StartPortForwardingSessionToRemoteHost';
/** Where local listeners bind: loopback only, whatever the plugin's default. */
export const localHost = '127.0.0.1';

export interface ForwardSpec {
	/** 1–65535, or 0: a free port on 127.0.0.1, picked before the session starts. */
	localPort: number;
	remotePort: number;
	/** A host the task reaches (a database, another service): the session goes through the task to it. */
	remoteHost?: string;
}

export interface PortForward {
	sessionId: string;
	localPort: number;
	/** `<task id>/<container>:REMOTE`, or `H:REMOTE via <task id>/<container>`. */
	remote: string;
	state(): ForwardProcessState;
	subscribe(listener: (state: ForwardProcessState) => void): () => void;
	/** Resolves once the plugin listens; rejects (SessionError) when it ended first. */
	listening(): Promise<void>;
	ended(): Promise<ForwardProcessState & {state: 'ended'}>;
	/** TerminateSession (audited) and the plugin killed; resolves to a line when TerminateSession failed. */
	stop(): Promise<string | undefined>;
}

/** A port nobody listens on at 127.0.0.1 right now (the plugin needs a number). */
export function freeLocalPort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, localHost, () => {
			const {port} = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** Whether 127.0.0.1:port can be listened on now (checked before a session is opened for it). */
export function localPortFree(port: number): Promise<boolean> {
	return new Promise(resolve => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, localHost, () => server.close(() => resolve(true)));
	});
}

/** StartSession's input for a forward to the target's container (or through it to a host). */
export function forwardInput(target: SessionTarget, spec: ForwardSpec & {localPort: number}): StartSessionInput {
	const ports = {portNumber: [String(spec.remotePort)], localPortNumber: [String(spec.localPort)]};
	// The parameters in the order AWS's own examples give them (host first).
	const parameters = spec.remoteHost === undefined ? ports : {host: [spec.remoteHost], ...ports};
	return {
		target: execTarget(target.task.clusterArn, target.task.taskArn, target.container.runtimeId),
		documentName: spec.remoteHost === undefined ? portForwardDocument : remoteHostDocument,
		parameters,
		reason: `ecs-top port-forward ${spec.localPort}:${spec.remoteHost === undefined ? '' : `${spec.remoteHost}:`}${spec.remotePort}`,
	};
}

export function remoteLabel(target: SessionTarget, spec: ForwardSpec): string {
	const where = `${briefId(target.task.taskArn)}/${clean(target.container.name)}`;
	return spec.remoteHost === undefined ? `${where}:${spec.remotePort}` : `${clean(spec.remoteHost)}:${spec.remotePort} via ${where}`;
}

/** StartSession, then the plugin in the background or the built-in client; TerminateSession when neither can start. */
export async function startPortForward(deps: SessionDeps, target: SessionTarget, spec: ForwardSpec, transport: SessionTransport): Promise<PortForward> {
	const context = await deps.context('ssm').catch((error: unknown) => {
		throw new SessionError(sessionFailure(error, 'StartSession', {task: target.task}), 'call-failed');
	});
	const localPort = spec.localPort === 0 ? await freeLocalPort() : spec.localPort;
	// The plugin would find out only after the session is open.
	if (spec.localPort !== 0 && !(await localPortFree(localPort))) {
		throw new SessionError(`${localHost}:${localPort} is in use (or not allowed): pick another LOCAL port, or 0 for a free one`, 'call-failed');
	}
	const input = forwardInput(target, {...spec, localPort});
	const ssmTarget = input.target;
	// Asked before the session is opened, as the CLI asks it (after, there): the answer decides how the session is handed over.
	const version = transport.kind === 'plugin' ? pluginVersion(transport.plugin) : undefined;
	const about = {task: target.task.taskArn, container: target.container.name};
	const onWire = sessionWire<SsmSession>(deps, target, answer => ({SessionId: answer.sessionId}), about);
	let session: SsmSession;
	try {
		session = await deps.ssm.startSession(input, {onWire});
	} catch (error) {
		throw new SessionError(sessionFailure(error, 'StartSession', {task: target.task, target: ssmTarget}), 'call-failed');
	}
	let terminated: Promise<string | undefined> | undefined;
	// Once, however many ways the forward ends.
	const terminate = (): Promise<string | undefined> => (terminated ??= (async () => {
		try {
			const onEnd = sessionWire<string>(deps, target, sessionId => ({SessionId: sessionId}), about);
			// aws ssm terminate-session --session-id S
			await deps.ssm.terminateSession(session.sessionId, {onWire: onEnd});
			return undefined;
		} catch (error) {
			return `TerminateSession ${session.sessionId}: ${sessionFailure(error, 'TerminateSession', {target: ssmTarget})}`;
		}
	})());
	let child: ForwardProcess;
	try {
		if (transport.kind === 'plugin') {
			const invocation = startSessionInvocation(startSessionRequest(input), session, context, version);
			const env = pluginEnv(deps.env ?? process.env, context, {...invocation.env, SSM_PLUGIN_LOCAL_HOST: localHost});
			child = startForwardProcess(transport.plugin, invocation.args, env);
		} else {
			child = startBuiltinForward({streamUrl: session.streamUrl, tokenValue: session.tokenValue, sessionId: session.sessionId, localPort, host: localHost});
		}
	} catch (error) {
		await terminate();
		throw new SessionError(`${transport.kind === 'plugin' ? 'session-manager-plugin' : 'the built-in session client'} could not be started: ${clean((error as Error).message)}`, 'call-failed');
	}
	let stopping: Promise<string | undefined> | undefined;
	return {
		sessionId: session.sessionId,
		localPort,
		remote: remoteLabel(target, spec),
		state: () => child.state(),
		subscribe: listener => child.subscribe(listener),
		async listening() {
			try {
				await child.listening();
			} catch (error) {
				// The plugin never listened: the session it was given is ended too (the CLI does the same when the plugin is missing).
				await terminate();
				throw new SessionError(clean((error as Error).message), 'call-failed');
			}
		},
		ended: () => child.ended(),
		stop() {
			stopping ??= (async () => {
				const [problem] = await Promise.all([terminate(), child.kill()]);
				return problem;
			})();
			return stopping;
		},
	};
}
