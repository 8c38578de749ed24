// Credentials renewed underneath a running client: after ECS refuses them (ExpiredToken and the
// like), the next call resolves the chain again and signs with what the files say now. Without
// this the SDK keeps its memoized static credentials and a follow would retry with the old key
// forever. A tiny stand-in for ECS on loopback refuses the old key and accepts the new one.
import {createServer, type Server} from 'node:http';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {createEcsApi} from '../../source/aws/client.js';

let server: Server;
let endpoint: string;
const keys: string[] = [];
let dir: string;

beforeAll(async () => {
	server = createServer((request, response) => {
		const key = /Credential=([^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? '';
		keys.push(key);
		request.resume();
		request.on('end', () => {
			if (key === 'OLDKEY') {
				response.writeHead(400, {'content-type': 'application/x-amz-json-1.1'});
				response.end(JSON.stringify({__type: 'ExpiredTokenException', message: 'The security token included in the request is expired'}));
				return;
			}
			response.writeHead(200, {'content-type': 'application/x-amz-json-1.1'});
			response.end(JSON.stringify({clusterArns: ['arn:aws:ecs:us-east-1:123456789012:cluster/shop']}));
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	endpoint = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
});
afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));
afterEach(() => {
	vi.unstubAllEnvs();
	rmSync(dir, {recursive: true, force: true});
});

describe('credentials renewed underneath', () => {
	it('after ExpiredToken, the next call reads the rewritten credentials file', async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-renewal-'));
		const config = path.join(dir, 'config');
		const credentials = path.join(dir, 'credentials');
		writeFileSync(config, '[profile p]\nregion = us-east-1\n');
		writeFileSync(credentials, '[p]\naws_access_key_id = OLDKEY\naws_secret_access_key = s\n');
		vi.stubEnv('AWS_CONFIG_FILE', config);
		vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', credentials);
		vi.stubEnv('HOME', dir);
		for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION']) vi.stubEnv(name, undefined);

		const api = createEcsApi({profile: 'p', endpointUrl: endpoint, readOnly: true, retry: {maxAttempts: 1}, sleep: async () => {}});
		await expect(api.listClusterArns()).rejects.toMatchObject({name: 'ExpiredTokenException'});
		writeFileSync(credentials, '[p]\naws_access_key_id = NEWKEY\naws_secret_access_key = s\n');
		expect(await api.listClusterArns()).toEqual(['arn:aws:ecs:us-east-1:123456789012:cluster/shop']);
		expect(keys).toEqual(['OLDKEY', 'NEWKEY']);
	});
});
