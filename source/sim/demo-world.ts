// The default world: what a newcomer sees with `npm run demo`. Every state a monitor must show is
// present or appears within the first minute: healthy services, a service that cannot place all
// its tasks, a rolling deployment in progress, a crash loop, a deployment the circuit breaker
// fails and rolls back, an instance draining (with a standalone task that stays), and a
// disconnected agent.
import type {World} from './world.js';

const tg = (world: World, name: string) => `arn:aws:elasticloadbalancing:${world.region}:${world.accountId}:targetgroup/${name}/${world.rng.hex(16)}`;

export function buildDemoWorld(world: World): void {
	const s = world.scheduler;

	// production: EC2 capacity, bridge networking.
	const prod = world.addCluster('production', {tags: [{key: 'env', value: 'production'}], capacityProviders: []});
	const instances = [0, 1, 2, 3].map(() => world.addInstance(prod, {instanceType: 'm5.xlarge'}));
	const web = world.addTaskDefinition({family: 'web', cpu: 512, memory: 1024, networkMode: 'bridge', containerPort: 80, healthCheck: true});
	const api = world.addTaskDefinition({family: 'api', cpu: 1024, memory: 2048, networkMode: 'bridge', containerPort: 8080, hostPort: 8080});
	const worker = world.addTaskDefinition({family: 'worker', cpu: 256, memory: 512, networkMode: 'bridge'});
	const report = world.addTaskDefinition({family: 'nightly-report', cpu: 256, memory: 512, networkMode: 'bridge'});
	const webSvc = world.addService(prod, {name: 'web', taskDefinition: web, desiredCount: 4, loadBalancers: [{targetGroupArn: tg(world, 'web'), containerName: 'web', containerPort: 80}]});
	// Static host port 8080: at most one task per instance, so 6 can never fit on 3 ACTIVE instances.
	world.addService(prod, {name: 'api', taskDefinition: api, desiredCount: 6, running: 4, minimumHealthyPercent: 50});
	world.addService(prod, {name: 'worker', taskDefinition: worker, desiredCount: 3, placementStrategy: [{type: 'binpack', field: 'memory'}]});
	world.runTask(prod, {taskDefinition: report, instance: instances[3], startedBy: 'events-rule/nightly-report'});
	// The fourth instance is being drained: its service tasks move, the standalone report stays.
	s.setInstanceStatus(instances[3]!, 'DRAINING');

	// staging: Fargate only.
	const staging = world.addCluster('staging', {tags: [{key: 'env', value: 'staging'}]});
	const frontend = world.addTaskDefinition({family: 'frontend', cpu: 256, memory: 512, containerPort: 3000});
	const checkout = world.addTaskDefinition({family: 'checkout', cpu: 512, memory: 1024, containerPort: 8080});
	const checkout2 = world.addTaskDefinition({family: 'checkout', cpu: 512, memory: 1024, containerPort: 8080, behaviour: {pullSeconds: 25}});
	const payments = world.addTaskDefinition({family: 'payments', cpu: 256, memory: 512, behaviour: {crashAfterSeconds: 25, exitCode: 1}});
	const search = world.addTaskDefinition({family: 'search', cpu: 512, memory: 1024, containerPort: 9200});
	const searchBroken = world.addTaskDefinition({
		family: 'search',
		cpu: 512,
		memory: 1024,
		containerPort: 9200,
		image: `${world.accountId}.dkr.ecr.${world.region}.amazonaws.com/search:2.0.0-rc1`,
		behaviour: {failToStart: `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${world.accountId}.dkr.ecr.${world.region}.amazonaws.com/search:2.0.0-rc1: not found`},
	});
	world.addService(staging, {name: 'frontend', taskDefinition: frontend, desiredCount: 2, launchType: 'FARGATE'});
	const checkoutSvc = world.addService(staging, {name: 'checkout', taskDefinition: checkout, desiredCount: 3, launchType: 'FARGATE', minimumHealthyPercent: 100, maximumPercent: 150});
	world.addService(staging, {name: 'payments', taskDefinition: payments, desiredCount: 2, launchType: 'FARGATE'});
	const searchSvc = world.addService(staging, {name: 'search', taskDefinition: search, desiredCount: 2, launchType: 'FARGATE', circuitBreaker: {enable: true, rollback: true}});
	s.updateService(checkoutSvc, {taskDef: checkout2});
	s.updateService(searchSvc, {taskDef: searchBroken});

	// data: a small mixed cluster with a disconnected agent.
	const data = world.addCluster('data', {capacityProviders: []});
	world.addInstance(data, {instanceType: 't3.medium'});
	world.addInstance(data, {instanceType: 't3.medium'});
	world.addInstance(data, {instanceType: 't3.medium', agentConnected: false});
	const ingest = world.addTaskDefinition({family: 'ingest', cpu: 512, memory: 1024, networkMode: 'bridge'});
	const etl = world.addTaskDefinition({family: 'etl', cpu: 1024, memory: 2048, networkMode: 'bridge'});
	world.addService(data, {name: 'ingest', taskDefinition: ingest, desiredCount: 2, launchType: 'EC2'});
	world.runTask(data, {taskDefinition: etl, startedBy: 'airflow'});

	// Autoscaling-like breathing on the web service, so a steady cluster still moves.
	let up = true;
	s.every(180_000, () => {
		if (webSvc.status !== 'ACTIVE') return;
		s.updateService(webSvc, {desiredCount: up ? 6 : 4});
		up = !up;
	}, 90_000);
}
