// `ecs-top events`: service events as lines, one-shot or followed (--follow), in one context or
// several (--profile a,b × --region r1,r2: each through its own limiter, lines labelled with their
// context). The poll loop lives in store/events/follow.ts; this file validates flags, builds the
// clients and owns the process side:
// signals (Ctrl-C → 0, SIGTERM → 143, SIGHUP → 129), a closed output pipe (`| head` → 0, quietly)
// and colour only on a terminal without NO_COLOR.
import process from 'node:process';
import {createEcsApi} from '../aws/client.js';
import {contextField, type ContextSpec, contextSpecs, type ResolvedContext} from '../aws/contexts.js';
import {sharedLimiter} from '../aws/limiter.js';
import {UsageError, UserError, type ParsedArgs} from '../cli-args.js';
import type {FeedEvent} from '../store/events/feed.js';
import {EventsError, followEvents, type FollowOptions} from '../store/events/follow.js';
import {formatEventJson, formatEventLine, parseSince} from '../store/events/format.js';
import {compilePattern, type Pattern} from '../pattern.js';
import {clean} from '../text.js';
import {contextAws, inContexts, labelled} from './in-contexts.js';
import {StreamSession} from './stream-session.js';

export interface EventsFlags {
	since?: number;
	grep?: Pattern;
}

/** Checks --since and --grep before anything is sent (a bad value is a usage error, exit 2). */
export function eventsFlags(parsed: Pick<ParsedArgs, 'since' | 'grep'>, now: number): EventsFlags {
	const flags: EventsFlags = {};
	if (parsed.since !== undefined) {
		const since = parseSince(parsed.since, now);
		if (since === undefined) throw new UsageError(`--since: "${parsed.since}" is not a duration like 30s, 10m, 2h, 1d or an ISO time`);
		flags.since = since;
	}
	if (parsed.grep !== undefined) {
		try {
			flags.grep = compilePattern(parsed.grep);
		} catch (error) {
			throw new UsageError(`--grep: not a valid RE2 regular expression: ${(error as Error).message}`);
		}
	}
	return flags;
}

export function wantsColor(stream: {isTTY?: boolean}, env: NodeJS.ProcessEnv): boolean {
	return stream.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

/** The poll interval: 5 s, or ECS_TOP_EVENTS_POLL_MS (undocumented: lets tests follow quickly). */
export function pollInterval(env: NodeJS.ProcessEnv): number | undefined {
	const ms = Number(env.ECS_TOP_EVENTS_POLL_MS);
	return Number.isFinite(ms) && ms >= 50 ? ms : undefined;
}

export async function runEvents(parsed: ParsedArgs): Promise<number> {
	const flags = eventsFlags(parsed, Date.now());
	const specs = contextSpecs(parsed.aws.profiles, parsed.aws.regions);
	const session = new StreamSession();
	const out = sessionOut(session);
	try {
		if (specs.length > 1) return await eventsInContexts(parsed, flags, specs, session, out);
		// The process-wide limiter paces the follow loop (see store/events/follow.ts): no second bucket here.
		const api = createEcsApi({...parsed.aws, readOnly: true, limiter: sharedLimiter()});
		await followEvents({
			...followOptions(parsed, flags, session),
			api,
			color: !parsed.json && wantsColor(process.stdout, process.env),
			out,
			err: line => {
				process.stderr.write(`${line}\n`);
			},
		});
	} catch (error) {
		if (session.closed) return session.exitCode;
		if (error instanceof EventsError) throw new UserError(error.message);
		throw error;
	} finally {
		session.dispose();
	}
	return session.exitCode;
}

/** Writes to stdout until its reader goes away; a full pipe holds the writer back until it drains (or the session ends). */
function sessionOut(session: StreamSession): FollowOptions['out'] {
	const {stdout} = process;
	return text => {
		if (session.closed) return;
		if (stdout.write(text)) return;
		return new Promise<void>(resolve => {
			const done = () => {
				stdout.off('drain', done);
				session.signal.removeEventListener('abort', done);
				resolve();
			};
			stdout.once('drain', done);
			session.signal.addEventListener('abort', done, {once: true});
		});
	};
}

/** What every context's loop shares: the flags, the session's signal and the poll interval. */
function followOptions(parsed: ParsedArgs, flags: EventsFlags, session: StreamSession) {
	return {
		cluster: parsed.cluster ?? 'default',
		services: parsed.services,
		follow: parsed.follow,
		since: flags.since,
		grep: flags.grep,
		json: parsed.json,
		signal: session.signal,
		intervalMs: pollInterval(process.env),
	};
}

/**
 * `--profile a,b` × `--region r1,r2`: every context read at once through its own limiter, with
 * --cluster and --service in each. One-shot, the contexts' events are merged by time (ties: context
 * order, then the feed's); followed, each context's lines are printed as its loop releases them.
 * Text lines start with the context's label, --json objects carry `context`. A context whose
 * cluster or service is missing (or that cannot be read) is one stderr line; exit 1 only if all fail.
 */
async function eventsInContexts(parsed: ParsedArgs, flags: EventsFlags, specs: readonly ContextSpec[], session: StreamSession, out: FollowOptions['out']): Promise<number> {
	const color = !parsed.json && wantsColor(process.stdout, process.env);
	const format = (event: FeedEvent, context: ResolvedContext) =>
		parsed.json ? formatEventJson(event, contextField(context)) : `${clean(context.label)} ${formatEventLine(event, {color})}`;
	const held: Array<{event: FeedEvent; context: ResolvedContext; index: number}> = [];
	const done = await inContexts(parsed.aws, specs, async (context, index) => {
		const api = createEcsApi({...contextAws(context), readOnly: true, limiter: context.limiter});
		try {
			await followEvents({
				...followOptions(parsed, flags, session),
				api,
				out,
				emit(events) {
					if (!parsed.follow) {
						held.push(...events.map(event => ({event, context, index})));
						return;
					}
					return out(`${events.map(e => format(e, context)).join('\n')}\n`);
				},
				err: line => {
					process.stderr.write(`${labelled(context.label, line)}\n`);
				},
			});
		} catch (error) {
			if (error instanceof EventsError) throw new UserError(error.message);
			throw error;
		}
	});
	if (session.closed) return session.exitCode;
	if (held.length > 0) {
		held.sort((a, b) => a.event.time - b.event.time || a.index - b.index || a.event.seq - b.event.seq);
		await out(`${held.map(h => format(h.event, h.context)).join('\n')}\n`);
	}
	// Every context failed: each has said why.
	return done.length === 0 ? 1 : session.exitCode;
}
