// ECS request throttling (and CloudWatch Logs', CloudWatch's and SSM's, below) as documented in
// "Request throttling for the Amazon ECS API": one token bucket per category (per account and
// Region in AWS; per simulator here), shared by every action of that category, refilled
// continuously on the simulator's clock. A request that finds no whole token is refused; the
// server answers HTTP 400 ThrottlingException "Rate exceeded".
//
// Tokens are kept in thousandths so that a stepped clock with whole milliseconds gives exact
// integer arithmetic (5 tokens/s for 100 ms is 500 milli-tokens, never 0.49999…).
//
// This is the server's bucket, not the client's: the simulator shares nothing with the client but
// source/domain.ts, so it does not reuse aws/limiter.ts (the one client-side token bucket) and must
// not; a fault in one could otherwise hide the same fault in the other.

export interface BucketSpec {
	/** Bucket size: how many calls fit in a burst from full. */
	burst: number;
	/** Sustained refill, tokens per second. */
	ratePerSecond: number;
}

/** The categories and limits of ECS's documentation ("Request throttling for the Amazon ECS API"). */
export const throttleCategories: Readonly<Record<string, BucketSpec>> = {
	'cluster read': {burst: 50, ratePerSecond: 20},
	'cluster resource read': {burst: 100, ratePerSecond: 20},
	'cluster resource modify': {burst: 100, ratePerSecond: 40},
	'service read': {burst: 100, ratePerSecond: 20},
	'service modify': {burst: 50, ratePerSecond: 5},
	'task definition read': {burst: 50, ratePerSecond: 20},
	'task definition modify': {burst: 20, ratePerSecond: 1},
	'service deployment read': {burst: 50, ratePerSecond: 20},
	'service revision read': {burst: 50, ratePerSecond: 20},
	'cluster modify': {burst: 20, ratePerSecond: 1},
	'capacity provider read': {burst: 50, ratePerSecond: 20},
	'tag read': {burst: 50, ratePerSecond: 20},
	// CloudWatch Logs: per-account, per-Region TPS quotas, one bucket per operation, a second's worth
	// of burst. These are AWS's documented default quotas as we understand them ("CloudWatch Logs
	// quotas"); verify against the Service Quotas console, they change and can be raised.
	'logs GetLogEvents': {burst: 25, ratePerSecond: 25},
	'logs FilterLogEvents': {burst: 5, ratePerSecond: 5},
	'logs DescribeLogGroups': {burst: 5, ratePerSecond: 5},
	'logs DescribeLogStreams': {burst: 5, ratePerSecond: 5},
	'logs PutLogEvents': {burst: 5000, ratePerSecond: 5000},
	'logs StartLiveTail': {burst: 10, ratePerSecond: 10},
	'logs CreateLogGroup': {burst: 5, ratePerSecond: 5},
	'logs CreateLogStream': {burst: 50, ratePerSecond: 50},
	// CloudWatch (metrics), per account and Region, a second's worth of burst. GetMetricData: 50 TPS
	// ("CloudWatch service quotas", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html,
	// seen in its Japanese edition); PutMetricData: 500 TPS as we understand the current page (not
	// confirmed here). Both can be raised. CloudWatch's throttling error is the query code
	// `Throttling` (the SDK's error name), which server.ts sends for every CloudWatch refusal.
	'cloudwatch GetMetricData': {burst: 50, ratePerSecond: 50},
	'cloudwatch PutMetricData': {burst: 500, ratePerSecond: 500},
	// SSM StartSession, per account and Region: 3 TPS with a second's worth of burst. UNVERIFIED: no
	// AWS page stating StartSession's rate was found (the Systems Manager quotas page was not
	// available here); it is a deliberately low guess so that clients must pace session starts.
	// TerminateSession and DescribeSessions are not throttled here. ECS ExecuteCommand is in
	// "cluster resource modify" (ECS's throttling table).
	'ssm StartSession': {burst: 3, ratePerSecond: 3},
};

const operationCategory: Readonly<Record<string, string>> = {
	DescribeClusters: 'cluster read',
	ListClusters: 'cluster read',
	DescribeTasks: 'cluster resource read',
	ListTasks: 'cluster resource read',
	DescribeContainerInstances: 'cluster resource read',
	ListContainerInstances: 'cluster resource read',
	ListAttributes: 'cluster resource read',
	StopTask: 'cluster resource modify',
	RunTask: 'cluster resource modify',
	StartTask: 'cluster resource modify',
	ExecuteCommand: 'cluster resource modify',
	UpdateContainerInstancesState: 'cluster resource modify',
	UpdateContainerAgent: 'cluster resource modify',
	RegisterContainerInstance: 'cluster resource modify',
	DeregisterContainerInstance: 'cluster resource modify',
	PutAttributes: 'cluster resource modify',
	DeleteAttributes: 'cluster resource modify',
	DescribeServices: 'service read',
	ListServices: 'service read',
	UpdateService: 'service modify',
	CreateService: 'service modify',
	DeleteService: 'service modify',
	DescribeTaskDefinition: 'task definition read',
	ListTaskDefinitions: 'task definition read',
	ListTaskDefinitionFamilies: 'task definition read',
	RegisterTaskDefinition: 'task definition modify',
	DeregisterTaskDefinition: 'task definition modify',
	ListServiceDeployments: 'service deployment read',
	DescribeServiceDeployments: 'service deployment read',
	StopServiceDeployment: 'service modify',
	DescribeServiceRevisions: 'service revision read',
	CreateCluster: 'cluster modify',
	DeleteCluster: 'cluster modify',
	UpdateCluster: 'cluster modify',
	PutClusterCapacityProviders: 'cluster modify',
	DescribeCapacityProviders: 'capacity provider read',
	ListTagsForResource: 'tag read',
	GetLogEvents: 'logs GetLogEvents',
	FilterLogEvents: 'logs FilterLogEvents',
	DescribeLogGroups: 'logs DescribeLogGroups',
	DescribeLogStreams: 'logs DescribeLogStreams',
	PutLogEvents: 'logs PutLogEvents',
	StartLiveTail: 'logs StartLiveTail',
	CreateLogGroup: 'logs CreateLogGroup',
	CreateLogStream: 'logs CreateLogStream',
	GetMetricData: 'cloudwatch GetMetricData',
	PutMetricData: 'cloudwatch PutMetricData',
	StartSession: 'ssm StartSession',
};

export interface ThrottleOptions {
	/** Milliseconds on the simulator's clock (stepped in tests, scaled real time otherwise). */
	now: () => number;
	enabled: boolean;
	random?: () => number;
}

export interface Throttle {
	/** Takes one token of the operation's category; false → answer 400 ThrottlingException "Rate exceeded". */
	take(operation: string): boolean;
	/**
	 * `extraThrottleRate` (0..1) refuses that share of the calls that got a token, on top of the buckets.
	 * Faults (faults.ts) also applies `POST /_sim/faults {"throttleRate"}`: wire the rate into one of the two, not both.
	 */
	configure(opts: {enabled?: boolean; extraThrottleRate?: number}): void;
	/** The category name (keys of `throttleCategories`), or undefined for operations ECS does not throttle here. */
	categoryOf(operation: string): string | undefined;
	/** Whole tokens left in a category's bucket right now (after refill), for tests and debugging. */
	tokens(category: string): number;
	/** Refills every bucket to its burst size (e.g. on `POST /_sim/stats/reset`). */
	reset(): void;
}

interface Bucket {
	spec: BucketSpec;
	milliTokens: number;
	last: number;
}

export function createThrottle(options: ThrottleOptions): Throttle {
	const {now} = options;
	const random = options.random ?? Math.random;
	let enabled = options.enabled;
	let extraRate = 0;
	const buckets = new Map<string, Bucket>();

	const fill = (): void => {
		const t = now();
		for (const [name, spec] of Object.entries(throttleCategories)) {
			buckets.set(name, {spec, milliTokens: spec.burst * 1000, last: t});
		}
	};

	fill();

	const refill = (bucket: Bucket): void => {
		const t = now();
		// A clock never runs backwards here, but a reset of it must not drain the bucket.
		if (t > bucket.last) {
			const max = bucket.spec.burst * 1000;
			bucket.milliTokens = Math.min(max, bucket.milliTokens + ((t - bucket.last) * bucket.spec.ratePerSecond));
		}

		bucket.last = t;
	};

	const categoryOf = (operation: string): string | undefined =>
		Object.hasOwn(operationCategory, operation) ? operationCategory[operation] : undefined;

	return {
		take(operation) {
			if (!enabled) return true;
			// The extra rate models throttling caused by other callers on the same account; such a
			// refusal costs no token of ours.
			if (extraRate > 0 && random() < extraRate) return false;
			const category = categoryOf(operation);
			const bucket = category === undefined ? undefined : buckets.get(category);
			if (!bucket) return true;
			refill(bucket);
			if (bucket.milliTokens < 1000) return false;
			bucket.milliTokens -= 1000;
			return true;
		},
		configure(opts) {
			if (opts.enabled !== undefined) enabled = opts.enabled;
			if (opts.extraThrottleRate !== undefined) {
				const rate = opts.extraThrottleRate;
				if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw new RangeError('extraThrottleRate must be between 0 and 1');
				extraRate = rate;
			}
		},
		categoryOf,
		tokens(category) {
			const bucket = buckets.get(category);
			if (!bucket) return Number.POSITIVE_INFINITY;
			refill(bucket);
			return Math.floor(bucket.milliTokens / 1000);
		},
		reset: fill,
	};
}
