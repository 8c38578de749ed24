// `--profile P` is `AWS_PROFILE=P` in every respect (the SDK's own endpoint lookup reads only
// AWS_PROFILE), the endpoint precedence of the AWS CLI, and a missing profile named by name. Each
// test writes its own config and credentials files; the endpoint is checked before anything is sent,
// so a wrong resolution fails on an assertion, never by dialing AWS.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {createEcsApi, endpointServices, resolveAwsContext, resolveEndpointUrl} from '../../source/aws/client.js';
import {describeError} from '../../source/aws/errors.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

let sim: TestSim;
let dir: string;
let configFile: string;
let credentialsFile: string;

beforeAll(async () => {
	sim = await startTestSim({world: 'empty'});
	sim.sim.world.addCluster('shop');
});

afterAll(() => sim.close());

beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-profile-'));
	configFile = path.join(dir, 'config');
	credentialsFile = path.join(dir, 'credentials');
	writeFileSync(configFile, '');
	writeFileSync(credentialsFile, '');
	// A home of its own: nothing of the machine's ~/.aws, and paths under it shown as ~/.
	vi.stubEnv('HOME', path.join(dir, 'home'));
	vi.stubEnv('AWS_CONFIG_FILE', configFile);
	vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', credentialsFile);
	vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
	for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_ECS', 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']) {
		vi.stubEnv(name, undefined);
	}
});

afterEach(() => {
	vi.unstubAllEnvs();
	rmSync(dir, {recursive: true, force: true});
});

function simProfile(): void {
	writeFileSync(configFile, `[profile sim]\nregion = us-east-1\nservices = local\n\n[services local]\necs =\n  endpoint_url = ${sim.endpoint}\n`);
	writeFileSync(credentialsFile, '[sim]\naws_access_key_id = sim-key\naws_secret_access_key = sim-secret\n');
}

/** A client with no credentials of its own: they must come from the profile through the default chain. */
function profileApi(flags: {profile?: string} = {}) {
	return createEcsApi({...flags, readOnly: true, retry: {maxAttempts: 1}, sleep: async () => {}});
}

describe('--profile means AWS_PROFILE', () => {
	it('--profile sim reaches the endpoint of the profile’s services section with its credentials', async () => {
		simProfile();
		const context = await resolveAwsContext({profile: 'sim'});
		expect(context).toEqual({region: 'us-east-1', profile: 'sim', endpoint: sim.endpoint});
		await sim.resetStats();
		expect(await profileApi({profile: 'sim'}).listClusterArns()).toEqual([expect.stringContaining(':cluster/shop')]);
		expect((await sim.stats()).calls).toEqual({ListClusters: 1});
	});

	it('AWS_PROFILE=sim resolves exactly as --profile sim', async () => {
		simProfile();
		const byFlag = await resolveAwsContext({profile: 'sim'});
		vi.stubEnv('AWS_PROFILE', 'sim');
		const byEnv = await resolveAwsContext({});
		expect(byEnv).toEqual(byFlag);
		expect(byEnv.endpoint).toBe(sim.endpoint);
		await sim.resetStats();
		await profileApi().listClusterArns();
		expect((await sim.stats()).calls).toEqual({ListClusters: 1});
	});

	it('--profile wins over AWS_PROFILE, endpoint included', async () => {
		simProfile();
		// AWS_PROFILE's profile points at a closed port: reaching the simulator proves it was not used.
		writeFileSync(configFile, `[profile dead]\nregion = eu-west-1\nendpoint_url = http://127.0.0.1:9\n\n[profile sim]\nregion = us-east-1\nservices = local\n\n[services local]\necs =\n  endpoint_url = ${sim.endpoint}\n`);
		vi.stubEnv('AWS_PROFILE', 'dead');
		expect(await resolveAwsContext({})).toEqual({region: 'eu-west-1', profile: 'dead', endpoint: 'http://127.0.0.1:9'});
		expect(await resolveAwsContext({profile: 'sim'})).toEqual({region: 'us-east-1', profile: 'sim', endpoint: sim.endpoint});
		await sim.resetStats();
		await profileApi({profile: 'sim'}).listClusterArns();
		expect((await sim.stats()).calls).toEqual({ListClusters: 1});
	});
	it('prints nothing when a profile and AWS_ACCESS_KEY_ID are both set (the profile is used)', async () => {
		simProfile();
		vi.stubEnv('AWS_ACCESS_KEY_ID', 'env-key');
		vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'env-secret');
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		try {
			expect((await resolveAwsContext({profile: 'sim'})).endpoint).toBe(sim.endpoint);
			await profileApi({profile: 'sim'}).listClusterArns();
			expect(warn).not.toHaveBeenCalled();
		} finally {
			warn.mockRestore();
		}
	});
});

describe('endpoint precedence', () => {
	const base = {profile: 'p', region: 'us-east-1'};

	it('flag, AWS_ENDPOINT_URL_ECS, AWS_ENDPOINT_URL, the services section, the profile’s endpoint_url, then AWS', async () => {
		writeFileSync(configFile, '[profile p]\nservices = local\nendpoint_url = http://127.0.0.1:5005\n\n[services local]\necs =\n  endpoint_url = http://127.0.0.1:5004\n');
		vi.stubEnv('AWS_ENDPOINT_URL_ECS', 'http://127.0.0.1:5002');
		vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:5003');
		const endpoint = async (flags: object = {}) => (await resolveAwsContext({...base, ...flags})).endpoint;
		expect(await endpoint({endpointUrl: 'http://127.0.0.1:5001'})).toBe('http://127.0.0.1:5001');
		expect(await endpoint()).toBe('http://127.0.0.1:5002');
		vi.stubEnv('AWS_ENDPOINT_URL_ECS', undefined);
		expect(await endpoint()).toBe('http://127.0.0.1:5003');
		vi.stubEnv('AWS_ENDPOINT_URL', undefined);
		expect(await endpoint()).toBe('http://127.0.0.1:5004');
		// A section without ecs falls to the profile's own endpoint_url.
		writeFileSync(configFile, '[profile p]\nservices = local\nendpoint_url = http://127.0.0.1:5005\n\n[services local]\nssm =\n  endpoint_url = http://127.0.0.1:5024\n');
		expect(await endpoint()).toBe('http://127.0.0.1:5005');
		writeFileSync(configFile, '[profile p]\nregion = us-east-1\n');
		expect(await endpoint()).toBeUndefined();
	});

	it('resolves other services by their config key and env suffix', async () => {
		writeFileSync(
			configFile,
			'[profile p]\nservices = local\nendpoint_url = http://127.0.0.1:5005\n\n[services local]\necs =\n  endpoint_url = http://127.0.0.1:5004\ncloudwatch_logs =\n  endpoint_url = http://127.0.0.1:5014\n',
		);
		expect(await resolveEndpointUrl(base, endpointServices.logs)).toBe('http://127.0.0.1:5014');
		expect(await resolveEndpointUrl(base, endpointServices.ecs)).toBe('http://127.0.0.1:5004');
		expect(await resolveEndpointUrl(base, endpointServices.ssm)).toBe('http://127.0.0.1:5005');
		// AWS_ENDPOINT_URL_ECS is ECS's alone; AWS_ENDPOINT_URL is everyone's.
		vi.stubEnv('AWS_ENDPOINT_URL_ECS', 'http://127.0.0.1:5002');
		expect(await resolveEndpointUrl(base, endpointServices.logs)).toBe('http://127.0.0.1:5014');
		vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', 'http://127.0.0.1:5012');
		vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:5003');
		expect(await resolveEndpointUrl(base, endpointServices.logs)).toBe('http://127.0.0.1:5012');
		expect(await resolveEndpointUrl(base, endpointServices.sts)).toBe('http://127.0.0.1:5003');
		expect(await resolveEndpointUrl({...base, endpointUrl: 'http://127.0.0.1:5001'}, endpointServices.logs)).toBe('http://127.0.0.1:5001');
	});

	it('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS and ignore_configured_endpoint_urls skip env and config, never the flag', async () => {
		writeFileSync(configFile, '[profile p]\nservices = local\n\n[services local]\necs =\n  endpoint_url = http://127.0.0.1:5004\n');
		vi.stubEnv('AWS_ENDPOINT_URL_ECS', 'http://127.0.0.1:5002');
		vi.stubEnv('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'true');
		expect((await resolveAwsContext(base)).endpoint).toBeUndefined();
		expect((await resolveAwsContext({...base, endpointUrl: 'http://127.0.0.1:5001'})).endpoint).toBe('http://127.0.0.1:5001');
		vi.stubEnv('AWS_ENDPOINT_URL_ECS', undefined);
		expect((await resolveAwsContext(base)).endpoint).toBeUndefined();
		vi.stubEnv('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', undefined);
		expect((await resolveAwsContext(base)).endpoint).toBe('http://127.0.0.1:5004');

		writeFileSync(configFile, '[profile p]\nignore_configured_endpoint_urls = true\nservices = local\n\n[services local]\necs =\n  endpoint_url = http://127.0.0.1:5004\n');
		vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:5003');
		expect((await resolveAwsContext(base)).endpoint).toBeUndefined();
		// The environment's setting wins over the profile's, as in the CLI.
		vi.stubEnv('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'false');
		expect((await resolveAwsContext(base)).endpoint).toBe('http://127.0.0.1:5003');
	});

	it('a services section the profile names but the file lacks is an error, not AWS', async () => {
		writeFileSync(configFile, '[profile p]\nservices = local\n');
		await expect(resolveAwsContext(base)).rejects.toThrow(`profile "p" names services section "local", which is not in ${configFile}`);
	});
});

describe('a profile that does not exist', () => {
	it('--profile nope says so by name, with the files it looked in', async () => {
		await expect(resolveAwsContext({profile: 'nope'})).rejects.toMatchObject({
			name: 'NoCredentials',
			message: `profile "nope" not found in ${configFile} or ${credentialsFile} (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE)`,
		});
		// A region and an endpoint do not make it exist.
		await expect(resolveAwsContext({profile: 'nope', region: 'us-east-1', endpointUrl: sim.endpoint})).rejects.toThrow('profile "nope" not found');
	});

	it('AWS_PROFILE=nope says where the name came from; the default files show as ~/.aws', async () => {
		vi.stubEnv('AWS_PROFILE', 'nope');
		vi.stubEnv('AWS_CONFIG_FILE', undefined);
		vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', undefined);
		const error = await resolveAwsContext({region: 'us-east-1'}).catch((e: unknown) => e);
		expect(describeError(error).message).toBe('profile "nope" (from AWS_PROFILE) not found in ~/.aws/config or ~/.aws/credentials (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE)');
	});

	it('the first call of get, events or the TUI fails on it with nothing sent', async () => {
		await sim.resetStats();
		const api = createEcsApi({profile: 'nope', region: 'us-east-1', endpointUrl: sim.endpoint, readOnly: true, retry: {maxAttempts: 1}});
		const error = await api.listClusterArns().catch((e: unknown) => e);
		expect(describeError(error).message).toMatch(/^profile "nope" not found in /);
		expect((await sim.stats()).calls).toEqual({});
	});

	it('is found in either file, and default may be absent', async () => {
		writeFileSync(credentialsFile, '[creds-only]\naws_access_key_id = a\naws_secret_access_key = b\nregion = eu-north-1\n');
		expect(await resolveAwsContext({profile: 'creds-only'})).toEqual({region: 'eu-north-1', profile: 'creds-only'});
		expect(await resolveAwsContext({profile: 'default', region: 'us-east-1'})).toEqual({region: 'us-east-1', profile: 'default'});
		expect(await resolveAwsContext({region: 'us-east-1'})).toEqual({region: 'us-east-1'});
		// A name that is an Object.prototype member is no profile either.
		await expect(resolveAwsContext({profile: 'constructor', region: 'us-east-1'})).rejects.toThrow('profile "constructor" not found');
	});
});
