// Reads the config file: a missing one is no error (every setting takes its default), an unreadable
// or bad one is (ConfigError, exit 2).
import {readFileSync} from 'node:fs';
import process from 'node:process';
import {configPath} from '../paths.js';
import {ConfigError, parseConfig, type ConfigFile} from './schema.js';

/** `knownColumns`: the panes' column ids, for a file that names `columns` (see parseConfig). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, knownColumns?: () => Record<string, string[]>): ConfigFile {
	const path = configPath(env);
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		// ECS_TOP_CONFIG names a file on purpose: that one missing is an error, the default path is not.
		if (code === 'ENOENT' && !env.ECS_TOP_CONFIG) return {path, exists: false, values: {}, lines: {}};
		throw new ConfigError(`${path}:1: cannot read it (${code ?? (error as Error).message})`);
	}
	return parseConfig(text, path, knownColumns);
}

/**
 * The panes' column ids when the config file may name columns (the word appears in it), else
 * undefined: the resource registry, and the UI with it, loads only then.
 */
export async function columnsIfNamed(env: NodeJS.ProcessEnv = process.env): Promise<(() => Record<string, string[]>) | undefined> {
	let text: string;
	try {
		text = readFileSync(configPath(env), 'utf8');
	} catch {
		return undefined;
	}
	if (!text.includes('columns')) return undefined;
	return (await import('./pane-columns.js')).paneColumnIds;
}
