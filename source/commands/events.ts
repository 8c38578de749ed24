// `ecs-top events`: service events as lines, one-shot or followed (--follow). The poll loop lives in
// store/events/follow.ts; this file validates flags, builds the client and owns the process side:
// signals (Ctrl-C → 0, SIGTERM → 143, SIGHUP → 129), a closed output pipe (`| head` → 0, quietly)
// and colour only on a terminal without NO_COLOR.
import process from 'node:process';
import {createEcsApi} from '../aws/client.js';
import {sharedLimiter} from '../aws/limiter.js';
import {UsageError, UserError, type ParsedArgs} from '../cli-args.js';
import {EventsError, followEvents, type FollowOptions} from '../store/events/follow.js';
import {parseSince} from '../store/events/format.js';
import {compilePattern, type Pattern} from '../pattern.js';
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
	// The process-wide limiter paces the follow loop (see store/events/follow.ts): no second bucket here.
	const api = createEcsApi({...parsed.aws, readOnly: true, limiter: sharedLimiter()});
	const session = new StreamSession();
	const {controller} = session;
	const {stdout, stderr} = process;

	const out: FollowOptions['out'] = text => {
		if (session.closed) return;
		if (stdout.write(text)) return;
		return new Promise<void>(resolve => {
			const done = () => {
				stdout.off('drain', done);
				controller.signal.removeEventListener('abort', done);
				resolve();
			};
			stdout.once('drain', done);
			controller.signal.addEventListener('abort', done, {once: true});
		});
	};

	try {
		await followEvents({
			api,
			cluster: parsed.cluster ?? 'default',
			services: parsed.services,
			follow: parsed.follow,
			since: flags.since,
			grep: flags.grep,
			json: parsed.json,
			color: !parsed.json && wantsColor(stdout, process.env),
			out,
			err: line => {
				stderr.write(`${line}\n`);
			},
			signal: controller.signal,
			intervalMs: pollInterval(process.env),
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
