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

/** The config file: ECS_TOP_CONFIG, else $XDG_CONFIG_HOME/ecs-top/config.yaml. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
	if (env.ECS_TOP_CONFIG) return env.ECS_TOP_CONFIG;
	const base = env.XDG_CONFIG_HOME || path.join(homedir(), '.config');
	return path.join(base, 'ecs-top', 'config.yaml');
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
	const base = env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
	return path.join(base, 'ecs-top');
}
