// A raw CloudWatchLogsClient (no retries) for a test simulator: the same port serves ECS and Logs.
// `disableHostPrefix` because StartLiveTail's endpoint has a `streaming-` host prefix that an
// endpoint override on loopback cannot take.
import {CloudWatchLogsClient} from '@aws-sdk/client-cloudwatch-logs';
import type {TestSim} from './sim.js';

export function logsClient(t: TestSim): CloudWatchLogsClient {
	return new CloudWatchLogsClient({
		endpoint: t.endpoint,
		region: 'us-east-1',
		credentials: {accessKeyId: 'sim', secretAccessKey: 'sim'},
		maxAttempts: 1,
		disableHostPrefix: true,
	});
}
