// `--scale N`: a cluster named `big` with about N×100 services, N×500 tasks and N×15 container
// instances, deterministic for a seed, plus light background churn (a deployment or a scale change
// every few seconds) so the scheduler works while clients poll. Container Insights is on (cluster and
// service level): its series, like every task's load, are computed when asked for, never stored.
import {Rng} from './random.js';
import type {ServiceRec} from './model.js';
import type {World} from './world.js';

export function buildBigWorld(world: World, scale: number, seed: number): void {
	const rng = new Rng(seed * 7919 + scale);
	const big = world.addCluster('big', {tags: [{key: 'env', value: 'load-test'}], capacityProviders: [], containerInsights: 'enabled'});
	for (let i = 0; i < scale * 15; i++) world.addInstance(big, {instanceType: 'm5.4xlarge'});
	const families = Array.from({length: 25}, (_, i) =>
		world.addTaskDefinition({family: `big-app-${String(i).padStart(2, '0')}`, cpu: 256, memory: 512, networkMode: 'bridge', containerPort: 8080}));
	const services: ServiceRec[] = [];
	const count = scale * 100;
	let tasksLeft = scale * 500;
	for (let i = 0; i < count; i++) {
		// About 5 tasks per service on average, 1..9, the last services taking what is left.
		const desired = i === count - 1 ? Math.max(tasksLeft, 0) : Math.min(tasksLeft, 1 + rng.int(9));
		tasksLeft -= desired;
		services.push(world.addService(big, {name: `svc-${String(i).padStart(5, '0')}`, taskDefinition: rng.pick(families), desiredCount: desired, launchType: 'EC2', minimumHealthyPercent: 50}));
	}
	const s = world.scheduler;
	s.every(5000, () => {
		const svc = rng.pick(services);
		if (svc.status !== 'ACTIVE' || !svc.steady) return;
		if (rng.chance(0.5)) s.updateService(svc, {force: true});
		else s.updateService(svc, {desiredCount: Math.max(1, svc.desiredCount + (rng.chance(0.5) ? 1 : -1))});
	});
}
