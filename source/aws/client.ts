// The one place that builds AWS clients (ECS, SSM, and CloudWatch Logs and CloudWatch per region), with the AWS CLI's
// conventions: --profile else AWS_PROFILE (the same in every respect); --region else AWS_REGION, AWS_DEFAULT_REGION, the
// profile's region; --endpoint-url else AWS_ENDPOINT_URL_ECS (_SSM, _CLOUDWATCH_LOGS for Logs, _CLOUDWATCH for metrics),
// AWS_ENDPOINT_URL, the profile's services section (`ecs`, `ssm`, `cloudwatch_logs`, `cloudwatch`), its endpoint_url (resolved here and handed to the SDK, whose own lookup ignores
// --profile); the SDK's default credential chain (env, shared files, SSO, process, container and
// instance roles), but a profile's credential_process runs under a time limit in a process group of
// its own (credential-process.ts). Nothing is printed: the SDK's logger is silenced and its
// Node-version warning switched off. Problems come back as one-line AwsConfigErrors; an endpoint's
// user:password@ never reaches the screen, the audit or an error message.
import path from 'node:path';
import {ECSClient, type ECSClientConfig} from '@aws-sdk/client-ecs';
import {defaultProvider} from '@aws-sdk/credential-provider-node';
import {getHomeDir, loadSharedConfigFiles} from '@smithy/core/config';
import {redactUrl} from '../text.js';
import {credentialProcessOf, fromCredentialProcess} from './credential-process.js';
import type {EcsApi} from './ecs-api.js';
import {EcsClient, type RetryOptions, type Send} from './ecs-client.js';
import {AwsConfigError, noRegionMessage} from './errors.js';
import {type RateLimiter, sharedLimiter} from './limiter.js';
import type {LogsApi} from './logs-api.js';
import {LogsClient} from './logs-client.js';
import type {MetricsApi} from './metrics-api.js';
import {MetricsClient} from './metrics-client.js';
import type {SsmApi} from './ssm-api.js';
import {SsmClient} from './ssm-client.js';
import type {CallerIdentity} from './sts-client.js';

// CloudWatch, CloudWatch Logs, SSM and STS are imported on their first call, not at start-up
// (their SDK modules took the TUI's cold start from 0.33 to 0.50 s): each connector's build is async.
const cloudwatchSdk = () => import('./sdk-cloudwatch.js');
const logsSdk = () => import('./sdk-logs.js');
const ssmSdk = () => import('./sdk-ssm.js');
const stsSdk = () => import('./sts-client.js');

export interface StaticCredentials {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
	expiration?: Date;
}

export type CredentialsProvider = () => Promise<StaticCredentials>;

export interface AwsContextFlags {
	profile?: string;
	region?: string;
	endpointUrl?: string;
}

export interface AwsContext {
	region: string;
	profile?: string;
	/** The ECS endpoint really used (flag, env or profile), for display: userinfo shown as ***@. */
	endpoint?: string;
}

export interface CreateEcsApiOptions extends AwsContextFlags {
	readOnly: boolean;
	limiter?: RateLimiter;
	retry?: RetryOptions;
	sleep?: (ms: number) => Promise<void>;
	now?: () => number;
	random?: () => number;
	/** Static credentials (tests and the simulator), or a provider of them; otherwise the default chain. */
	credentials?: StaticCredentials | CredentialsProvider;
	/** Describe chunks in flight at once per call (default 4). */
	concurrency?: number;
}

// No info(): the SDK's logger middleware calls `logger.info?.(…)` with every response redacted for
// the log line, a walk over each 100-task describe even when info() does nothing.
const silent = {debug() {}, warn() {}, error() {}, trace() {}} as unknown as NonNullable<ECSClientConfig['logger']>;

export function profileName(flags: AwsContextFlags): string | undefined {
	return flags.profile || process.env.AWS_PROFILE || process.env.AWS_DEFAULT_PROFILE || undefined;
}

/** Where a named profile came from, for the message when it does not exist. */
function profileSource(flags: AwsContextFlags): string {
	if (flags.profile) return '';
	return process.env.AWS_PROFILE ? ' (from AWS_PROFILE)' : ' (from AWS_DEFAULT_PROFILE)';
}

/** A service as the shared config names it: its key in a `[services …]` section and its AWS_ENDPOINT_URL_<suffix>. */
export interface EndpointService {
	/** `ecs`, `cloudwatch_logs`, `cloudwatch`, `ssm`, `sts`. */
	configKey: string;
	/** `ECS`, `CLOUDWATCH_LOGS`, `CLOUDWATCH`, `SSM`, `STS`. */
	envSuffix: string;
}

export const endpointServices = {
	ecs: {configKey: 'ecs', envSuffix: 'ECS'},
	logs: {configKey: 'cloudwatch_logs', envSuffix: 'CLOUDWATCH_LOGS'},
	cloudwatch: {configKey: 'cloudwatch', envSuffix: 'CLOUDWATCH'},
	ssm: {configKey: 'ssm', envSuffix: 'SSM'},
	sts: {configKey: 'sts', envSuffix: 'STS'},
} as const satisfies Record<string, EndpointService>;

type Section = Record<string, string | undefined>;

/** The shared files as read once for a client: the profile's merged settings and the config file's sections. */
interface SharedConfig {
	profile?: string;
	settings: Section;
	sections: Record<string, Section>;
	configPath: string;
}

/** The files the SDK reads (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/…), so messages name the real ones. */
function sharedFilePaths(): {config: string; credentials: string} {
	const home = getHomeDir();
	const expand = (file: string) => (file.startsWith('~/') ? path.join(home, file.slice(2)) : file);
	return {
		config: expand(process.env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config')),
		credentials: expand(process.env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials')),
	};
}

function shownPath(file: string): string {
	const home = getHomeDir();
	return file.startsWith(home + path.sep) ? `~${file.slice(home.length)}` : file;
}

function own(record: Record<string, Section>, key: string): Section | undefined {
	return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Every profile named in the shared config and credentials files (for shell completion): no network,
 * no credentials read beyond the files' section names. The loader lists `[sso-session X]` and
 * `[services X]` sections as `sso-session.X` and `services.X`: those are not profiles.
 */
export async function profileNames(): Promise<string[]> {
	return (await profileSections()).names;
}

/** What the `:ctx` pane says of a profile: read from the shared files alone (no network, no credentials). */
export interface ProfileInfo {
	name: string;
	region?: string;
	/** Credentials from AWS IAM Identity Center (`sso_session` or `sso_start_url`). */
	sso: boolean;
	/** Where its ECS endpoint points when not AWS (services section or endpoint_url), userinfo shown as ***@. */
	endpoint?: string;
}

/** Every profile with its region, SSO or not, and its own ECS endpoint (the `:ctx` pane). */
export async function listProfiles(): Promise<ProfileInfo[]> {
	const {names, files} = await profileSections();
	return names.map(name => {
		const settings = {...own(files.configFile, name), ...own(files.credentialsFile, name)};
		// The profile's own endpoint, not the env's: what makes it differ from its neighbours.
		const fromServices = settings.services ? own(files.configFile, `services.${settings.services}`)?.['ecs.endpoint_url'] : undefined;
		const endpoint = ignoresConfiguredEndpoints(settings) ? undefined : (fromServices ?? settings.endpoint_url);
		return {name, ...(settings.region ? {region: settings.region} : {}), sso: Boolean(settings.sso_session || settings.sso_start_url), ...(endpoint ? {endpoint: redactUrl(endpoint)} : {})};
	});
}

async function profileSections() {
	const paths = sharedFilePaths();
	const files = await loadSharedConfigFiles({configFilepath: paths.config, filepath: paths.credentials, ignoreCache: true}).catch(() => ({configFile: {}, credentialsFile: {}}));
	const names = [...Object.keys(files.configFile), ...Object.keys(files.credentialsFile)].filter(name => !/^(sso-session|services)\./.test(name));
	return {names: [...new Set(names)].sort(), files: files as {configFile: Record<string, Section>; credentialsFile: Record<string, Section>}};
}

/**
 * Whether a profile's credentials resolve now (the `:ctx` pane's CREDENTIALS column): the chain run
 * once, as a client would (an SSO profile with no cached token fails here, without a call to ECS).
 * Throws the one-line AwsConfigError a client's first call would.
 */
export async function checkCredentials(flags: AwsContextFlags): Promise<void> {
	const shared = await loadSharedConfig(flags);
	const provider = credentialsFor(shared) as CredentialsProvider;
	try {
		await provider();
	} catch (error) {
		throw credentialsProblem(error, shared.profile, shared.settings);
	}
}

/**
 * Reads the profile as the AWS CLI does: a `[profile P]` in the config file and/or a `[P]` in the
 * credentials file (the credentials file's values win, as botocore merges them). A named profile
 * in neither file is an error; `default` may be absent.
 */
async function loadSharedConfig(flags: AwsContextFlags): Promise<SharedConfig> {
	const profile = profileName(flags);
	const paths = sharedFilePaths();
	const files = await loadSharedConfigFiles({configFilepath: paths.config, filepath: paths.credentials, ignoreCache: true}).catch(() => ({configFile: {}, credentialsFile: {}}));
	const name = profile ?? 'default';
	const fromConfig = own(files.configFile, name);
	const fromCredentials = own(files.credentialsFile, name);
	if (name !== 'default' && !fromConfig && !fromCredentials) {
		throw new AwsConfigError(
			'NoCredentials',
			`profile "${name}"${profileSource(flags)} not found in ${shownPath(paths.config)} or ${shownPath(paths.credentials)} (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE)`,
		);
	}
	return {profile, settings: {...fromConfig, ...fromCredentials}, sections: files.configFile, configPath: paths.config};
}

function regionFrom(flags: AwsContextFlags, shared: SharedConfig): string {
	const region = flags.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || shared.settings.region;
	if (!region) throw new AwsConfigError('NoRegion', noRegionMessage);
	return region;
}

/** AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, else the profile's ignore_configured_endpoint_urls (the env wins, as in the CLI). */
function ignoresConfiguredEndpoints(settings: Section): boolean {
	const value = process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS || settings.ignore_configured_endpoint_urls || '';
	return value.trim().toLowerCase() === 'true';
}

function endpointFrom(flags: AwsContextFlags, service: EndpointService, shared: SharedConfig): string | undefined {
	if (flags.endpointUrl) return flags.endpointUrl;
	if (ignoresConfiguredEndpoints(shared.settings)) return undefined;
	const fromEnv = process.env[`AWS_ENDPOINT_URL_${service.envSuffix}`] || process.env.AWS_ENDPOINT_URL;
	if (fromEnv) return fromEnv;
	const servicesName = shared.settings.services;
	if (servicesName) {
		const section = own(shared.sections, `services.${servicesName}`);
		// The CLI and the SDK refuse this too: going to AWS instead would send real traffic where a
		// local endpoint was meant.
		if (!section) {
			const which = shared.profile ? `profile "${shared.profile}"` : 'the default profile';
			throw new AwsConfigError('NoCredentials', `${which} names services section "${servicesName}", which is not in ${shownPath(shared.configPath)}`);
		}
		const url = section[`${service.configKey}.endpoint_url`];
		if (url) return url;
	}
	return shared.settings.endpoint_url || undefined;
}

/**
 * The endpoint the AWS CLI would use for `service`: the flag, then AWS_ENDPOINT_URL_<SUFFIX>, then
 * AWS_ENDPOINT_URL, then the profile's services section (`<key> = endpoint_url = …`), then the
 * profile's own endpoint_url; undefined means AWS's public endpoint. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
 * (or the profile's ignore_configured_endpoint_urls) skips all but the flag. The profile is the flag's
 * or AWS_PROFILE's alike: the SDK's own lookup reads only AWS_PROFILE, so clients get this value
 * explicitly and never look for themselves.
 */
export async function resolveEndpointUrl(flags: AwsContextFlags, service: EndpointService): Promise<string | undefined> {
	return endpointFrom(flags, service, await loadSharedConfig(flags));
}

/**
 * Region, profile and ECS endpoint for the header, dialogs and audit: the endpoint really used,
 * whichever source it came from, with any user:password@ in it replaced by ***@. Throws
 * AwsConfigError for a missing profile, region or services section.
 */
export async function resolveAwsContext(flags: AwsContextFlags): Promise<AwsContext> {
	const shared = await loadSharedConfig(flags);
	const context: AwsContext = {region: regionFrom(flags, shared)};
	const endpoint = endpointFrom(flags, endpointServices.ecs, shared);
	if (shared.profile) context.profile = shared.profile;
	if (endpoint) context.endpoint = redactUrl(endpoint);
	return context;
}

/** Rewrites the credential chain's errors into a line that names the profile and the fix. */
function credentialsProblem(error: unknown, profile: string | undefined, settings: Section): unknown {
	const e = error as {name?: string; message?: string};
	const message = e?.message ?? '';
	const credentialError = e?.name === 'CredentialsProviderError' || e?.name === 'TokenProviderError';
	if (!credentialError && !/Could not load credentials|SSO session/i.test(message)) return error;
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

/**
 * What of an endpoint must not be shown: its userinfo whole, and its user and password alone when
 * long enough not to be an ordinary word (a URL's userinfo goes whatever its length); undefined when
 * it has none.
 */
function secretsOf(url: string | undefined): string[] | undefined {
	if (!url) return undefined;
	const userinfo = /\/\/([^/?#]*)@/.exec(url)?.[1] ?? /^([^/?#]*)@/.exec(url)?.[1];
	if (!userinfo) return undefined;
	const decode = (text: string) => {
		try {
			return decodeURIComponent(text);
		} catch {
			return text;
		}
	};
	const whole = [userinfo, decode(userinfo)].filter(piece => piece.includes(':') || piece.length >= 4);
	const pieces = userinfo.split(':').flatMap(piece => [piece, decode(piece)]).filter(piece => piece.length >= 4);
	// Longest first, so the whole userinfo goes before a piece of it.
	return [...new Set([...whole, ...pieces])].sort((a, b) => b.length - a.length);
}

/** Any URL's userinfo in the text, then each secret wherever it stands. */
function scrub(text: string, secrets: string[]): string {
	let out = text.replace(/\/\/[^/?#\s]*@/g, '//***@');
	for (const secret of secrets) out = out.split(secret).join('***');
	return out;
}

/** Takes an endpoint's userinfo out of an error's text (message, stack, Node's `input` of an invalid URL), through its causes. */
function withoutUserinfo(error: unknown, secrets: string[] | undefined, depth = 0): unknown {
	if (!secrets || typeof error !== 'object' || error === null || depth > 3) return error;
	const record = error as Record<string, unknown>;
	for (const key of ['message', 'stack', 'input']) {
		const value = record[key];
		if (typeof value !== 'string') continue;
		const scrubbed = scrub(value, secrets);
		if (scrubbed === value) continue;
		try {
			record[key] = scrubbed;
		} catch {
			// A frozen or getter-only field: define it over.
			Object.defineProperty(error, key, {value: scrubbed, configurable: true, writable: true});
		}
	}
	withoutUserinfo(record.cause, secrets, depth + 1);
	return error;
}

/**
 * The SDK's default chain, except for a profile whose credentials come from its credential_process:
 * that one runs with a time limit, in a process group ecs-top kills when it gives up or ends.
 */
function credentialsFor(shared: SharedConfig): NonNullable<ECSClientConfig['credentials']> {
	const command = credentialProcessOf(shared.settings, shared.profile);
	if (command !== undefined) return fromCredentialProcess(shared.profile ?? 'default', command, shared.settings);
	return defaultProvider({profile: shared.profile, logger: silent});
}

interface Connection<C> {
	client: C;
	profile?: string;
	settings: Section;
	secrets?: string[];
}

function refusedCredentials(error: unknown): boolean {
	const name = (error as {name?: unknown} | undefined)?.name;
	return typeof name === 'string' && /ExpiredToken|TokenRefreshRequired|UnrecognizedClient|InvalidClientTokenId|SignatureDoesNotMatch|InvalidSignature/.test(name);
}

/** What every SDK client of ours is built with, resolved the one way for ECS and CloudWatch Logs alike. */
interface ClientSettings {
	region: string;
	profile?: string;
	credentials: NonNullable<ECSClientConfig['credentials']>;
	endpoint?: string;
	ignoreConfiguredEndpointUrls: true;
	maxAttempts: 1;
	logger: typeof silent;
	requestHandler: {connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: boolean};
}

type ConnectFlags = AwsContextFlags & Pick<CreateEcsApiOptions, 'credentials'>;

/**
 * The shared connect logic of every client: the shared files are read on the first call (so get,
 * events, logs and the TUI all hear about a missing profile or region from it), and again after a
 * failure, so a fixed file is picked up; refused or expired credentials drop the client, so the
 * next call runs the chain again; errors come back as one line without an endpoint's userinfo.
 * `region` overrides the resolved one (CloudWatch Logs in the awslogs-region of a container).
 */
function connector<C extends {send(command: any, options?: any): Promise<any>}>(
	flags: ConnectFlags,
	service: EndpointService,
	build: (settings: ClientSettings) => C | Promise<C>,
	region?: string,
): Send {
	let connection: Promise<Connection<C>> | undefined;
	const connect = async (): Promise<Connection<C>> => {
		const shared = await loadSharedConfig(flags);
		const endpoint = endpointFrom(flags, service, shared);
		const profile = shared.profile;
		const secrets = secretsOf(endpoint);
		let client: C;
		try {
			client = await build({
				region: region ?? regionFrom(flags, shared),
				profile,
				credentials: flags.credentials ?? credentialsFor(shared),
				endpoint,
				// The endpoint above is the whole answer: without this, a client with none would look in
				// the env and in AWS_PROFILE's config (not --profile's) by itself.
				ignoreConfiguredEndpointUrls: true,
				// Retries happen in our clients, against the shared limiter and with injectable timing.
				maxAttempts: 1,
				logger: silent,
				// A request with no answer in 30 s fails (without throwOnRequestTimeout the SDK only warns
				// and keeps waiting, and a hung mutation would never reach "outcome unknown").
				requestHandler: {connectionTimeout: 5000, requestTimeout: 30_000, throwOnRequestTimeout: true},
			});
		} catch (error) {
			throw withoutUserinfo(error, secrets);
		}
		return {client, profile, settings: shared.settings, secrets};
	};
	return async (command, sendOptions) => {
		const pending = (connection ??= connect());
		let current: Connection<C>;
		try {
			current = await pending;
		} catch (error) {
			if (connection === pending) connection = undefined;
			throw error;
		}
		try {
			return await current.client.send(command, sendOptions);
		} catch (error) {
			// Refused or expired credentials: the next call builds a new client, so the chain runs again
			// and picks up credentials renewed underneath (a rewritten credentials file, `aws sso login`,
			// new env of a credential_process). The SDK would keep its memoized static credentials.
			if (refusedCredentials(error) && connection === pending) connection = undefined;
			throw withoutUserinfo(credentialsProblem(error, current.profile, current.settings), current.secrets);
		}
	};
}

export function createEcsApi(options: CreateEcsApiOptions): EcsApi {
	return new EcsClient({
		send: connector(options, endpointServices.ecs, settings => new ECSClient(settings)),
		readOnly: options.readOnly,
		limiter: options.limiter ?? sharedLimiter(),
		retry: options.retry,
		sleep: options.sleep,
		random: options.random,
		concurrency: options.concurrency,
	});
}

export type CreateLogsApiOptions = Omit<CreateEcsApiOptions, 'readOnly' | 'concurrency'>;

/**
 * CloudWatch Logs clients, one per region (a container's awslogs-region may differ from the
 * cluster's), built lazily and kept for the session. They resolve profile, credentials and endpoint
 * as createEcsApi does; the endpoint is --endpoint-url, else AWS_ENDPOINT_URL_CLOUDWATCH_LOGS,
 * AWS_ENDPOINT_URL, the profile's services section (`cloudwatch_logs`), its endpoint_url. Without a
 * region: the resolved one (flag, env, profile).
 */
export function createLogsApis(options: CreateLogsApiOptions): (region?: string) => LogsApi {
	return perRegion(region => createLogsApi(options, region));
}

/** One client per region, made on first use and kept for the session ('' : the resolved region). */
function perRegion<T>(make: (region?: string) => T): (region?: string) => T {
	const clients = new Map<string, T>();
	return region => {
		const key = region ?? '';
		let client = clients.get(key);
		if (!client) {
			client = make(region);
			clients.set(key, client);
		}
		return client;
	};
}

/** One region's CloudWatch Logs (see createLogsApis). */
export function createLogsApi(options: CreateLogsApiOptions, region?: string): LogsApi {
	const send = connector(options, endpointServices.logs, async settings => new (await logsSdk()).CloudWatchLogsClient({
		...settings,
		// StartLiveTail's endpoint has a `streaming-` host prefix; with an endpoint override (the
		// simulator, LocalStack, a VPC endpoint) the prefix would name a host that does not exist.
		disableHostPrefix: true,
	}), region);
	return new LogsClient({
		send,
		region: region ?? '',
		limiter: options.limiter ?? sharedLimiter(),
		retry: options.retry,
		sleep: options.sleep,
		random: options.random,
		now: options.now,
	});
}

export type CreateMetricsApiOptions = CreateLogsApiOptions;

/**
 * CloudWatch (metrics) clients, one per region, built lazily and kept for the session, resolved as
 * createLogsApis does; the endpoint is --endpoint-url, else AWS_ENDPOINT_URL_CLOUDWATCH,
 * AWS_ENDPOINT_URL, the profile's services section (`cloudwatch`), its endpoint_url. Without a
 * region: the resolved one (flag, env, profile).
 */
export function createMetricsApis(options: CreateMetricsApiOptions): (region?: string) => MetricsApi {
	return perRegion(region => createMetricsApi(options, region));
}

/** One region's CloudWatch metrics (see createMetricsApis); the SDK client is built on the first call. */
export function createMetricsApi(options: CreateMetricsApiOptions, region?: string): MetricsApi {
	return new MetricsClient({
		send: connector(options, endpointServices.cloudwatch, async settings => new (await cloudwatchSdk()).CloudWatchClient(settings), region),
		region: region ?? '',
		limiter: options.limiter ?? sharedLimiter(),
		retry: options.retry,
		sleep: options.sleep,
		random: options.random,
		now: options.now,
	});
}

export type CreateStsApiOptions = Pick<CreateEcsApiOptions, 'profile' | 'region' | 'endpointUrl' | 'credentials'>;

export interface StsApi {
	/** The account (and ARN) the context's credentials belong to. */
	callerIdentity(): Promise<{account: string; arn?: string}>;
}

/**
 * STS, for GetCallerIdentity only, resolved as the other clients (endpoint --endpoint-url, else
 * AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the profile's services section (`sts`), its endpoint_url).
 * Not rate limited by our limiter: one call per context, and STS is not one of ECS's categories.
 */
export function createStsApi(options: CreateStsApiOptions): StsApi {
	const send = connector(options, endpointServices.sts, async settings => new (await stsSdk()).STSClient(settings));
	return {
		async callerIdentity() {
			const {GetCallerIdentityCommand} = await stsSdk();
			// aws sts get-caller-identity
			const answer = (await send(new GetCallerIdentityCommand({}))) as CallerIdentity;
			if (!answer.Account) throw new Error('STS GetCallerIdentity answered without an account');
			return {account: answer.Account, ...(answer.Arn ? {arn: answer.Arn} : {})};
		},
	};
}

/** What session-manager-plugin is started with, besides the session itself (exec/plugin.ts). */
export interface SessionContext {
	region: string;
	/** The profile ecs-top resolved its credentials from (undefined: the default chain's). */
	profile?: string;
	/**
	 * The endpoint the AWS CLI hands the plugin (botocore's client.meta.endpoint_url): the configured
	 * one as given (flag, env, profile), else AWS's own for the region, as `https://host`. It may hold
	 * userinfo: it is for the plugin's argv only, never for the screen or the audit.
	 */
	endpointUrl: string;
	/** Resolved now, from the same chain the API clients use (SSO, credential_process…). */
	credentials: StaticCredentials;
}

/** ECS and SSM clients for exec and port forwarding, sharing one credential chain with the plugin's context. */
export interface SessionApis {
	ecs: EcsApi;
	ssm: SsmApi;
	/** Region, endpoint and resolved credentials for session-manager-plugin: ECS's endpoint for exec, SSM's for port forwarding. */
	context(service: 'ecs' | 'ssm'): Promise<SessionContext>;
}

const refreshBeforeMs = 5 * 60_000;

/** A provider that resolves once and again only near the expiration (or after a failure). */
function memoCredentials(load: CredentialsProvider, now: () => number = Date.now): CredentialsProvider {
	let value: StaticCredentials | undefined;
	let pending: Promise<StaticCredentials> | undefined;
	return async () => {
		if (value && (!value.expiration || value.expiration.getTime() - now() > refreshBeforeMs)) return value;
		pending ??= load().then(
			v => {
				value = v;
				pending = undefined;
				return v;
			},
			error => {
				pending = undefined;
				throw error;
			},
		);
		return pending;
	};
}

/** AWS's endpoint for the service in this region, as the SDK resolves it (partition, FIPS and dual-stack settings included). */
async function defaultEndpointUrl(service: 'ecs' | 'ssm', region: string): Promise<string> {
	const client = service === 'ecs' ? new ECSClient({region, logger: silent}) : new (await ssmSdk()).SSMClient({region, logger: silent});
	try {
		const {config} = client;
		const endpoint = config.endpointProvider({Region: region, UseFIPS: await config.useFipsEndpoint(), UseDualStack: await config.useDualstackEndpoint()});
		// botocore's endpoint_url has no trailing slash.
		return endpoint.url.pathname === '/' ? endpoint.url.origin : endpoint.url.href;
	} finally {
		client.destroy();
	}
}

export type CreateSsmApiOptions = Omit<CreateEcsApiOptions, 'concurrency'>;

/** Systems Manager (StartSession, TerminateSession): endpoint --endpoint-url, else AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL, the profile's services section (`ssm`), its endpoint_url. */
export function createSsmApi(options: CreateSsmApiOptions): SsmApi {
	return new SsmClient({
		send: connector(options, endpointServices.ssm, async settings => new (await ssmSdk()).SSMClient(settings)),
		readOnly: options.readOnly,
		limiter: options.limiter ?? sharedLimiter(),
		retry: options.retry,
		sleep: options.sleep,
		random: options.random,
	});
}

/**
 * ECS and SSM clients and the plugin's context, with one credential chain between them: a profile's
 * credential_process or SSO login is asked once, and the plugin gets exactly what the calls were
 * signed with (its own SDK cannot read every profile: session-manager-plugin#4).
 */
export function createSessionApis(options: CreateEcsApiOptions): SessionApis {
	const chain = async (): Promise<StaticCredentials> => {
		const provider = credentialsFor(await loadSharedConfig(options));
		return typeof provider === 'function' ? provider() : provider;
	};
	const credentials = options.credentials ?? memoCredentials(chain, options.now);
	const shared = {...options, credentials};
	return {
		ecs: createEcsApi(shared),
		ssm: createSsmApi(shared),
		async context(service) {
			const config = await loadSharedConfig(options);
			const region = regionFrom(options, config);
			const configured = endpointFrom(options, service === 'ecs' ? endpointServices.ecs : endpointServices.ssm, config);
			let resolved: StaticCredentials;
			try {
				resolved = typeof credentials === 'function' ? await credentials() : credentials;
			} catch (error) {
				throw withoutUserinfo(credentialsProblem(error, config.profile, config.settings), secretsOf(configured));
			}
			const {accessKeyId, secretAccessKey, sessionToken, expiration} = resolved;
			return {
				region,
				...(config.profile ? {profile: config.profile} : {}),
				endpointUrl: configured ?? (await defaultEndpointUrl(service, region)),
				credentials: {accessKeyId, secretAccessKey, ...(sessionToken ? {sessionToken} : {}), ...(expiration ? {expiration} : {})},
			};
		},
	};
}
