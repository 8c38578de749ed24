// session-manager-plugin's command line and environment, built as the AWS CLI v1 builds them
// (awscli/customizations/ecs/executecommand.py for `aws ecs execute-command`,
// awscli/customizations/sessionmanager.py for `aws ssm start-session`), so an invocation by ecs-top
// and one by the CLI differ only in session ids and tokens:
//
//   argv[1] the session: json.dumps of ExecuteCommand's `session` ({"sessionId", "streamUrl",
//           "tokenValue"}, the ECS model's member order), or of StartSession's answer as the CLI
//           re-keys it ({"SessionId", "TokenValue", "StreamUrl"}); for StartSession, when the
//           plugin is newer than 1.2.497.0 (the CLI asks `--version`), the name
//           AWS_SSM_START_SESSION_RESPONSE instead, the JSON in that variable (the plugin reads and
//           unsets it; the token stays out of `ps`). The CLI passes exec's session in argv whatever
//           the plugin's version, and so does ecs-top: the two invocations stay comparable.
//   argv[2] the region; argv[3] "StartSession";
//   argv[4] the profile: "" here, where the CLI passes its profile name. The one deliberate
//           difference: ecs-top hands the plugin the credentials it resolved (SSO, credential_process,
//           assumed roles…) in AWS_ACCESS_KEY_ID/SECRET/SESSION_TOKEN, and the plugin's aws-sdk-go v1
//           takes a named profile before those variables (session.Options.Profile wins over the
//           environment), then fails on profiles it cannot read (session-manager-plugin#4).
//   argv[5] json.dumps of the request's parameters: {"Target": "ecs:<cluster>_<task>_<runtime>"} for
//           exec; StartSession's whole request for port forwarding (Target, DocumentName, Reason,
//           Parameters, as sent).
//   argv[6] the endpoint: ECS's for exec (as the CLI does), SSM's for port forwarding.
import type {SessionContext} from '../aws/client.js';
import type {ExecSession} from '../aws/ecs-api.js';
import type {SsmSession} from '../aws/ssm-api.js';
import {compareVersions} from './checks.js';
import {pythonJsonDumps} from './python-json.js';

export const pluginName = 'session-manager-plugin';
/** The env variable the plugin reads the session from when argv[1] names it (any name with this prefix). */
export const responseEnvName = 'AWS_SSM_START_SESSION_RESPONSE';
/** The CLI's LAST_PLUGIN_VERSION_WITHOUT_ENV_VAR: newer plugins read the session from the env variable. */
export const lastVersionWithoutResponseEnv = '1.2.497.0';
/** Where AWS says how to install the plugin. */
export const pluginInstallUrl = 'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html';

export interface PluginInvocation {
	args: string[];
	/** Variables to set for the plugin on top of pluginEnv's (the session, when it goes by env). */
	env: Record<string, string>;
}

/** ECS Exec's SSM target: `ecs:<cluster name>_<task id>_<container runtime id>`. */
export function execTarget(clusterArnOrName: string, taskArnOrId: string, runtimeId: string): string {
	const last = (s: string) => s.split('/').at(-1) ?? s;
	return `ecs:${last(clusterArnOrName)}_${last(taskArnOrId)}_${runtimeId}`;
}

/** As the CLI's VersionRequirement: whitespace removed, up to four numeric parts, strictly newer than 1.2.497.0. */
export function pluginReadsResponseEnv(version: string | undefined): boolean {
	const v = (version ?? '').replace(/\s+/g, '');
	if (!/^\d+(\.\d+){0,3}$/.test(v)) return false;
	return (compareVersions(v, lastVersionWithoutResponseEnv) ?? 0) > 0;
}

/** `aws ecs execute-command`'s plugin call, for ExecuteCommand's answer and the container's runtime id. */
export function execInvocation(answer: ExecSession, runtimeId: string, context: Pick<SessionContext, 'region' | 'endpointUrl'>): PluginInvocation {
	const {sessionId, streamUrl, tokenValue} = answer.session;
	const target = execTarget(answer.clusterArn, answer.taskArn, runtimeId);
	return {
		args: [pythonJsonDumps({sessionId, streamUrl, tokenValue}), context.region, 'StartSession', '', pythonJsonDumps({Target: target}), context.endpointUrl],
		env: {},
	};
}

/** `aws ssm start-session`'s plugin call, for StartSession's request (as sent) and answer. */
export function startSessionInvocation(
	request: Record<string, unknown>,
	answer: SsmSession,
	context: Pick<SessionContext, 'region' | 'endpointUrl'>,
	pluginVersion: string | undefined,
): PluginInvocation {
	const response = pythonJsonDumps({SessionId: answer.sessionId, TokenValue: answer.tokenValue, StreamUrl: answer.streamUrl});
	const byEnv = pluginReadsResponseEnv(pluginVersion);
	return {
		args: [byEnv ? responseEnvName : response, context.region, 'StartSession', '', pythonJsonDumps(request), context.endpointUrl],
		env: byEnv ? {[responseEnvName]: response} : {},
	};
}

/**
 * The plugin's environment: ecs-top's own, with the credentials ecs-top resolved and its region in
 * the standard variables, and nothing that would make the plugin look elsewhere (a profile name, a
 * token that belongs to other keys, a session response left in the environment). Port forwards
 * also get SSM_PLUGIN_LOCAL_HOST=127.0.0.1: the plugin listens on "localhost" otherwise, which may
 * be ::1 or more than loopback's one address.
 */
export function pluginEnv(parent: NodeJS.ProcessEnv, context: Pick<SessionContext, 'region' | 'credentials'>, extra: Record<string, string> = {}): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(parent)) {
		if (value === undefined) continue;
		if (/^(AWS_PROFILE|AWS_DEFAULT_PROFILE|AWS_SESSION_TOKEN|AWS_SECURITY_TOKEN|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_CREDENTIAL_EXPIRATION)$/i.test(key)) continue;
		if (key.toUpperCase().startsWith(responseEnvName)) continue;
		env[key] = value;
	}
	const {credentials} = context;
	env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
	env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
	if (credentials.sessionToken) env.AWS_SESSION_TOKEN = credentials.sessionToken;
	env.AWS_REGION = context.region;
	return {...env, ...extra};
}
