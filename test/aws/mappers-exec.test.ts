// What ECS Exec's readiness checks read must survive the SDK → domain mapping: the task's
// enableExecuteCommand and platformVersion, each container's runtimeId (the SSM target's last part)
// and managed agents, and an instance's agent version.
import {describe, expect, it} from 'vitest';
import {toContainerInstance, toTask} from '../../source/aws/mappers.js';

describe('mappers keep what ECS Exec needs', () => {
	it('a task: enableExecuteCommand, platformVersion and family, runtimeId and managedAgents', () => {
		const task = toTask({
			taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/abc',
			enableExecuteCommand: true,
			platformVersion: '1.4.0',
			platformFamily: 'Linux',
			containers: [{
				name: 'app',
				runtimeId: 'abc-1234567890',
				managedAgents: [{name: 'ExecuteCommandAgent', lastStatus: 'RUNNING', reason: 'ok', lastStartedAt: new Date('2026-01-02T03:04:05Z')}],
			}],
		});
		expect(task.enableExecuteCommand).toBe(true);
		expect(task.platformVersion).toBe('1.4.0');
		expect(task.platformFamily).toBe('Linux');
		expect(task.containers[0]).toMatchObject({
			name: 'app',
			runtimeId: 'abc-1234567890',
			managedAgents: [{name: 'ExecuteCommandAgent', lastStatus: 'RUNNING', reason: 'ok', lastStartedAt: '2026-01-02T03:04:05.000Z'}],
		});
	});

	it('absent fields stay undefined (not false, not [])', () => {
		const task = toTask({taskArn: 'arn:aws:ecs:us-east-1:1:task/c/t', containers: [{name: 'app'}]});
		expect(task.enableExecuteCommand).toBeUndefined();
		expect(task.containers[0]!.runtimeId).toBeUndefined();
		expect(task.containers[0]!.managedAgents).toBeUndefined();
	});

	it('an instance: versionInfo.agentVersion', () => {
		const instance = toContainerInstance({containerInstanceArn: 'arn:aws:ecs:us-east-1:1:container-instance/c/i', versionInfo: {agentVersion: '1.50.2', dockerVersion: 'DockerVersion: 20.10'}});
		expect(instance.versionInfo?.agentVersion).toBe('1.50.2');
	});
});
