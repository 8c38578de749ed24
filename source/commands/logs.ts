// `ecs-top logs`: a service's or a task's CloudWatch logs as lines, one-shot or followed (--follow,
// --live), in one context or several (--profile a,b × --region r1,r2). One context's read lives in
// logs-read.ts; this file checks the flags, prints what the reads release and owns the process side
// as `ecs-top events` does: signals (Ctrl-C → 0, SIGTERM → 143, SIGHUP → 129), a closed output pipe
// (`| head` → 0, quietly), one stderr line per outage or throttle and one on recovery.
import process from 'node:process';
import {contextField, type ContextSpec, contextSpecs, type ResolvedContext} from '../aws/contexts.js';
import {sharedLimiter} from '../aws/limiter.js';
import type {ParsedArgs} from '../cli-args.js';
import type {LogEvent} from '../domain.js';
import {defaultTail} from '../store/logs/feed.js';
import {formatLogJson, formatLogLine, type LineContext} from '../store/logs/format.js';
import type {LogsSince} from '../store/logs/types.js';
import {clean} from '../text.js';
import {eventsFlags, type EventsFlags} from './events.js';
import {contextAws, contextLine, inContexts, warnLine} from './in-contexts.js';
import {openLogs} from './logs-read.js';
import {StreamSession} from './stream-session.js';

export async function runLogs(parsed: ParsedArgs): Promise<number> {
	const started = Date.now();
	// `--since task-start`: from when the task (a service's: its earliest) started, as the pane's `5`.
	const fromStart = parsed.since === 'task-start';
	const flags = eventsFlags({...parsed, since: fromStart ? undefined : parsed.since}, started);
	const since: LogsSince = fromStart ? {kind: 'task-start'} : flags.since === undefined ? {kind: 'tail', lines: defaultTail} : {kind: 'ago', ms: Math.max(0, started - flags.since)};
	const specs = contextSpecs(parsed.aws.profiles, parsed.aws.regions);
	const session = new StreamSession();
	try {
		if (specs.length > 1) return await logsInContexts(parsed, flags, since, specs, session);
		const read = await openLogs({
			parsed,
			since,
			grep: flags.grep,
			aws: parsed.aws,
			limiter: sharedLimiter(),
			signal: session.signal,
			err: warnLine,
			onLines(lines, context) {
				if (session.closed) return;
				process.stdout.write(`${lines.map(l => (parsed.json ? formatLogJson(l, context) : formatLogLine(l))).join('\n')}\n`);
			},
		});
		if (read) await untilAborted(parsed, session);
		read?.close();
	} catch (error) {
		if (session.closed) return session.exitCode;
		throw error;
	} finally {
		session.dispose();
	}
	return session.exitCode;
}

/** A follow runs until Ctrl-C, a signal or a closed pipe; a one-shot read is done already. */
async function untilAborted(parsed: ParsedArgs, session: StreamSession): Promise<void> {
	if (!(parsed.follow || parsed.live)) return;
	await new Promise<void>(resolve => {
		if (session.signal.aborted) resolve();
		session.signal.addEventListener('abort', () => resolve(), {once: true});
	});
}

/**
 * Every context read at once through its own limiter, --cluster and --service/--task in each (each
 * with --live its own Live Tail session, billed as such). One-shot, the contexts' lines are merged
 * by time (ties: context order, then each context's own order); followed, each context's lines are
 * printed as its feed releases them. Text lines start with the context's label, --json objects carry
 * `context`. A context that cannot be read is one stderr line; exit 1 only if every context failed.
 */
async function logsInContexts(parsed: ParsedArgs, flags: EventsFlags, since: LogsSince, specs: readonly ContextSpec[], session: StreamSession): Promise<number> {
	const format = (line: LogEvent, lineContext: LineContext, context: ResolvedContext) =>
		parsed.json ? formatLogJson(line, lineContext, contextField(context)) : `${clean(context.label)} ${formatLogLine(line)}`;
	const follow = parsed.follow || parsed.live;
	const held: Array<{line: LogEvent; lineContext: LineContext; context: ResolvedContext; index: number; order: number}> = [];
	let order = 0;
	const done = await inContexts(parsed.aws, specs, async (context, index) => {
		const read = await openLogs({
			parsed,
			since,
			grep: flags.grep,
			aws: contextAws(context),
			limiter: context.limiter,
			signal: session.signal,
			err: line => contextLine(context.label, line),
			onLines(lines, lineContext) {
				if (session.closed) return;
				if (!follow) {
					held.push(...lines.map(line => ({line, lineContext, context, index, order: order++})));
					return;
				}
				process.stdout.write(`${lines.map(l => format(l, lineContext, context)).join('\n')}\n`);
			},
		});
		if (read) await untilAborted(parsed, session);
		read?.close();
	});
	if (session.closed) return session.exitCode;
	if (held.length > 0) {
		held.sort((a, b) => a.line.timestamp - b.line.timestamp || a.index - b.index || a.order - b.order);
		process.stdout.write(`${held.map(h => format(h.line, h.lineContext, h.context)).join('\n')}\n`);
	}
	// Every context failed: each has said why.
	return done.length === 0 ? 1 : session.exitCode;
}
