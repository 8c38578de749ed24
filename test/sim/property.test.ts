// Random action sequences (seeded, so a failure reproduces) against a small mixed world: after
// every step all counters agree with the tasks (World.audit), deployments add up, events stay
// ordered and unique, and paging through the SDK sees exactly the world's tasks. At the end,
// with capacity restored, every service converges to a steady state.
import {DescribeServicesCommand, paginateListTasks} from '@aws-sdk/client-ecs';
import {afterEach, describe, expect, it} from 'vitest';
import {Rng} from '../../source/sim/random.js';
import type {ServiceRec} from '../../source/sim/model.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

let t: TestSim | undefined;
afterEach(async () => {
	await t?.close();
	t = undefined;
});

function invariants(services: ServiceRec[]): void {
	for (const svc of services) {
		const sum = svc.deployments.reduce((n, d) => ({running: n.running + d.counts.running, pending: n.pending + d.counts.pending}), {running: 0, pending: 0});
		if (svc.status === 'ACTIVE') expect(sum, svc.name).toEqual(svc.counts);
		expect(svc.deployments.filter(d => d.status === 'PRIMARY').length, svc.name).toBeLessThanOrEqual(1);
		expect(svc.events.length).toBeLessThanOrEqual(100);
		expect(new Set(svc.events.map(e => e.id)).size).toBe(svc.events.length);
		for (let i = 1; i < svc.events.length; i++) expect(svc.events[i - 1]!.createdAt).toBeGreaterThanOrEqual(svc.events[i]!.createdAt);
		// Nothing runs or waits beyond maximumPercent (a draining instance's tasks are replaced within it too).
		const active = svc.deployments.reduce((n, d) => n + d.active.size, 0);
		// (Checked once the scheduler has acted on the latest change: a scale-down is not instant in ECS either.)
		if (svc.status === 'ACTIVE' && svc.reconcileAt === undefined) expect(active, svc.name).toBeLessThanOrEqual(Math.max(Math.floor((svc.desiredCount * svc.maximumPercent) / 100), svc.desiredCount, svc.desiredCount > 0 ? Math.ceil((svc.desiredCount * svc.minimumHealthyPercent) / 100) + 1 : 0));
	}
}

describe('property: random actions keep the world consistent', () => {
	for (const seed of [1, 2, 3]) {
		it(`seed ${seed}`, async () => {
			t = await startTestSim({world: 'empty', seed});
			const w = t.sim.world;
			const rng = new Rng(seed * 1000);
			const ec2 = w.addCluster('ec2');
			const fg = w.addCluster('fg');
			const instances = [w.addInstance(ec2, {instanceType: 'm5.large'}), w.addInstance(ec2, {instanceType: 'm5.large'}), w.addInstance(ec2, {instanceType: 't3.medium'})];
			const defs = {
				web: w.addTaskDefinition({family: 'web', cpu: 512, memory: 1024, networkMode: 'bridge', containerPort: 80}),
				port: w.addTaskDefinition({family: 'port', cpu: 256, memory: 256, networkMode: 'bridge', containerPort: 9000, hostPort: 9000}),
				app: w.addTaskDefinition({family: 'app', cpu: 256, memory: 512}),
				crash: w.addTaskDefinition({family: 'app', cpu: 256, memory: 512, behaviour: {crashAfterSeconds: 15}}),
				broken: w.addTaskDefinition({family: 'app', cpu: 256, memory: 512, behaviour: {failToStart: 'CannotPullContainerError: nope'}}),
				hc: w.addTaskDefinition({family: 'hc', healthCheck: true, behaviour: {unhealthyAfterSeconds: 50}}),
			};
			const services = [
				w.addService(ec2, {name: 'web', taskDefinition: defs.web, desiredCount: 3, launchType: 'EC2'}),
				w.addService(ec2, {name: 'port', taskDefinition: defs.port, desiredCount: 2, launchType: 'EC2', minimumHealthyPercent: 50}),
				w.addService(fg, {name: 'app', taskDefinition: defs.app, desiredCount: 2, launchType: 'FARGATE', circuitBreaker: {enable: true, rollback: true}}),
				w.addService(fg, {name: 'hc', taskDefinition: defs.hc, desiredCount: 1, launchType: 'FARGATE', minimumHealthyPercent: 0, maximumPercent: 100}),
			];
			w.runTask(ec2, {taskDefinition: defs.web, instance: instances[0]});
			const s = w.scheduler;
			const log: string[] = [];
			for (let step = 0; step < 250; step++) {
				const svc = rng.pick(services);
				const roll = rng.int(100);
				if (svc.status !== 'ACTIVE') {
					// deleted: nothing to do with it
				} else if (roll < 20) {
					const n = rng.int(7);
					log.push(`scale ${svc.name} ${n}`);
					s.updateService(svc, {desiredCount: n});
				} else if (roll < 28) {
					log.push(`deploy ${svc.name}`);
					const def = svc.cluster === fg && svc.name === 'app' ? rng.pick([defs.app, defs.crash, defs.broken]) : undefined;
					s.updateService(svc, {force: def === undefined, taskDef: def});
				} else if (roll < 40) {
					const tasks = [...svc.cluster.tasksRunning.values()];
					if (tasks.length > 0) {
						const task = rng.pick(tasks);
						log.push(`stop ${task.id.slice(0, 6)}`);
						s.stopTask(task, 'random');
					}
				} else if (roll < 48) {
					const i = rng.pick(instances);
					const status = i.status === 'ACTIVE' ? 'DRAINING' : 'ACTIVE';
					log.push(`${status} ${i.id.slice(0, 6)}`);
					s.setInstanceStatus(i, status);
				} else if (roll < 50 && step > 150 && services.filter(x => x.status === 'ACTIVE').length > 3) {
					log.push(`delete ${svc.name}`);
					s.deleteService(svc);
				}
				t.sim.advance(rng.pick([0.2, 0.5, 1, 2, 5, 15, 40]));
				const problems = w.audit();
				expect(problems, `after: ${log.slice(-5).join('; ')}`).toEqual([]);
				invariants(services);
				if (step % 50 === 49) {
					for (const cluster of [ec2, fg]) {
						const seen: string[] = [];
						for await (const page of paginateListTasks({client: t.client, pageSize: 7}, {cluster: cluster.name})) seen.push(...page.taskArns!);
						expect(new Set(seen)).toEqual(new Set([...cluster.tasksRunning.values()].map(x => x.arn)));
						expect(seen.length).toBe(cluster.tasksRunning.size);
					}
				}
			}
			// Restore capacity and good task definitions: everything converges.
			for (const i of instances) s.setInstanceStatus(i, 'ACTIVE');
			const app = services[2]!;
			if (app.status === 'ACTIVE') s.updateService(app, {taskDef: defs.app});
			for (const svc of services) if (svc.status === 'ACTIVE' && svc.name !== 'hc') s.updateService(svc, {desiredCount: Math.min(svc.desiredCount, 2)});
			for (let i = 0; i < 60; i++) t.sim.advance(10);
			expect(w.audit()).toEqual([]);
			for (const svc of services.filter(x => x.status === 'ACTIVE' && x.name !== 'hc')) {
				const out = (await t.client.send(new DescribeServicesCommand({cluster: svc.cluster.name, services: [svc.name]}))).services![0]!;
				expect([out.serviceName, out.runningCount, out.pendingCount, out.deployments!.length], log.slice(-10).join('; ')).toEqual([svc.name, out.desiredCount, 0, 1]);
			}
		});
	}
});
