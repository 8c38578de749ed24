// The clock: a real clock scaled by --speed moves the world on its own; a manual one only when stepped.
import {DescribeServicesCommand, UpdateServiceCommand} from '@aws-sdk/client-ecs';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {SimClock} from '../../source/sim/clock.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

let t: TestSim | undefined;
afterEach(async () => {
	await t?.close();
	t = undefined;
});

describe('clock', () => {
	it('scales real time by speed and can jump', () => {
		let wall = 1000;
		const clock = new SimClock({mode: 'real', speed: 10, start: 5_000_000, wallNow: () => wall});
		expect(clock.now()).toBe(5_000_000);
		wall += 250;
		expect(clock.now()).toBe(5_002_500);
		clock.advance(60);
		expect(clock.now()).toBe(5_062_500);
		expect(() => clock.advance(-1)).toThrow(RangeError);
		const manual = new SimClock({mode: 'manual', start: 0, wallNow: () => wall});
		wall += 10_000;
		expect(manual.now()).toBe(0);
	});

	it('a real clock at --speed 100 brings a scaled-up service to RUNNING without any stepping', async () => {
		t = await startTestSim({world: 'empty', clock: 'real', speed: 100, tickMs: 20});
		const w = t.sim.world;
		w.addService(w.addCluster('rt'), {name: 'app', taskDefinition: w.addTaskDefinition({family: 'app'}), desiredCount: 0, launchType: 'FARGATE'});
		await t.client.send(new UpdateServiceCommand({cluster: 'rt', service: 'app', desiredCount: 2}));
		await vi.waitFor(async () => {
			const svc = (await t!.client.send(new DescribeServicesCommand({cluster: 'rt', services: ['app']}))).services![0]!;
			expect(svc.runningCount).toBe(2);
		}, {timeout: 10_000, interval: 25});
		expect(w.audit()).toEqual([]);
	});

	it('a manual clock stands still until stepped', async () => {
		t = await startTestSim({world: 'empty'});
		const w = t.sim.world;
		const svc = w.addService(w.addCluster('m'), {name: 'app', taskDefinition: w.addTaskDefinition({family: 'app'}), desiredCount: 0, launchType: 'FARGATE'});
		await t.client.send(new UpdateServiceCommand({cluster: 'm', service: 'app', desiredCount: 1}));
		await new Promise(resolve => setTimeout(resolve, 30));
		expect(svc.counts).toEqual({running: 0, pending: 0});
		await t.advance(2);
		expect(svc.counts.pending).toBe(1);
	});
});
