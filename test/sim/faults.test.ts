import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {FaultConfigError, Faults, type FaultsOptions, seededRandom} from '../../source/sim/faults.js';

const servers: http.Server[] = [];

function fakeReq() {
	const req = {resets: 0, socket: {destroy() {
		req.resets++;
	}}};
	return req as typeof req & http.IncomingMessage;
}

function fakeRes() {
	const res = {writes: 0, writeHead() {
		return res;
	}, end() {
		res.writes++;
	}};
	return res as typeof res & http.ServerResponse;
}

afterEach(async () => {
	await Promise.all(servers.splice(0).map(async s => new Promise(resolve => {
		s.closeAllConnections();
		s.close(resolve);
	})));
});

/** A throwaway server that answers 200 {"ok":true} unless the faults wrote the response. */
async function serve(options: FaultsOptions = {}) {
	const sleeps: number[] = [];
	const faults = new Faults({
		sleep: async ms => {
			sleeps.push(ms);
		},
		...options,
	});
	const outcomes: Array<string | undefined> = [];
	const server = http.createServer(async (req, res) => {
		const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
		const written = await faults.before(operation, req, res);
		outcomes.push(faults.lastOutcome);
		if (written) return;
		res.writeHead(200, {'Content-Type': 'application/x-amz-json-1.1'});
		res.end('{"ok":true}');
	});
	servers.push(server);
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	const call = async (operation = 'ListClusters') => fetch(`http://127.0.0.1:${port}/`, {
		method: 'POST',
		headers: {'X-Amz-Target': `AmazonEC2ContainerServiceV20141113.${operation}`, 'Content-Type': 'application/x-amz-json-1.1'},
		body: '{}',
	});
	return {faults, sleeps, outcomes, call};
}

describe('faults', () => {
	it('passes requests through when nothing is configured', async () => {
		const {call, outcomes, sleeps} = await serve();
		const res = await call();
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ok: true});
		expect(outcomes).toEqual([undefined]);
		expect(sleeps).toEqual([]);
	});

	it('applies fixed latency plus uniform jitter from the start-up options', async () => {
		const draws = [0.5, 0.25];
		const {call, sleeps} = await serve({latencyMs: 100, jitterMs: 40, random: () => draws.shift() ?? 0});
		await call();
		await call();
		expect(sleeps).toEqual([120, 110]);
	});

	it('really waits with the default sleep', async () => {
		vi.useFakeTimers();
		try {
			const faults = new Faults({latencyMs: 30});
			let done = false;
			void faults.before('ListClusters', fakeReq(), fakeRes()).then(() => {
				done = true;
			});
			await vi.advanceTimersByTimeAsync(29);
			expect(done).toBe(false);
			await vi.advanceTimersByTimeAsync(1);
			expect(done).toBe(true);
		} finally {
			vi.useRealTimers();
		}
	});

	it('errorRate 1: HTTP 500 with a JSON ServerException', async () => {
		const {call, faults, outcomes} = await serve();
		faults.configure({errorRate: 1});
		const res = await call();
		expect(res.status).toBe(500);
		expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
		expect(res.headers.get('x-amzn-requestid')).toMatch(/^[\da-f-]{36}$/);
		expect(await res.json()).toEqual({__type: 'ServerException', message: expect.any(String) as string});
		expect(outcomes).toEqual(['error']);
	});

	it('htmlErrors: the 500 has an HTML body, as some emulators and proxies send', async () => {
		const {call, faults} = await serve();
		faults.configure({errorRate: 1, htmlErrors: true});
		const res = await call();
		expect(res.status).toBe(500);
		expect(res.headers.get('content-type')).toMatch(/^text\/html/);
		expect(await res.text()).toMatch(/^<!DOCTYPE html>/);
	});

	it('throttleRate 1: HTTP 400 ThrottlingException "Rate exceeded"', async () => {
		const {call, faults, outcomes} = await serve();
		faults.configure({throttleRate: 1});
		const res = await call();
		expect(res.status).toBe(400);
		expect(await res.json()).toEqual({__type: 'ThrottlingException', message: 'Rate exceeded'});
		expect(outcomes).toEqual(['throttled']);
	});

	it('resetRate 1: the connection is destroyed without a response', async () => {
		const {call, faults, outcomes} = await serve();
		faults.configure({resetRate: 1});
		await expect(call()).rejects.toThrow(TypeError);
		expect(outcomes).toEqual(['reset']);
	});

	it('deny: the chosen operations fail with the chosen auth error, others pass', async () => {
		const {call, faults, outcomes} = await serve();
		faults.configure({deny: {StopTask: 'AccessDeniedException', DescribeServices: 'ExpiredTokenException'}});
		const stop = await call('StopTask');
		expect(stop.status).toBe(400);
		const stopBody = await stop.json() as {__type: string; message: string};
		expect(stopBody.__type).toBe('AccessDeniedException');
		expect(stopBody.message).toContain('not authorized to perform: ecs:StopTask');
		const describe = await call('DescribeServices');
		expect(await describe.json()).toEqual({__type: 'ExpiredTokenException', message: 'The security token included in the request is expired'});
		expect((await call('ListServices')).status).toBe(200);
		expect(outcomes).toEqual(['denied', 'denied', undefined]);
		// A later deny map replaces the earlier one.
		faults.configure({deny: {ListServices: 'AccessDeniedException'}});
		expect((await call('StopTask')).status).toBe(200);
		expect((await call('ListServices')).status).toBe(400);
	});

	it('rates are exact shares of one seeded draw, at most one fault per call', async () => {
		const faults = new Faults({random: seededRandom(42)});
		faults.configure({errorRate: 0.2, throttleRate: 0.3, resetRate: 0.1});
		const n = 5000;
		const outcomes: Array<string | undefined> = [];
		for (let i = 0; i < n; i++) {
			const res = fakeRes();
			const req = fakeReq();
			const outcome = await faults.apply('ListTasks', req, res);
			// Exactly one effect per faulted call, none otherwise.
			expect(res.writes + req.resets).toBe(outcome === undefined ? 0 : 1);
			outcomes.push(outcome);
		}

		const share = (what: string | undefined) => outcomes.filter(o => o === what).length / n;
		expect(share('reset')).toBeCloseTo(0.1, 1);
		expect(share('error')).toBeCloseTo(0.2, 1);
		expect(share('throttled')).toBeCloseTo(0.3, 1);
		expect(share(undefined)).toBeCloseTo(0.4, 1);
	});

	it('the same seed fails the same calls', async () => {
		const run = async () => {
			const {call, faults, outcomes} = await serve({random: seededRandom(9)});
			faults.configure({errorRate: 0.5});
			for (let i = 0; i < 20; i++) await (await call()).text();
			return outcomes;
		};

		const first = await run();
		expect(first).toContain('error');
		expect(first).toContain(undefined);
		expect(await run()).toEqual(first);
	});

	it('missing keys are unchanged, unknown keys ignored, {} clears everything', async () => {
		const {call, faults, sleeps} = await serve({latencyMs: 50});
		faults.configure({errorRate: 1});
		faults.configure({jitterMs: 10, deleteCluster: 'web'});
		expect(faults.settings).toMatchObject({latencyMs: 50, jitterMs: 10, errorRate: 1});
		expect((await call()).status).toBe(500);
		faults.configure({});
		expect(faults.settings).toEqual({latencyMs: 0, jitterMs: 0, errorRate: 0, htmlErrors: false, throttleRate: 0, resetRate: 0, deny: {}});
		const before = sleeps.length;
		expect((await call()).status).toBe(200);
		expect(sleeps).toHaveLength(before);
	});

	it.each([
		[{errorRate: 1.5}, /errorRate/],
		[{throttleRate: -0.1}, /throttleRate/],
		[{resetRate: 'often'}, /resetRate/],
		[{latencyMs: -1}, /latencyMs/],
		[{jitterMs: Number.NaN}, /jitterMs/],
		[{htmlErrors: 'yes'}, /htmlErrors/],
		[{deny: ['StopTask']}, /deny/],
		[{deny: {StopTask: 'nope'}}, /deny\.StopTask/],
		[{errorRate: 0.6, throttleRate: 0.6}, /must not exceed 1/],
	])('refuses %j and changes nothing', (body, message) => {
		const faults = new Faults();
		faults.configure({errorRate: 0.1});
		expect(() => {
			faults.configure(body as Record<string, unknown>);
		}).toThrow(FaultConfigError);
		expect(() => {
			faults.configure(body as Record<string, unknown>);
		}).toThrow(message);
		expect(faults.settings.errorRate).toBe(0.1);
	});
});
