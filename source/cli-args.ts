// Parses the command line into a command and validated flags, or a request for help (`--help`/`-h`
// anywhere on the line, `ecs-top help [COMMAND]`) or the version. Usage errors are thrown as
// UsageError (exit 2, one line, a pointer to the command's --help); cli.ts prints them.
import meow from 'meow';
import {auditLogPath} from './paths.js';
import type {ConfigFile, Theme} from './config/schema.js';
import {parseForward} from './exec/forward-spec.js';

export class UsageError extends Error {
	override name = 'UsageError';
	/** The command whose --help the message points to (else the one being run). */
	command?: Command;
}

/** A runtime failure with a one-line message for the user (exit 1). */
export class UserError extends Error {
	override name = 'UserError';
}

const flagSpec = {
	profile: {type: 'string'},
	region: {type: 'string'},
	endpointUrl: {type: 'string'},
	readOnly: {type: 'boolean', default: false},
	// Loosens the config file's `readOnly: true` for one run (--read-only always tightens).
	write: {type: 'boolean', default: false},
	cluster: {type: 'string'},
	service: {type: 'string', isMultiple: true},
	refresh: {type: 'string'},
	demo: {type: 'boolean', default: false},
	debug: {type: 'boolean', default: false},
	help: {type: 'boolean', shortFlag: 'h', default: false},
	version: {type: 'boolean', default: false},
	json: {type: 'boolean', default: false},
	stopped: {type: 'boolean', default: false},
	family: {type: 'string'},
	follow: {type: 'boolean', default: false},
	since: {type: 'string'},
	grep: {type: 'string'},
	task: {type: 'string'},
	container: {type: 'string'},
	filterPattern: {type: 'string'},
	live: {type: 'boolean', default: false},
	// No default: the TUI reads metrics unless --no-metrics, `get` only with --metrics.
	metrics: {type: 'boolean'},
	port: {type: 'string'},
	host: {type: 'string'},
	transport: {type: 'string'},
	seed: {type: 'string'},
	speed: {type: 'string'},
	scale: {type: 'string'},
	fleet: {type: 'boolean', default: false},
	logRate: {type: 'string'},
	throttle: {type: 'boolean', default: true},
	latency: {type: 'string'},
	jitter: {type: 'string'},
	background: {type: 'boolean', shortFlag: 'b', default: false},
	// Hidden: used by tests and the benchmark.
	exitAfterFirstRender: {type: 'boolean', default: false},
	clock: {type: 'string'},
	// Hidden: what the completion scripts call at Tab (`completion --list profiles`).
	list: {type: 'string'},
	resolve: {type: 'boolean', default: false},
} as const;

type FlagName = keyof typeof flagSpec;

export type Command = 'tui' | 'sim' | 'get' | 'events' | 'logs' | 'exec' | 'port-forward' | 'config' | 'info' | 'completion';

/** Where an effective setting came from, highest first. */
export type Origin = 'flag' | 'env' | 'file' | 'default';

export interface Setting<T> {
	value: T;
	origin: Origin;
	/** The environment variable it came from (origin env). */
	variable?: string;
}

/** The merged settings (flag > environment > config file > default), each with its origin. */
export interface Settings {
	configPath?: string;
	configExists: boolean;
	profile: Setting<string | undefined>;
	region: Setting<string | undefined>;
	refresh: Setting<number>;
	readOnly: Setting<boolean>;
	cluster: Setting<string | undefined>;
	theme: Setting<Theme>;
	metrics: Setting<boolean | undefined>;
	execCommand: Setting<string | undefined>;
	columns: Setting<Partial<Record<string, string[]>>>;
	aliases: Setting<Record<string, string>>;
}

/** What parseCommandLine reads besides argv: the config file (loaded only for a command that runs) and the environment. */
export interface ParseSources {
	config?: () => ConfigFile;
	env?: NodeJS.ProcessEnv;
}

/**
 * How an exec or port-forward session is carried: AWS's session-manager-plugin, ecs-top's own
 * data-channel client, or `auto` (the plugin when it is on PATH, else the built-in client).
 */
export type {Transport} from './exec/transport.js';
import type {Transport} from './exec/transport.js';

export interface ForwardArgs {
	/** 0: a free port on 127.0.0.1. */
	localPort: number;
	remotePort: number;
	/** --host: forward through the task to this host. */
	remoteHost?: string;
}

export interface AwsFlags {
	/** The first of --profile's list (the one profile, for everything that reads one context). */
	profile?: string;
	/** The first of --region's list. */
	region?: string;
	/** --profile a,b: every profile given, duplicates removed (empty: not given). */
	profiles: string[];
	/** --region r1,r2: likewise. */
	regions: string[];
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
	/** get taskdefs: the family whose revisions to list. */
	family?: string;
	follow: boolean;
	since?: string;
	grep?: string;
	/** logs: the task (ID or ARN) whose containers' logs to read. */
	task?: string;
	/** logs: one container only. */
	container?: string;
	/** logs: a CloudWatch filter pattern, matched by the server. */
	filterPattern?: string;
	/** logs: follow with CloudWatch Live Tail instead of polling. */
	live: boolean;
	/** --metrics / --no-metrics; undefined when neither was given (the TUI reads them, get does not). */
	metrics?: boolean;
	/** exec: the command's words, after `--` (none: /bin/sh). */
	commandWords: string[];
	/** exec, port-forward, the TUI: --transport (default auto). */
	transport: Transport;
	/** port-forward: LOCAL:REMOTE and --host. */
	forward?: ForwardArgs;
	exitAfterFirstRender: boolean;
	sim: SimArgs;
	/** The effective settings and where each came from (the TUI's theme, columns, aliases, execCommand are here). */
	settings: Settings;
	/** info --resolve: ask STS for the account. */
	resolveAccount: boolean;
	/** completion: --list (profiles, clusters). */
	list?: string;
}

export interface SimArgs {
	port: number;
	host: string;
	seed: number;
	speed: number;
	scale: number;
	/** Other accounts and regions get a small seeded demo world each (else an empty one). */
	fleet: boolean;
	/** Timed log lines per second per container in the simulated CloudWatch Logs. */
	logRate: number;
	throttle: boolean;
	latencyMs: number;
	jitterMs: number;
	/** 'real' (scaled by speed) or 'manual' (stepped through POST /_sim/clock). */
	clock: 'real' | 'manual';
	/** `sim --background`: start a detached simulator, print its exports and pid, return. */
	background: boolean;
}

/** What the command line asks for: a command to run, or text to print (help, version) and exit 0. */
export type Invocation = {kind: 'run'; parsed: ParsedArgs} | {kind: 'print'; text: string};

const commands: Record<string, Command> = {sim: 'sim', get: 'get', events: 'events', logs: 'logs', exec: 'exec', 'port-forward': 'port-forward', config: 'config', info: 'info', completion: 'completion'};

/** The command names, for the completion scripts. */
export const commandNames: readonly string[] = Object.keys(commands);

// One table per command says which flags it takes and what each does: the parser accepts exactly
// these (plus the common ones), and the command's --help is printed from the same table.

/** A flag in a command's help; `text` undefined: accepted but not shown (tests, the benchmark). */
interface FlagDoc {
	flag: FlagName;
	/** The value's placeholder (`--cluster C`). */
	arg?: string;
	/** Shown instead of `--flag` (`--no-throttle`). */
	label?: string;
	text?: string;
}

interface CommandDoc {
	usage: string[];
	summary: string[];
	sections: Array<{title: string; flags: FlagDoc[]}>;
	examples: string[];
	exits: string[];
}

const awsSection = (readOnly: string, endpoint = 'else AWS_ENDPOINT_URL_ECS, AWS_ENDPOINT_URL, profile', write = false): {title: string; flags: FlagDoc[]} => ({
	title: 'AWS flags (as in the AWS CLI)',
	flags: [
		{flag: 'profile', arg: 'P', text: 'named profile (else AWS_PROFILE, config file); SSO works'},
		{flag: 'region', arg: 'R', text: 'else AWS_REGION, AWS_DEFAULT_REGION, config, profile'},
		{flag: 'endpointUrl', arg: 'URL', text: endpoint},
		{flag: 'readOnly', text: readOnly},
		...(write ? [{flag: 'write' as const, text: 'not read-only though the config file says readOnly: true'}] : []),
	],
});

const commonSection: {title: string; flags: FlagDoc[]} = {
	title: 'Other',
	flags: [
		{flag: 'debug', text: 'show stack traces'},
		{flag: 'help', text: 'this help'},
		{flag: 'version', text: 'print the version'},
	],
};

const docs: Record<Command, CommandDoc> = {
	tui: {
		usage: [
			'ecs-top [flags]               the fullscreen TUI',
			'ecs-top --demo [flags]        the TUI on a built-in simulated ECS',
			'ecs-top get RESOURCE [flags]  clusters, services, tasks, taskdefs, etc.',
			'ecs-top events [flags]        service events; --follow streams them',
			'ecs-top logs [flags]          a service\'s or task\'s CloudWatch logs',
			'ecs-top exec [flags]          a shell in a task\'s container (ECS Exec)',
			'ecs-top port-forward [flags]  a local port to a task\'s port (SSM)',
			'ecs-top sim [flags]           the built-in ECS simulator',
			'ecs-top config | info         effective settings; version, paths, context',
			'ecs-top completion SHELL      a completion script for bash, zsh or fish',
			'ecs-top help [COMMAND]        a command\'s help (as COMMAND --help)',
		],
		summary: ['A fast, keyboard-driven terminal monitor for Amazon ECS.', 'In the TUI, ? lists the keys.'],
		sections: [
			{
				title: 'TUI flags',
				flags: [
					{flag: 'cluster', arg: 'C', text: 'open this cluster (default: the cluster list)'},
					{flag: 'service', arg: 'S', text: 'open this service\'s tasks (needs --cluster)'},
					{flag: 'refresh', arg: 'SECONDS', text: 'refresh of the pane on screen (1 to 3600, default 2)'},
					{flag: 'demo', text: 'run on the built-in simulator (in a child process)'},
					{flag: 'metrics', label: '--no-metrics', text: 'no CPU%/MEM% (no CloudWatch call at all)'},
					{flag: 'transport', arg: 'T', text: 's and F: auto (default), plugin or builtin'},
					{flag: 'exitAfterFirstRender'},
				],
			},
			awsSection('no key or code path can change anything', undefined, true),
			{
				title: 'With --demo (see ecs-top sim --help)',
				flags: [
					{flag: 'seed', arg: 'N', text: 'the simulated world\'s seed (default 1)'},
					{flag: 'speed', arg: 'X', text: 'simulated time runs X times as fast (default 1)'},
					{flag: 'scale', arg: 'N', text: 'add a cluster "big" of N x 100 services (0 to 100)'},
				],
			},
			commonSection,
		],
		examples: ['ecs-top --profile prod --region eu-west-1', 'ecs-top --cluster production --service web', 'ecs-top --demo'],
		exits: ['0 ok (q, Ctrl-C), 1 runtime failure, 2 usage error (also a bad config file),', '128+n after signal n'],
	},
	config: {
		usage: ['ecs-top config [flags]'],
		summary: [
			'The effective settings and where each comes from: a flag, the environment, the',
			'config file or the default (highest first). The file is ECS_TOP_CONFIG, else',
			'$XDG_CONFIG_HOME/ecs-top/config.yaml (~/.config/ecs-top/config.yaml); the',
			'README lists its keys. Give flags to see what they change.',
		],
		sections: [
			{
				title: 'Flags',
				flags: [
					{flag: 'cluster', arg: 'C', text: 'as the TUI\'s --cluster'},
					{flag: 'refresh', arg: 'SECONDS', text: 'as the TUI\'s --refresh'},
					{flag: 'metrics', label: '--no-metrics', text: 'as the TUI\'s --no-metrics'},
					{flag: 'json', text: 'a JSON object: {setting: {value, origin}}'},
				],
			},
			awsSection('as the TUI\'s --read-only', undefined, true),
			commonSection,
		],
		examples: ['ecs-top config', 'ECS_TOP_CONFIG=./team.yaml ecs-top config --json'],
		exits: ['0 ok, 2 usage error or a bad config file (PATH:LINE: reason)'],
	},
	info: {
		usage: ['ecs-top info [flags]'],
		summary: [
			'Version, Node version, platform, the config, state, audit and cache paths, the',
			'resolved context (profile, Region, endpoint), and the optional helpers found on',
			'PATH (session-manager-plugin, a clipboard command). No AWS call unless',
			'--resolve, which asks STS GetCallerIdentity for the account.',
		],
		sections: [
			{
				title: 'Flags',
				flags: [
					{flag: 'resolve', text: 'the account too (one STS GetCallerIdentity call)'},
					{flag: 'json', text: 'a JSON object'},
				],
			},
			awsSection('accepted as everywhere (info changes nothing)'),
			commonSection,
		],
		examples: ['ecs-top info', 'ecs-top info --profile prod --resolve --json'],
		exits: ['0 ok (a context that cannot be resolved is shown as such),', '2 usage error or a bad config file'],
	},
	completion: {
		usage: ['ecs-top completion bash|zsh|fish'],
		summary: [
			'Prints a completion script: commands, flags, --profile from the AWS config',
			'files, --cluster from the names ecs-top last listed (kept 10 minutes in',
			'$XDG_CACHE_HOME/ecs-top/clusters; Tab never calls AWS).',
		],
		sections: [{title: 'Flags', flags: [{flag: 'list'}]}, commonSection],
		examples: [
			'source <(ecs-top completion bash)         # in ~/.bashrc',
			'source <(ecs-top completion zsh)          # in ~/.zshrc',
			'ecs-top completion fish > ~/.config/fish/completions/ecs-top.fish',
		],
		exits: ['0 ok, 2 usage error (no or an unknown shell)'],
	},
	get: {
		usage: ['ecs-top get clusters|services|tasks|instances|taskdefs|deployments', '[flags]'],
		summary: [
			'A complete one-shot read, as a table (the TUI pane\'s columns) or as JSON.',
			'Aliases: cluster, service, svc, task, instance, ci, taskdef, td,',
			'task-definitions, deployment, dp.',
		],
		sections: [
			{
				title: 'Flags',
				flags: [
					{flag: 'cluster', arg: 'C', text: 'the cluster (default: "default"); with clusters: only C'},
					{flag: 'service', arg: 'S', text: 'services, tasks: only these (repeatable); deployments: one'},
					{flag: 'stopped', text: 'tasks: stopped tasks too'},
					{flag: 'family', arg: 'F', text: 'taskdefs: F\'s revisions, newest first (default: families)'},
					{flag: 'metrics', text: 'clusters, services, tasks: CPU% and MEM% (CloudWatch)'},
					{flag: 'json', text: 'a JSON array (ECS\'s field names, ISO-8601 dates)'},
				],
			},
			awsSection('accepted as everywhere (get only reads)'),
			commonSection,
		],
		examples: ['ecs-top get services --cluster production', 'ecs-top get tasks --cluster production --service web --stopped --json', 'ecs-top get taskdefs --family web', 'ecs-top get deployments --cluster production --service web --json'],
		exits: ['0 ok (also when the output pipe closes), 2 usage error,', '1 runtime failure (unknown cluster or service, credentials, region, denied)'],
	},
	events: {
		usage: ['ecs-top events [flags]'],
		summary: [
			'Service events as lines, oldest first: the last 10 per service, or those newer',
			'than --since. Without --service, every service of the cluster.',
			'--profile a,b and --region r1,r2 read every profile x region at once (--cluster',
			'and --service in each): lines start with the context (prod/eu-west-1), --json',
			'objects carry "context"; a context that fails is one line on stderr.',
		],
		sections: [
			{
				title: 'Flags',
				flags: [
					{flag: 'cluster', arg: 'C', text: 'the cluster (default: "default")'},
					{flag: 'service', arg: 'S', text: 'only this service (repeatable)'},
					{flag: 'follow', text: 'keep polling, print new events (Ctrl-C ends it)'},
					{flag: 'since', arg: 'D', text: '30s, 10m, 2h, 1d, 1h30m or an ISO time'},
					{flag: 'grep', arg: 'RE', text: 'only messages matching RE (RE2; (?i) ignores case)'},
					{flag: 'json', text: 'one JSON object per event and line'},
				],
			},
			awsSection('accepted as everywhere (events only reads)'),
			commonSection,
		],
		examples: ['ecs-top events --cluster production --service web --since 1h', 'ecs-top events --cluster production --follow --grep \'unable to place\'', 'ecs-top events --cluster production --region us-east-1,eu-west-1 --json'],
		exits: ['0 ok (also Ctrl-C and a closed output pipe), 1 runtime failure, 2 usage error,', '128+n after signal n (SIGTERM: 143)'],
	},
	logs: {
		usage: ['ecs-top logs --cluster C (--service S | --task T) [flags]'],
		summary: [
			'Container logs from CloudWatch Logs (awslogs), oldest first: the last 100 lines,',
			'or those since --since. A service\'s running and recently stopped tasks are',
			'merged, each line tagged with its task and container:',
			'  2026-11-22T02:00:01.123Z  3f2a9c1b7d4e/web  GET /health 200',
			'Containers that log elsewhere (FireLens, splunk, awslogs without a stream',
			'prefix) are named on stderr with where their logs go.',
			'--profile a,b and --region r1,r2 read every profile x region at once (--live:',
			'one Live Tail session each): lines start with the context (prod/eu-west-1),',
			'--json objects carry "context"; a context that fails is one line on stderr.',
		],
		sections: [
			{
				title: 'Flags',
				flags: [
					{flag: 'cluster', arg: 'C', text: 'the cluster (default: "default")'},
					{flag: 'service', arg: 'S', text: 'every task of this service'},
					{flag: 'task', arg: 'T', text: 'this task (ID or ARN)'},
					{flag: 'container', arg: 'N', text: 'only this container'},
					{flag: 'follow', text: 'keep polling, print new lines (Ctrl-C ends it)'},
					{flag: 'live', text: 'follow with CloudWatch Live Tail (billed per minute)'},
					{flag: 'since', arg: 'D', text: '30s, 10m, 2h, 1d, an ISO time, or task-start'},
					{flag: 'grep', arg: 'RE', text: 'only lines matching RE, here (RE2; (?i) ignores case)'},
					{flag: 'filterPattern', arg: 'P', text: 'a CloudWatch filter pattern, matched by AWS'},
					{flag: 'json', text: 'one JSON object per line'},
				],
			},
			awsSection('accepted as everywhere (logs only reads)'),
			commonSection,
		],
		examples: [
			'ecs-top logs --cluster production --service web --since 10m',
			'ecs-top logs --cluster prod --task 3f2a9c1b7d4e4a0f9b8c7d6e5f4a3b2c --follow',
			'ecs-top logs --cluster prod --service web --container app --live',
			'ecs-top logs --cluster prod --service web --filter-pattern ERROR --json',
			'ecs-top logs --cluster prod --service web --profile prod,staging --follow',
		],
		exits: [
			'0 ok (also Ctrl-C and a closed output pipe), 2 usage error, 1 runtime failure',
			'(unknown cluster, service or task, credentials, access denied),',
			'128+n after signal n (SIGTERM: 143)',
		],
	},
	exec: {
		usage: ['ecs-top exec --cluster C --task T [--container N] [-- COMMAND...]'],
		summary: [
			'An interactive ECS Exec session in a task\'s container (default /bin/sh), run',
			'by AWS\'s session-manager-plugin when it is on PATH, else by ecs-top\'s own',
			'session client (--transport; it does not do KMS-encrypted sessions). Before',
			'anything is sent the task is checked: RUNNING, exec enabled on it, the',
			'container and its ExecuteCommandAgent RUNNING, Fargate 1.4.0+ or ECS agent',
			'1.50.2+. The session start (ExecuteCommand) is appended to the audit log,',
			'never its token.',
		],
		sections: [
			{
				title: 'Flags',
				flags: [
					{flag: 'cluster', arg: 'C', text: 'the cluster (default: "default")'},
					{flag: 'task', arg: 'T', text: 'the task (ID or ARN)'},
					{flag: 'container', arg: 'N', text: 'the container (needed when the task has several)'},
					{flag: 'transport', arg: 'T', text: 'auto (plugin if on PATH, else builtin), plugin, builtin'},
				],
			},
			awsSection('refused: exec opens a session (nothing is sent)', undefined, true),
			commonSection,
		],
		examples: [
			'ecs-top exec --cluster prod --task 3f2a9c1b7d4e4a0f9b8c7d6e5f4a3b2c',
			'ecs-top exec --cluster prod --task "$TASK" --container app -- bash -l',
		],
		exits: [
			'0 the session ended normally (else the session\'s own status), 2 usage error,',
			'1 exec cannot start (one line: the condition and its fix),',
			'128+n after signal n (SIGTERM: 143)',
		],
	},
	'port-forward': {
		usage: ['ecs-top port-forward --cluster C --task T [flags] LOCAL:REMOTE'],
		summary: [
			'Forwards 127.0.0.1:LOCAL to port REMOTE of a task\'s container (with --host, to',
			'H:REMOTE as the task reaches it) through SSM Session Manager until Ctrl-C:',
			'session-manager-plugin if on PATH, else ecs-top\'s own client (one connection',
			'at a time; --transport). The listener binds 127.0.0.1 only;',
			'LOCAL 0 picks a free port. The session\'s start and end (StartSession,',
			'TerminateSession) are appended to the audit log, never its token.',
		],
		sections: [
			{
				title: 'Flags',
				flags: [
					{flag: 'cluster', arg: 'C', text: 'the cluster (default: "default")'},
					{flag: 'task', arg: 'T', text: 'the task (ID or ARN)'},
					{flag: 'container', arg: 'N', text: 'the container (needed when the task has several)'},
					{flag: 'host', arg: 'H', text: 'forward to H:REMOTE through the task (a database…)'},
					{flag: 'transport', arg: 'T', text: 'auto (plugin if on PATH, else builtin), plugin, builtin'},
				],
			},
			awsSection('refused: a forward opens a session (nothing is sent)', 'else AWS_ENDPOINT_URL_ECS (_SSM for SSM), AWS_ENDPOINT_URL', true),
			commonSection,
		],
		examples: [
			'ecs-top port-forward --cluster prod --task "$TASK" 8080:80',
			'ecs-top port-forward --cluster prod --task "$TASK" --host db.internal 0:5432',
		],
		exits: [
			'0 after Ctrl-C, 2 usage error, 1 the forward cannot start or ends on its own',
			'(one line), 128+n after signal n (SIGTERM: 143)',
		],
	},
	sim: {
		usage: ['ecs-top sim [flags]', 'ecs-top sim --background [flags]'],
		summary: [
			'A local ECS endpoint (the real AWS JSON protocol) with a simulated demo world.',
			'It prints export lines for a shell. In the foreground it runs until Ctrl-C; with',
			'--background it starts detached, prints them and ECS_TOP_SIM_PID, and returns.',
		],
		sections: [
			{
				title: 'Flags',
				flags: [
					{flag: 'background', text: 'run detached: print the exports and its pid, return'},
					{flag: 'port', arg: 'N', text: 'port to listen on (default 0: a free one)'},
					{flag: 'host', arg: 'H', text: 'address to listen on (default 127.0.0.1)'},
					{flag: 'seed', arg: 'N', text: 'the simulated world\'s seed (default 1)'},
					{flag: 'speed', arg: 'X', text: 'simulated time runs X times as fast (default 1)'},
					{flag: 'scale', arg: 'N', text: 'add cluster "big": N x 100 services, N x 500 tasks'},
					{flag: 'fleet', text: 'other accounts/regions get small demo worlds too'},
					{flag: 'logRate', arg: 'N', text: 'log lines per second per container (default 0.5)'},
					{flag: 'throttle', label: '--no-throttle', text: 'do not throttle calls as ECS does'},
					{flag: 'latency', arg: 'MS', text: 'delay every response by MS milliseconds'},
					{flag: 'jitter', arg: 'MS', text: 'and by up to MS more, at random'},
					{flag: 'clock'},
				],
			},
			commonSection,
		],
		examples: ['eval "$(ecs-top sim --background)"', 'ecs-top get clusters', 'kill $ECS_TOP_SIM_PID', 'ecs-top sim --port 4566 --scale 10'],
		exits: [
			'0 after Ctrl-C, or once it listens with --background; 1 when it cannot listen,',
			'2 usage error, 128+n after signal n (SIGTERM: 143)',
		],
	},
};

/** Flags each command accepts: its help table's, including the hidden ones. */
/** The commands that read several contexts (every --profile × --region) at once; the TUI shows them as a fleet. */
const multiContext = new Set<Command>(['get', 'events', 'logs', 'tui']);

/** `--profile a,b` / `--region r1,r2`: a comma list without empty items, duplicates removed, in order. */
export function contextList(flag: 'profile' | 'region', value: string | undefined): string[] {
	if (value === undefined) return [];
	const items = value.split(',').map(item => item.trim());
	if (items.some(item => item === '')) throw new UsageError(`--${flag}: "${value}" has an empty item (a comma list like a,b)`);
	return [...new Set(items)];
}

const allowed = Object.fromEntries(
	Object.entries(docs).map(([command, doc]) => [command, doc.sections.flatMap(section => section.flags.map(f => f.flag))]),
) as Record<Command, FlagName[]>;

function flagLabel(doc: FlagDoc): string {
	if (doc.label) return doc.label;
	const short = (flagSpec[doc.flag] as {shortFlag?: string}).shortFlag;
	const long = `--${kebab(doc.flag)}${doc.arg ? ` ${doc.arg}` : ''}`;
	return short ? `-${short}, ${long}` : long;
}

/** The flags a command's help lists (as typed: --no-metrics), and whether each takes a value: for the completion scripts. */
export function commandFlags(command: Command): Array<{name: string; takesValue: boolean}> {
	return docs[command].sections.flatMap(section => section.flags)
		.filter(f => f.text !== undefined)
		.map(f => ({name: f.label ?? `--${kebab(f.flag)}`, takesValue: f.arg !== undefined}));
}

/** A command's --help: usage, what it does, its flags (one line each), examples, exit codes. */
export function helpText(command: Command): string {
	const doc = docs[command];
	const lines: string[] = [];
	lines.push(...doc.usage.map((usage, i) => `${i === 0 ? 'Usage: ' : '       '}${usage}`), '');
	lines.push(...doc.summary, '');
	for (const section of doc.sections) {
		const shown = section.flags.filter(f => f.text !== undefined);
		lines.push(section.title);
		for (const f of shown) {
			const label = flagLabel(f);
			lines.push(`  ${label.padEnd(18)}  ${f.text}`);
		}
		lines.push('');
	}
	lines.push('Examples', ...doc.examples.map(example => `  $ ${example}`), '');
	if (command === 'tui') lines.push(`Mutations are appended to the audit log: ${auditLogPath()}`);
	lines.push('Exit codes', ...doc.exits.map(line => `  ${line}`));
	return `${lines.join('\n')}\n`;
}

function kebab(name: string): string {
	return name.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`);
}

/** `-x` for a one-letter flag, `--long-name` otherwise (as the user typed it). */
function flagName(name: string): string {
	return name.length === 1 ? `-${name}` : `--${kebab(name)}`;
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

/** The command line as a ParsedArgs; a help or version request is an error here (see parseCommandLine). */
export function parseArgs(argv: string[], version: string, sources: ParseSources = {}): ParsedArgs {
	const invocation = parseCommandLine(argv, version, sources);
	if (invocation.kind === 'print') throw new Error('parseArgs: the command line asks for help or the version');
	return invocation.parsed;
}

export function parseCommandLine(argv: string[], version: string, sources: ParseSources = {}): Invocation {
	// Everything after the first `--` is a command's words (`exec … -- ls -la`), never ecs-top's flags:
	// not even --help.
	const dashes = argv.indexOf('--');
	const words = dashes < 0 ? [] : argv.slice(dashes + 1);
	const cli = meow('', {
		importMeta: import.meta,
		argv: dashes < 0 ? argv : argv.slice(0, dashes),
		flags: flagSpec as never,
		allowUnknownFlags: true,
		// A boolean without a default (--metrics) stays undefined when not given.
		booleanDefault: undefined,
		// --help and --version are ours: meow's work only as the sole argument, and exit on their own.
		autoHelp: false,
		autoVersion: false,
		description: false,
	});
	const flags = cli.flags as Record<string, unknown>;
	const [first, ...rest] = cli.input;
	if (first === 'help') {
		// `ecs-top help [COMMAND]`, as git and npm have it.
		if (rest.length > 1) throw new UsageError(`unexpected argument "${rest[1]}"`);
		if (rest[0] === undefined) return {kind: 'print', text: helpText('tui')};
		const topic = commands[rest[0]];
		if (!topic) throw new UsageError(`unknown command "${rest[0]}"`);
		return {kind: 'print', text: helpText(topic)};
	}
	let command: Command = 'tui';
	if (first !== undefined) {
		const found = commands[first];
		if (!found) throw new UsageError(`unknown command "${first}"`);
		command = found;
	}
	// Anywhere on the line, before anything else is checked: asking for help is never a usage error.
	if (flags.help === true) return {kind: 'print', text: helpText(command)};
	if (flags.version === true) return {kind: 'print', text: `${version}\n`};
	try {
		const positional = first === undefined ? cli.input : rest;
		// Other commands take words after `--` as arguments, as the parser always did.
		const exec = command === 'exec' && dashes >= 0;
		return {kind: 'run', parsed: validate(command, exec ? positional : [...positional, ...words], flags, exec ? words : undefined, sources)};
	} catch (error) {
		if (error instanceof UsageError) error.command ??= command;
		throw error;
	}
}

/** LOCAL:REMOTE: REMOTE a port (1–65535), LOCAL one too or 0 (a free one). */
function forwardPorts(value: string | undefined, host: string | undefined): ForwardArgs {
	if (value === undefined) throw new UsageError('port-forward needs LOCAL:REMOTE (e.g. 8080:80)');
	const parsed = parseForward(value);
	if ('error' in parsed) throw new UsageError(parsed.error);
	return {...parsed.spec, ...(host === undefined ? {} : {remoteHost: host})};
}

function transport(value: string | undefined): Transport {
	if (value === undefined || value === 'auto' || value === 'plugin' || value === 'builtin') return value ?? 'auto';
	throw new UsageError(`--transport: "${value}" is not auto, plugin or builtin`);
}

function validate(command: Command, args: string[], flags: Record<string, unknown>, words: string[] | undefined, sources: ParseSources): ParsedArgs {
	const permitted = new Set<string>([...allowed[command], 'debug', 'help', 'version']);
	for (const name of Object.keys(flags)) {
		const value = flags[name];
		const known = name in flagSpec;
		const isDefault = known && value === (flagSpec as Record<string, {default?: unknown}>)[name]!.default;
		const isEmptyList = Array.isArray(value) && value.length === 0;
		if (!known) throw new UsageError(`unknown flag ${flagName(name)}`);
		if (!permitted.has(name) && value !== undefined && !isDefault && !isEmptyList) {
			throw new UsageError(`--${kebab(name)} does not apply to ${command === 'tui' ? 'the TUI' : `"${command}"`}`);
		}
	}

	// The simulator and Tab's completion read no settings: a bad config file must not break them.
	const file = command === 'sim' || command === 'completion' ? undefined : sources.config?.();
	const settings = mergeSettings(command, args, flags, file, sources.env ?? process.env);

	const services = (flags.service as string[] | undefined) ?? [];
	if (command === 'tui' && services.length > 1) throw new UsageError('--service takes one service in the TUI');
	if (command === 'tui' && services.length > 0 && settings.cluster.value === undefined) {
		throw new UsageError('--service needs --cluster');
	}
	if (command === 'exec' && args.length > 0) throw new UsageError(`unexpected argument "${args[0]}" (a command goes after --: exec … -- ${args[0]})`);
	if (command === 'completion' && flags.list === undefined) {
		if (args[0] === undefined) throw new UsageError('completion needs a shell: bash, zsh or fish');
		if (!['bash', 'zsh', 'fish'].includes(args[0])) throw new UsageError(`completion: "${args[0]}" is not bash, zsh or fish`);
	}
	if (command !== 'tui' && command !== 'sim' && args.length > (command === 'get' || command === 'port-forward' || command === 'completion' ? 1 : 0)) {
		throw new UsageError(`unexpected argument "${args.at(-1)}"`);
	}
	if (command === 'tui' && args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`);
	if (command === 'logs') {
		if (services.length > 1) throw new UsageError('--service takes one service in "logs"');
		if (services.length > 0 && flags.task !== undefined) throw new UsageError('--service and --task do not go together: one or the other');
		if (services.length === 0 && flags.task === undefined) throw new UsageError('logs needs --service S or --task T');
		for (const name of ['task', 'container', 'filterPattern'] as const) {
			if (flags[name] !== undefined && String(flags[name]).trim() === '') throw new UsageError(`--${kebab(name)} needs a value`);
		}
	}

	if (command === 'exec' || command === 'port-forward') {
		if (flags.task === undefined) throw new UsageError(`${command} needs --task T`);
		for (const name of ['task', 'container', 'host'] as const) {
			if (flags[name] !== undefined && String(flags[name]).trim() === '') throw new UsageError(`--${kebab(name)} needs a value`);
		}
		if (command === 'exec' && words !== undefined && words.length === 0) throw new UsageError('no command after --');
	}

	const str = (name: string) => flags[name] as string | undefined;
	// A profile or Region from the file acts as the flag would; one from the environment is left to
	// the AWS conventions that read it (client.ts), as before.
	const fromFile = (setting: Setting<string | undefined>) => (setting.origin === 'file' || setting.origin === 'flag' ? setting.value : undefined);
	const profiles = contextList('profile', fromFile(settings.profile));
	const regions = contextList('region', fromFile(settings.region));
	if (!multiContext.has(command)) {
		for (const [flag, list] of [['profile', profiles], ['region', regions]] as const) {
			if (list.length > 1) throw new UsageError(`--${flag} takes one ${flag} in "${command}" (several: get, events, logs and the TUI)`);
		}
	}
	return {
		command,
		args,
		aws: {profile: profiles[0], region: regions[0], profiles, regions, endpointUrl: str('endpointUrl'), readOnly: settings.readOnly.value},
		debug: Boolean(flags.debug),
		json: Boolean(flags.json),
		cluster: settings.cluster.value,
		services,
		// 1 s to an hour: faster would spend ECS's shared budget for nothing, and past ~24 days
		// (2^31 ms) Node's timers overflow and fire at once.
		refreshSeconds: settings.refresh.value,
		demo: Boolean(flags.demo),
		stopped: Boolean(flags.stopped),
		family: str('family'),
		follow: Boolean(flags.follow),
		since: str('since'),
		grep: str('grep'),
		task: str('task'),
		container: str('container'),
		metrics: command === 'tui' ? settings.metrics.value : (flags.metrics as boolean | undefined),
		filterPattern: str('filterPattern'),
		live: Boolean(flags.live),
		commandWords: words ?? [],
		transport: transport(str('transport')),
		...(command === 'port-forward' ? {forward: forwardPorts(args[0], str('host'))} : {}),
		exitAfterFirstRender: Boolean(flags.exitAfterFirstRender),
		sim: {
			port: number('port', str('port'), 0, n => Number.isInteger(n) && n >= 0 && n < 65536),
			host: str('host') ?? '127.0.0.1',
			seed: number('seed', str('seed'), 1, Number.isInteger),
			speed: number('speed', str('speed'), 1, n => n > 0),
			scale: number('scale', str('scale'), 0, n => Number.isInteger(n) && n >= 0 && n <= 100),
			fleet: Boolean(flags.fleet),
			logRate: number('log-rate', str('logRate'), 0.5, n => n > 0 && n <= 1000),
			throttle: flags.throttle !== false,
			latencyMs: number('latency', str('latency'), 0, n => n >= 0),
			jitterMs: number('jitter', str('jitter'), 0, n => n >= 0),
			clock: str('clock') === 'manual' ? 'manual' : 'real',
			background: Boolean(flags.background),
		},
		settings,
		resolveAccount: Boolean(flags.resolve),
		...(str('list') === undefined ? {} : {list: str('list')}),
	};
}

/**
 * Flag > environment > config file > default, for each setting. A file's key acts only where its
 * flag does: its cluster is not `get clusters`' filter, and its metrics (CPU%/MEM%, CloudWatch
 * calls) are the TUI's, not `get`'s (which reads them only when asked). `readOnly: true` in the
 * file is loosened only by --write; --read-only always wins.
 */
function mergeSettings(command: Command, args: string[], flags: Record<string, unknown>, file: ConfigFile | undefined, env: NodeJS.ProcessEnv): Settings {
	const values = file?.values ?? {};
	const permits = (flag: FlagName) => allowed[command].includes(flag);
	const pick = <T>(flag: T | undefined, envValue: [string, string] | undefined, fileValue: T | undefined, fallback: T, applies = true): Setting<T> => {
		if (flag !== undefined) return {value: flag, origin: 'flag'};
		if (envValue) return {value: envValue[1] as T, origin: 'env', variable: envValue[0]};
		if (applies && fileValue !== undefined) return {value: fileValue, origin: 'file'};
		return {value: fallback, origin: 'default'};
	};
	const fromEnv = (...names: string[]): [string, string] | undefined => {
		const name = names.find(n => env[n]);
		return name ? [name, env[name]!] : undefined;
	};
	const str = (name: string) => flags[name] as string | undefined;
	const clustersListing = command === 'get' && (args[0] === 'clusters' || args[0] === 'cluster');
	const readOnly: Setting<boolean> = flags.readOnly === true
		? {value: true, origin: 'flag'}
		: values.readOnly === true && flags.write === true
			? {value: false, origin: 'flag'}
			: values.readOnly === undefined ? {value: false, origin: 'default'} : {value: values.readOnly, origin: 'file'};
	return {
		...(file ? {configPath: file.path} : {}),
		configExists: file?.exists ?? false,
		profile: pick(str('profile'), fromEnv('AWS_PROFILE', 'AWS_DEFAULT_PROFILE'), values.profile, undefined, permits('profile')),
		region: pick(str('region'), fromEnv('AWS_REGION', 'AWS_DEFAULT_REGION'), values.region, undefined, permits('region')),
		// 1 s to an hour: faster would spend ECS's shared budget for nothing, and past ~24 days
		// (2^31 ms) Node's timers overflow and fire at once.
		refresh: pick(str('refresh') === undefined ? undefined : refreshSeconds(str('refresh')), undefined, values.refresh, 2),
		readOnly,
		cluster: pick(str('cluster'), undefined, values.cluster, undefined, permits('cluster') && !clustersListing),
		theme: pick(undefined, undefined, values.theme, 'dark' as Theme),
		metrics: pick(flags.metrics as boolean | undefined, undefined, values.metrics, undefined, command === 'tui' || command === 'config'),
		execCommand: pick(undefined, undefined, values.execCommand, undefined),
		columns: pick(undefined, undefined, values.columns, {}),
		aliases: pick(undefined, undefined, values.aliases, {}),
	};
}
