// The audit log of mutations: one JSON object per line, one line per ECS call ecs-top sends,
// appended after the call with its result or error. It records who pointed ecs-top where
// (account, profile, region, endpoint), never credentials: entries are built only from the
// fields below, never from the environment or the SDK's config.
import {appendFile, mkdir} from 'node:fs/promises';
import path from 'node:path';
import {auditLogPath} from '../paths.js';

export interface AuditEntry {
	/** ISO-8601 UTC, when the answer (or the error) arrived. */
	time: string;
	account: string | null;
	profile: string | null;
	region: string | null;
	/** Only when --endpoint-url (or AWS_ENDPOINT_URL*) points somewhere other than AWS. */
	endpoint?: string;
	cluster: string;
	operation: string;
	parameters: Record<string, unknown>;
	result?: unknown;
	error?: {name: string; message: string};
}

export interface AuditLog {
	/** Appends one line; resolves when it is on disk, rejects with the reason it is not. */
	append(entry: AuditEntry): Promise<void>;
	/** Where the lines go (resolved now: XDG_STATE_HOME is read at each write). */
	path(): string;
}

/** The log at `$XDG_STATE_HOME/ecs-top/audit.jsonl`, or at `file` (tests). */
export function fileAuditLog(file?: string): AuditLog {
	const where = () => file ?? auditLogPath();
	// Writes are chained so lines land in call order even when calls finish together.
	let queue: Promise<void> = Promise.resolve();
	return {
		path: where,
		append(entry) {
			const line = `${JSON.stringify(entry)}\n`;
			const write = queue.then(async () => {
				const target = where();
				// The log says what was done to which account: private to the user.
				await mkdir(path.dirname(target), {recursive: true, mode: 0o700});
				await appendFile(target, line, {mode: 0o600});
			});
			queue = write.catch(() => {});
			return write;
		},
	};
}

/** Keeps entries in memory (tests of the action layer). */
export function memoryAuditLog(): AuditLog & {entries: AuditEntry[]} {
	const entries: AuditEntry[] = [];
	return {
		entries,
		path: () => '(memory)',
		async append(entry) {
			entries.push(entry);
		},
	};
}
