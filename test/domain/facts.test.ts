import {describe, expect, it} from 'vitest';
import {briefId, primaryDeployment, serviceGroup, serviceOfTask, shortId, type Deployment} from '../../source/domain.js';

const deployment = (id: string, status: string): Deployment => ({id, status, taskDefinition: 'td', desiredCount: 1, runningCount: 1, pendingCount: 0});

describe('domain facts', () => {
	it('the primary deployment is the PRIMARY one, wherever ECS lists it', () => {
		expect(primaryDeployment({deployments: [deployment('a', 'ACTIVE'), deployment('b', 'PRIMARY')]})?.id).toBe('b');
		expect(primaryDeployment({deployments: [deployment('a', 'ACTIVE')]})).toBeUndefined();
	});

	it('a task belongs to the service its group names; other groups are standalone', () => {
		expect(serviceOfTask({group: 'service:web'})).toBe('web');
		expect(serviceOfTask({group: 'family:batch'})).toBeUndefined();
		expect(serviceOfTask({})).toBeUndefined();
	});

	it('the group of a service is named by its name, given a name or an ARN', () => {
		expect(serviceGroup('arn:aws:ecs:us-east-1:123456789012:service/prod/web')).toBe('service:web');
		expect(serviceGroup('web')).toBe('service:web');
		expect(serviceOfTask({group: serviceGroup('api')})).toBe('api');
	});

	it('the short id is the last path segment', () => {
		expect(shortId('arn:aws:ecs:us-east-1:123456789012:task/prod/0123abcd')).toBe('0123abcd');
		expect(shortId('arn:aws:ecs:us-east-1:123456789012:cluster-name')).toBe('cluster-name');
		expect(shortId('web')).toBe('web');
	});

	it('the brief id is the first 12 characters of the short id', () => {
		expect(briefId('arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef')).toBe('0123456789ab');
		expect(briefId('arn:aws:ecs:us-east-1:123456789012:container-instance/prod/abc')).toBe('abc');
	});
});
