// Where ecs-top keeps its files (XDG base directories).
import {homedir} from 'node:os';
import path from 'node:path';

export function stateDir(): string {
	const base = process.env.XDG_STATE_HOME || path.join(homedir(), '.local', 'state');
	return path.join(base, 'ecs-top');
}

export function auditLogPath(): string {
	return path.join(stateDir(), 'audit.jsonl');
}
