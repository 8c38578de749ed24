// A real EcsApi (the SDK over HTTP, the limiter, the retry loop) pointed at a test endpoint (the
// simulator or moto), with zero-delay retries so tests never wait real seconds.
import {createEcsApi, type CreateEcsApiOptions} from '../../source/aws/client.js';
import type {EcsApi} from '../../source/aws/ecs-api.js';
import {RateLimiter} from '../../source/aws/limiter.js';

export const testCredentials = {accessKeyId: 'testing', secretAccessKey: 'testing'};

/** A limiter with ECS's buckets whose throttle backoff is ~0 ms (tests that count calls keep the real buckets). */
export function testLimiter(options: ConstructorParameters<typeof RateLimiter>[0] = {}): RateLimiter {
	return new RateLimiter({backoff: {baseMs: 1, maxMs: 1}, ...options});
}

export function apiFor(endpoint: string, options: Partial<CreateEcsApiOptions> = {}): EcsApi {
	return createEcsApi({
		endpointUrl: endpoint,
		region: 'us-east-1',
		credentials: testCredentials,
		readOnly: false,
		retry: {baseDelayMs: 0, maxDelayMs: 0},
		sleep: async () => {},
		...options,
		limiter: options.limiter ?? testLimiter(),
	});
}
