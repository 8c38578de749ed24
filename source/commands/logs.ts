// `ecs-top logs`: a service's or a task's CloudWatch logs as lines, one-shot or followed (--follow,
// --live). The reading lives in store/logs/feed.ts (shared with the TUI's logs pane); this file
// validates flags, finds the tasks, prints what the feed accepts and owns the process side as
// `ecs-top events` does: signals (Ctrl-C → 0, SIGTERM → 143, SIGHUP → 129), a closed output pipe
// (`| head` → 0, quietly), one stderr line per outage or throttle and one on recovery.
import process from 'node:process';
import {createEcsApi, createLogsApis} from '../aws/client.js';
import {describeError} from '../aws/errors.js';
import {sharedLimiter} from '../aws/limiter.js';
import {UserError, type ParsedArgs} from '../cli-args.js';
import {serviceOfTask, shortId, type LogEvent, type Task} from '../domain.js';
import {createLogsFeed, defaultTail} from '../store/logs/feed.js';
import {formatLogJson, formatLogLine} from '../store/logs/format.js';
import {LogsTargetError, oneTask, serviceTasks} from '../store/logs/target.js';
import type {LogsSince} from '../store/logs/types.js';
import {clean} from '../text.js';
import {eventsFlags} from './events.js';
import {StreamSession} from './stream-session.js';

/** The poll interval: the feed's 3 s, or ECS_TOP_LOGS_POLL_MS (undocumented: lets tests follow quickly). */
function pollInterval(env: NodeJS.ProcessEnv): number | undefined {
	const ms = Number(env.ECS_TOP_LOGS_POLL_MS);
	return Number.isFinite(ms) && ms >= 20 ? ms : undefined;
}

/** How often a followed service's task list is read again, so new tasks' lines join. */
const relistMs = 60_000;

export async function runLogs(parsed: ParsedArgs): Promise<number> {
	const started = Date.now();
	// `--since task-start`: from when the task (a service's: its earliest) started, as the pane's `5`.
	const fromStart = parsed.since === 'task-start';
	const flags = eventsFlags({...parsed, since: fromStart ? undefined : parsed.since}, started);
	const since: LogsSince = fromStart ? {kind: 'task-start'} : flags.since === undefined ? {kind: 'tail', lines: defaultTail} : {kind: 'ago', ms: Math.max(0, started - flags.since)};
	const follow = parsed.follow || parsed.live;
	const cluster = parsed.cluster ?? 'default';
	const limiter = sharedLimiter();
	const ecs = createEcsApi({...parsed.aws, readOnly: true, limiter});
	const logs = createLogsApis({...parsed.aws, limiter});
	const session = new StreamSession();
	const {controller} = session;
	const {stdout, stderr} = process;
	const err = (line: string) => {
		stderr.write(`ecs-top: ${line}\n`);
	};
	const timers: Array<NodeJS.Timeout> = [];

	try {
		let tasks: Task[];
		try {
			tasks = parsed.task !== undefined
				? [await oneTask(ecs, cluster, parsed.task, controller.signal)]
				: await serviceTasks(ecs, cluster, parsed.services[0]!, controller.signal);
		} catch (error) {
			if (controller.signal.aborted) return session.exitCode;
			if (error instanceof LogsTargetError) throw new UserError(error.message);
			throw new UserError(describeError(error).message);
		}
		if (tasks.length === 0 && !follow) throw new UserError(`service "${clean(shortId(parsed.services[0]!))}" has no running or recently stopped tasks`);

		const services = new Map<string, string | null>();
		const learn = (list: readonly Task[]) => {
			for (const t of list) services.set(shortId(t.taskArn), serviceOfTask(t) ?? null);
		};
		learn(tasks);
		const context = {cluster: shortId(cluster), serviceOf: (taskId: string | undefined) => (taskId ? services.get(taskId) ?? null : null)};
		const print = (lines: readonly LogEvent[]) => {
			if (session.closed) return;
			const shown = flags.grep ? lines.filter(l => flags.grep!.test(l.message)) : lines;
			if (shown.length === 0) return;
			stdout.write(`${shown.map(l => (parsed.json ? formatLogJson(l, context) : formatLogLine(l))).join('\n')}\n`);
		};

		const feed = createLogsFeed({
			ecs,
			logs,
			target: {cluster, service: parsed.services[0], taskArns: tasks.map(t => t.taskArn), tasks, container: parsed.container},
			filterPattern: parsed.filterPattern,
			follow,
			// The command prints every line as it comes: its output is not bounded by the ring.
			initialLimit: Infinity,
			intervalMs: pollInterval(process.env),
			onLines: print,
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
				err(clean(note));
			}
			if (state.state !== 'error') {
				const kind = state.error === undefined ? undefined : /throttled/.test(state.error) ? 'throttled' : state.error;
				if (kind !== undefined && kind !== outage) err(kind === 'throttled' ? 'throttled by CloudWatch Logs (Rate exceeded); backing off and retrying' : `${clean(state.error)}; retrying with backoff`);
				if (kind === undefined && outage !== undefined) err('CloudWatch Logs answers again; resuming');
				outage = kind;
			}
			if (state.liveNote !== liveNote) {
				liveNote = state.liveNote;
				if (liveNote) err(clean(liveNote));
			}
		};
		const unsubscribe = feed.subscribe(report);
		controller.signal.addEventListener('abort', () => feed.stop(), {once: true});
		feed.start(since);
		if (parsed.live) feed.setLive(true);
		await feed.loaded();
		const state = feed.getState();
		if (state.state === 'error' && !controller.signal.aborted) throw new UserError(state.error ?? 'reading the logs failed');
		if (!follow || controller.signal.aborted) {
			feed.stop();
			unsubscribe();
			return session.exitCode;
		}
		if (parsed.live) {
			// The command has no key presses: the user asked for Live Tail and ends it with Ctrl-C.
			timers.push(setInterval(() => feed.touch(), 60_000));
		}
		if (parsed.task === undefined) {
			timers.push(setInterval(() => {
				void serviceTasks(ecs, cluster, parsed.services[0]!, controller.signal).then(
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
		await new Promise<void>(resolve => {
			if (controller.signal.aborted) resolve();
			controller.signal.addEventListener('abort', () => resolve(), {once: true});
		});
		unsubscribe();
	} catch (error) {
		if (session.closed) return session.exitCode;
		throw error;
	} finally {
		for (const timer of timers) clearInterval(timer);
		session.dispose();
	}
	return session.exitCode;
}
