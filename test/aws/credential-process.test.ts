// A profile's credential_process: answered as the SDK's own process provider answers (same
// credentials, same messages), and one that hangs ends `get`, `events` and the TUI with one line
// and exit 1 after ECS_TOP_CREDENTIAL_TIMEOUT_MS, its process group killed; a signal while it runs
// ends ecs-top at once (143) and takes the group along. The command is a node script in a temp
// directory that writes its pid to a file, so the test can check that it is gone.
import {type ChildProcess, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fromProcess} from '@aws-sdk/credential-provider-process';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {createEcsApi} from '../../source/aws/client.js';
import {credentialProcessOf, parseProcessCredentials} from '../../source/aws/credential-process.js';
import {describeError} from '../../source/aws/errors.js';
import {TmuxSession, tmuxMissing} from '../e2e/tmux.js';
import {bundleNode} from '../helpers/bundle-node.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

let sim: TestSim;
let dir: string;

beforeAll(async () => {
	sim = await startTestSim({world: 'empty'});
	sim.sim.world.addCluster('shop');
});
afterAll(() => sim.close());

beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-credproc-'));
	writeFileSync(path.join(dir, 'credentials'), '');
	vi.stubEnv('HOME', path.join(dir, 'home'));
	vi.stubEnv('AWS_CONFIG_FILE', path.join(dir, 'config'));
	vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(dir, 'credentials'));
	vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
	for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_ECS']) {
		vi.stubEnv(name, undefined);
	}
});

afterEach(() => {
	vi.unstubAllEnvs();
	rmSync(dir, {recursive: true, force: true});
});

const pidFile = () => path.join(dir, 'pid');
const closeGate = () => writeFileSync(`${pidFile()}.gate`, '');
const quote = (text: string) => `"${text}"`;

/**
 * A credential_process that hangs after writing its pid, or (mode "answer") prints `answer`; mode
 * "gate" answers until the test calls closeGate(), and hangs every time after.
 */
function script(mode: 'hang' | 'answer' | 'gate', answer = ''): string {
	const file = path.join(dir, 'credential-process.mjs');
	writeFileSync(path.join(dir, 'answer.json'), answer);
	writeFileSync(
		file,
		`import {existsSync, readFileSync, writeFileSync} from 'node:fs';
const [pidFile, answerFile, mode] = process.argv.slice(2);
if (mode === 'answer' || (mode === 'gate' && !existsSync(pidFile + '.gate'))) {
	process.stdout.write(readFileSync(answerFile, 'utf8'));
} else {
	writeFileSync(pidFile, String(process.pid));
	setInterval(() => {}, 1 << 30);
}
`,
	);
	return [process.execPath, file, pidFile(), path.join(dir, 'answer.json'), mode].map(quote).join(' ');
}

function profile(name: string, command: string): void {
	writeFileSync(path.join(dir, 'config'), `[profile ${name}]\nregion = us-east-1\ncredential_process = ${command}\n`);
}

/** The pid the hanging script wrote, once it has. */
async function hangingPid(): Promise<number> {
	await vi.waitFor(() => expect(existsSync(pidFile()) && readFileSync(pidFile(), 'utf8') !== '').toBe(true), {timeout: 10_000, interval: 20});
	return Number(readFileSync(pidFile(), 'utf8'));
}

/** Gone: no such process, or a zombie (the container's init may never reap it). */
function gone(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
		throw error;
	}
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
	} catch {
		return false;
	}
}

interface Run {
	child: ChildProcess;
	stderr: () => string;
	exit: Promise<number | null>;
}

/** The built binary with the temp config and nothing of the test's own credentials. */
function ecsTop(args: string[], env: Record<string, string> = {}): Run {
	const childEnv: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1', ...env};
	for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_ENDPOINT_URL_ECS']) delete childEnv[name];
	const child = spawn(bundleNode, [cli, ...args, '--endpoint-url', sim.endpoint], {cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe']});
	let err = '';
	child.stderr!.on('data', chunk => (err += chunk));
	child.stdout!.resume();
	const exit = new Promise<number | null>(resolve => child.on('close', (code, signal) => resolve(code ?? (signal ? -1 : null))));
	return {child, stderr: () => err, exit};
}

const valid = (extra: Record<string, unknown> = {}) => JSON.stringify({Version: 1, AccessKeyId: 'AKIDPROC', SecretAccessKey: 'proc-secret', ...extra});

describe('reads the answer as the SDK does', () => {
	const future = new Date(Date.now() + 3_600_000).toISOString();
	const answers = {
		'all fields': valid({SessionToken: 'proc-token', Expiration: future, AccountId: '123456789012', CredentialScope: 'us-east-1'}),
		'keys only': `  ${valid()}\n`,
		'not JSON': 'Password: ',
		'Version 2': JSON.stringify({Version: 2, AccessKeyId: 'a', SecretAccessKey: 'b'}),
		'no secret': JSON.stringify({Version: 1, AccessKeyId: 'a'}),
		expired: valid({Expiration: '2001-01-01T00:00:00Z'}),
	};
	for (const [what, answer] of Object.entries(answers)) {
		it(`${what}: the same credentials or the same message as fromProcess`, async () => {
			profile('p', script('answer', answer));
			const sdk = await fromProcess({profile: 'p'})().then(
				c => ({ok: {accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration, accountId: c.accountId, credentialScope: c.credentialScope}}),
				(error: Error) => ({error: error.message}),
			);
			let ours: object;
			try {
				const c = parseProcessCredentials('p', answer, {});
				ours = {ok: {accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration, accountId: c.accountId, credentialScope: c.credentialScope}};
			} catch (error) {
				ours = {error: (error as Error).message};
			}
			expect(ours).toEqual(sdk);
		});
	}

	it('takes aws_account_id from the profile when the answer has none, as the SDK does', () => {
		expect(parseProcessCredentials('p', valid(), {aws_account_id: '210987654321'}).accountId).toBe('210987654321');
	});
});

describe('which profiles run their credential_process here', () => {
	const command = 'get-creds --json';
	it('the ones whose credentials the SDK would take from it, in fromIni’s order', () => {
		expect(credentialProcessOf({credential_process: command}, 'p', {})).toBe(command);
		// Static keys, an assume-role profile and web identity come first: the SDK's, untouched.
		expect(credentialProcessOf({credential_process: command, aws_access_key_id: 'a', aws_secret_access_key: 'b'}, 'p', {})).toBeUndefined();
		expect(credentialProcessOf({credential_process: command, role_arn: 'arn:aws:iam::1:role/r', source_profile: 'base'}, 'p', {})).toBeUndefined();
		expect(credentialProcessOf({credential_process: command, role_arn: 'arn:aws:iam::1:role/r', web_identity_token_file: '/t'}, 'p', {})).toBeUndefined();
		// A role_arn with neither source is no assume-role profile to the SDK: the process runs.
		expect(credentialProcessOf({credential_process: command, role_arn: 'arn:aws:iam::1:role/r'}, 'p', {})).toBe(command);
		expect(credentialProcessOf({region: 'us-east-1'}, 'p', {})).toBeUndefined();
	});

	it('the default profile only when the environment has no keys (the SDK reads them first); a named one always', () => {
		const env = {AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b'};
		expect(credentialProcessOf({credential_process: command}, undefined, env)).toBeUndefined();
		expect(credentialProcessOf({credential_process: command}, undefined, {AWS_ACCESS_KEY_ID: 'a'})).toBe(command);
		expect(credentialProcessOf({credential_process: command}, 'p', env)).toBe(command);
	});
});

describe('a working credential_process', () => {
	let proxy: Server;
	let endpoint: string;
	const seen: Array<{authorization?: string; token?: string}> = [];

	beforeAll(async () => {
		// Between the client and the simulator (which checks no signature): records how each request was signed.
		proxy = createServer((request, response) => {
			seen.push({authorization: request.headers.authorization, token: request.headers['x-amz-security-token'] as string | undefined});
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', async () => {
				const headers = Object.fromEntries(Object.entries(request.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>;
				const answer = await fetch(`${sim.endpoint}${request.url}`, {method: request.method, headers, body: Buffer.concat(chunks)});
				response.writeHead(answer.status, {'content-type': answer.headers.get('content-type') ?? 'application/json'});
				response.end(Buffer.from(await answer.arrayBuffer()));
			});
		});
		await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
		endpoint = `http://127.0.0.1:${(proxy.address() as {port: number}).port}`;
	});
	afterAll(() => new Promise<void>(resolve => proxy.close(() => resolve())));

	it('signs the calls with the keys and session token it printed', async () => {
		profile('proc', script('answer', valid({SessionToken: 'proc-token', Expiration: new Date(Date.now() + 3_600_000).toISOString()})));
		seen.length = 0;
		const api = createEcsApi({profile: 'proc', endpointUrl: endpoint, readOnly: true, retry: {maxAttempts: 1}});
		expect(await api.listClusterArns()).toEqual([expect.stringContaining(':cluster/shop')]);
		expect(seen).toHaveLength(1);
		expect(seen[0]!.authorization).toMatch(/Credential=AKIDPROC\//);
		expect(seen[0]!.token).toBe('proc-token');
	});

	it('`ecs-top get clusters` prints the simulator’s clusters', async () => {
		profile('proc', script('answer', valid()));
		const get = ecsTop(['get', 'clusters', '--profile', 'proc']);
		expect(await get.exit).toBe(0);
		expect(get.stderr()).toBe('');
	});

	it('a command that fails is named with its exit code and what it said', async () => {
		const failing = path.join(dir, 'failing.mjs');
		writeFileSync(failing, "process.stderr.write('token expired, log in again\\nmore');\nprocess.exit(3);\n");
		profile('broken', [process.execPath, failing].map(quote).join(' '));
		const api = createEcsApi({profile: 'broken', endpointUrl: sim.endpoint, readOnly: true, retry: {maxAttempts: 1}});
		const error = await api.listClusterArns().catch((e: unknown) => e);
		expect(describeError(error).message).toBe('credential_process for profile "broken" failed (exit code 3: token expired, log in again)');
	});
});

describe('a credential_process that hangs', () => {
	const timeout = {ECS_TOP_CREDENTIAL_TIMEOUT_MS: '500'};
	const commands = {
		get: ['get', 'clusters', '--profile', 'hang'],
		events: ['events', '--cluster', 'shop', '--profile', 'hang'],
		'events --follow': ['events', '--cluster', 'shop', '--follow', '--profile', 'hang'],
		// Without a terminal the TUI still checks its credentials first, before touching the screen.
		tui: ['--cluster', 'shop', '--profile', 'hang'],
	};

	for (const [name, args] of Object.entries(commands)) {
		it(`${name}: exits 1 with one line naming the profile, its process group killed`, async () => {
			profile('hang', script('hang'));
			const run = ecsTop(args, timeout);
			const pid = await hangingPid();
			expect(await run.exit).toBe(1);
			expect(run.stderr()).toBe('ecs-top: credential_process for profile "hang" did not answer in 0.5 s\n');
			await vi.waitFor(() => expect(gone(pid)).toBe(true), {timeout: 5000, interval: 20});
		});

		it(`${name}: one SIGTERM while it runs ends ecs-top with 143 and kills it`, async () => {
			profile('hang', script('hang'));
			const run = ecsTop(args, {ECS_TOP_CREDENTIAL_TIMEOUT_MS: '60000'});
			const pid = await hangingPid();
			run.child.kill('SIGTERM');
			expect(await run.exit).toBe(143);
			await vi.waitFor(() => expect(gone(pid)).toBe(true), {timeout: 5000, interval: 20});
		});
	}

	it('the whole group goes, not only the shell: a grandchild too', async () => {
		// sh runs the script in the background and waits: the script is the shell's child.
		profile('hang', `${script('hang')} & wait`);
		const run = ecsTop(commands.get, timeout);
		const pid = await hangingPid();
		expect(await run.exit).toBe(1);
		await vi.waitFor(() => expect(gone(pid)).toBe(true), {timeout: 5000, interval: 20});
	});
});

const missing = tmuxMissing();

describe.skipIf(missing)('the TUI when a refresh of the credentials hangs (tmux)', () => {
	let tui: TmuxSession | undefined;
	afterEach(() => tui?.close());

	/**
	 * Answers with credentials that expire within the SDK's five-minute margin, so that every call
	 * runs the command again, until closeGate(); then the next refresh hangs.
	 */
	function gated(): void {
		profile('flaky', script('gate', valid({SessionToken: 't', Expiration: new Date(Date.now() + 60_000).toISOString()})));
	}
	const env = () => ({
		HOME: path.join(dir, 'home'),
		AWS_CONFIG_FILE: path.join(dir, 'config'),
		AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
		AWS_EC2_METADATA_DISABLED: 'true',
	});
	const unset = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION'];
	const start = (timeoutMs: number) => {
		gated();
		tui = new TmuxSession(['--profile', 'flaky', '--endpoint-url', sim.endpoint, '--refresh', '1'], {columns: 200, rows: 30, env: {...env(), ECS_TOP_CREDENTIAL_TIMEOUT_MS: String(timeoutMs)}, unset});
		return tui;
	};
	const showsShop = (screen: string) => /^>\s+shop\b/m.test(screen);

	it('shows the one-line error and stays responsive', async () => {
		const tui = start(500);
		await tui.waitForScreen(showsShop, 'the cluster list');
		closeGate();
		await tui.waitForScreen(s => s.includes('credential_process for profile "flaky" did not answer in 0.5 s'), 'the error');
		tui.keys('?');
		await tui.waitForScreen(s => s.includes('Keys:'), 'the help');
		tui.keys('q');
		await tui.waitForScreen(s => !s.includes('Keys:'), 'the help closed');
		tui.keys('q');
		const code = await tui.exitCode();
		expect(code, tui.stderr()).toBe(0);
	});

	it('q while it hangs quits at once and kills it', async () => {
		const tui = start(120_000);
		await tui.waitForScreen(showsShop, 'the cluster list');
		closeGate();
		const pid = await hangingPid();
		tui.keys('q');
		expect(await tui.exitCode()).toBe(0);
		expect(gone(pid)).toBe(true);
	});
});
