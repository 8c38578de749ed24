// A raw CloudWatchLogsClient (no retries) for a test simulator: the same port serves ECS and Logs.
// `disableHostPrefix` because StartLiveTail's endpoint has a `streaming-` host prefix that an
// endpoint override on loopback cannot take.
import {CloudWatchLogsClient} from '@aws-sdk/client-cloudwatch-logs';
import {afterEach} from 'vitest';
import type {SimOptions} from '../../source/sim/index.js';
import {startTestSim, type TestSim} from './sim.js';

export function logsClient(t: TestSim): CloudWatchLogsClient {
	return new CloudWatchLogsClient({
		endpoint: t.endpoint,
		region: 'us-east-1',
		credentials: {accessKeyId: 'sim', secretAccessKey: 'sim'},
		maxAttempts: 1,
		disableHostPrefix: true,
	});
}

/**
 * A simulator and a Logs client per test, both closed after each: `setup(options)` starts them with
 * the suite's seed and start time (the options win).
 */
export function simLogsPerTest(defaults: SimOptions): (options?: SimOptions) => Promise<{t: TestSim; logs: CloudWatchLogsClient}> {
	let t: TestSim | undefined;
	let logs: CloudWatchLogsClient | undefined;
	afterEach(async () => {
		logs?.destroy();
		await t?.close();
		t = undefined;
		logs = undefined;
	});
	return async (options = {}) => {
		t = await startTestSim({...defaults, ...options});
		logs = logsClient(t);
		return {t, logs};
	};
}
