// A real EcsClient (limiter, retry loop) on the test simulator's SDK client, with a look at each
// request as it goes out: tests read the audit log at the moment a request leaves, switch a fault
// on for exactly one call, or lose an answer after the simulator has applied the call.
import {EcsClient, type Send} from '../../source/aws/ecs-client.js';
import type {TestSim} from '../helpers/sim.js';
import {testLimiter} from '../helpers/api.js';

export interface Intercept {
	/** Before the request `n` (1, 2…) of this operation is sent. */
	before?(operation: string, n: number): Promise<void> | void;
	/** After its answer or error; throw to lose the answer. */
	after?(operation: string, n: number, outcome: {output?: unknown; error?: unknown}): Promise<void> | void;
}

export function wiredApi(sim: TestSim, intercept: Intercept = {}): EcsClient {
	const counts = new Map<string, number>();
	const send: Send = async (command, options) => {
		const operation = String(command.constructor.name).replace(/Command$/, '');
		const n = (counts.get(operation) ?? 0) + 1;
		counts.set(operation, n);
		await intercept.before?.(operation, n);
		let output: unknown;
		try {
			output = await sim.client.send(command, options);
		} catch (error) {
			await intercept.after?.(operation, n, {error});
			throw error;
		}
		await intercept.after?.(operation, n, {output});
		return output;
	};
	return new EcsClient({send, readOnly: false, limiter: testLimiter(), retry: {baseDelayMs: 0, maxDelayMs: 0}, sleep: async () => {}});
}

/** What the SDK throws when the connection drops after the request went out (checked against @smithy/node-http-handler). */
export function socketHangUp(): Error {
	return Object.assign(new Error('socket hang up'), {name: 'TimeoutError', code: 'ECONNRESET', $metadata: {}});
}

/** What the SDK throws when nothing listens at the endpoint: the connection was never made. */
export function connectionRefused(): Error {
	return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {code: 'ECONNREFUSED', errno: -111, syscall: 'connect', address: '127.0.0.1', port: 1, $metadata: {}});
}
