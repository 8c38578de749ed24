// A simulator for the data-layer tests: an empty world on a stepped clock that the test fills.
import {startSim, type Sim, type SimOptions} from '../../source/sim/index.js';

export interface Fixture {
	sim: Sim;
	endpoint: string;
	stats(): Promise<{calls: Record<string, number>; throttled: Record<string, number>; errors: Record<string, number>}>;
	resetStats(): Promise<void>;
	faults(body: Record<string, unknown>): Promise<void>;
	close(): Promise<void>;
}

export async function simFixture(options: SimOptions = {}): Promise<Fixture> {
	const sim = await startSim({world: 'empty', clock: 'manual', seed: 7, ...options});
	const control = async (method: string, path: string, body?: unknown) => {
		const res = await fetch(`${sim.url}${path}`, {method, body: body === undefined ? undefined : JSON.stringify(body)});
		const text = await res.text();
		if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${text}`);
		return JSON.parse(text) as unknown;
	};
	return {
		sim,
		endpoint: sim.url,
		stats: async () => (await control('GET', '/_sim/stats')) as Awaited<ReturnType<Fixture['stats']>>,
		resetStats: async () => void (await control('POST', '/_sim/stats/reset')),
		faults: async body => void (await control('POST', '/_sim/faults', body)),
		close: () => sim.close(),
	};
}

/** A cluster with `services` Fargate services of `perService` running tasks each. */
export function fillCluster(sim: Sim, name: string, services: number, perService = 1) {
	const cluster = sim.world.addCluster(name);
	const td = sim.world.addTaskDefinition({family: `${name}-app`, cpu: 256, memory: 512, containerPort: 80});
	const list = [];
	for (let i = 0; i < services; i++) {
		list.push(sim.world.addService(cluster, {name: `svc-${String(i).padStart(4, '0')}`, taskDefinition: td, desiredCount: perService, launchType: 'FARGATE'}));
	}
	return {cluster, td, services: list};
}
