// Runs a command (runGet, runEvents…) in-process against an endpoint with stdout and stderr
// captured (not a TTY: no colour) and static test keys, restoring both afterwards.
import {vi} from 'vitest';
import {parseArgs, type ParsedArgs} from '../../source/cli-args.js';

export async function runCaptured(
	command: (parsed: ParsedArgs) => Promise<number>,
	argv: readonly string[],
	endpoint: string,
): Promise<{code: number; out: string; err: string}> {
	let out = '';
	let err = '';
	vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string, cb?: () => void) => {
		out += chunk;
		cb?.();
		return true;
	}) as never);
	vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string, cb?: () => void) => {
		err += chunk;
		cb?.();
		return true;
	}) as never);
	vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
	vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
	try {
		const code = await command(parseArgs([...argv, '--endpoint-url', endpoint, '--region', 'us-east-1'], '0.0.0'));
		return {code, out, err};
	} finally {
		vi.restoreAllMocks();
		vi.unstubAllEnvs();
	}
}
