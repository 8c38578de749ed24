// The AWS console page of a resource, for `O`. Shapes of the ECS console v2 (the "new" console,
// the only one since 2023), as other tools link into it:
//   cluster   https://<r>.console.aws.amazon.com/ecs/v2/clusters/<c>/services?region=<r>
//   service   …/ecs/v2/clusters/<c>/services/<s>/health?region=<r>
//   task      …/ecs/v2/clusters/<c>/tasks/<id>/configuration?region=<r>
//   (seen in public code: a Tauri app's console-urls ecsServiceUrl/ecsTaskUrl, and a
//   `awsConsole` helper with the same cluster/service/task shapes and the partition hosts below)
//   task definition revision  …/ecs/v2/task-definitions/<family>/<revision>/containers?region=<r>
//   task definition family    …/ecs/v2/task-definitions/<family>?region=<r>
//   deployments               …/ecs/v2/clusters/<c>/services/<s>/deployments?region=<r>
//   container instance        …/ecs/v2/clusters/<c>/infrastructure?region=<r> (the cluster's
//                             instances tab: the console has no stable per-instance path)
//   log stream  https://<r>.console.aws.amazon.com/cloudwatch/home?region=<r>#logsV2:log-groups/log-group/<g>/log-events/<s>
//               where <g> and <s> are URI-encoded and then every % is written $25 (the
//               CloudWatch console's own fragment encoding, as its address bar shows).
// GovCloud and China have their own console hosts.
import {arnRegion, shortId, taskDefinitionName} from '../../domain.js';

export type ConsoleTarget =
	| {kind: 'cluster'; cluster: string}
	| {kind: 'service'; cluster: string; service: string}
	| {kind: 'task'; cluster: string; task: string}
	| {kind: 'instance'; cluster: string}
	| {kind: 'taskDefinition'; arnOrFamily: string}
	| {kind: 'deployments'; cluster: string; service: string}
	| {kind: 'logStream'; group: string; stream: string};

export function consoleHost(region: string): string {
	if (region.startsWith('us-gov-')) return `https://${region}.console.amazonaws-us-gov.com`;
	if (region.startsWith('cn-')) return `https://${region}.console.amazonaws.cn`;
	return `https://${region}.console.aws.amazon.com`;
}

const seg = (s: string) => encodeURIComponent(shortId(s));
/** CloudWatch's fragment: URI-encoded, then `%` as `$25` (it decodes the fragment twice). */
const cw = (s: string) => encodeURIComponent(s).replaceAll('%', '$25');

export function consoleUrl(target: ConsoleTarget, region: string): string {
	const host = consoleHost(region);
	const q = `?region=${encodeURIComponent(region)}`;
	switch (target.kind) {
		case 'cluster':
			return `${host}/ecs/v2/clusters/${seg(target.cluster)}/services${q}`;
		case 'service':
			return `${host}/ecs/v2/clusters/${seg(target.cluster)}/services/${seg(target.service)}/health${q}`;
		case 'task':
			return `${host}/ecs/v2/clusters/${seg(target.cluster)}/tasks/${seg(target.task)}/configuration${q}`;
		case 'instance':
			return `${host}/ecs/v2/clusters/${seg(target.cluster)}/infrastructure${q}`;
		case 'deployments':
			return `${host}/ecs/v2/clusters/${seg(target.cluster)}/services/${seg(target.service)}/deployments${q}`;
		case 'taskDefinition': {
			const name = taskDefinitionName(target.arnOrFamily);
			const colon = name.lastIndexOf(':');
			if (colon < 0) return `${host}/ecs/v2/task-definitions/${encodeURIComponent(name)}${q}`;
			return `${host}/ecs/v2/task-definitions/${encodeURIComponent(name.slice(0, colon))}/${encodeURIComponent(name.slice(colon + 1))}/containers${q}`;
		}
		case 'logStream':
			return `${host}/cloudwatch/home${q}#logsV2:log-groups/log-group/${cw(target.group)}/log-events/${cw(target.stream)}`;
	}
}

/** The region a URL is for: the one the app was given, else the resource's ARN's. */
export function regionFor(given: string | undefined, arn: string | undefined): string | undefined {
	return given ?? (arn ? arnRegion(arn) : undefined);
}
