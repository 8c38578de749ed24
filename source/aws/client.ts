// The one place that builds an ECS client, with the AWS CLI's conventions: --profile else
// AWS_PROFILE; --region else AWS_REGION, AWS_DEFAULT_REGION, the profile's region; --endpoint-url
// else AWS_ENDPOINT_URL_ECS, AWS_ENDPOINT_URL; the SDK's default credential chain (env, shared
// files, SSO, process, container and instance roles). Nothing is printed: the SDK's logger is silenced
// and its Node-version warning switched off. Problems come back as one-line AwsConfigErrors.
import {ECSClient, type ECSClientConfig} from '@aws-sdk/client-ecs';
import {defaultProvider} from '@aws-sdk/credential-provider-node';
import {loadSharedConfigFiles} from '@smithy/core/config';
import type {EcsApi} from './ecs-api.js';
import {EcsClient, type RetryOptions, type Send} from './ecs-client.js';
import {AwsConfigError, noRegionMessage} from './errors.js';
import {type RateLimiter, sharedLimiter} from './limiter.js';

export interface AwsContextFlags {
	profile?: string;
	region?: string;
	endpointUrl?: string;
}

export interface AwsContext {
	region: string;
	profile?: string;
	endpoint?: string;
}

export interface CreateEcsApiOptions extends AwsContextFlags {
	readOnly: boolean;
	limiter?: RateLimiter;
	retry?: RetryOptions;
	sleep?: (ms: number) => Promise<void>;
	now?: () => number;
	random?: () => number;
	/** Static credentials (tests and the simulator); otherwise the default chain. */
	credentials?: {accessKeyId: string; secretAccessKey: string; sessionToken?: string};
	/** Describe chunks in flight at once per call (default 4). */
	concurrency?: number;
}

// No info(): the SDK's logger middleware calls `logger.info?.(…)` with every response redacted for
// the log line, a walk over each 100-task describe even when info() does nothing.
const silent = {debug() {}, warn() {}, error() {}, trace() {}} as unknown as NonNullable<ECSClientConfig['logger']>;

export function profileName(flags: AwsContextFlags): string | undefined {
	return flags.profile || process.env.AWS_PROFILE || process.env.AWS_DEFAULT_PROFILE || undefined;
}

export function endpointUrl(flags: AwsContextFlags): string | undefined {
	return flags.endpointUrl || process.env.AWS_ENDPOINT_URL_ECS || process.env.AWS_ENDPOINT_URL || undefined;
}

async function profileSettings(profile: string | undefined): Promise<Record<string, string | undefined>> {
	try {
		const files = await loadSharedConfigFiles({ignoreCache: true});
		return files.configFile[profile ?? 'default'] ?? {};
	} catch {
		return {};
	}
}

/** The region as the AWS CLI would pick it; throws AwsConfigError('NoRegion') with the fix. */
export async function resolveRegion(flags: AwsContextFlags): Promise<string> {
	const region = flags.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || (await profileSettings(profileName(flags))).region;
	if (!region) throw new AwsConfigError('NoRegion', noRegionMessage);
	return region;
}

/** Region, profile and endpoint for the header; throws AwsConfigError when there is no region. */
export async function resolveAwsContext(flags: AwsContextFlags): Promise<AwsContext> {
	const context: AwsContext = {region: await resolveRegion(flags)};
	const profile = profileName(flags);
	const endpoint = endpointUrl(flags);
	if (profile) context.profile = profile;
	if (endpoint) context.endpoint = endpoint;
	return context;
}

/** Rewrites the credential chain's errors into a line that names the profile and the fix. */
async function credentialsProblem(error: unknown, profile: string | undefined): Promise<unknown> {
	const e = error as {name?: string; message?: string};
	const message = e?.message ?? '';
	const credentialError = e?.name === 'CredentialsProviderError' || e?.name === 'TokenProviderError';
	if (!credentialError && !/Could not load credentials|SSO session/i.test(message)) return error;
	const settings = await profileSettings(profile);
	const sso = Boolean(settings.sso_session || settings.sso_start_url);
	const which = profile ? `profile "${profile}"` : 'the default profile';
	const login = `aws sso login${profile ? ` --profile ${profile}` : ''}`;
	if (/SSO session.*(expired|invalid)|token.*expired/i.test(message)) {
		return new AwsConfigError('SsoSessionExpired', `no valid AWS SSO session for ${which} (expired or never logged in): run "${login}"`);
	}
	if (sso) return new AwsConfigError('NoCredentials', `no AWS credentials for ${which} (SSO): run "${login}"`);
	return new AwsConfigError(
		'NoCredentials',
		`no AWS credentials for ${which}: run "aws configure${profile ? ` --profile ${profile}` : ''}", set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or "${login}" for SSO`,
	);
}

export function createEcsApi(options: CreateEcsApiOptions): EcsApi {
	const profile = profileName(options);
	let region: Promise<string> | undefined;
	const client = new ECSClient({
		region: () => (region ??= resolveRegion(options)),
		profile,
		credentials: options.credentials ?? defaultProvider({profile}),
		endpoint: endpointUrl(options),
		// Retries happen in EcsClient, against the shared limiter and with injectable timing.
		maxAttempts: 1,
		logger: silent,
		requestHandler: {connectionTimeout: 5000, requestTimeout: 30_000},
	});
	const send: Send = async (command, sendOptions) => {
		try {
			return await client.send(command, sendOptions);
		} catch (error) {
			throw await credentialsProblem(error, profile);
		}
	};
	return new EcsClient({
		send,
		readOnly: options.readOnly,
		limiter: options.limiter ?? sharedLimiter(),
		retry: options.retry,
		sleep: options.sleep,
		random: options.random,
		concurrency: options.concurrency,
	});
}
