// Credentials from a profile's `credential_process`, with a time limit. The SDK's own process
// provider runs the command with child_process.exec and waits for ever: a command that hangs (a
// login prompt nobody sees, a dead network share) hangs every call, and a child in our process
// group cannot be stopped as a whole. Here the command runs through the shell in a process group
// of its own (spawn with detached: true), its answer is read exactly as the SDK reads it (Version
// 1, AccessKeyId, SecretAccessKey, SessionToken, Expiration), and after the time limit — or when
// ecs-top ends for any reason while it runs — the whole group is killed.
//
// Only for a profile whose credentials the SDK itself would take from credential_process (see
// credentialProcessOf); everything else stays with the SDK's default chain.
import type {ChildProcess} from 'node:child_process';
import {childProcess} from '../child-process.js';
import process from 'node:process';
import {AwsConfigError, credentialProcessFailedMessage, credentialProcessTimeoutMessage} from './errors.js';

type Section = Record<string, string | undefined>;

export interface ProcessCredentials {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
	expiration?: Date;
	credentialScope?: string;
	accountId?: string;
}

/** 15 s, or ECS_TOP_CREDENTIAL_TIMEOUT_MS (a test hook: lets tests see the limit in milliseconds). */
export function credentialTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
	const ms = Number(env.ECS_TOP_CREDENTIAL_TIMEOUT_MS);
	return Number.isFinite(ms) && ms > 0 ? ms : 15_000;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const stringOrAbsent = (value: unknown) => value === undefined || typeof value === 'string';

/**
 * The command the SDK's default chain would run for this profile, in the order its shared-file
 * provider (fromIni) decides: an assume-role profile, static keys and a web-identity profile come
 * before credential_process, and with no profile named, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
 * in the environment come before the default profile. Undefined: leave it to the SDK.
 *
 * An assume-role profile whose source_profile runs a credential_process stays with the SDK (the
 * role is assumed by its internal STS client), and so has no time limit.
 */
export function credentialProcessOf(settings: Section, profile: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
	if (process.platform === 'win32') return undefined;
	if (!profile && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return undefined;
	const s = settings;
	const assumesRole =
		isString(s.role_arn) &&
		stringOrAbsent(s.role_session_name) &&
		stringOrAbsent(s.external_id) &&
		stringOrAbsent(s.mfa_serial) &&
		(isString(s.source_profile) !== isString(s.credential_source));
	if (assumesRole) return undefined;
	if (isString(s.aws_access_key_id) && isString(s.aws_secret_access_key)) return undefined;
	if (isString(s.web_identity_token_file) && isString(s.role_arn)) return undefined;
	return isString(s.credential_process) ? s.credential_process : undefined;
}

// The process groups still running, so that an exit of any kind takes them along.
const running = new Set<number>();
const signalNumbers = {SIGHUP: 1, SIGINT: 2, SIGTERM: 15} as const;
let exitHooked = false;

function killGroup(pid: number): void {
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// Already gone.
	}
}

/** Kills every credential_process group still running (ecs-top is ending). */
export function stopCredentialProcesses(): void {
	for (const pid of running) killGroup(pid);
	running.clear();
	unhookSignals();
}

// The child is in a group of its own, so the terminal's Ctrl-C no longer reaches it: a signal to
// ecs-top kills it here. When nothing else listens for the signal (get, the TUI before its screen
// is up), the handler also ends the process as Node would have, with 128 + n.
const onSignal = (signal: NodeJS.Signals) => {
	const alone = process.listenerCount(signal) === 1;
	stopCredentialProcesses();
	if (alone) process.exit(128 + signalNumbers[signal as keyof typeof signalNumbers]);
};

function hookSignals(): void {
	if (!exitHooked) {
		exitHooked = true;
		// process.exit() and a normal end run 'exit'; an uncaught exception does not, its monitor does.
		process.on('exit', stopCredentialProcesses);
		process.on('uncaughtExceptionMonitor', stopCredentialProcesses);
	}
	for (const signal of Object.keys(signalNumbers)) {
		if (!process.listeners(signal as NodeJS.Signals).includes(onSignal)) process.on(signal, onSignal);
	}
}

function unhookSignals(): void {
	// Only while a child runs: otherwise the listener would change what a signal does.
	for (const signal of Object.keys(signalNumbers)) process.off(signal, onSignal);
}

function firstLine(text: string): string {
	return (text.trim().split('\n')[0] ?? '').trim();
}

// What exec allows by default: a command that writes more is not a credential process.
const maxOutput = 1024 * 1024;

interface Run {
	stdout: string;
}

function run(command: string, profile: string, timeoutMs: number): Promise<Run> {
	return new Promise<Run>((resolve, reject) => {
		let child: ChildProcess;
		try {
			// stdin is /dev/null, not the terminal or a pipe nobody writes to: a command that prompts
			// there reads end-of-file and fails, instead of waiting for an answer that never comes.
			child = childProcess().spawn(command, {shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe']});
		} catch (error) {
			reject(new AwsConfigError('NoCredentials', credentialProcessFailedMessage(profile, (error as Error).message)));
			return;
		}
		const pid = child.pid;
		let stdout = '';
		let stderr = '';
		let settled = false;
		const finish = (error?: Error) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			if (pid !== undefined) {
				running.delete(pid);
				if (running.size === 0) unhookSignals();
			}
			if (error) reject(error);
			else resolve({stdout});
		};
		const timer = setTimeout(() => {
			if (pid !== undefined) killGroup(pid);
			finish(new AwsConfigError('CredentialProcessTimeout', credentialProcessTimeoutMessage(profile, timeoutMs)));
		}, timeoutMs);
		if (pid !== undefined) {
			running.add(pid);
			hookSignals();
		}
		child.stdout!.setEncoding('utf8');
		child.stderr!.setEncoding('utf8');
		child.stdout!.on('data', (chunk: string) => {
			stdout += chunk;
			if (stdout.length > maxOutput) {
				if (pid !== undefined) killGroup(pid);
				finish(new AwsConfigError('NoCredentials', credentialProcessFailedMessage(profile, 'more than 1 MiB of output')));
			}
		});
		child.stderr!.on('data', (chunk: string) => {
			if (stderr.length < 4096) stderr += chunk;
		});
		child.on('error', error => finish(new AwsConfigError('NoCredentials', credentialProcessFailedMessage(profile, error.message))));
		child.on('close', (code, signal) => {
			if (code === 0) return finish();
			const how = signal ? `killed by ${signal}` : `exit code ${code}`;
			const said = firstLine(stderr);
			finish(new AwsConfigError('NoCredentials', credentialProcessFailedMessage(profile, said ? `${how}: ${said}` : how)));
		});
	});
}

/** The SDK's checks on the answer (@aws-sdk/credential-provider-process), with its messages. */
export function parseProcessCredentials(profile: string, stdout: string, settings: Section, now = new Date()): ProcessCredentials {
	let data: Record<string, unknown>;
	try {
		data = JSON.parse(stdout.trim()) as Record<string, unknown>;
	} catch {
		throw new AwsConfigError('NoCredentials', `Profile ${profile} credential_process returned invalid JSON.`);
	}
	if (data?.Version !== 1) throw new AwsConfigError('NoCredentials', `Profile ${profile} credential_process did not return Version 1.`);
	if (data.AccessKeyId === undefined || data.SecretAccessKey === undefined) {
		throw new AwsConfigError('NoCredentials', `Profile ${profile} credential_process returned invalid credentials.`);
	}
	if (data.Expiration && new Date(data.Expiration as string) < now) {
		throw new AwsConfigError('NoCredentials', `Profile ${profile} credential_process returned expired credentials.`);
	}
	const accountId = (data.AccountId as string | undefined) || settings.aws_account_id;
	return {
		accessKeyId: data.AccessKeyId as string,
		secretAccessKey: data.SecretAccessKey as string,
		...(data.SessionToken ? {sessionToken: data.SessionToken as string} : {}),
		...(data.Expiration ? {expiration: new Date(data.Expiration as string)} : {}),
		...(data.CredentialScope ? {credentialScope: data.CredentialScope as string} : {}),
		...(accountId ? {accountId} : {}),
	};
}

/**
 * A credentials provider for the ECS client that runs `command` for `profile` (named in the
 * messages) each time the SDK asks: the SDK memoizes it and asks again only when an Expiration
 * is near, as it does for its own provider.
 */
export function fromCredentialProcess(profile: string, command: string, settings: Section, timeoutMs = credentialTimeoutMs()): () => Promise<ProcessCredentials> {
	return async () => {
		const {stdout} = await run(command, profile, timeoutMs);
		return parseProcessCredentials(profile, stdout, settings);
	};
}
