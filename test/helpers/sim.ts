// Starts a simulator for a test: manual clock and no throttling unless asked, and a raw ECSClient
// (no retries) pointed at it. Tests may use the SDK directly; only source/ is layered.
import {ECSClient} from '@aws-sdk/client-ecs';
import {startSim, type Sim, type SimOptions, type Stats} from '../../source/sim/index.js';

/** A control endpoint's JSON; typed loosely so a call can stand where a void callback is expected. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ControlAnswer = any;

export interface TestSim {
	sim: Sim;
	endpoint: string;
	client: ECSClient;
	stats(): Promise<Stats>;
	resetStats(): Promise<void>;
	faults(body: Record<string, unknown>): Promise<ControlAnswer>;
	/** Steps the simulated clock through the control endpoint, as an external client would. */
	advance(seconds: number): Promise<void>;
	/** POST a control endpoint and return its JSON (throws on a non-2xx answer). */
	control(path: string, body?: unknown): Promise<ControlAnswer>;
	close(): Promise<void>;
}

export async function startTestSim(options: SimOptions = {}): Promise<TestSim> {
	const sim = await startSim({clock: 'manual', throttle: false, ...options});
	const endpoint = sim.url;
	const client = new ECSClient({
		endpoint,
		region: 'us-east-1',
		credentials: {accessKeyId: 'sim', secretAccessKey: 'sim'},
		maxAttempts: 1,
	});
	const control = async (path: string, body?: unknown): Promise<ControlAnswer> => {
		const response = await fetch(`${endpoint}${path}`, {method: body === undefined ? 'GET' : 'POST', body: body === undefined ? undefined : JSON.stringify(body)});
		const json = await response.json();
		if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
		return json;
	};
	return {
		sim,
		endpoint,
		client,
		stats: async () => (await control('/_sim/stats')) as Stats,
		resetStats: async () => {
			await control('/_sim/stats/reset', {});
		},
		faults: async body => control('/_sim/faults', body),
		advance: async seconds => {
			await control('/_sim/clock', {advanceSeconds: seconds});
		},
		control,
		close: async () => {
			client.destroy();
			await sim.close();
		},
	};
}
