// The TUI's ECS Exec and port forwarding: the session clients (ECS and SSM on one credential chain,
// the same limiter as the rest of the app), the audit log, where each cluster's calls go, the
// transport chosen when a key asks for it (--transport; with auto, the plugin is looked up then, so
// installing it while ecs-top runs works), and the forwards.
import {createSessionApis, type AwsContext, type CreateEcsApiOptions} from '../aws/client.js';
import {ForwardRegistry, type SessionsFeature} from '../exec/forwards.js';
import {chooseTransport, type Transport} from '../exec/transport.js';
import type {SessionDeps} from '../exec/target.js';
import {fileAuditLog} from '../store/actions/audit.js';

export function sessionsFeature(options: Omit<CreateEcsApiOptions, 'readOnly'>, context: AwsContext, execCommand?: string, transport: Transport = 'auto'): SessionsFeature {
	const apis = createSessionApis({...options, readOnly: false});
	const audit = fileAuditLog();
	return {
		deps: (cluster): SessionDeps => ({
			ecs: apis.ecs,
			ssm: apis.ssm,
			context: apis.context,
			where: {cluster, region: context.region, ...(context.profile ? {profile: context.profile} : {}), ...(context.endpoint ? {endpoint: context.endpoint} : {})},
			audit,
		}),
		transport: () => chooseTransport(transport, '--transport plugin', process.env),
		forwards: new ForwardRegistry(),
		...(execCommand === undefined ? {} : {execCommand}),
	};
}
