// The agent's handshake (src/message/handshakemessage.go; streaming.go handleHandshakeRequest): it
// asks for actions, we answer each. SessionType is accepted for the kinds we run (a shell or a
// command, a port). KMSEncryption is not done here: it is answered Failed and the session ends
// locally with a line that says how to get it (the plugin); any other action is Unsupported and
// ends the session by its name, since an agent that asks for it expects it done.
import {clean} from '../../text.js';
import {compareVersions} from '../checks.js';
import {pluginInstallUrl, pluginName} from '../plugin-args.js';

/**
 * What the client tells the agent it is, in open_data_channel and in a shell's handshake: a version
 * from before the agent's version-gated features, so it asks for nothing this client does not do.
 */
export const clientVersion = '1.1.61.0';

/**
 * What a multiplexed port session's handshake says instead. The agent multiplexes a
 * LocalPortForwarding session's connections (smux) for clients from 1.1.70 on, and turns its smux
 * keep-alive off for clients after 1.2.331.0 (amazon-ssm-agent plugins/port/port.go,
 * muxSupportedClientVersion and muxKeepAliveDisabledAfterThisClientVersion): keep-alive keeps an idle
 * forward from ever reaching Session Manager's idle timeout, so we ask for it off, as the plugin does.
 */
export const muxClientVersion = '1.2.339.0';

/** The plugin's config.TCPMultiplexingSupportedAfterThisAgentVersion: agents after it multiplex. */
export const muxAgentAfter = '3.0.196.0';
/** The plugin's config.TCPMultiplexingWithSmuxKeepAliveDisabledAfterThisAgentVersion: after it, no keep-alive is needed. */
export const keepAliveOffAgentAfter = '3.1.1511.0';

/**
 * Whether a port session is multiplexed: the plugin's rule (portsession.go: local port forwarding,
 * agent after 3.0.196.0). The version we declare follows it, so the agent's rule gives the same answer.
 */
export function multiplexes(agentVersion: string, properties: unknown): boolean {
	const type = (properties as {type?: unknown} | undefined)?.type;
	// A version that is not dotted numbers does not multiplex (the plugin's comparison fails closed too).
	return type === 'LocalPortForwarding' && (compareVersions(agentVersion, muxAgentAfter) ?? -1) > 0;
}

export const ActionStatus = {Success: 1, Failed: 2, Unsupported: 3} as const;

export interface RequestedClientAction {
	ActionType: string;
	ActionParameters?: unknown;
}

export interface HandshakeRequest {
	AgentVersion?: string;
	RequestedClientActions?: RequestedClientAction[];
}

export interface ProcessedClientAction {
	ActionType: string;
	ActionStatus: number;
	ActionResult?: unknown;
	Error?: string;
}

export interface HandshakeResponse {
	ClientVersion: string;
	ProcessedClientActions: ProcessedClientAction[];
	Errors: string[];
}

/** The session kinds the plugin knows (config.go): the first three run as a shell stream. */
export const shellTypes = new Set(['Standard_Stream', 'InteractiveCommands', 'NonInteractiveCommands']);
export const portType = 'Port';

export const kmsRefusal = `this session requires KMS encryption, which ecs-top's built-in client does not do; install ${pluginName} (${pluginInstallUrl}) or use --transport plugin`;

export interface HandshakeOutcome {
	response: HandshakeResponse;
	agentVersion: string;
	/** 'shell' or 'port' once SessionType was accepted. */
	kind?: 'shell' | 'port';
	sessionType?: string;
	/** The SessionType's Properties (a port session's portNumber, type, host). */
	properties?: unknown;
	/** Set when the session cannot go on here: the one line for the user. */
	refusal?: string;
	/** A port session whose connections go over smux (and the handshake said so). */
	multiplexed?: boolean;
}

export function answerHandshake(request: HandshakeRequest): HandshakeOutcome {
	const outcome: HandshakeOutcome = {response: {ClientVersion: clientVersion, ProcessedClientActions: [], Errors: []}, agentVersion: String(request.AgentVersion ?? '')};
	const refuse = (action: ProcessedClientAction, line: string) => {
		outcome.response.ProcessedClientActions.push(action);
		outcome.response.Errors.push(action.Error ?? line);
		outcome.refusal ??= line;
	};
	for (const action of request.RequestedClientActions ?? []) {
		const type = String(action.ActionType);
		if (type === 'SessionType') {
			const parameters = (action.ActionParameters ?? {}) as {SessionType?: unknown; Properties?: unknown};
			const sessionType = String(parameters.SessionType ?? '');
			const kind = shellTypes.has(sessionType) ? 'shell' : sessionType === portType ? 'port' : undefined;
			if (kind) {
				outcome.response.ProcessedClientActions.push({ActionType: type, ActionStatus: ActionStatus.Success});
				outcome.kind = kind;
				outcome.sessionType = sessionType;
				outcome.properties = parameters.Properties;
			} else {
				const error = `Failed to process action SessionType: Unknown session type ${sessionType}`;
				refuse({ActionType: type, ActionStatus: ActionStatus.Failed, Error: error}, `the agent opened a session of type "${clean(sessionType)}", which ecs-top's built-in client does not run; use --transport plugin`);
			}
		} else if (type === 'KMSEncryption') {
			refuse({ActionType: type, ActionStatus: ActionStatus.Failed, Error: 'Failed to process action KMSEncryption: not supported by this client'}, kmsRefusal);
		} else {
			refuse({ActionType: type, ActionStatus: ActionStatus.Unsupported, Error: `Unsupported action ${type}`}, `the agent asked for "${clean(type)}", which ecs-top's built-in client does not do; install ${pluginName} (${pluginInstallUrl}) or use --transport plugin`);
		}
	}
	if (outcome.kind === 'port' && !outcome.refusal && multiplexes(outcome.agentVersion, outcome.properties)) {
		outcome.multiplexed = true;
		outcome.response.ClientVersion = muxClientVersion;
	}
	return outcome;
}
