// nextRequestStart (aws/request-start.ts): resolves when the process next starts an HTTP request,
// made by any client, or after its timeout when none is.
import {spawnSync} from 'node:child_process';
import {channel} from 'node:diagnostics_channel';
import {createServer, request, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {nextRequestStart} from '../../source/aws/request-start.js';

let server: Server;
beforeAll(async () => {
	server = createServer((_, response) => response.end('ok'));
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
	await new Promise(resolve => server.close(resolve));
});

function get(): Promise<void> {
	return new Promise((resolve, reject) => {
		const req = request({host: '127.0.0.1', port: (server.address() as AddressInfo).port}, response => {
			response.resume();
			response.on('end', resolve);
		});
		req.on('error', reject);
		req.end();
	});
}

describe('nextRequestStart', () => {
	it('resolves with "request" as an HTTP request starts, before its answer', async () => {
		const started = nextRequestStart(60_000);
		let answered = false;
		const done = get().then(() => (answered = true));
		expect(await started).toBe('request');
		expect(answered).toBe(false);
		await done;
	});

	it('resolves with "timeout" when no request starts, and then no longer listens', async () => {
		const order: string[] = [];
		const first = nextRequestStart(20).then(why => order.push(`first ${why}`));
		await first;
		expect(channel('http.client.request.start').hasSubscribers).toBe(false);
		const second = nextRequestStart(60_000).then(why => order.push(`second ${why}`));
		await get();
		await second;
		expect(order).toEqual(['first timeout', 'second request']);
		expect(channel('http.client.request.start').hasSubscribers).toBe(false);
	});

	it('does not keep the process alive while it waits (a start that fails before any request exits at once)', () => {
		const module = pathToFileURL(path.resolve(import.meta.dirname, '..', '..', 'source', 'aws', 'request-start.ts')).href;
		// Waiting a minute for a request that never comes: the process still ends when nothing else is left.
		const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `const {nextRequestStart} = await import(${JSON.stringify(module)}); nextRequestStart(60_000);`], {encoding: 'utf8', timeout: 30_000});
		expect(child.error).toBeUndefined();
		expect(child.status).toBe(0);
	}, 40_000);
});
