// The config file's settings (config.yaml): their names, types and the error a bad file is refused
// with. The parser is config/parse.ts, loaded only when there is a file to parse (load.ts).

export const themes = ['dark', 'light', 'high-contrast', 'terminal'] as const;
export type Theme = (typeof themes)[number];

export interface ConfigValues {
	profile: string;
	region: string;
	/** Seconds, 1 to 3600 (as --refresh). */
	refresh: number;
	readOnly: boolean;
	cluster: string;
	theme: Theme;
	metrics: boolean;
	/** The command `s` runs in a container (default /bin/sh). */
	execCommand: string;
	/** Per table pane, the column ids to show, in order. */
	columns: Partial<Record<string, string[]>>;
	/** `:NAME` → a `:` command line (without its colon). */
	aliases: Record<string, string>;
}

export type ConfigKey = keyof ConfigValues;

/** In the order `ecs-top config` and the README list them. */
export const configKeys: readonly ConfigKey[] = ['profile', 'region', 'refresh', 'readOnly', 'cluster', 'theme', 'metrics', 'execCommand', 'columns', 'aliases'];

export interface ConfigFile {
	path: string;
	/** False: no file there (every setting is its default). */
	exists: boolean;
	values: Partial<ConfigValues>;
	/** The line each key is set on (1-based). */
	lines: Partial<Record<ConfigKey, number>>;
}

/** A config file ecs-top refuses: the message is `PATH:LINE: reason` (cli.ts prints it, exit 2). */
export class ConfigError extends Error {
	override name = 'ConfigError';
}
