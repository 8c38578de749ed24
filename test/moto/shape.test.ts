import {describe, expect, it} from 'vitest';
import {diffShapes, shapeOf} from './shape.js';

describe('field-name shapes', () => {
	it('collects nested key paths with [] for arrays', () => {
		const shape = shapeOf({tasks: [{taskArn: 'a', containers: [{name: 'x', exitCode: 1}]}, {taskArn: 'b', stoppedAt: 3, containers: []}], failures: []});
		expect([...shape.paths].sort()).toEqual(['failures', 'tasks', 'tasks[].containers', 'tasks[].containers[].exitCode', 'tasks[].containers[].name', 'tasks[].stoppedAt', 'tasks[].taskArn']);
		// containers is filled in one task, so only failures is empty everywhere.
		expect([...shape.empty]).toEqual(['failures']);
	});

	it('reports fields on one side only, and fields inside a container the other side left empty as undetermined', () => {
		const ours = shapeOf({services: [{serviceName: 's', events: [{id: '1', message: 'm'}], deployments: [{id: 'd', rolloutState: 'COMPLETED'}]}]});
		const theirs = shapeOf({services: [{serviceName: 's', events: [], deployments: [{id: 'd'}], taskSets: []}]});
		expect(diffShapes(ours, theirs)).toEqual({
			onlyInFirst: ['services[].deployments[].rolloutState'],
			onlyInSecond: ['services[].taskSets'],
			undetermined: ['services[].events[].id', 'services[].events[].message'],
		});
	});

	it('treats an empty object like an empty array', () => {
		const diff = diffShapes(shapeOf({s: {networkConfiguration: {awsvpcConfiguration: {subnets: ['a']}}}}), shapeOf({s: {networkConfiguration: {}}}));
		expect(diff.onlyInFirst).toEqual([]);
		expect(diff.undetermined).toEqual(['s.networkConfiguration.awsvpcConfiguration', 's.networkConfiguration.awsvpcConfiguration.subnets']);
	});
});
