// Several regions against moto, which keeps its state per region: clusters made in two regions
// through the SDK, then `get clusters --region a,b --json` lists each with its region and the
// account moto's STS GetCallerIdentity names.
import {CreateClusterCommand, ECSClient} from '@aws-sdk/client-ecs';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {parseArgs} from '../../source/cli-args.js';
import {runGet} from '../../source/commands/get.js';
import {type Moto, motoAvailable, startMoto} from '../helpers/moto.js';

const available = motoAvailable();
if (!available.ok) console.warn(`[skip] contexts against moto: ${available.reason}`);

const credentials = {accessKeyId: 'testing', secretAccessKey: 'testing'};

describe.skipIf(!available.ok)('get across regions against moto', () => {
	let moto: Moto;

	beforeAll(async () => {
		moto = await startMoto();
		for (const [region, name] of [['us-east-1', 'ctx-east'], ['eu-west-1', 'ctx-west']] as const) {
			const ecs = new ECSClient({endpoint: moto.endpoint, region, maxAttempts: 1, credentials});
			// aws ecs create-cluster --cluster-name NAME --region REGION
			await ecs.send(new CreateClusterCommand({clusterName: name}));
		}
	}, 60_000);
	afterAll(() => moto?.close());
	afterEach(() => {
		vi.restoreAllMocks();
		vi.unstubAllEnvs();
	});

	it('lists each region\'s clusters with its context', async () => {
		let out = '';
		let err = '';
		vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string, cb?: () => void) => ((out += chunk), cb?.(), true)) as never);
		vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string, cb?: () => void) => ((err += chunk), cb?.(), true)) as never);
		vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
		vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
		vi.stubEnv('AWS_PROFILE', undefined as never);
		const code = await runGet(parseArgs(['get', 'clusters', '--region', 'us-east-1,eu-west-1', '--json', '--endpoint-url', moto.endpoint], '0.0.0'));
		vi.restoreAllMocks();
		expect(err).toBe('');
		expect(code).toBe(0);
		const items = JSON.parse(out) as Array<{clusterName: string; clusterArn: string; context: {profile: string | null; region: string; account: string}}>;
		const byName = Object.fromEntries(items.map(i => [i.clusterName, i]));
		expect(byName['ctx-east']!.context).toEqual({profile: null, region: 'us-east-1', account: '123456789012'});
		expect(byName['ctx-west']!.context).toEqual({profile: null, region: 'eu-west-1', account: '123456789012'});
		expect(byName['ctx-west']!.clusterArn).toContain(':eu-west-1:');
		// moto keeps each region apart: each cluster is listed once, in its own region.
		expect(items.filter(i => i.clusterName.startsWith('ctx-')).map(i => `${i.context.region} ${i.clusterName}`).sort()).toEqual(['eu-west-1 ctx-west', 'us-east-1 ctx-east']);
	});
});
