// Parses the command line into a command and validated flags. Usage errors are thrown as
// UsageError (exit 2, one line, a pointer to --help); cli.tsx prints them.
import meow from 'meow';
import {auditLogPath} from './paths.js';

export class UsageError extends Error {
	override name = 'UsageError';
}

/** A runtime failure with a one-line message for the user (exit 1). */
export class UserError extends Error {
	override name = 'UserError';
}

export const helpText = `
  A fast, keyboard-driven terminal monitor for Amazon ECS.

  Usage
    $ ecs-top [flags]                         the fullscreen TUI
    $ ecs-top --demo [flags]                  the TUI on a built-in simulated ECS
    $ ecs-top get clusters|services|tasks|instances [--cluster C] [--service S] [--stopped] [--json]
    $ ecs-top events [--cluster C] [--service S]... [--follow] [--since 10m] [--grep RE] [--json]
    $ ecs-top sim [--port N] [--host 127.0.0.1] [--seed N] [--speed X] [--scale N]
                  [--no-throttle] [--latency MS] [--jitter MS]

  AWS flags (as in the AWS CLI)
    --profile P         named profile (else AWS_PROFILE); SSO profiles work
    --region R          region (else AWS_REGION, AWS_DEFAULT_REGION, the profile's region)
    --endpoint-url URL  ECS endpoint (else AWS_ENDPOINT_URL_ECS, AWS_ENDPOINT_URL)
    --read-only         no key or code path can change anything

  TUI flags
    --cluster C         open this cluster (default: the cluster list)
    --service S         open this service's tasks (needs --cluster)
    --refresh SECONDS   refresh interval of the pane on screen (1 to 3600, default 2)
    --demo              run on the built-in simulator

  Other
    --debug             show stack traces
    --help, --version

  Mutations are appended to the audit log: ${auditLogPath()}
  Exit codes: 0 ok, 1 runtime failure, 2 usage error, 128+n after signal n.
`;

const flagSpec = {
	profile: {type: 'string'},
	region: {type: 'string'},
	endpointUrl: {type: 'string'},
	readOnly: {type: 'boolean', default: false},
	cluster: {type: 'string'},
	service: {type: 'string', isMultiple: true},
	refresh: {type: 'string'},
	demo: {type: 'boolean', default: false},
	debug: {type: 'boolean', default: false},
	json: {type: 'boolean', default: false},
	stopped: {type: 'boolean', default: false},
	follow: {type: 'boolean', default: false},
	since: {type: 'string'},
	grep: {type: 'string'},
	port: {type: 'string'},
	host: {type: 'string'},
	seed: {type: 'string'},
	speed: {type: 'string'},
	scale: {type: 'string'},
	throttle: {type: 'boolean', default: true},
	latency: {type: 'string'},
	jitter: {type: 'string'},
	// Hidden: used by tests and the benchmark.
	exitAfterFirstRender: {type: 'boolean', default: false},
	clock: {type: 'string'},
} as const;

export type Command = 'tui' | 'sim' | 'get' | 'events';

export interface AwsFlags {
	profile?: string;
	region?: string;
	endpointUrl?: string;
	readOnly: boolean;
}

export interface ParsedArgs {
	command: Command;
	/** Positional arguments after the command (`get services` → ['services']). */
	args: string[];
	aws: AwsFlags;
	debug: boolean;
	json: boolean;
	cluster?: string;
	services: string[];
	refreshSeconds: number;
	demo: boolean;
	stopped: boolean;
	follow: boolean;
	since?: string;
	grep?: string;
	exitAfterFirstRender: boolean;
	sim: SimArgs;
}

export interface SimArgs {
	port: number;
	host: string;
	seed: number;
	speed: number;
	scale: number;
	throttle: boolean;
	latencyMs: number;
	jitterMs: number;
	/** 'real' (scaled by speed) or 'manual' (stepped through POST /_sim/clock). */
	clock: 'real' | 'manual';
}

const commands: Record<string, Command> = {sim: 'sim', get: 'get', events: 'events'};

/** Flags each command accepts, beyond the help/version/debug ones. */
const allowed: Record<Command, ReadonlyArray<keyof typeof flagSpec>> = {
	tui: ['profile', 'region', 'endpointUrl', 'readOnly', 'cluster', 'service', 'refresh', 'demo', 'exitAfterFirstRender', 'seed', 'scale', 'speed'],
	get: ['profile', 'region', 'endpointUrl', 'readOnly', 'cluster', 'service', 'stopped', 'json'],
	events: ['profile', 'region', 'endpointUrl', 'readOnly', 'cluster', 'service', 'follow', 'since', 'grep', 'json'],
	sim: ['port', 'host', 'seed', 'speed', 'scale', 'throttle', 'latency', 'jitter', 'clock'],
};

function kebab(name: string): string {
	return name.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`);
}

function number(name: string, value: string | undefined, fallback: number, check: (n: number) => boolean): number {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (value.trim() === '' || !Number.isFinite(n) || !check(n)) {
		throw new UsageError(`--${name}: "${value}" is not a valid value`);
	}
	return n;
}

/** --refresh: seconds from 1 to 3600 (the contract's range), else a usage error saying so. */
function refreshSeconds(value: string | undefined): number {
	const n = number('refresh', value, 2, Number.isFinite);
	if (n < 1 || n > 3600) throw new UsageError(`--refresh: "${value}" is out of range (1 to 3600 seconds)`);
	return n;
}

export function parseArgs(argv: string[], version: string): ParsedArgs {
	const cli = meow(helpText, {
		importMeta: import.meta,
		argv,
		flags: flagSpec as never,
		allowUnknownFlags: true,
		version,
		description: false,
	});
	const flags = cli.flags as Record<string, unknown>;
	const [first, ...rest] = cli.input;
	let command: Command = 'tui';
	let args = cli.input;
	if (first !== undefined) {
		const found = commands[first];
		if (!found) throw new UsageError(`unknown command "${first}"`);
		command = found;
		args = rest;
	}

	const permitted = new Set<string>([...allowed[command], 'debug', 'help', 'version']);
	for (const name of Object.keys(flags)) {
		const value = flags[name];
		const known = name in flagSpec;
		const isDefault = known && value === (flagSpec as Record<string, {default?: unknown}>)[name]!.default;
		const isEmptyList = Array.isArray(value) && value.length === 0;
		if (!known) throw new UsageError(`unknown flag --${kebab(name)}`);
		if (!permitted.has(name) && value !== undefined && !isDefault && !isEmptyList) {
			throw new UsageError(`--${kebab(name)} does not apply to ${command === 'tui' ? 'the TUI' : `"${command}"`}`);
		}
	}

	const services = (flags.service as string[] | undefined) ?? [];
	if (command === 'tui' && services.length > 1) throw new UsageError('--service takes one service in the TUI');
	if (command === 'tui' && services.length > 0 && flags.cluster === undefined) {
		throw new UsageError('--service needs --cluster');
	}
	if (command !== 'tui' && command !== 'sim' && args.length > (command === 'get' ? 1 : 0)) {
		throw new UsageError(`unexpected argument "${args.at(-1)}"`);
	}
	if (command === 'tui' && args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`);

	const str = (name: string) => flags[name] as string | undefined;
	return {
		command,
		args,
		aws: {profile: str('profile'), region: str('region'), endpointUrl: str('endpointUrl'), readOnly: Boolean(flags.readOnly)},
		debug: Boolean(flags.debug),
		json: Boolean(flags.json),
		cluster: str('cluster'),
		services,
		// 1 s to an hour: faster would spend ECS's shared budget for nothing, and past ~24 days
		// (2^31 ms) Node's timers overflow and fire at once.
		refreshSeconds: refreshSeconds(str('refresh')),
		demo: Boolean(flags.demo),
		stopped: Boolean(flags.stopped),
		follow: Boolean(flags.follow),
		since: str('since'),
		grep: str('grep'),
		exitAfterFirstRender: Boolean(flags.exitAfterFirstRender),
		sim: {
			port: number('port', str('port'), 0, n => Number.isInteger(n) && n >= 0 && n < 65536),
			host: str('host') ?? '127.0.0.1',
			seed: number('seed', str('seed'), 1, Number.isInteger),
			speed: number('speed', str('speed'), 1, n => n > 0),
			scale: number('scale', str('scale'), 0, n => Number.isInteger(n) && n >= 0 && n <= 100),
			throttle: flags.throttle !== false,
			latencyMs: number('latency', str('latency'), 0, n => n >= 0),
			jitterMs: number('jitter', str('jitter'), 0, n => n >= 0),
			clock: str('clock') === 'manual' ? 'manual' : 'real',
		},
	};
}
