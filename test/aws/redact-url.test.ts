// An endpoint's user:password@ is used for the calls but never shown: redactUrl for the header,
// dialogs and audit, and the client's errors scrubbed of it (the simulator ignores auth, so the
// real URL with userinfo still reaches it).
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createEcsApi, resolveAwsContext} from '../../source/aws/client.js';
import {describeError} from '../../source/aws/errors.js';
import {redactUrl} from '../../source/text.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

describe('redactUrl', () => {
	it('replaces userinfo with ***@', () => {
		expect(redactUrl('http://user:pass@host:4566')).toBe('http://***@host:4566/');
		expect(redactUrl('https://token@ecs.example.com/path?q=1')).toBe('https://***@ecs.example.com/path?q=1');
		expect(redactUrl('http://u:p@ss@127.0.0.1:1/')).toBe('http://***@127.0.0.1:1/');
		expect(redactUrl('http://:secret@host')).toBe('http://***@host/');
	});

	it('leaves a URL without userinfo exactly as given', () => {
		for (const url of ['http://127.0.0.1:1', 'https://ecs.us-east-1.amazonaws.com', 'http://host/a@b', 'http://host:80/?x=y@z', 'not a url']) {
			expect(redactUrl(url)).toBe(url);
		}
	});

	it('still strips userinfo from what does not parse', () => {
		expect(redactUrl('http://us er:secret@[bad')).toBe('http://***@[bad');
		expect(redactUrl('http://user:secret@127.0.0.1:99999')).toBe('http://***@127.0.0.1:99999');
		expect(redactUrl('user:secret@127.0.0.1:9')).toBe('***@127.0.0.1:9');
	});
});

describe('an endpoint with userinfo', () => {
	let sim: TestSim;
	let echo: Server;
	let echoUrl: string;

	beforeAll(async () => {
		sim = await startTestSim({world: 'empty'});
		sim.sim.world.addCluster('shop');
		// A proxy that repeats the URL it was asked for in its error, as some do.
		echo = createServer((req, res) => {
			res.writeHead(400, {'Content-Type': 'application/x-amz-json-1.1'});
			res.end(JSON.stringify({__type: 'ClientException', message: `no route for ${echoUrl}/ (user:secretpw, secretpw)`}));
		});
		await new Promise<void>(resolve => echo.listen(0, '127.0.0.1', resolve));
		echoUrl = `http://user:secretpw@127.0.0.1:${(echo.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await sim.close();
		await new Promise(resolve => echo.close(resolve));
	});

	const withUserinfo = (endpoint: string) => endpoint.replace('http://', 'http://user:secretpw@');

	it('is shown redacted while the real URL reaches the simulator', async () => {
		const endpointUrl = withUserinfo(sim.endpoint);
		const context = await resolveAwsContext({endpointUrl, region: 'us-east-1'});
		expect(context.endpoint).toBe(`${sim.endpoint.replace('http://', 'http://***@')}/`);
		expect(JSON.stringify(context)).not.toContain('secretpw');
		await sim.resetStats();
		const api = createEcsApi({endpointUrl, region: 'us-east-1', readOnly: true, credentials: {accessKeyId: 'a', secretAccessKey: 'b'}});
		expect(await api.listClusterArns()).toHaveLength(1);
		expect((await sim.stats()).calls).toEqual({ListClusters: 1});
	});

	it('never comes out of an error message', async () => {
		const api = createEcsApi({endpointUrl: echoUrl, region: 'us-east-1', readOnly: true, credentials: {accessKeyId: 'a', secretAccessKey: 'b'}, retry: {maxAttempts: 1}});
		const error = (await api.listClusterArns().catch((e: unknown) => e)) as Error;
		expect(error.name).toBe('ClientException');
		expect(error.message).toMatch(/^no route for http:\/\/\*\*\*@127\.0\.0\.1:\d+\/ \(\*\*\*, \*\*\*\)$/);
		expect(String(error.stack)).not.toContain('secretpw');
		expect(describeError(error).message).not.toContain('secretpw');
	});

	it('is out of an error even when it is a short token', async () => {
		const port = (echo.address() as AddressInfo).port;
		const saved = echoUrl;
		echoUrl = `http://tk@127.0.0.1:${port}`;
		try {
			const api = createEcsApi({endpointUrl: echoUrl, region: 'us-east-1', readOnly: true, credentials: {accessKeyId: 'a', secretAccessKey: 'b'}, retry: {maxAttempts: 1}});
			const error = (await api.listClusterArns().catch((e: unknown) => e)) as Error;
			expect(error.message).toMatch(/^no route for http:\/\/\*\*\*@127\.0\.0\.1:\d+\/ /);
		} finally {
			echoUrl = saved;
		}
	});

	it('is out of an invalid URL’s error too', async () => {
		const api = createEcsApi({endpointUrl: 'http://user:secretpw@127.0.0.1:99999', region: 'us-east-1', readOnly: true, credentials: {accessKeyId: 'a', secretAccessKey: 'b'}, retry: {maxAttempts: 1}});
		const error = (await api.listClusterArns().catch((e: unknown) => e)) as Error & {input?: string};
		expect(error.name).toBe('TypeError');
		expect(error.input).toBe('http://***@127.0.0.1:99999');
		expect(`${error.message} ${String(error.stack)} ${JSON.stringify(error)}`).not.toContain('secretpw');
	});
});
