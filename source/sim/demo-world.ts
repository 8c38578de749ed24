// The default world: what a newcomer sees with `npm run demo`. Every state a monitor must show is
// present or appears within the first minute: healthy services, a service that cannot place all
// its tasks, a rolling deployment in progress, a crash loop, a deployment the circuit breaker
// fails and rolls back, an instance draining (with a standalone task that stays), a disconnected
// agent; within minutes, tasks killed for their memory (OutOfMemoryError) and replaced. Container
// Insights: enhanced on staging, enabled on production, off on data. Task definitions have a
// history to browse and compare: frontend:1..5 and ingest:1..3 (each service on its latest, with
// the service deployments and revisions that led there; the oldest revisions deregistered), a
// family with only INACTIVE revisions (legacy-cron) and one no service runs (db-migrate). A
// deployment that fails without a circuit breaker stays IN_PROGRESS (staging's cart, cart:2 →
// cart:3) for a rollback to be tried on from the first second. The
// history draws no identifier from the world's main stream, so every task and event of a seed is
// what it was without it. ECS Exec: on for production's web and api, staging's frontend and the
// two-container etl task on data; off for worker and the others; on for staging's payments too,
// but on Fargate platform 1.3.0, which has no exec agent, so exec there fails.
import type {Tag} from '../domain.js';
import type {TaskDefRec} from './model.js';
import type {World} from './world.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

const tg = (world: World, name: string) => `arn:aws:elasticloadbalancing:${world.region}:${world.accountId}:targetgroup/${name}/${world.rng.hex(16)}`;

/** Revisions of a family registered before the one the demo runs (explicit images: no draws from the main stream). */
function history(world: World, family: string, base: {cpu: number; containerPort?: number; networkMode?: 'awsvpc' | 'bridge'; tags?: Tag[]}, revisions: Array<{tag: string; memory: number; daysAgo: number; deregisteredDaysAgo?: number; environment?: Array<{name: string; value: string}>; secrets?: Array<{name: string; valueFrom: string}>}>): TaskDefRec[] {
	const ecr = `${world.accountId}.dkr.ecr.${world.region}.amazonaws.com`;
	const now = world.now();
	return revisions.map(r => world.addTaskDefinition({
		family,
		...base,
		memory: r.memory,
		image: `${ecr}/${family}:${r.tag}`,
		environment: r.environment,
		secrets: r.secrets,
		registeredAt: now - r.daysAgo * DAY,
		deregisteredAt: r.deregisteredDaysAgo === undefined ? undefined : now - r.deregisteredDaysAgo * DAY,
	}));
}

export function buildDemoWorld(world: World): void {
	const s = world.scheduler;
	const now = world.now();
	const secret = (name: string) => `arn:aws:secretsmanager:${world.region}:${world.accountId}:secret:${name}`;
	const parameter = (name: string) => `arn:aws:ssm:${world.region}:${world.accountId}:parameter/${name}`;
	// The running revisions were registered and deployed just before their oldest running task started (at most 3 days ago).
	const currentAt = now - 3 * DAY - 3 * HOUR;
	const deployedAt = now - 3 * DAY - 2 * HOUR;

	// production: EC2 capacity, bridge networking.
	const prod = world.addCluster('production', {tags: [{key: 'env', value: 'production'}], capacityProviders: [], containerInsights: 'enabled'});
	const instances = [0, 1, 2, 3].map(() => world.addInstance(prod, {instanceType: 'm5.xlarge'}));
	const web = world.addTaskDefinition({family: 'web', cpu: 512, memory: 1024, networkMode: 'bridge', containerPort: 80, healthCheck: true});
	const api = world.addTaskDefinition({family: 'api', cpu: 1024, memory: 2048, networkMode: 'bridge', containerPort: 8080, hostPort: 8080});
	const worker = world.addTaskDefinition({family: 'worker', cpu: 256, memory: 512, networkMode: 'bridge'});
	const report = world.addTaskDefinition({family: 'nightly-report', cpu: 256, memory: 512, networkMode: 'bridge'});
	const webSvc = world.addService(prod, {name: 'web', taskDefinition: web, desiredCount: 4, loadBalancers: [{targetGroupArn: tg(world, 'web'), containerName: 'web', containerPort: 80}], enableExecuteCommand: true});
	// Static host port 8080: at most one task per instance, so 6 can never fit on 3 ACTIVE instances.
	world.addService(prod, {name: 'api', taskDefinition: api, desiredCount: 6, running: 4, minimumHealthyPercent: 50, enableExecuteCommand: true});
	// Exec off: a shell here is refused until the service is updated and redeployed (ecs-top's `E`).
	world.addService(prod, {name: 'worker', taskDefinition: worker, desiredCount: 3, placementStrategy: [{type: 'binpack', field: 'memory'}]});
	world.runTask(prod, {taskDefinition: report, instance: instances[3], startedBy: 'events-rule/nightly-report'});
	// The fourth instance is being drained: its service tasks move, the standalone report stays.
	s.setInstanceStatus(instances[3]!, 'DRAINING');

	// staging: Fargate only.
	const staging = world.addCluster('staging', {tags: [{key: 'env', value: 'staging'}], containerInsights: 'enhanced'});
	const storefront = [{key: 'team', value: 'storefront'}];
	const logLevel = {name: 'LOG_LEVEL', value: 'info'};
	const flags = {name: 'FEATURE_FLAGS', value: 'checkout-v2'};
	const session = {name: 'SESSION_SECRET', valueFrom: secret('frontend/session-Xy12Ab')};
	const frontendHistory = history(world, 'frontend', {cpu: 256, containerPort: 3000, tags: storefront}, [
		{tag: '1.0.4', memory: 1024, daysAgo: 60, deregisteredDaysAgo: 30},
		{tag: '2.0.1', memory: 1024, daysAgo: 45, deregisteredDaysAgo: 20, environment: [logLevel]},
		{tag: '3.0.7', memory: 512, daysAgo: 30, environment: [logLevel]},
		{tag: '4.0.2', memory: 512, daysAgo: 14, environment: [logLevel, flags], secrets: [session]},
	]);
	const frontend = world.addTaskDefinition({
		family: 'frontend', cpu: 256, memory: 512, containerPort: 3000, tags: storefront, registeredAt: currentAt,
		environment: [{name: 'LOG_LEVEL', value: 'warn'}, {name: 'FEATURE_FLAGS', value: 'checkout-v2,search-v3'}],
		secrets: [session, {name: 'API_TOKEN', valueFrom: parameter('frontend/api-token')}],
	});
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
	world.addService(staging, {
		name: 'frontend', taskDefinition: frontend, desiredCount: 2, launchType: 'FARGATE', enableExecuteCommand: true,
		history: frontendHistory.map((def, i) => ({taskDefinition: def, at: now - [59, 44, 29, 13][i]! * DAY})), deployedAt,
	});
	const checkoutSvc = world.addService(staging, {name: 'checkout', taskDefinition: checkout, desiredCount: 3, launchType: 'FARGATE', minimumHealthyPercent: 100, maximumPercent: 150});
	// Exec on, but pinned to Fargate platform 1.3.0, which has no exec agent: exec fails ("platform too old").
	world.addService(staging, {name: 'payments', taskDefinition: payments, desiredCount: 2, launchType: 'FARGATE', platformVersion: '1.3.0', enableExecuteCommand: true});
	const searchSvc = world.addService(staging, {name: 'search', taskDefinition: search, desiredCount: 2, launchType: 'FARGATE', circuitBreaker: {enable: true, rollback: true}});
	s.updateService(checkoutSvc, {taskDef: checkout2});
	s.updateService(searchSvc, {taskDef: searchBroken});

	// data: a small mixed cluster with a disconnected agent.
	const data = world.addCluster('data', {capacityProviders: []});
	world.addInstance(data, {instanceType: 't3.medium'});
	world.addInstance(data, {instanceType: 't3.medium'});
	world.addInstance(data, {instanceType: 't3.medium', agentConnected: false});
	const stream = {name: 'STREAM_NAME', value: 'clickstream'};
	const [ingest1, ingest2] = history(world, 'ingest', {cpu: 512, networkMode: 'bridge'}, [
		{tag: '1.0.3', memory: 2048, daysAgo: 50, deregisteredDaysAgo: 10},
		{tag: '2.0.0', memory: 1024, daysAgo: 21, environment: [stream]},
	]);
	const ingest = world.addTaskDefinition({
		family: 'ingest', cpu: 512, memory: 1024, networkMode: 'bridge', memoryReservation: 768, registeredAt: currentAt,
		environment: [stream, {name: 'BATCH_SIZE', value: '500'}],
		secrets: [{name: 'STREAM_TOKEN', valueFrom: parameter('ingest/stream-token')}],
	});
	// The one task that logs through FireLens: its app hands lines to a Fluent Bit sidecar, which
	// logs about itself with awslogs (a monitor should say where the app's lines went).
	const etl = world.addTaskDefinition({family: 'etl', cpu: 1024, memory: 2048, networkMode: 'bridge', containers: [
		{
			name: 'etl', image: `${world.accountId}.dkr.ecr.${world.region}.amazonaws.com/etl:4.2.0`, cpu: 0, memory: 1536, essential: true, portMappings: [],
			environment: [{name: 'APP_ENV', value: 'production'}],
			logConfiguration: {logDriver: 'awsfirelens', options: {Name: 'cloudwatch_logs', region: world.region, log_group_name: '/ecs/etl', log_stream_prefix: 'etl/', auto_create_group: 'true'}},
		},
		{
			name: 'log_router', image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4', cpu: 0, memory: 256, memoryReservation: 50, essential: true, portMappings: [],
			environment: [], firelensConfiguration: {type: 'fluentbit'},
			logConfiguration: {logDriver: 'awslogs', options: {'awslogs-group': '/ecs/etl', 'awslogs-region': world.region, 'awslogs-stream-prefix': 'firelens'}},
		},
	]});
	world.addService(data, {
		name: 'ingest', taskDefinition: ingest, desiredCount: 2, launchType: 'EC2',
		history: [{taskDefinition: ingest1!, at: now - 49 * DAY}, {taskDefinition: ingest2!, at: now - 20 * DAY}], deployedAt,
	});
	// Two containers and exec on: ExecuteCommand must name the container.
	world.runTask(data, {taskDefinition: etl, startedBy: 'airflow', enableExecuteCommand: true});

	// Families no service runs: one retired (every revision INACTIVE), one run by hand.
	history(world, 'legacy-cron', {cpu: 256, networkMode: 'bridge'}, [
		{tag: '0.9.0', memory: 512, daysAgo: 200, deregisteredDaysAgo: 120},
		{tag: '0.9.1', memory: 512, daysAgo: 150, deregisteredDaysAgo: 90},
	]);
	history(world, 'db-migrate', {cpu: 512}, [
		{tag: '2026.1', memory: 1024, daysAgo: 40, secrets: [{name: 'DATABASE_URL', valueFrom: secret('db/url-Q7pL2m')}]},
		{tag: '2026.2', memory: 1024, daysAgo: 9, secrets: [{name: 'DATABASE_URL', valueFrom: secret('db/url-Q7pL2m')}], environment: [{name: 'MIGRATE_LOCK_TIMEOUT', value: '60'}]},
	]);

	// A memory leak on staging: its task's memory climbs from 40% to 96% in about 5 minutes, holds
	// there for 7 (ecs-top's attention: memory ≥ 95% for 5 minutes), the kernel kills it
	// (OutOfMemoryError) and the service replaces it. One task, so the service's average is its. Added last, so every
	// identifier drawn above stays what it was (and on staging, so production keeps its three services).
	const thumbnailer = world.addTaskDefinition({family: 'thumbnailer', cpu: 256, memory: 512, behaviour: {memoryLeakSeconds: 720}});
	world.addService(staging, {name: 'thumbnailer', taskDefinition: thumbnailer, desiredCount: 1, launchType: 'FARGATE'});

	// A deployment that fails and stays failing, for a rollback to be tried on: staging's cart runs
	// cart:2; cart:3 (a new image tag that was never pushed, a changed environment variable, twice the
	// memory) was deployed just before the world starts, without a circuit breaker, so its tasks fail
	// to pull their image again and again (backing off) while cart:2's keep serving, and the
	// deployment stays IN_PROGRESS until someone rolls it back (B) or deploys another revision (U).
	// Added after the leak, so every identifier drawn above stays what it was.
	const ecr = `${world.accountId}.dkr.ecr.${world.region}.amazonaws.com`;
	const [cart1] = history(world, 'cart', {cpu: 256, containerPort: 8080, tags: storefront}, [
		{tag: '1.4.2', memory: 512, daysAgo: 35, environment: [{name: 'CART_TTL_MINUTES', value: '30'}]},
	]);
	const cartEnv = (ttl: string) => [{name: 'CART_TTL_MINUTES', value: ttl}, {name: 'PAYMENTS_URL', value: 'http://payments.staging.internal:8080'}];
	const cart2 = world.addTaskDefinition({family: 'cart', cpu: 256, memory: 512, containerPort: 8080, tags: storefront, image: `${ecr}/cart:1.5.0`, environment: cartEnv('30'), registeredAt: currentAt});
	const cart3 = world.addTaskDefinition({
		family: 'cart', cpu: 256, memory: 1024, containerPort: 8080, tags: storefront, image: `${ecr}/cart:2.0.0`, environment: cartEnv('60'), registeredAt: now - 600_000,
		behaviour: {failToStart: `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${ecr}/cart:2.0.0: not found`},
	});
	const cartSvc = world.addService(staging, {
		name: 'cart', taskDefinition: cart2, desiredCount: 2, launchType: 'FARGATE',
		history: [{taskDefinition: cart1!, at: now - 34 * DAY}], deployedAt,
	});
	s.updateService(cartSvc, {taskDef: cart3});

	// Autoscaling-like breathing on the web service, so a steady cluster still moves.
	let up = true;
	s.every(180_000, () => {
		if (webSvc.status !== 'ACTIVE') return;
		s.updateService(webSvc, {desiredCount: up ? 6 : 4});
		up = !up;
	}, 90_000);
}
