import {describe, expect, it} from 'vitest';
import type {ContainerInstance, Service, Task} from '../../source/domain.js';
import {formatAge, formatBar, formatCount, formatMiB, formatPercent, formatTable, formatVcpu} from '../../source/format.js';
import {serviceAttention, taskAttention} from '../../source/store/attention.js';
import {clusterColumns} from '../../source/resources/clusters.js';
import {containerColumns} from '../../source/resources/containers.js';
import {instanceColumns, reserved} from '../../source/resources/instances.js';
import {serviceColumns} from '../../source/resources/services.js';
import {taskDefinitionColumns, taskDefinitionFamilyColumns} from '../../source/resources/taskdefs.js';
import {stoppedTaskColumns, taskColumns} from '../../source/resources/tasks.js';

const paneColumns = [clusterColumns, serviceColumns, taskColumns, stoppedTaskColumns, containerColumns, instanceColumns, taskDefinitionFamilyColumns, taskDefinitionColumns];

const now = Date.parse('2026-11-22T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

function service(overrides: Partial<Service> = {}): Service {
	return {
		serviceArn: 'arn:aws:ecs:us-east-1:1:service/c/web', serviceName: 'web', clusterArn: 'arn:aws:ecs:us-east-1:1:cluster/c', status: 'ACTIVE',
		desiredCount: 3, runningCount: 3, pendingCount: 0, taskDefinition: 'arn:aws:ecs:us-east-1:1:task-definition/web:7', launchType: 'FARGATE',
		deployments: [{id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: 'x', desiredCount: 3, runningCount: 3, pendingCount: 0, rolloutState: 'COMPLETED', createdAt: ago(3_600_000), updatedAt: ago(3_600_000)}],
		events: [], loadBalancers: [], placementStrategy: [], placementConstraints: [], ...overrides,
	};
}

function task(overrides: Partial<Task> = {}): Task {
	return {
		taskArn: 'arn:aws:ecs:us-east-1:1:task/c/0123456789abcdef0123456789abcdef', clusterArn: 'c', taskDefinitionArn: 'arn:aws:ecs:us-east-1:1:task-definition/web:7',
		lastStatus: 'RUNNING', desiredStatus: 'RUNNING', launchType: 'FARGATE', group: 'service:web', cpu: '256', memory: '512', startedAt: ago(90_000),
		containers: [{name: 'web', exitCode: undefined}], attachments: [{type: 'ElasticNetworkInterface', details: [{name: 'privateIPv4Address', value: '10.0.1.5'}]}], ...overrides,
	};
}

describe('format', () => {
	it('groups counts as en-US does, without ICU', () => {
		const values = [0, 1, 12, 123, 999, 1000, 1234, 12_345, 123_456, 999_999, 1_000_000, 25_017, 1234.5, 999.5, 2 ** 53 - 1, 1e21];
		// A spread of magnitudes, both signs, fractions rounded: a fixed walk, so a failure repeats.
		for (let x = 0.7, i = 0; i < 400; i++, x = (x * 9301 + 49_297) % 233_280) values.push((i % 2 ? -1 : 1) * (x / 233_280) * 10 ** (i % 17));
		for (const n of values) {
			if (Object.is(Math.round(n), -0)) continue;
			expect(formatCount(n), String(n)).toBe(Math.round(n).toLocaleString('en-US'));
		}
		// Rounded to zero from below reads 0, not ICU's "-0".
		expect(formatCount(-0.2)).toBe('0');
		expect([undefined, Number.NaN, Number.POSITIVE_INFINITY].map(formatCount)).toEqual(['', '', '']);
	});

	it('formats ages, counts, sizes, percentages and bars', () => {
		expect([45_000, 180_000, 3_720_000, 3_600_000, 183_600_000].map(ms => formatAge(ms))).toEqual(['45s', '3m', '1h2m', '1h', '2d3h']);
		expect(formatAge(ago(90_000), now)).toBe('1m');
		expect(formatAge(undefined)).toBe('');
		expect(formatCount(2000)).toBe('2,000');
		expect([512, 1024, 1536, 63_200].map(formatMiB)).toEqual(['512M', '1G', '1.5G', '61.7G']);
		expect([256, '512', 1024, 4096].map(formatVcpu)).toEqual(['.25', '.5', '1', '4']);
		expect(formatPercent(0.423)).toBe('42%');
		expect(formatBar(0.5, 6)).toBe('███···');
		expect(formatBar(0.25, 6)).toBe('█▌····');
		expect(formatBar(2, 4)).toBe('████');
	});

	it('aligns a plain table', () => {
		const text = formatTable([{header: 'NAME'}, {header: 'N', align: 'right'}, {header: 'NOTE'}], [['a', '1', 'x'], ['bbbbb', '100', '']]);
		expect(text).toBe('NAME     N  NOTE\na        1  x\nbbbbb  100\n');
	});
});

describe('columns', () => {
	it('has an id, header and width for every column, values as strings', () => {
		for (const columns of paneColumns as ReadonlyArray<ReadonlyArray<{id: string; header: string; width: number}>>) {
			expect(new Set(columns.map(c => c.id)).size).toBe(columns.length);
			for (const c of columns) expect(c.width).toBeGreaterThanOrEqual(c.header.length === 1 ? 1 : 2);
		}
		expect(serviceColumns.map(c => c.value(service(), {now}))).toEqual(['', 'web', 'ACTIVE', '3', '3', '0', '', '', 'COMPLETED', 'web:7', 'FARGATE', '1h', '']);
		expect(clusterColumns[0]!.value({clusterArn: 'x', clusterName: 'shop', status: 'ACTIVE', runningTasksCount: 1, pendingTasksCount: 0, activeServicesCount: 1, registeredContainerInstancesCount: 0, capacityProviders: ['FARGATE']})).toBe('shop');
	});

	it('shows task placement, address and stop details', () => {
		const row = (t: Task, cols = taskColumns) => Object.fromEntries(cols.map(c => [c.id, c.value(t, {now})]));
		expect(row(task())).toMatchObject({id: '0123456789ab', service: 'web', cpuMemory: '.25/512M', instance: 'Fargate', ip: '10.0.1.5', age: '1m'});
		const onEc2 = task({launchType: 'EC2', containerInstanceArn: 'arn:aws:ecs:us-east-1:1:container-instance/c/ffff0000eeee1111'});
		expect(row(onEc2).instance).toBe('ffff0000eeee');
		const instances = new Map([[onEc2.containerInstanceArn!, {ec2InstanceId: 'i-0abc'} as ContainerInstance]]);
		expect(taskColumns.find(c => c.id === 'instance')!.value(onEc2, {instances})).toBe('i-0abc');
		const stopped = task({lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', containers: [{name: 'web', exitCode: 137}]});
		expect(row(stopped, stoppedTaskColumns)).toMatchObject({stopCode: 'EssentialContainerExited', exitCodes: '137', stoppedReason: 'Essential container in task exited'});
		expect(stoppedTaskColumns.find(c => c.id === 'exitCodes')!.color!(stopped)).toBe('red');
	});

	it('strips control characters from API strings', () => {
		expect(serviceColumns.find(c => c.id === 'name')!.value(service({serviceName: 'a\u001B[31mb\u0007c'}))).toBe('abc');
	});

	it('shows reserved CPU and memory of an instance as bars', () => {
		const instance: ContainerInstance = {
			containerInstanceArn: 'arn:aws:ecs:us-east-1:1:container-instance/c/abc', status: 'ACTIVE', agentConnected: false, runningTasksCount: 2, pendingTasksCount: 0,
			registeredResources: [{name: 'CPU', integerValue: 2048}, {name: 'MEMORY', integerValue: 8000}],
			remainingResources: [{name: 'CPU', integerValue: 1024}, {name: 'MEMORY', integerValue: 400}],
			attributes: [{name: 'ecs.availability-zone', value: 'us-east-1b'}, {name: 'ecs.instance-type', value: 'm5.large'}],
		};
		expect(reserved(instance, 'CPU')).toBe(0.5);
		const row = Object.fromEntries(instanceColumns.map(c => [c.id, c.value(instance)]));
		expect(row).toMatchObject({cpu: '███···  50%', memory: '█████▌  95%', agent: 'NO', az: 'us-east-1b', instanceType: 'm5.large'});
		expect(instanceColumns.find(c => c.id === 'memory')!.color!(instance)).toBe('yellow');
		expect(instanceColumns.find(c => c.id === 'agent')!.color!(instance)).toBe('red');
	});
});

describe('needs attention', () => {
	it('flags services short of desired for a while, failed rollouts and recent trouble events', () => {
		expect(serviceAttention(service(), now)).toBeUndefined();
		expect(serviceAttention(service({runningCount: 1}), now)).toBe('running 1 of 3');
		const justScaled = service({runningCount: 1, deployments: [{...service().deployments[0]!, updatedAt: ago(30_000)}]});
		expect(serviceAttention(justScaled, now)).toBeUndefined();
		expect(serviceAttention(service({deployments: [{...service().deployments[0]!, rolloutState: 'FAILED'}]}), now)).toBe('rollout failed');
		const unplaced = service({events: [{id: '1', createdAt: ago(60_000), message: '(service web) was unable to place a task because no container instance met all of its requirements.'}]});
		expect(serviceAttention(unplaced, now)).toBe('unable to place');
		const recovered = service({events: [{id: '2', createdAt: ago(10_000), message: '(service web) has reached a steady state.'}, ...unplaced.events]});
		expect(serviceAttention(recovered, now)).toBeUndefined();
		const old = service({events: [{...unplaced.events[0]!, createdAt: ago(3_600_000)}]});
		expect(serviceAttention(old, now)).toBeUndefined();
	});

	it('finds a trouble event behind ordinary ones, each reason by its own words', () => {
		const ordinary = Array.from({length: 40}, (_, i) => ({id: `o${i}`, createdAt: ago(1000 + i), message: '(service web) registered 1 targets in (target-group tg)'}));
		const behind = (message: string) => service({events: [...ordinary, {id: 't', createdAt: ago(5000), message}]});
		expect(serviceAttention(behind('(service web) was unable to place a task'), now)).toBe('unable to place');
		expect(serviceAttention(behind('(service web) deployment failed: tasks failed to start. circuit breaker'), now)).toBe('circuit breaker');
		expect(serviceAttention(behind('(service web) (task abc) failed ELB health checks'), now)).toBe('unhealthy');
		expect(serviceAttention(behind('(service web) is unable to consistently start tasks successfully'), now)).toBe('tasks failing to start');
		expect(serviceAttention(behind('(service web) CANNOTPULL container error'), now)).toBe('tasks failing to start');
		expect(serviceAttention(service({events: ordinary}), now)).toBeUndefined();
	});

	it('flags unhealthy and crash-looping tasks, not ordinary stops', () => {
		expect(taskAttention(task())).toBeUndefined();
		expect(taskAttention(task({healthStatus: 'UNHEALTHY'}))).toBe('unhealthy');
		const crashed = task({lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', startedAt: ago(40_000), stoppedAt: ago(10_000), containers: [{name: 'web', exitCode: 1}]});
		expect(taskAttention(crashed)).toBe('crash-looping (exit 1)');
		expect(taskAttention({...crashed, startedAt: ago(86_400_000)})).toBe('exit 1');
		expect(taskAttention(task({lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated', containers: [{name: 'web', exitCode: 0}]}))).toBeUndefined();
		expect(taskAttention(task({lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'TaskFailedToStart'}))).toBe('failed to start');
	});
});

describe('service description', () => {
	it("a service whose tasks fail points at their logs; a healthy one does not", async () => {
		const {serviceLines} = await import('../../source/views/describe/lines.js');
		const failing = service({deployments: [{id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: 'x', desiredCount: 3, runningCount: 1, pendingCount: 2, failedTasks: 4, rolloutState: 'IN_PROGRESS', createdAt: ago(60_000), updatedAt: ago(60_000)}]});
		const text = (s: Service) => serviceLines(s, undefined, now).map(l => l.text).join('\n');
		expect(text(failing)).toMatch(/attention +tasks failing · l: its tasks' logs, stopped ones too/);
		expect(text(service())).not.toContain('attention');
	});
});
