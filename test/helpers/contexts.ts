// Several contexts in a test: a temp AWS config with profiles whose keys name simulator accounts
// (`sim`, `testing`: the default account 123456789012; `sim-111122223333`: another), and a command
// run in-process with only those files and the given env (never the machine's AWS setup).
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, vi} from 'vitest';
import {parseArgs, type ParsedArgs} from '../../source/cli-args.js';
import {captureOutput} from './run-command.js';
import {startTestSim, type TestSim} from './sim.js';

export interface Profiles {
	dir: string;
	/** Runs `command` on `argv` (`--endpoint-url` added) with stdout and stderr captured. */
	run(command: (parsed: ParsedArgs) => Promise<number>, argv: readonly string[], endpoint: string, env?: Record<string, string>): Promise<{code: number; out: string; err: string}>;
	remove(): void;
}

/** Profiles a and a2 (account 123456789012) and b (111122223333), all in us-east-1. */
export function writeProfiles(): Profiles {
	const dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-ctx-'));
	writeFileSync(path.join(dir, 'config'), ['[profile a]', 'region = us-east-1', '[profile a2]', 'region = us-east-1', '[profile b]', 'region = us-east-1', ''].join('\n'));
	writeFileSync(path.join(dir, 'credentials'), [
		'[a]', 'aws_access_key_id = sim', 'aws_secret_access_key = x',
		'[a2]', 'aws_access_key_id = testing', 'aws_secret_access_key = x',
		'[b]', 'aws_access_key_id = sim-111122223333', 'aws_secret_access_key = x', '',
	].join('\n'));
	return {
		dir,
		async run(command, argv, endpoint, env = {AWS_ACCESS_KEY_ID: 'sim', AWS_SECRET_ACCESS_KEY: 'sim'}) {
			const output = captureOutput();
			vi.stubEnv('AWS_CONFIG_FILE', path.join(dir, 'config'));
			vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(dir, 'credentials'));
			vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
			for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) vi.stubEnv(name, undefined as never);
			for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
			try {
				const code = await command(parseArgs([...argv, '--endpoint-url', endpoint], '0.0.0'));
				return {code, out: output.out(), err: output.err()};
			} finally {
				vi.restoreAllMocks();
			}
		},
		remove: () => rmSync(dir, {recursive: true, force: true}),
	};
}

/**
 * A suite's simulator (with --fleet) and profiles: both made before its tests, then `setup` (which
 * keeps them where the suite's tests read them); env stubs, mocks and faults cleared after each
 * test; both gone after the suite.
 */
export function fleetSuite(setup: (t: TestSim, profiles: Profiles) => Promise<void> | void): void {
	let sim: TestSim | undefined;
	let profiles: Profiles | undefined;
	beforeAll(async () => {
		sim = await startTestSim({fleet: true});
		profiles = writeProfiles();
		await setup(sim, profiles);
	});
	afterAll(async () => {
		await sim?.close();
		profiles?.remove();
	});
	afterEach(async () => {
		vi.restoreAllMocks();
		vi.unstubAllEnvs();
		await sim?.faults({});
	});
}

