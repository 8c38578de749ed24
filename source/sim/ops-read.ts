// Read operations: List* (paged, opaque tokens) and Describe* (batch limits, failures[]).
// Task definitions and service revisions are in ops-taskdefs.ts.
import {listPage} from './paging.js';
import {batch, invalid, optString, optStrings, pageSize, reqString, serviceNotFound, type Body} from './protocol.js';
import {clusterWire, instanceWire, serviceDeploymentBrief, serviceDeploymentWire, serviceWire, taskWire} from './wire.js';
import type {ClusterRec, ServiceDeploymentRec, TaskRec} from './model.js';
import type {World} from './world.js';

type Handler = (world: World, body: Body) => unknown;

const missing = (arn: string) => ({arn, reason: 'MISSING'});

function childArn(world: World, cluster: ClusterRec, type: string, ref: string): string {
	return ref.startsWith('arn:') ? ref : world.arn(`${type}/${cluster.name}/${ref}`);
}

export const readOps: Record<string, Handler> = {
	ListClusters(world, body) {
		const page = listPage(world.clusterList, 'ListClusters', optString(body, 'nextToken'), pageSize(body, 100), undefined);
		return {clusterArns: page.items.map(c => c.arn), nextToken: page.nextToken};
	},

	DescribeClusters(world, body) {
		const refs = body.clusters === undefined ? ['default'] : batch(body, 'clusters', 'Clusters', 100);
		const include = optStrings(body, 'include') ?? [];
		const clusters = [];
		const failures = [];
		for (const ref of refs) {
			const found = world.findCluster(ref) ?? world.deletedClusters.get(ref.startsWith('arn:') ? ref.slice(ref.indexOf('cluster/') + 8) : ref);
			if (found) clusters.push(clusterWire(found, include));
			else failures.push(missing(ref.startsWith('arn:') ? ref : world.arn(`cluster/${ref}`)));
		}
		return {clusters, failures};
	},

	ListServices(world, body) {
		const cluster = world.cluster(optString(body, 'cluster'));
		const launchType = optString(body, 'launchType');
		const strategy = optString(body, 'schedulingStrategy');
		const match = launchType || strategy ? (s: {launchType: string; schedulingStrategy: string}) => (!launchType || s.launchType === launchType) && (!strategy || s.schedulingStrategy === strategy) : undefined;
		const page = listPage(cluster.serviceList, `ListServices|${cluster.arn}|${launchType}|${strategy}`, optString(body, 'nextToken'), pageSize(body, 10), match);
		return {serviceArns: page.items.map(s => s.arn), nextToken: page.nextToken};
	},

	DescribeServices(world, body) {
		const cluster = world.cluster(optString(body, 'cluster'));
		const refs = batch(body, 'services', 'Services', 10);
		const include = optStrings(body, 'include') ?? [];
		const services = [];
		const failures = [];
		for (const ref of refs) {
			const svc = world.findService(cluster, ref);
			if (svc) services.push(serviceWire(svc, include));
			else failures.push(missing(childArn(world, cluster, 'service', ref)));
		}
		return {services, failures};
	},

	ListTasks(world, body) {
		const cluster = world.cluster(optString(body, 'cluster'));
		const serviceName = optString(body, 'serviceName');
		const instanceRef = optString(body, 'containerInstance');
		const family = optString(body, 'family');
		const startedBy = optString(body, 'startedBy');
		const launchType = optString(body, 'launchType');
		const desired = optString(body, 'desiredStatus') ?? 'RUNNING';
		if (!['RUNNING', 'PENDING', 'STOPPED'].includes(desired)) throw invalid('desiredStatus must be one of RUNNING, PENDING, STOPPED.');
		const service = serviceName === undefined ? undefined : world.findService(cluster, serviceName);
		if (serviceName !== undefined && !service) throw serviceNotFound();
		const instance = instanceRef === undefined ? undefined : world.findInstance(cluster, instanceRef);
		if (instanceRef !== undefined && !instance) throw invalid('The referenced container instance was not found.');
		const limit = pageSize(body, 100);
		const scope = `ListTasks|${cluster.arn}|${JSON.stringify([serviceName, instanceRef, family, startedBy, launchType, desired])}`;
		// PENDING is never a desired status: ECS returns nothing.
		if (desired === 'PENDING') return {taskArns: []};
		const owner = service ?? instance ?? cluster;
		const list = desired === 'STOPPED' ? owner.tasksStopped : owner.tasksRunning;
		const checks: Array<(t: TaskRec) => boolean> = [];
		if (service && instance) checks.push(t => t.instance === instance);
		if (family !== undefined) checks.push(t => t.taskDef.family === family);
		if (startedBy !== undefined) checks.push(t => t.startedBy === startedBy);
		if (launchType !== undefined) checks.push(t => t.launchType === launchType);
		const match = checks.length === 0 ? undefined : (t: TaskRec) => checks.every(check => check(t));
		const page = listPage(list, scope, optString(body, 'nextToken'), limit, match);
		return {taskArns: page.items.map(t => t.arn), nextToken: page.nextToken};
	},

	DescribeTasks(world, body) {
		const cluster = world.cluster(optString(body, 'cluster'));
		const refs = batch(body, 'tasks', 'Tasks', 100);
		const include = optStrings(body, 'include') ?? [];
		const tasks = [];
		const failures = [];
		for (const ref of refs) {
			const task = world.findTask(cluster, ref);
			if (task) tasks.push(taskWire(task, include));
			else failures.push(missing(childArn(world, cluster, 'task', ref)));
		}
		return {tasks, failures};
	},

	ListContainerInstances(world, body) {
		const cluster = world.cluster(optString(body, 'cluster'));
		const status = optString(body, 'status');
		const allowed = ['ACTIVE', 'DRAINING', 'REGISTERING', 'DEREGISTERING', 'REGISTRATION_FAILED'];
		if (status !== undefined && !allowed.includes(status)) throw invalid(`status must be one of ${allowed.join(', ')}.`);
		const filter = optString(body, 'filter');
		const attribute = filter === undefined ? undefined : parseFilter(filter);
		const page = listPage(
			cluster.instanceList,
			`ListContainerInstances|${cluster.arn}|${status}|${filter}`,
			optString(body, 'nextToken'),
			pageSize(body, 100),
			i => (status ? i.status === status : i.status !== 'INACTIVE') && (!attribute || attribute(i)),
		);
		return {containerInstanceArns: page.items.map(i => i.arn), nextToken: page.nextToken};
	},

	DescribeContainerInstances(world, body) {
		const cluster = world.cluster(optString(body, 'cluster'));
		const refs = batch(body, 'containerInstances', 'ContainerInstances', 100);
		const include = optStrings(body, 'include') ?? [];
		const containerInstances = [];
		const failures = [];
		for (const ref of refs) {
			const instance = world.findInstance(cluster, ref);
			if (instance) containerInstances.push(instanceWire(instance, include));
			else failures.push(missing(childArn(world, cluster, 'container-instance', ref)));
		}
		return {containerInstances, failures};
	},

	ListServiceDeployments(world, body) {
		const cluster = world.cluster(optString(body, 'cluster'));
		const svc = world.findService(cluster, reqString(body, 'service'));
		if (!svc) throw serviceNotFound();
		const statuses = optStrings(body, 'status');
		const created = (body.createdAt ?? {}) as {before?: number; after?: number};
		const limit = pageSize(body, 20);
		// Newest first; there are few per service, so a position token is enough.
		const all = [...svc.serviceDeployments.values()].reverse().filter(sd =>
			(!statuses || statuses.includes(sd.status)) &&
			(created.before === undefined || sd.createdAt <= created.before * 1000) &&
			(created.after === undefined || sd.createdAt >= created.after * 1000));
		const token = optString(body, 'nextToken');
		const start = token === undefined ? 0 : Number(Buffer.from(token, 'base64url').toString().replace(/^sd:/, ''));
		if (!Number.isInteger(start) || start < 0) throw invalid('Invalid nextToken.');
		const items = all.slice(start, start + limit);
		const nextToken = start + limit < all.length ? Buffer.from(`sd:${start + limit}`).toString('base64url') : undefined;
		return {serviceDeployments: items.map(serviceDeploymentBrief), nextToken};
	},

	DescribeServiceDeployments(world, body) {
		const arns = batch(body, 'serviceDeploymentArns', 'ServiceDeploymentArns', 20);
		const serviceDeployments = [];
		const failures = [];
		for (const arn of arns) {
			const sd = findServiceDeployment(world, arn);
			if (sd) serviceDeployments.push(serviceDeploymentWire(sd));
			else failures.push(missing(arn));
		}
		return {serviceDeployments, failures};
	},
};

export function findServiceDeployment(world: World, arn: string): ServiceDeploymentRec | undefined {
	const m = /^arn:aws:ecs:([^:]+):(\d+):service-deployment\/([^/]+)\/([^/]+)\/[^/]+$/.exec(arn);
	if (!m || m[1] !== world.region || m[2] !== world.accountId) return undefined;
	const svc = world.findCluster(m[3])?.services.get(m[4]!);
	return svc ? [...svc.serviceDeployments.values()].find(sd => sd.arn === arn) : undefined;
}

/** The cluster query language, as far as a monitor uses it: `attribute:NAME == VALUE`. */
function parseFilter(filter: string): (i: {availabilityZone: string; instanceType: string}) => boolean {
	const m = /^\s*attribute:([\w.-]+)\s*==\s*(\S+)\s*$/.exec(filter);
	if (!m) throw invalid('The simulator supports only filters of the form attribute:NAME == VALUE.');
	const [, name, value] = m;
	if (name === 'ecs.availability-zone') return i => i.availabilityZone === value;
	if (name === 'ecs.instance-type') return i => i.instanceType === value;
	return () => false;
}
