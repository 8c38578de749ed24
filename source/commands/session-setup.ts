// What `ecs-top exec` and `ecs-top port-forward` do before anything is sent: refuse --read-only (a
// session is a mutation) and pick the transport (--transport plugin without the plugin on PATH is
// refused), each in one line (exit 1); then build the clients, the audit log and where the calls
// go, and find the task (its readiness checked). Each failure is one line.
import process from 'node:process';
import {createSessionApis, endpointServices, resolveAwsContext, resolveEndpointUrl} from '../aws/client.js';
import {describeError} from '../aws/errors.js';
import {UserError, type ParsedArgs} from '../cli-args.js';
import {chooseTransport, type SessionTransport} from '../exec/transport.js';
import {locateTarget, SessionError, type SessionDeps, type SessionTarget} from '../exec/target.js';
import {fileAuditLog} from '../store/actions/audit.js';
import {redactUrl} from '../text.js';

export interface SessionSetup {
	deps: SessionDeps;
	transport: SessionTransport;
	target: SessionTarget;
}

/** The one line for a session that cannot start (SessionError's own, or the error's). */
export function sessionLine(error: unknown): UserError {
	if (error instanceof SessionError) {
		// The checks say "name one"; here a container is named with a flag.
		return new UserError(error.condition === 'container-ambiguous' ? `${error.message} with --container` : error.message);
	}
	return new UserError(describeError(error).message);
}

/** The checks that need no call, in order; nothing is sent when one fails. */
export function refuseEarly(parsed: ParsedArgs, what: 'exec' | 'port-forward'): SessionTransport {
	if (parsed.aws.readOnly) {
		const call = what === 'exec' ? 'ExecuteCommand' : 'StartSession';
		throw new UserError(`read-only mode: ${what} opens a session (${call}), which --read-only refuses; nothing was sent`);
	}
	const transport = chooseTransport(parsed.transport, what, process.env);
	if ('refusal' in transport) throw new UserError(transport.refusal);
	return transport;
}

export async function setUpSession(parsed: ParsedArgs, what: 'exec' | 'port-forward'): Promise<SessionSetup> {
	const transport = refuseEarly(parsed, what);
	const cluster = parsed.cluster ?? 'default';
	const context = await resolveAwsContext(parsed.aws).catch((error: unknown) => {
		throw new UserError(describeError(error).message);
	});
	// The audit names the endpoint the session's calls go to: ECS's for exec, SSM's for a forward.
	const ssmEndpoint = what === 'port-forward' ? await resolveEndpointUrl(parsed.aws, endpointServices.ssm) : undefined;
	const endpoint = what === 'port-forward' ? (ssmEndpoint ? redactUrl(ssmEndpoint) : undefined) : context.endpoint;
	const apis = createSessionApis({...parsed.aws, readOnly: parsed.aws.readOnly});
	const deps: SessionDeps = {
		ecs: apis.ecs,
		ssm: apis.ssm,
		context: apis.context,
		where: {cluster, region: context.region, ...(context.profile ? {profile: context.profile} : {}), ...(endpoint ? {endpoint} : {})},
		audit: fileAuditLog(),
	};
	try {
		return {deps, transport, target: await locateTarget(deps, parsed.task!, parsed.container)};
	} catch (error) {
		throw sessionLine(error);
	}
}
