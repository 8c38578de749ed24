// One context's `ecs-top logs` read: find the tasks, start the feed (store/logs/feed.ts, shared
// with the TUI's logs pane), say its notes, outages and Live Tail changes on stderr (one line each,
// one on recovery), and once loaded keep a follow going: Live Tail kept alive, a service's task
// list re-read so new tasks' lines join. `logs` runs one of these, or one per context.
import process from 'node:process';
import {createEcsApi, createLogsApis} from '../aws/client.js';
import {describeError} from '../aws/errors.js';
import type {RateLimiter} from '../aws/limiter.js';
import {UserError, type ParsedArgs} from '../cli-args.js';
import {serviceOfTask, shortId, type LogEvent, type Task} from '../domain.js';
import type {Pattern} from '../pattern.js';
import {createLogsFeed} from '../store/logs/feed.js';
import type {LineContext} from '../store/logs/format.js';
import {LogsTargetError, oneTask, serviceTasks} from '../store/logs/target.js';
import type {LogsSince} from '../store/logs/types.js';
import {clean} from '../text.js';

/** The poll interval: the feed's 3 s, or ECS_TOP_LOGS_POLL_MS (undocumented: lets tests follow quickly). */
function pollInterval(env: NodeJS.ProcessEnv): number | undefined {
	const ms = Number(env.ECS_TOP_LOGS_POLL_MS);
	return Number.isFinite(ms) && ms >= 20 ? ms : undefined;
}

/** How often a followed service's task list is read again, so new tasks' lines join. */
const relistMs = 60_000;

export interface LogsReadOptions {
	parsed: ParsedArgs;
	since: LogsSince;
	grep?: Pattern;
	/** The context's flags (one profile, one region) and the limiter its calls go through. */
	aws: ParsedArgs['aws'];
	limiter: RateLimiter;
	signal: AbortSignal;
	/** One stderr line, without the `ecs-top: ` (the caller adds it and, across contexts, the label). */
	err: (line: string) => void;
	/** Lines the feed releases that --grep keeps, with what their --json objects need. */
	onLines: (lines: readonly LogEvent[], context: LineContext) => void;
}

/**
 * Starts the read and resolves once the first lines are out (or, without --follow, all of them).
 * Throws a one-line UserError when the tasks cannot be found or CloudWatch Logs cannot be read.
 * Resolves undefined when the session was aborted before that; else `close` ends it.
 */
export async function openLogs(o: LogsReadOptions): Promise<{close(): void} | undefined> {
	const {parsed, signal} = o;
	const follow = parsed.follow || parsed.live;
	const cluster = parsed.cluster ?? 'default';
	const ecs = createEcsApi({...o.aws, readOnly: true, limiter: o.limiter});
	const logs = createLogsApis({...o.aws, limiter: o.limiter});
	let tasks: Task[];
	try {
		// aws ecs describe-tasks --cluster C --tasks T; or describe-services, list-tasks (RUNNING, STOPPED) and describe-tasks for --service S
		tasks = parsed.task !== undefined
			? [await oneTask(ecs, cluster, parsed.task, signal)]
			: await serviceTasks(ecs, cluster, parsed.services[0]!, signal);
	} catch (error) {
		if (signal.aborted) return undefined;
		if (error instanceof LogsTargetError) throw new UserError(error.message);
		throw new UserError(describeError(error).message);
	}
	if (tasks.length === 0 && !follow) throw new UserError(`service "${clean(shortId(parsed.services[0]!))}" has no running or recently stopped tasks`);

	const services = new Map<string, string | null>();
	const learn = (list: readonly Task[]) => {
		for (const t of list) services.set(shortId(t.taskArn), serviceOfTask(t) ?? null);
	};
	learn(tasks);
	const context: LineContext = {cluster: shortId(cluster), serviceOf: (taskId: string | undefined) => (taskId ? services.get(taskId) ?? null : null)};
	const feed = createLogsFeed({
		ecs,
		logs,
		target: {cluster, service: parsed.services[0], taskArns: tasks.map(t => t.taskArn), tasks, container: parsed.container},
		filterPattern: parsed.filterPattern,
		follow,
		// The command prints every line as it comes: its output is not bounded by the ring.
		initialLimit: Infinity,
		intervalMs: pollInterval(process.env),
		onLines(lines) {
			const shown = o.grep ? lines.filter(l => o.grep!.test(l.message)) : lines;
			if (shown.length > 0) o.onLines(shown, context);
		},
	});

	// Notes, outages and Live Tail's changes: one stderr line each, one on recovery.
	const said = new Set<string>();
	let outage: string | undefined;
	let liveNote: string | undefined;
	const report = () => {
		const state = feed.getState();
		for (const note of state.notes) {
			if (said.has(note)) continue;
			said.add(note);
			o.err(clean(note));
		}
		if (state.state !== 'error') {
			const kind = state.error === undefined ? undefined : /throttled/.test(state.error) ? 'throttled' : state.error;
			if (kind !== undefined && kind !== outage) o.err(kind === 'throttled' ? 'throttled by CloudWatch Logs (Rate exceeded); backing off and retrying' : `${clean(state.error)}; retrying with backoff`);
			if (kind === undefined && outage !== undefined) o.err('CloudWatch Logs answers again; resuming');
			outage = kind;
		}
		if (state.liveNote !== liveNote) {
			liveNote = state.liveNote;
			if (liveNote) o.err(clean(liveNote));
		}
	};
	const unsubscribe = feed.subscribe(report);
	const timers: Array<NodeJS.Timeout> = [];
	const close = () => {
		for (const timer of timers) clearInterval(timer);
		feed.stop();
		unsubscribe();
	};
	signal.addEventListener('abort', () => feed.stop(), {once: true});
	// aws logs filter-log-events / get-log-events (each task's streams); with --live, aws logs start-live-tail
	feed.start(o.since);
	if (parsed.live) feed.setLive(true);
	await feed.loaded();
	const state = feed.getState();
	if (state.state === 'error' && !signal.aborted) {
		close();
		throw new UserError(state.error ?? 'reading the logs failed');
	}
	if (!follow || signal.aborted) return {close};
	// The command has no key presses: the user asked for Live Tail and ends it with Ctrl-C.
	if (parsed.live) timers.push(setInterval(() => feed.touch(), 60_000));
	if (parsed.task === undefined) {
		timers.push(setInterval(() => {
			void serviceTasks(ecs, cluster, parsed.services[0]!, signal).then(
				list => {
					learn(list);
					feed.setTasks(list);
				},
				() => {
					// The feed reports CloudWatch's troubles; a failed re-list keeps the tasks known.
				},
			);
		}, relistMs));
	}
	return {close};
}
