// "Needs attention" as an on-call engineer reads a service or task row: the reasons the TUI's
// attention-first sort and the services pane's mark use. Each returns a short reason, or undefined.
import {primaryDeployment, type Service, type Task} from '../domain.js';

export interface AttentionOptions {
	/** Running below desired counts only after this long (a deployment or scale-up is normal). */
	shortForMs?: number;
	/** Events this recent count. */
	recentMs?: number;
	/** CloudWatch: memory at or above 95 % in each of the last 5 complete minutes. */
	memorySustained?: boolean;
}

const troubleEvents: Array<[RegExp, string]> = [
	[/unable to place/i, 'unable to place'],
	[/circuit breaker/i, 'circuit breaker'],
	[/unhealthy|health checks? failed|failed (elb|container) health/i, 'unhealthy'],
	[/unable to consistently start|failed to start|CannotPull|ResourceInitializationError/i, 'tasks failing to start'],
];
/** Any of them: most events are none, and one test rules an event out instead of four. */
const anyTrouble = new RegExp(troubleEvents.map(([pattern]) => `(?:${pattern.source})`).join('|'), 'i');

export function serviceAttention(s: Service, now = Date.now(), options: AttentionOptions = {}): string | undefined {
	const shortFor = options.shortForMs ?? 120_000;
	const recent = options.recentMs ?? 600_000;
	const primary = primaryDeployment(s);
	if (primary?.rolloutState === 'FAILED') return 'rollout failed';
	if (s.deployments.some(d => /circuit breaker/i.test(d.rolloutStateReason ?? '') && d.rolloutState !== 'COMPLETED')) return 'circuit breaker';
	if (s.status === 'ACTIVE' && s.runningCount < s.desiredCount) {
		const since = Date.parse(primary?.updatedAt ?? primary?.createdAt ?? '');
		if (!Number.isFinite(since) || now - since >= shortFor) return `running ${s.runningCount} of ${s.desiredCount}`;
	}
	// Before the events: an out-of-memory kill is coming, and the stop reasons will say so too late.
	if (options.memorySustained) return 'memory ≥ 95% for 5 min';
	for (const event of s.events) {
		const at = Date.parse(event.createdAt);
		// Events are newest first: stop at the first one too old to matter.
		if (Number.isFinite(at) && now - at > recent) break;
		// A steady state after the trouble means it has passed.
		if (/has reached a steady state/.test(event.message)) break;
		if (!anyTrouble.test(event.message)) continue;
		for (const [pattern, reason] of troubleEvents) if (pattern.test(event.message)) return reason;
	}
	if (primary?.rolloutState === 'IN_PROGRESS' && (primary.failedTasks ?? 0) > 0) return 'tasks failing';
	return undefined;
}

const failedStops = new Set(['TaskFailedToStart', 'EssentialContainerExited', 'SpotInterruption', 'TerminationNotice']);

export function taskAttention(t: Task): string | undefined {
	if (t.healthStatus === 'UNHEALTHY') return 'unhealthy';
	if (t.lastStatus !== 'STOPPED' && t.desiredStatus !== 'STOPPED') return undefined;
	const exit = t.containers.find(c => c.exitCode !== undefined && c.exitCode !== 0);
	if (t.stopCode === 'TaskFailedToStart') return 'failed to start';
	if (t.stopCode && failedStops.has(t.stopCode) && (exit || t.stopCode !== 'EssentialContainerExited')) {
		const ran = Date.parse(t.stoppedAt ?? t.stoppingAt ?? '') - Date.parse(t.startedAt ?? '');
		// Dying within two minutes of starting is what a crash loop looks like from one task.
		if (exit && Number.isFinite(ran) && ran < 120_000) return `crash-looping (exit ${exit.exitCode})`;
		return exit ? `exit ${exit.exitCode}` : t.stopCode;
	}
	if (exit) return `exit ${exit.exitCode}`;
	return undefined;
}
