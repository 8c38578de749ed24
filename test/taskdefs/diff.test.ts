// The task-definition diff: flattened `path → value` pairs, compared field by field in path order,
// secrets by valueFrom only, the always-different fields (revision, ARN, status, times) left out.
import {describe, expect, it} from 'vitest';
import type {ContainerDefinition, TaskDefinition} from '../../source/domain.js';
import {diff, diffLines, flatten} from '../../source/views/taskdefs/diff.js';

function container(more: Partial<ContainerDefinition> = {}): ContainerDefinition {
	return {name: 'web', image: 'nginx:1.25', portMappings: [{containerPort: 80, protocol: 'tcp'}], environment: [], ...more};
}

function td(revision: number, more: Partial<TaskDefinition> = {}): TaskDefinition {
	return {
		taskDefinitionArn: `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`,
		family: 'web',
		revision,
		status: 'ACTIVE',
		cpu: '256',
		memory: '512',
		networkMode: 'awsvpc',
		requiresCompatibilities: ['FARGATE'],
		taskRoleArn: 'arn:aws:iam::123456789012:role/web-task',
		containerDefinitions: [container()],
		registeredAt: `2026-01-0${revision}T00:00:00.000Z`,
		...more,
	};
}

describe('task definition diff', () => {
	it('flattens into paths: top-level fields, containers by name, environment and secrets by name', () => {
		const flat = flatten(
			td(1, {
				containerDefinitions: [
					container({
						environment: [{name: 'LOG_LEVEL', value: 'info'}],
						secrets: [{name: 'TOKEN', valueFrom: 'arn:aws:ssm:us-east-1:1:parameter/token'}],
						logConfiguration: {logDriver: 'awslogs', options: {'awslogs-group': '/ecs/web'}},
						healthCheck: {command: ['CMD-SHELL', 'curl -f localhost'], interval: 10},
					}),
				],
			}),
		);
		expect(Object.fromEntries(flat)).toEqual({
			family: 'web',
			cpu: '256',
			memory: '512',
			networkMode: 'awsvpc',
			requiresCompatibilities: 'FARGATE',
			taskRoleArn: 'arn:aws:iam::123456789012:role/web-task',
			'containers.web.image': 'nginx:1.25',
			'containers.web.essential': 'true',
			'containers.web.ports': '80/tcp',
			'containers.web.environment.LOG_LEVEL': 'info',
			'containers.web.secrets.TOKEN': 'arn:aws:ssm:us-east-1:1:parameter/token',
			'containers.web.logConfiguration.driver': 'awslogs',
			'containers.web.logConfiguration.options.awslogs-group': '/ecs/web',
			'containers.web.healthCheck.command': 'CMD-SHELL curl -f localhost',
			'containers.web.healthCheck.interval': '10',
		});
	});

	it('two revisions of the same config differ in nothing (revision, ARN, status and times are not config)', () => {
		expect(diff(td(1), td(2, {status: 'INACTIVE', deregisteredAt: '2026-02-01T00:00:00.000Z'}))).toEqual([]);
	});

	it('lists changed, added and removed fields in path order, the same every time', () => {
		const older = td(1, {containerDefinitions: [container({environment: [{name: 'B', value: '1'}, {name: 'A', value: 'x'}]})]});
		const newer = td(2, {
			memory: '1024',
			executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
			containerDefinitions: [container({image: 'nginx:1.27', environment: [{name: 'A', value: 'y'}, {name: 'C', value: '3'}]}), container({name: 'sidecar', image: 'envoy'})],
		});
		const changes = diff(older, newer);
		expect(changes.map(c => c.path)).toEqual([
			'containers.sidecar.essential',
			'containers.sidecar.image',
			'containers.sidecar.ports',
			'containers.web.environment.A',
			'containers.web.environment.B',
			'containers.web.environment.C',
			'containers.web.image',
			'executionRoleArn',
			'memory',
		]);
		expect(changes.find(c => c.path === 'containers.web.environment.B')).toEqual({path: 'containers.web.environment.B', old: '1'});
		expect(changes.find(c => c.path === 'containers.web.environment.C')).toEqual({path: 'containers.web.environment.C', new: '3'});
		expect(diff(older, newer)).toEqual(changes);
	});

	it('compares secrets by where they come from', () => {
		const a = td(1, {containerDefinitions: [container({secrets: [{name: 'TOKEN', valueFrom: 'arn:one'}]})]});
		const b = td(2, {containerDefinitions: [container({secrets: [{name: 'TOKEN', valueFrom: 'arn:two'}]})]});
		expect(diff(a, b)).toEqual([{path: 'containers.web.secrets.TOKEN', old: 'arn:one', new: 'arn:two'}]);
	});

	it('draws - old then + new, paths aligned, API strings cleaned', () => {
		const lines = diffLines([
			{path: 'memory', old: '512', new: '1024'},
			{path: 'containers.web.environment.NEW', new: 'a\u001B[2Jb'},
			{path: 'taskRoleArn', old: 'arn:role'},
		]);
		expect(lines).toEqual([
			{sign: '-', text: '- memory                          512'},
			{sign: '+', text: '+ memory                          1024'},
			{sign: '+', text: `+ containers.web.environment.NEW  ${lines[2]!.text.slice(34)}`},
			{sign: '-', text: '- taskRoleArn                     arn:role'},
		]);
		expect(lines[2]!.text).not.toContain('\u001B');
	});
});
