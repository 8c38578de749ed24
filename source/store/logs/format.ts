// How a log line is printed by `ecs-top logs` (the contract): text
// `2026-11-22T02:00:01.123Z  3f2a9c1b7d4e/web  GET /health 200` (UTC with ms, the first 12
// characters of the task id, its container, the message), or one JSON object a line. Every string
// from CloudWatch is cleaned (text) or escaped (JSON): a log line must never drive the terminal.
import type {ContextField} from '../../aws/contexts.js';
import {clean, jsonText} from '../../text.js';
import type {LogEvent} from '../../domain.js';

export function formatLogLine(line: LogEvent): string {
	const who = `${clean(line.taskId ?? '').slice(0, 12)}/${clean(line.container ?? line.logStream)}`;
	return `${new Date(line.timestamp).toISOString()}  ${who}  ${clean(line.message)}`;
}

export interface LineContext {
	cluster: string;
	/** The service a task belongs to (null: a standalone task). */
	serviceOf: (taskId: string | undefined) => string | null;
}

/**
 * `{"timestamp","cluster","service","task","container","logGroup","logStream","eventId","message"}`,
 * and `context` (profile, region, account) when read across several contexts.
 */
export function formatLogJson(line: LogEvent, context: LineContext, contextField?: ContextField): string {
	return jsonText({
		timestamp: new Date(line.timestamp).toISOString(),
		cluster: context.cluster,
		service: context.serviceOf(line.taskId),
		task: line.taskId ?? null,
		container: line.container ?? null,
		logGroup: line.logGroup,
		logStream: line.logStream,
		eventId: line.eventId,
		message: line.message,
		...(contextField ? {context: contextField} : {}),
	});
}
