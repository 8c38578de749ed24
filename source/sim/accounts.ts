// Several accounts and regions in one simulator. Every signed request names its region in the
// SigV4 credential scope (`Credential=AKID/20261204/<region>/<service>/aws4_request`), and its
// access key id stands for the account: keys of the form `sim-<12 digits>` are that account, any
// other key (`sim`, `testing`, whatever a tool sends) is the default account. An unsigned request
// (or one the scope cannot be read from) goes to the default world. STS GetCallerIdentity answers
// with the account the key maps to, so a context with no clusters still has an id.
import type http from 'node:http';
import {Rng} from './random.js';
import type {World} from './world.js';

export interface SimContextKey {
	accountId: string;
	region: string;
	/** The service named in the credential scope (`ecs`, `logs`, `sts`…), when signed. */
	service?: string;
	accessKeyId?: string;
}

const accountKey = /^sim-(\d{12})$/;

/** The account an access key id stands for in the simulator (see the file's comment). */
export function accountOfKey(accessKeyId: string | undefined, defaultAccount: string): string {
	const match = accessKeyId === undefined ? null : accountKey.exec(accessKeyId);
	return match ? match[1]! : defaultAccount;
}

/** Account and region of a request, from its Authorization header; the defaults when unsigned. */
export function contextOfRequest(req: http.IncomingMessage, defaults: {accountId: string; region: string}): SimContextKey {
	const header = String(req.headers.authorization ?? '');
	const scope = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/.exec(header);
	if (!scope) return {accountId: defaults.accountId, region: defaults.region};
	const [, accessKeyId, region, service] = scope;
	// A region is letters, digits and dashes: anything else is not a region we would make a world for.
	const valid = /^[a-z0-9-]{1,32}$/.test(region!);
	return {accountId: accountOfKey(accessKeyId, defaults.accountId), region: valid ? region! : defaults.region, service, accessKeyId};
}

export const contextName = (key: {accountId: string; region: string}) => `${key.accountId}/${key.region}`;

function hash(text: string): number {
	// FNV-1a: deterministic, small, good enough to spread seeds.
	let h = 0x81_1c_9d_c5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01_00_01_93) >>> 0;
	}
	return h;
}

const clusterNames = ['api', 'batch', 'edge', 'payments', 'search', 'ml', 'web', 'analytics', 'ingest', 'mobile'];
const families = ['web', 'api', 'worker', 'cron', 'gateway'];

/**
 * `--fleet`: a smaller demo world for an (account, region) other than the default one: one to three
 * Fargate clusters named after the pair's draw and the region (`edge-eu-west-1`), each with a couple
 * of services; some services cannot keep their tasks running (a crash loop), so the pairs differ in
 * health too. Deterministic from the seed and the pair.
 */
export function buildFleetWorld(world: World, seed: number, clusters?: number): void {
	const rng = new Rng((seed * 7907 + hash(contextName(world))) >>> 0);
	if (clusters !== undefined) return buildSizedFleetWorld(world, rng, clusters);
	const count = 1 + rng.int(3);
	const names = [...clusterNames];
	for (let i = 0; i < count; i++) {
		const base = names.splice(rng.int(names.length), 1)[0]!;
		const cluster = world.addCluster(`${base}-${world.region}`, {tags: [{key: 'env', value: base}]});
		const services = 1 + rng.int(3);
		for (let j = 0; j < services; j++) {
			const family = `${base}-${families[j % families.length]}`;
			const crashing = rng.chance(0.3);
			const def = world.addTaskDefinition({family, cpu: 256, memory: 512, containerPort: 8080, behaviour: crashing ? {crashAfterSeconds: 30, exitCode: 1} : undefined});
			world.addService(cluster, {name: families[j % families.length]!, taskDefinition: def, desiredCount: 1 + rng.int(3), launchType: 'FARGATE'});
		}
	}
}

/** Services per cluster of a sized fleet world (`fleetClusters`). */
export const fleetServicesPerCluster = 10;

/**
 * `fleetClusters: N` (the fleet benchmark): N Fargate clusters in the pair's world, each with ten
 * services of one or two tasks. About one service in twenty crash-loops and one in thirty cannot
 * start its tasks (its image cannot be pulled: short of desired for good), so health varies
 * between clusters. Deterministic from the seed and the pair.
 */
function buildSizedFleetWorld(world: World, rng: Rng, clusters: number): void {
	const defs = families.map(family => ({
		ok: world.addTaskDefinition({family, cpu: 256, memory: 512, containerPort: 8080}),
		crashing: world.addTaskDefinition({family: `${family}-canary`, cpu: 256, memory: 512, containerPort: 8080, behaviour: {crashAfterSeconds: 45, exitCode: 1}}),
		broken: world.addTaskDefinition({family: `${family}-next`, cpu: 256, memory: 512, containerPort: 8080, behaviour: {failToStart: 'CannotPullContainerError: pull image manifest has been retried 5 time(s): not found'}}),
	}));
	for (let i = 0; i < clusters; i++) {
		const base = clusterNames[i % clusterNames.length]!;
		const cluster = world.addCluster(`${base}-${String(i).padStart(2, '0')}-${world.region}`, {tags: [{key: 'env', value: base}]});
		for (let j = 0; j < fleetServicesPerCluster; j++) {
			const family = families[j % families.length]!;
			const draw = rng.int(60);
			const def = draw < 3 ? defs[j % families.length]!.crashing : draw < 5 ? defs[j % families.length]!.broken : defs[j % families.length]!.ok;
			world.addService(cluster, {name: `${family}-${j}`, taskDefinition: def, desiredCount: 1 + rng.int(2), launchType: 'FARGATE', ...(def === defs[j % families.length]!.broken ? {running: 0} : {})});
		}
	}
}
