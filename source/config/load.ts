// Reads the config file: a missing one is no error (every setting takes its default), an unreadable
// or bad one is (ConfigError, exit 2).
import {readFileSync} from 'node:fs';
import process from 'node:process';
import {configPath} from '../paths.js';
import {ConfigError, type ConfigFile} from './schema.js';

/**
 * The config file, read now and parsed when the returned function is called: the command line
 * calls it only for a command that runs, so --help and --version work whatever the file holds.
 * The parser (and `yaml` with it) is loaded only when there is a file; the panes' column ids (the
 * resource registry, and the UI with it) only when the file may name columns (the word appears in it).
 */
export async function configReader(env: NodeJS.ProcessEnv = process.env): Promise<() => ConfigFile> {
	const path = configPath(env);
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return () => {
			// ECS_TOP_CONFIG names a file on purpose: that one missing is an error, the default path is not.
			if (code === 'ENOENT' && !env.ECS_TOP_CONFIG) return {path, exists: false, values: {}, lines: {}};
			throw new ConfigError(`${path}:1: cannot read it (${code ?? (error as Error).message})`);
		};
	}
	const [{parseConfig}, knownColumns] = await Promise.all([
		import('./parse.js'),
		text.includes('columns') ? import('./pane-columns.js').then(module => module.paneColumnIds) : undefined,
	]);
	return () => parseConfig(text, path, knownColumns);
}
