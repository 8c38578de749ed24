// `ecs-top config`: each effective setting, its value and where it came from (flag, env, file,
// default), so a surprising value can be traced to its source without reading the code.
import process from 'node:process';
import type {ParsedArgs, Setting, Settings} from '../cli-args.js';
import {configKeys} from '../config/schema.js';
import {configPath} from '../paths.js';

/** What a value shows as in the table (unset ones say what happens instead). */
function shown(key: string, value: unknown): string {
	if (value === undefined) {
		if (key === 'profile') return '(none: the default profile)';
		if (key === 'region') return '(none: the profile\'s)';
		if (key === 'cluster') return '(none: the cluster list)';
		if (key === 'metrics') return '(on in the TUI)';
		if (key === 'execCommand') return '(none: /bin/sh)';
		return '(none)';
	}
	if (typeof value === 'object') return Object.keys(value as object).length === 0 ? '(none)' : JSON.stringify(value);
	return String(value);
}

function origin(setting: Setting<unknown>): string {
	return setting.origin === 'env' && setting.variable ? `env ${setting.variable}` : setting.origin;
}

export function configText(settings: Settings, env: NodeJS.ProcessEnv = process.env): string {
	const file = settings.configPath ?? configPath(env);
	const lines = [`config file: ${file}${settings.configExists ? '' : ' (not there: defaults)'}`, ''];
	const rows = configKeys.map(key => [key, shown(key, settings[key].value), origin(settings[key] as Setting<unknown>)] as const);
	const width = Math.max(...rows.map(([key]) => key.length));
	const valueWidth = Math.min(40, Math.max(...rows.map(([, value]) => value.length)));
	lines.push(`${'SETTING'.padEnd(width)}  ${'VALUE'.padEnd(valueWidth)}  ORIGIN`);
	for (const [key, value, from] of rows) lines.push(`${key.padEnd(width)}  ${value.padEnd(valueWidth)}  ${from}`);
	return `${lines.join('\n')}\n`;
}

export function configJson(settings: Settings, env: NodeJS.ProcessEnv = process.env): string {
	const out: Record<string, unknown> = {configFile: settings.configPath ?? configPath(env), configExists: settings.configExists};
	for (const key of configKeys) {
		const setting = settings[key] as Setting<unknown>;
		out[key] = {value: setting.value ?? null, origin: setting.origin, ...(setting.variable ? {variable: setting.variable} : {})};
	}
	return `${JSON.stringify(out, null, 2)}\n`;
}

export async function runConfig(parsed: ParsedArgs): Promise<number> {
	process.stdout.write(parsed.json ? configJson(parsed.settings) : configText(parsed.settings));
	return 0;
}
