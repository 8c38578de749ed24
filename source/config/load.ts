// Reads the config file: a missing one is no error (every setting takes its default), an unreadable
// or bad one is (ConfigError, exit 2).
import {readFileSync} from 'node:fs';
import {configPath} from '../paths.js';
import {ConfigError, parseConfig, type ConfigFile} from './schema.js';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ConfigFile {
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
	return parseConfig(text, path);
}
