// ECS Exec's readiness checks: every failing condition, each alone, names itself and its fix, and
// the order holds when several fail at once (the first a user has to fix wins).
import {describe, expect, it} from 'vitest';
import type {ContainerInstance, Task} from '../../source/domain.js';
import {compareVersions, execReadiness} from '../../source/exec/checks.js';

const arn = 'arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef';

function task(overrides: Partial<Task> = {}, container: Partial<Task['containers'][number]> = {}): Task {
	return {
		taskArn: arn,
		clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
		taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3',
		lastStatus: 'RUNNING',
		desiredStatus: 'RUNNING',
		launchType: 'FARGATE',
		platformVersion: '1.4.0',
		enableExecuteCommand: true,
		group: 'service:web',
		containers: [{name: 'app', lastStatus: 'RUNNING', runtimeId: 'r-1', managedAgents: [{name: 'ExecuteCommandAgent', lastStatus: 'RUNNING'}], ...container}],
		attachments: [],
		...overrides,
	};
}

function instance(agentVersion: string): ContainerInstance {
	return {
		containerInstanceArn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci1',
		ec2InstanceId: 'i-0abc',
		status: 'ACTIVE',
		agentConnected: true,
		runningTasksCount: 1,
		pendingTasksCount: 0,
		registeredResources: [],
		remainingResources: [],
		versionInfo: {agentVersion},
	};
}

const ec2 = {launchType: 'EC2', platformVersion: undefined, containerInstanceArn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci1'};

describe('execReadiness', () => {
	it('a ready task: ok, with its one container', () => {
		const result = execReadiness(task());
		expect(result).toEqual({ok: true, container: expect.objectContaining({name: 'app', runtimeId: 'r-1'})});
	});

	it.each<[string, Task, object, string, RegExp]>([
		['task not RUNNING', task({lastStatus: 'PENDING'}), {}, 'task-not-running', /^task 0123456789ab is PENDING, desired RUNNING: exec needs a RUNNING task$/],
		['task stopping', task({lastStatus: 'RUNNING', desiredStatus: 'STOPPED'}, {lastStatus: 'STOPPED'}), {}, 'container-not-running', /container app is STOPPED/],
		['task deactivating', task({lastStatus: 'DEACTIVATING', desiredStatus: 'STOPPED'}), {}, 'task-not-running', /is DEACTIVATING, desired STOPPED/],
		['exec off, a service\'s task', task({enableExecuteCommand: false}), {}, 'exec-not-enabled', /^exec is not enabled on this task: enable it on the service \(E\) and let a new deployment replace the task$/],
		['exec off, a standalone task', task({enableExecuteCommand: false, group: 'family:web'}), {}, 'exec-not-enabled', /^exec is not enabled on this task: run it with --enable-execute-command$/],
		['exec not reported at all', task({enableExecuteCommand: undefined}), {}, 'exec-not-enabled', /exec is not enabled/],
		['no such container', task(), {container: 'sidecar'}, 'no-such-container', /^task 0123456789ab has no container "sidecar" \(it has app\)$/],
		['container not RUNNING', task({}, {lastStatus: 'STOPPED', exitCode: 137}), {}, 'container-not-running', /^container app is STOPPED \(exit 137\): exec needs it RUNNING$/],
		['agent PENDING', task({}, {managedAgents: [{name: 'ExecuteCommandAgent', lastStatus: 'PENDING'}]}), {}, 'agent-pending', /ExecuteCommandAgent in container app is PENDING.*wait/],
		['agent STOPPED', task({}, {managedAgents: [{name: 'ExecuteCommandAgent', lastStatus: 'STOPPED', reason: 'crashed'}]}), {}, 'agent-not-running', /ExecuteCommandAgent in container app is STOPPED \(crashed\): exec cannot reach it/],
		['agent absent', task({}, {managedAgents: []}), {}, 'agent-not-running', /ExecuteCommandAgent in container app is not reported by ECS/],
		['Fargate platform 1.3.0', task({platformVersion: '1.3.0'}), {}, 'platform-too-old', /^task 0123456789ab runs on Fargate platform 1\.3\.0: exec needs 1\.4\.0 or later/],
		['ECS agent 1.50.1', task(ec2), {instance: instance('1.50.1')}, 'ecs-agent-too-old', /^ECS agent 1\.50\.1 on instance i-0abc: exec needs 1\.50\.2 or later/],
	])('%s', (_name, t, options, condition, message) => {
		const result = execReadiness(t, options);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.condition).toBe(condition);
		expect(result.message).toMatch(message);
	});

	it('several containers: one must be named; the named one is used', () => {
		const two = task();
		two.containers.push({name: 'envoy', lastStatus: 'RUNNING', managedAgents: [{name: 'ExecuteCommandAgent', lastStatus: 'RUNNING'}]});
		expect(execReadiness(two)).toEqual({ok: false, condition: 'container-ambiguous', message: 'task 0123456789ab has 2 containers (app, envoy): name one'});
		expect(execReadiness(two, {container: 'envoy'})).toMatchObject({ok: true, container: {name: 'envoy'}});
	});

	it('the first failing condition wins', () => {
		const everything = task({lastStatus: 'PENDING', enableExecuteCommand: false, platformVersion: '1.3.0'}, {lastStatus: 'PENDING', managedAgents: []});
		expect(execReadiness(everything)).toMatchObject({condition: 'task-not-running'});
		expect(execReadiness({...everything, lastStatus: 'RUNNING'})).toMatchObject({condition: 'exec-not-enabled'});
		expect(execReadiness({...everything, lastStatus: 'RUNNING', enableExecuteCommand: true}, {container: 'x'})).toMatchObject({condition: 'no-such-container'});
		expect(execReadiness({...everything, lastStatus: 'RUNNING', enableExecuteCommand: true})).toMatchObject({condition: 'container-not-running'});
		// The agent is STOPPED (reported), so it is named before the platform.
		const stopped = task({platformVersion: '1.3.0'}, {managedAgents: [{name: 'ExecuteCommandAgent', lastStatus: 'STOPPED'}]});
		expect(execReadiness(stopped)).toMatchObject({condition: 'agent-not-running'});
	});

	it('no agent reported because the platform or the ECS agent is too old: the version is named (it is the cause)', () => {
		expect(execReadiness(task({platformVersion: '1.3.0'}, {managedAgents: undefined}))).toMatchObject({condition: 'platform-too-old'});
		expect(execReadiness(task(ec2, {managedAgents: undefined}), {instance: instance('1.48.0')})).toMatchObject({condition: 'ecs-agent-too-old'});
	});

	it('version checks apply where they belong', () => {
		// Windows Fargate numbers its platform versions apart (1.0.0 has exec).
		expect(execReadiness(task({platformVersion: '1.0.0', platformFamily: 'WINDOWS_SERVER_2022_CORE'})).ok).toBe(true);
		expect(execReadiness(task({platformVersion: 'LATEST'})).ok).toBe(true);
		expect(execReadiness(task({launchType: undefined, capacityProviderName: 'FARGATE_SPOT', platformVersion: '1.3.0'}))).toMatchObject({condition: 'platform-too-old'});
		// EC2: no instance known, no agent check; a new enough agent passes (a leading v is ECS's own spelling).
		expect(execReadiness(task(ec2)).ok).toBe(true);
		expect(execReadiness(task(ec2), {instance: instance('v1.50.2')}).ok).toBe(true);
		expect(execReadiness(task(ec2), {instance: instance('1.100.0')}).ok).toBe(true);
	});
});

describe('compareVersions', () => {
	it('compares part by part, numerically; non-versions are undefined', () => {
		expect(compareVersions('1.50.2', '1.50.2')).toBe(0);
		expect(compareVersions('1.100.0', '1.50.2')).toBe(1);
		expect(compareVersions('1.4', '1.4.0')).toBe(0);
		expect(compareVersions('1.3.0', '1.4.0')).toBe(-1);
		expect(compareVersions('LATEST', '1.4.0')).toBeUndefined();
	});
});
