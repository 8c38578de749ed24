// The follow loop against the simulator on a stepped clock: the real client, the real wire.
import {UpdateServiceCommand} from '@aws-sdk/client-ecs';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {apiFor} from '../helpers/api.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {startFollow} from './stepper.js';

let ts: TestSim;
beforeEach(async () => {
	ts = await startTestSim();
});
afterEach(async () => {
	await ts.close();
});

type Line = {id: string; createdAt: string; cluster: string; service: string; message: string};
const parse = (lines: string[]) => lines.map(l => JSON.parse(l) as Line);

function expectWellFormedStream(lines: string[]) {
	const events = parse(lines);
	expect(new Set(events.map(e => e.id)).size).toBe(events.length);
	for (let i = 1; i < events.length; i++) expect(Date.parse(events[i]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(events[i - 1]!.createdAt));
	return events;
}

const follow = (extra: Partial<Parameters<typeof startFollow>[0]> = {}) =>
	startFollow({api: apiFor(ts.endpoint, {retry: {maxAttempts: 1}}), cluster: 'production', follow: true, json: true, ...extra});

describe('events --follow against the simulator', () => {
	it('prints events sharing a timestamp once each, in order, and new ones as they come', async () => {
		const run = follow();
		await run.idle();
		const start = run.out.length;
		expect(start).toBeGreaterThan(0);
		await run.cycle(async () => {
			await ts.control('/_sim/events', {cluster: 'production', service: 'web', count: 4, message: '(service web) same instant'});
		});
		await run.cycle();
		await run.cycle(async () => {
			await ts.advance(1);
			await ts.control('/_sim/events', {cluster: 'production', service: 'api', count: 1, message: '(service api) a second later'});
		});
		await run.stop();
		const events = expectWellFormedStream(run.out);
		const fresh = events.slice(start).filter(e => /same instant|a second later/.test(e.message));
		expect(fresh.map(e => e.message)).toEqual([...Array(4).fill('(service web) same instant'), '(service api) a second later']);
		expect(new Set(fresh.slice(0, 4).map(e => e.createdAt)).size).toBe(1);
		expect(fresh[0]).toMatchObject({cluster: 'production', service: 'web'});
		expect(run.err).toEqual([]);
	});

	it('prints the "has started" event of a scale-up exactly once', async () => {
		const run = follow({services: ['worker']});
		await run.idle();
		await ts.client.send(new UpdateServiceCommand({cluster: 'production', service: 'worker', desiredCount: 5}));
		for (let i = 0; i < 6; i++) await run.cycle(() => ts.advance(10));
		await run.stop();
		const started = expectWellFormedStream(run.out).filter(e => /has started \d+ tasks/.test(e.message));
		expect(started.length).toBeGreaterThan(0);
		expect(new Set(started.map(e => e.id)).size).toBe(started.length);
	});

	it('warns on stderr when more than 100 events arrived between two polls', async () => {
		const run = follow();
		await run.idle();
		await run.cycle(() => ts.control('/_sim/events', {cluster: 'production', service: 'api', count: 150}));
		await run.cycle(() => ts.control('/_sim/events', {cluster: 'production', service: 'api', count: 99}));
		await run.stop();
		expect(run.err).toEqual(['ecs-top: events may have been missed for service api (more than 100 since the last poll)']);
		const events = expectWellFormedStream(run.out);
		expect(events.filter(e => /synthetic event \d+ of 150/.test(e.message))).toHaveLength(100);
		expect(events.filter(e => /synthetic event \d+ of 99/.test(e.message))).toHaveLength(99);
	});

	it('survives injected faults, says so, and resumes without duplicates', async () => {
		const run = follow();
		await run.idle();
		await ts.control('/_sim/events', {cluster: 'production', service: 'web', count: 3});
		await ts.faults({errorRate: 1});
		const cycle = run.cycle();
		await vi.waitFor(() => expect(run.err.at(-1)).toMatch(/^ecs-top: ECS returned a server error \(HTTP 500\); retrying with backoff$/));
		await ts.faults({});
		await cycle;
		await run.cycle(() => ts.control('/_sim/events', {cluster: 'production', service: 'web', count: 2}));
		await run.stop();
		expect(run.err.at(-1)).toBe('ecs-top: ECS answers again; resuming');
		const events = expectWellFormedStream(run.out);
		expect(events.filter(e => /synthetic event \d+ of 3\./.test(e.message))).toHaveLength(3);
		expect(events.filter(e => /synthetic event \d+ of 2\./.test(e.message))).toHaveLength(2);
	});

	it('survives throttling', async () => {
		const run = follow();
		await run.idle();
		await ts.control('/_sim/events', {cluster: 'production', service: 'web', count: 1});
		await ts.faults({throttleRate: 1});
		const cycle = run.cycle();
		await vi.waitFor(() => expect(run.err.at(-1)).toBe('ecs-top: throttled by ECS (Rate exceeded); backing off and retrying'));
		await ts.faults({});
		await cycle;
		await run.stop();
		expect(expectWellFormedStream(run.out).filter(e => /synthetic event 1 of 1\./.test(e.message))).toHaveLength(1);
	});

	for (const denial of ['ExpiredTokenException', 'AccessDeniedException'] as const) {
		it(`keeps a running stream through ${denial} (one line, one when it resumes), without duplicates`, async () => {
			const run = follow();
			await run.idle();
			await ts.control('/_sim/events', {cluster: 'production', service: 'web', count: 2});
			await ts.faults({deny: {DescribeServices: denial, ListServices: denial}});
			const cycle = run.cycle();
			await vi.waitFor(() => expect(run.err.at(-1)).toMatch(/; retrying with backoff$/));
			expect(run.err.at(-1)).toMatch(denial === 'ExpiredTokenException' ? /AWS credentials have expired/ : /access denied/);
			await ts.faults({deny: {}});
			await cycle;
			await run.cycle(() => ts.control('/_sim/events', {cluster: 'production', service: 'web', count: 1}));
			await run.stop();
			expect(run.err).toHaveLength(2);
			expect(run.err.at(-1)).toBe('ecs-top: ECS answers again; resuming');
			const events = expectWellFormedStream(run.out);
			expect(events.filter(e => /synthetic event \d+ of 2\./.test(e.message))).toHaveLength(2);
			expect(events.filter(e => /synthetic event 1 of 1\./.test(e.message))).toHaveLength(1);
		});
	}

	it('still ends at once when the credentials are refused before anything was streamed', async () => {
		await ts.faults({deny: {ListServices: 'ExpiredTokenException'}});
		const run = follow();
		await expect(run.done).rejects.toThrow(/AWS credentials have expired/);
	});
});
