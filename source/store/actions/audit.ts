// The audit log of mutations, written ahead: for every request ecs-top puts on the wire, an
// `intent` line is on disk before the request is sent, and a `result` line (the answer, the
// error, or "outcome unknown" when the answer was lost) follows; the two share an `id`. It
// records who pointed ecs-top where (account, profile, region, endpoint), never credentials:
// entries are built only from the fields below, never from the environment or the SDK's config.
import {constants} from 'node:fs';
import {mkdir, open} from 'node:fs/promises';
import path from 'node:path';
import {auditLogPath} from '../../paths.js';

/** Who pointed ecs-top where, on every line. */
export interface AuditContext {
	/** ISO-8601 UTC, when the line was written. */
	time: string;
	account: string | null;
	profile: string | null;
	region: string | null;
	/** Only when --endpoint-url (or AWS_ENDPOINT_URL*) points somewhere other than AWS; never with userinfo. */
	endpoint?: string;
	cluster: string;
}

/** Written, and on disk, before the request is sent. */
export interface AuditIntent extends AuditContext {
	/** Shared with the call's result line; unique per request on the wire. */
	id: string;
	phase: 'intent';
	operation: string;
	parameters: Record<string, unknown>;
	/** What the parameters do not name, for a reader (a port forward's task and container). */
	about?: Record<string, unknown>;
	/** 1, then 2… for a resend (only after ECS surely did not apply the last one). */
	attempt: number;
}

export interface AuditResult extends AuditContext {
	id: string;
	phase: 'result';
	operation: string;
	attempt: number;
	result?: unknown;
	error?: {
		name: string;
		message: string;
		/** 'not done': ECS did not apply it (or it was never sent); 'unknown': the answer was lost. */
		outcome: 'not done' | 'unknown';
		/** The same request was sent again, as the next attempt. */
		retried?: boolean;
	};
}

export type AuditEntry = AuditIntent | AuditResult;

export interface AuditLog {
	/** Appends one line; resolves when it is on disk, rejects with the reason it is not. */
	append(entry: AuditEntry): Promise<void>;
	/** Where the lines go (resolved now: XDG_STATE_HOME is read at each write). */
	path(): string;
}

/** Appends one whole line to a file (replaceable in tests, e.g. by a write that hangs). */
export type AppendLine = (file: string, line: string) => Promise<void>;

// Non-blocking: a FIFO with no reader fails the open at once (ENXIO) instead of holding a libuv
// thread forever; no-follow: a symlink planted at the path is not followed. Windows has neither.
const openFlags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

function kind(stat: {isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean}): string {
	if (stat.isDirectory()) return 'a directory';
	if (stat.isFIFO()) return 'a FIFO';
	if (stat.isSocket()) return 'a socket';
	if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
	return 'not a regular file';
}

/** Opens, checks it is a regular file, appends, syncs, closes. */
export const appendToFile: AppendLine = async (file, line) => {
	// The log says what was done to which account: private to the user.
	await mkdir(path.dirname(file), {recursive: true, mode: 0o700});
	const handle = await open(file, openFlags, 0o600).catch((error: NodeJS.ErrnoException) => {
		// What O_NONBLOCK gives for a FIFO with no reader, and open() for a socket.
		if (error.code === 'ENXIO') throw Object.assign(new Error('ENXIO: a FIFO or socket, not a regular file'), {code: error.code});
		throw error;
	});
	try {
		const stat = await handle.stat();
		if (!stat.isFile()) throw Object.assign(new Error(`${kind(stat)}, not a regular file`), {code: 'ENOTFILE'});
		if ((stat.mode & 0o077) !== 0) await handle.chmod(0o600);
		await handle.appendFile(line);
		await handle.datasync();
	} finally {
		await handle.close();
	}
};

/** The log at `$XDG_STATE_HOME/ecs-top/audit.jsonl`, or at `file` (tests). */
export function fileAuditLog(file?: string, options: {appendLine?: AppendLine} = {}): AuditLog {
	const where = () => file ?? auditLogPath();
	const appendLine = options.appendLine ?? appendToFile;
	// Writes are chained so lines land in call order even when calls finish together.
	let queue: Promise<void> = Promise.resolve();
	return {
		path: where,
		append(entry) {
			const line = `${JSON.stringify(entry)}\n`;
			const write = queue.then(async () => appendLine(where(), line));
			queue = write.catch(() => {});
			return write;
		},
	};
}

/** An endpoint fit for the log: any `user:password@` taken out (the caller redacts too; this is the last guard). */
export function withoutUserinfo(endpoint: string): string {
	const stripped = endpoint.replace(/\/\/[^/?#]*@/g, '//');
	return stripped.includes('://') ? stripped : stripped.replace(/^[^/?#]*@/, '');
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
