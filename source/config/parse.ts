// The config file (config.yaml): parsed with `yaml` keeping line numbers, every key checked. An
// unknown key or a bad value is refused with the file, the line and the reason (exit 2): a setting
// silently ignored would leave the user believing it acts. Apart from schema.ts so that `yaml`
// (3.5 ms to load) is loaded only when a file exists (load.ts).
import {isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair} from 'yaml';
import {ConfigError, configKeys, themes, type ConfigFile, type ConfigKey, type Theme} from './schema.js';

/** `:` alias names: a word, as `:` commands are. */
const aliasName = /^[a-z][a-z0-9-]*$/i;

/**
 * `knownColumns`: every table pane's column ids (config/pane-columns.ts reads them from the resource
 * registry). Passed in rather than imported: the registry pulls in the whole UI, which the command
 * line must not load before it has even read its flags; the loader passes it only when the file
 * names columns.
 */
export function parseConfig(text: string, path: string, knownColumns?: () => Record<string, string[]>): ConfigFile {
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true});
	const fail = (line: number, reason: string): never => {
		throw new ConfigError(`${path}:${line}: ${reason}`);
	};
	const lineOf = (node: unknown): number => {
		const range = (node as Node | null | undefined)?.range;
		return range ? lineCounter.linePos(range[0]).line : 1;
	};
	const problem = doc.errors[0];
	if (problem) fail(lineCounter.linePos(problem.pos[0]).line, problem.message.split('\n')[0]!);
	const file: ConfigFile = {path, exists: true, values: {}, lines: {}};
	const root = doc.contents;
	// An empty file (or one of comments only) sets nothing.
	if (root === null || (isScalar(root) && root.value === null)) return file;
	if (!isMap(root)) return fail(lineOf(root), 'the file must be a mapping of keys (profile: prod, refresh: 5, …)');
	for (const pair of root.items as Array<Pair<unknown, unknown>>) {
		const keyNode = pair.key;
		const line = lineOf(keyNode);
		const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
		if (!(configKeys as readonly string[]).includes(key)) fail(line, `unknown key "${key}" (known: ${configKeys.join(', ')})`);
		const k = key as ConfigKey;
		const value = pair.value;
		const at = lineOf(value) || line;
		const scalar = (): unknown => (isScalar(value) ? value.value : value === null ? null : undefined);
		const text = (what: string): string => {
			const v = scalar();
			if (typeof v !== 'string' || v.trim() === '') return fail(at, `${k}: ${what}`);
			return v;
		};
		const bool = (): boolean => {
			const v = scalar();
			if (typeof v !== 'boolean') return fail(at, `${k}: true or false, not ${describe(value)}`);
			return v;
		};
		switch (k) {
			case 'profile':
				file.values.profile = text('a profile name (as in ~/.aws/config)');
				// One default context: several are asked for on the command line (get --profile a,b).
				if (file.values.profile.includes(',')) fail(at, 'profile: one profile (several: get --profile a,b)');
				break;
			case 'region': {
				const v = text('a Region name such as eu-west-1');
				if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(v)) fail(at, `region: "${v}" is not a Region name such as eu-west-1`);
				file.values.region = v;
				break;
			}
			case 'refresh': {
				const v = scalar();
				if (typeof v !== 'number' || !Number.isFinite(v) || v < 1 || v > 3600) fail(at, `refresh: ${describe(value)} is not a number of seconds from 1 to 3600`);
				file.values.refresh = v as number;
				break;
			}
			case 'readOnly':
				file.values.readOnly = bool();
				break;
			case 'metrics':
				file.values.metrics = bool();
				break;
			case 'cluster':
				file.values.cluster = text('a cluster name or ARN');
				break;
			case 'theme': {
				const v = scalar();
				if (typeof v !== 'string' || !(themes as readonly string[]).includes(v)) fail(at, `theme: ${describe(value)} is not one of ${themes.join(', ')}`);
				file.values.theme = v as Theme;
				break;
			}
			case 'execCommand':
				file.values.execCommand = text('a command line such as /bin/bash');
				break;
			case 'columns':
				file.values.columns = columns(value, at, fail, lineOf, knownColumns);
				break;
			case 'aliases':
				file.values.aliases = aliases(value, at, fail, lineOf);
				break;
		}
		file.lines[k] = line;
	}
	return file;
}

function columns(value: unknown, at: number, fail: (line: number, reason: string) => never, lineOf: (node: unknown) => number, knownColumns: (() => Record<string, string[]>) | undefined): Partial<Record<string, string[]>> {
	if (!isMap(value)) return fail(at, 'columns: a mapping of pane → list of column ids (services: [name, desired, running])');
	if (!knownColumns) return fail(at, 'columns: the panes\' columns are not known here');
	const known = knownColumns();
	const out: Partial<Record<string, string[]>> = {};
	for (const pair of value.items as Array<Pair<unknown, unknown>>) {
		const pane = isScalar(pair.key) ? String(pair.key.value) : '';
		const line = lineOf(pair.key);
		const ids = known[pane];
		if (!ids) fail(line, `columns: unknown pane "${pane}" (panes: ${Object.keys(known).join(', ')})`);
		const list = pair.value;
		if (!isSeq(list) || list.items.length === 0) fail(lineOf(list) || line, `columns.${pane}: a non-empty list of column ids`);
		const chosen: string[] = [];
		for (const item of (list as {items: unknown[]}).items) {
			const id = isScalar(item) ? item.value : undefined;
			if (typeof id !== 'string' || !ids!.includes(id)) {
				fail(lineOf(item) || line, `columns.${pane}: unknown column ${describe(item)} (columns: ${ids!.join(', ')})`);
			}
			if (chosen.includes(id as string)) fail(lineOf(item), `columns.${pane}: "${id as string}" listed twice`);
			chosen.push(id as string);
		}
		out[pane] = chosen;
	}
	return out;
}

function aliases(value: unknown, at: number, fail: (line: number, reason: string) => never, lineOf: (node: unknown) => number): Record<string, string> {
	if (!isMap(value)) return fail(at, 'aliases: a mapping of name → `:` command (prod: "cluster production")');
	const out: Record<string, string> = {};
	for (const pair of value.items as Array<Pair<unknown, unknown>>) {
		const name = isScalar(pair.key) ? String(pair.key.value) : '';
		const line = lineOf(pair.key);
		if (!aliasName.test(name)) fail(line, `aliases: "${name}" is not a name (letters, digits, -)`);
		const command = isScalar(pair.value) ? pair.value.value : undefined;
		if (typeof command !== 'string' || command.replace(/^:/, '').trim() === '') fail(lineOf(pair.value) || line, `aliases.${name}: a \`:\` command line such as "cluster production"`);
		// The colon is optional in the file: `:` is typed before the alias anyway.
		out[name] = (command as string).replace(/^:/, '').trim();
	}
	return out;
}

function describe(node: unknown): string {
	if (isScalar(node)) return JSON.stringify(node.value);
	if (isMap(node)) return 'a mapping';
	if (isSeq(node)) return 'a list';
	return 'nothing';
}
