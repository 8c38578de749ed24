// `ecs-top get taskdefs [--family F] [--json]` against the simulator's demo world through the real
// SDK: the families (legacy-cron has only INACTIVE revisions), and one family's revisions newest
// first, ACTIVE and INACTIVE together, the exact family only (ECS's familyPrefix is a prefix).
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {UsageError, UserError} from '../../source/cli-args.js';
import {runCaptured} from '../helpers/run-command.js';
import {runGet} from '../../source/commands/get.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

let ts: TestSim;
beforeAll(async () => {
	ts = await startTestSim();
	// A family whose name starts with another's: ListTaskDefinitions --family-prefix frontend finds it too.
	ts.sim.world.addTaskDefinition({family: 'frontend-canary', cpu: 256, memory: 512});
});
afterAll(() => ts.close());

const get = (...argv: string[]) => runCaptured(runGet, ['get', ...argv], ts.endpoint);

describe('get taskdefs', () => {
	it('lists the families, the ones with only INACTIVE revisions marked', async () => {
		const {code, out} = await get('taskdefs', '--json');
		expect(code).toBe(0);
		const families = JSON.parse(out) as Array<{family: string; status: string}>;
		expect(families).toContainEqual({family: 'frontend', status: 'ACTIVE'});
		expect(families).toContainEqual({family: 'legacy-cron', status: 'INACTIVE'});
		expect(families.map(f => f.family)).toEqual([...families.map(f => f.family)].sort());
		const table = (await get('td')).out.split('\n');
		expect(table[0]).toMatch(/^FAMILY +STATUS$/);
		expect(table.find(l => l.startsWith('legacy-cron'))).toMatch(/^legacy-cron +INACTIVE$/);
	});

	it('--family F: its revisions newest first, ACTIVE and INACTIVE, not a family F is a prefix of', async () => {
		const {code, out} = await get('taskdefs', '--family', 'frontend', '--json');
		expect(code).toBe(0);
		const revisions = JSON.parse(out) as Array<{family: string; revision: number; status: string; registeredAt?: string; taskDefinitionArn: string}>;
		expect(revisions.map(r => r.revision)).toEqual([5, 4, 3, 2, 1]);
		expect(new Set(revisions.map(r => r.family))).toEqual(new Set(['frontend']));
		expect(revisions.find(r => r.revision === 1)!.status).toBe('INACTIVE');
		expect(revisions[0]).toMatchObject({status: 'ACTIVE', taskDefinitionArn: expect.stringMatching(/task-definition\/frontend:5$/)});
		expect(revisions.every(r => typeof r.registeredAt === 'string')).toBe(true);
		const table = (await get('taskdefs', '--family', 'frontend')).out.split('\n');
		expect(table[0]).toMatch(/^REVISION +STATUS +REGISTERED +CPU +MEMORY +CONTAINERS +IMAGES$/);
		expect(table[1]).toMatch(/^frontend:5 +ACTIVE /);
	});

	it('an unknown family is a one-line error; --family elsewhere a usage error', async () => {
		await expect(get('taskdefs', '--family', 'nope')).rejects.toThrow(UserError);
		await expect(get('taskdefs', '--family', 'nope')).rejects.toThrow('task definition family "nope" not found');
		await expect(get('services', '--family', 'x')).rejects.toThrow(UsageError);
	});
});
