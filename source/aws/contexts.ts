// Several contexts at once: `--profile a,b --region r1,r2` is every profile × region. Each context
// is resolved on its own (its region from the flag, else the env or its profile), its account asked
// of STS GetCallerIdentity, and it reads through the rate limiter of its account and Region (ECS's
// own throttling unit: two profiles of one account in one Region share one set of buckets). A
// context that fails to resolve fails alone; the caller says so in one line and goes on.
import {type AwsContextFlags, type CreateStsApiOptions, createStsApi, resolveAwsContext} from './client.js';
import {accountRegionKey, limiterFor, type RateLimiter} from './limiter.js';

export interface ContextSpec {
	/** Undefined: the default profile chain (AWS_PROFILE, else default). */
	profile?: string;
	/** Undefined: the env's or the profile's region. */
	region?: string;
}

/** What a context's --json objects carry. */
export interface ContextField {
	profile: string | null;
	region: string;
	account: string;
}

export interface ResolvedContext extends ContextField {
	/** `profile/region`, or `region` without a profile: the CONTEXT column and the failure line's name. */
	label: string;
	/** The flags its clients are built with (one profile, one region). */
	flags: AwsContextFlags;
	limiter: RateLimiter;
}

/** Every profile × region, profiles outermost, in the order given (an empty list is "not given"). */
export function contextSpecs(profiles: readonly string[], regions: readonly string[]): ContextSpec[] {
	const ps: Array<string | undefined> = profiles.length > 0 ? [...profiles] : [undefined];
	const rs: Array<string | undefined> = regions.length > 0 ? [...regions] : [undefined];
	return ps.flatMap(profile => rs.map(region => ({...(profile === undefined ? {} : {profile}), ...(region === undefined ? {} : {region})})));
}

export const contextLabel = (profile: string | null | undefined, region: string | undefined): string =>
	profile ? (region ? `${profile}/${region}` : profile) : region ?? 'default';

/** The context's field for JSON (no label, no clients). */
export const contextField = (context: ContextField): ContextField => ({profile: context.profile, region: context.region, account: context.account});

/**
 * Region (flag, env, profile) and account (STS GetCallerIdentity) of one context, and the limiter
 * of its account and Region. Throws what the clients throw (no credentials, expired SSO, access
 * denied, no region): the caller names the context.
 */
export async function resolveContext(base: AwsContextFlags & Pick<CreateStsApiOptions, 'credentials'>, spec: ContextSpec): Promise<ResolvedContext> {
	const flags = {...base, profile: spec.profile, region: spec.region};
	const {region} = await resolveAwsContext(flags);
	const resolved = {...flags, region};
	const {account} = await createStsApi(resolved).callerIdentity();
	const profile = spec.profile ?? null;
	return {profile, region, account, label: contextLabel(profile, region), flags: resolved, limiter: limiterFor(accountRegionKey(account, region))};
}
