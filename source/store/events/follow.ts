// The poll loop behind `ecs-top events`: describes the followed services in batches of 10, feeds
// their event windows to an EventFeed and writes what it releases. With `follow` it keeps polling
// at a jittered interval, waits out network loss, throttling and (once streaming) lapsed
// credentials, saying so on stderr, and picks up new services. It has no pacer of its own: after
// the first cycle its calls are 'poll' reads, which the API's rate limiter (the process-wide one in
// the CLI) paces within polling's share of ECS's service-read bucket, a quarter of its 20/s refill,
// so following a 2,000-service cluster is a steady trickle, not bursts that would eat the budget
// the console and CI share. Everything it touches is injected (API, output, clock, sleep) so tests
// drive it step by step against the simulator.
import type {CallOptions, EcsApi} from '../../aws/ecs-api.js';
import {shortId, type Service} from '../../domain.js';
import {clean} from '../../text.js';
import {classifyFailure, isClusterNotFound, oneLineError} from './errors.js';
import {EventFeed, type FeedEvent} from './feed.js';
import {formatEventJson, formatEventLine} from './format.js';
import type {Pattern} from '../../pattern.js';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** setTimeout as a promise that ends early (resolving) when the signal aborts. */
export const defaultSleep: Sleep = (ms, signal) =>
	new Promise(resolve => {
		if (signal?.aborted) return resolve();
		const done = () => {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, Math.max(0, ms));
		signal?.addEventListener('abort', done, {once: true});
	});

/** A failure that ends the command with a one-line message (exit 1). */
export class EventsError extends Error {
	override name = 'EventsError';
}

export interface FollowOptions {
	api: EcsApi;
	cluster: string;
	/** Names or ARNs; empty means every service of the cluster. */
	services?: readonly string[];
	follow?: boolean;
	/** Epoch ms: at start, events at or after this instead of the last 10 per service. */
	since?: number;
	grep?: Pattern;
	json?: boolean;
	color?: boolean;
	/** Writes a chunk of output lines; a returned promise applies backpressure. */
	out: (text: string) => void | Promise<void>;
	/**
	 * Takes the released events instead of `out` (which then gets nothing): `events` across several
	 * contexts formats each with its context, and merges the contexts' one-shot reads by time.
	 */
	emit?: (events: FeedEvent[]) => void | Promise<void>;
	/** Writes one diagnostic line (no newline). */
	err: (line: string) => void;
	signal?: AbortSignal;
	sleep?: Sleep;
	now?: () => number;
	random?: () => number;
	/** Pause between poll cycles (default 5 s, jittered ±20 %). */
	intervalMs?: number;
	/** Longest wait between retries while ECS is unreachable or throttling (default 30 s). */
	maxBackoffMs?: number;
	describeError?: (error: unknown) => string;
}

const batchSize = 10;

export async function followEvents(o: FollowOptions): Promise<void> {
	const sleep = o.sleep ?? defaultSleep;
	const now = o.now ?? Date.now;
	const random = o.random ?? Math.random;
	const interval = o.intervalMs ?? 5000;
	const describeError = o.describeError ?? oneLineError;
	const cluster = shortId(o.cluster);
	const feed = new EventFeed({cluster: clean(cluster), since: o.since, grep: o.grep});
	const aborted = () => o.signal?.aborted === true;
	const explicit = (o.services?.length ?? 0) > 0;
	let followed: string[] = explicit ? [...new Set(o.services)] : [];
	let first = true;
	let outage: string | undefined;

	const write = async (events: FeedEvent[]) => {
		if (events.length === 0) return;
		if (o.emit) return o.emit(events);
		const lines = events.map(e => (o.json ? formatEventJson(e) : formatEventLine(e, {color: o.color})));
		await o.out(`${lines.join('\n')}\n`);
	};

	/** One API call (a read the user waits for at first, then a poll), retried with backoff until it works or the failure is fatal. */
	const call = async <T>(run: (options: CallOptions) => Promise<T>): Promise<T | undefined> => {
		let backoff = 1000;
		for (;;) {
			if (aborted()) return undefined;
			try {
				const result = await run({priority: first ? 'interactive' : 'poll', signal: o.signal});
				if (outage) o.err('ecs-top: ECS answers again; resuming');
				outage = undefined;
				return result;
			} catch (error) {
				if (aborted()) return undefined;
				const kind = classifyFailure(error);
				if (isClusterNotFound(error)) throw new EventsError(`cluster "${cluster}" not found`);
				// Credentials refused at the start are a mistake to report; once the stream runs they have
				// more likely lapsed, and are waited out like an outage (the client re-reads them).
				if (kind === 'fatal' || !o.follow || (kind === 'credentials' && first)) throw new EventsError(describeError(error));
				// One line per kind of trouble, not one per retry.
				if (outage !== kind) {
					o.err(kind === 'throttled' ? 'ecs-top: throttled by ECS (Rate exceeded); backing off and retrying' : `ecs-top: ${describeError(error)}; retrying with backoff`);
				}
				outage = kind;
				await sleep(backoff * (0.5 + random() / 2), o.signal);
				backoff = Math.min(backoff * 2, o.maxBackoffMs ?? 30_000);
			}
		}
	};

	let leader = true;
	let fast = false;
	const describe = async (targets: readonly string[]) => {
		for (let i = 0; i < targets.length && !aborted(); i += batchSize) {
			const batch = targets.slice(i, i + batchSize);
			// aws ecs describe-services --cluster C --services S1 … S10
			const result = await call(options => o.api.describeServices(o.cluster, batch, options));
			if (!result) return;
			for (const service of result.items) fast = ingest(service, leader) || fast;
			leader = false;
			for (const failure of result.failures) dropMissing(failure.arn ?? '', failure.reason ?? 'MISSING');
		}
	};

	const ingest = (service: Service, isLeader: boolean): boolean => {
		const name = clean(service.serviceName);
		const result = feed.ingest(service.serviceArn, name, service.events, {leader: isLeader});
		if (result.missed) o.err(`ecs-top: events may have been missed for service ${name} (more than 100 since the last poll)`);
		if (result.late > 0) o.err(`ecs-top: skipped ${result.late} event(s) of service ${name} that ECS showed only after newer ones were printed`);
		if (!explicit && service.status === 'INACTIVE') {
			followed = followed.filter(s => s !== service.serviceArn);
			feed.forget(service.serviceArn);
		}
		return result.missed;
	};

	const dropMissing = (arn: string, reason: string) => {
		const name = clean(shortId(arn));
		if (first && explicit) throw new EventsError(`service "${name}" not found in cluster "${cluster}" (${clean(reason)})`);
		followed = followed.filter(s => s !== arn && shortId(s) !== shortId(arn));
		feed.forget(arn);
		o.err(`ecs-top: service ${name} is gone (${clean(reason)}); no longer following it`);
		if (explicit && followed.length === 0) throw new EventsError('none of the services given with --service exists any more');
	};

	// aws ecs list-services --cluster C (every page: one call per 100 services)
	const list = () => call(options => o.api.listServiceArns(o.cluster, options));

	while (!aborted()) {
		feed.beginCycle();
		const cycleStart = now();
		leader = true;
		fast = false;
		if (first && !explicit) followed = (await list()) ?? [];
		const before = [...followed];
		await describe(before);
		if (!first && !explicit && !aborted()) {
			// Re-list after describing: anything created after this point has events newer than the
			// cycle's watermark, so the merged stream stays in order (see feed.ts).
			const listed = await list();
			const known = new Set(followed);
			const added = (listed ?? []).filter(arn => !known.has(arn));
			followed.push(...added);
			await describe(added);
		}
		if (aborted()) break;
		await write(feed.endCycle(now() - cycleStart));
		if (!o.follow) break;
		first = false;
		const pause = (fast ? interval / 2 : interval) * (0.8 + 0.4 * random());
		await sleep(pause, o.signal);
	}
	await write(feed.drain());
}
