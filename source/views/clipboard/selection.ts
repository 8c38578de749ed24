// What `y`, `Y` and `O` act on in each pane: the selected row's ARN, its name or ID, and its
// console page. Describe views act on what they describe, the events pane on its service (or
// cluster), the logs pane on the selected line's log stream.
import {arnRegion, shortId, taskDefinitionName, type Cluster, type ContainerInstance, type LogEvent, type Service, type ServiceDeployment, type Task, type TaskDefinition} from '../../domain.js';
import type {Snapshot} from '../../store/types.js';
import type {Container} from '../../domain.js';
import {targetOf} from '../describe/view.js';
import {cursorIndex, cursorOf} from '../logs/state.js';
import type {ActionContext, ViewEntry} from '../types.js';
import type {ConsoleTarget} from './console-url.js';

export interface Reference {
	/** Absent where the thing has none (a task-definition family, a container without one yet). */
	arn?: string;
	name: string;
	/** What `name` is, for the status line: "name", "task ID"… */
	nameKind: string;
	console?: ConsoleTarget;
	/** The region the resource is in, where its ARN says. */
	region?: string;
}

function clusterArnOf(snapshot: Snapshot, cluster: string | undefined): string | undefined {
	if (!cluster) return undefined;
	if (cluster.startsWith('arn:')) return cluster;
	for (const c of snapshot.clusters.values()) if (c.clusterName === cluster) return c.clusterArn;
	return undefined;
}

/** `service-deployment/<cluster>/<service>/<id>` */
function deploymentParts(arn: string): {cluster: string; service: string} | undefined {
	const parts = arn.split(':').slice(5).join(':').split('/');
	return parts[0] === 'service-deployment' && parts.length >= 4 ? {cluster: parts[1]!, service: parts[2]!} : undefined;
}

const withRegion = (ref: Reference): Reference => ({...ref, region: ref.region ?? (ref.arn ? arnRegion(ref.arn) : undefined)});

function cluster(c: Cluster): Reference {
	return {arn: c.clusterArn, name: c.clusterName, nameKind: 'name', console: {kind: 'cluster', cluster: c.clusterArn}};
}

function service(s: Service): Reference {
	return {arn: s.serviceArn, name: s.serviceName, nameKind: 'name', console: {kind: 'service', cluster: s.clusterArn, service: s.serviceName}};
}

function task(t: Task): Reference {
	return {arn: t.taskArn, name: shortId(t.taskArn), nameKind: 'task ID', console: {kind: 'task', cluster: t.clusterArn, task: t.taskArn}};
}

function instance(i: Pick<ContainerInstance, 'containerInstanceArn' | 'ec2InstanceId'>, clusterName: string | undefined): Reference {
	const parts = i.containerInstanceArn.split('/');
	const c = clusterName ?? (parts.length >= 3 ? parts[1] : undefined);
	return {arn: i.containerInstanceArn, name: i.ec2InstanceId ?? shortId(i.containerInstanceArn), nameKind: i.ec2InstanceId ? 'EC2 instance ID' : 'ID', console: c ? {kind: 'instance', cluster: c} : undefined};
}

function deployment(arn: string): Reference {
	const parts = deploymentParts(arn);
	return {arn, name: shortId(arn), nameKind: 'deployment ID', console: parts ? {kind: 'deployments', ...parts} : undefined};
}

function taskDefinition(arn: string): Reference {
	return {arn, name: taskDefinitionName(arn), nameKind: 'family:revision', console: {kind: 'taskDefinition', arnOrFamily: arn}};
}

function logLine(line: LogEvent, region: string | undefined, account: string | undefined): Reference {
	const arn = region && account ? `arn:aws:logs:${region}:${account}:log-group:${line.logGroup}:log-stream:${line.logStream}` : undefined;
	return {arn, name: line.logStream, nameKind: 'log stream', console: {kind: 'logStream', group: line.logGroup, stream: line.logStream}, region};
}

function described(view: ViewEntry, snapshot: Snapshot): Reference | undefined {
	const target = targetOf(view);
	if (!target) return undefined;
	const {arn} = target;
	switch (target.kind) {
		case 'cluster':
			return {arn, name: snapshot.clusters.get(arn)?.clusterName ?? shortId(arn), nameKind: 'name', console: {kind: 'cluster', cluster: arn}};
		case 'service': {
			const s = snapshot.services.get(arn);
			const c = s?.clusterArn ?? view.cluster;
			return {arn, name: s?.serviceName ?? shortId(arn), nameKind: 'name', console: c ? {kind: 'service', cluster: c, service: arn} : undefined};
		}
		case 'task': {
			const c = snapshot.tasks.get(arn)?.clusterArn ?? view.cluster;
			return {arn, name: shortId(arn), nameKind: 'task ID', console: c ? {kind: 'task', cluster: c, task: arn} : undefined};
		}
		case 'instance': {
			const i = snapshot.instances.get(arn);
			return instance(i ?? {containerInstanceArn: arn}, view.cluster ? shortId(view.cluster) : undefined);
		}
		case 'deployment':
			return deployment(arn);
		case 'taskDefinition':
			return taskDefinition(arn);
		case 'log':
			return undefined;
	}
}

/** The selection's reference in the pane, or why there is none. */
export function selectionReference(ctx: ActionContext): Reference | string {
	const {view, snapshot, selected} = ctx;
	const region = ctx.env.region ?? ctx.region;
	const found = ((): Reference | string | undefined => {
		switch (view.pane) {
			case 'describe':
				return described(view, snapshot) ?? 'nothing to copy in this description';
			case 'events': {
				const scope = view.scope;
				if (scope?.kind !== 'events') return undefined;
				if (scope.service) {
					const s = [...snapshot.services.values()].find(x => (x.serviceName === scope.service || x.serviceArn === scope.service) && shortId(x.clusterArn) === shortId(scope.cluster));
					if (s) return service(s);
					return {name: shortId(scope.service), nameKind: 'name', console: {kind: 'service', cluster: scope.cluster, service: scope.service}};
				}
				const arn = clusterArnOf(snapshot, scope.cluster);
				return {arn, name: shortId(scope.cluster), nameKind: 'name', console: {kind: 'cluster', cluster: scope.cluster}};
			}
			default:
				break;
		}
		// The logs pane keeps its own cursor (it follows new lines).
		if (view.pane === 'logs') {
			const lines = ctx.rows as readonly LogEvent[];
			const line = lines[cursorIndex(lines, cursorOf(ctx.viewState))];
			return line ? logLine(line, region, ctx.account) : 'no line here';
		}
		if (selected === undefined) return 'nothing selected';
		switch (view.pane) {
			case 'clusters':
				return cluster(selected as Cluster);
			case 'services':
				return service(selected as Service);
			case 'tasks':
				return task(selected as Task);
			case 'instances':
				return instance(selected as ContainerInstance, view.cluster ? shortId(view.cluster) : undefined);
			case 'containers': {
				const c = selected as Container;
				const t = view.taskArn ? snapshot.tasks.get(view.taskArn) : undefined;
				const cl = t?.clusterArn ?? view.cluster;
				return {arn: c.containerArn, name: c.name, nameKind: 'name', console: view.taskArn && cl ? {kind: 'task', cluster: cl, task: view.taskArn} : undefined, region: view.taskArn ? arnRegion(view.taskArn) : undefined};
			}
			case 'taskdefs': {
				const family = (selected as {family: string}).family;
				return {name: family, nameKind: 'family', console: {kind: 'taskDefinition', arnOrFamily: family}};
			}
			case 'revisions':
				return taskDefinition((selected as TaskDefinition).taskDefinitionArn);
			case 'deployments':
				return deployment((selected as ServiceDeployment).serviceDeploymentArn);
			default:
				return undefined;
		}
	})();
	if (found === undefined) return 'nothing to copy here';
	return typeof found === 'string' ? found : withRegion(found);
}
