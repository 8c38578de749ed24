// Runs a command (runGet, runEvents…) in-process against an endpoint with stdout and stderr
// captured (not a TTY: no colour) and static test keys, restoring both afterwards.
import {vi} from 'vitest';
import {parseArgs, type ParsedArgs} from '../../source/cli-args.js';

export async function runCaptured(
	command: (parsed: ParsedArgs) => Promise<number>,
	argv: readonly string[],
	endpoint: string,
): Promise<{code: number; out: string; err: string}> {
	const output = captureOutput();
	vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
	vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
	try {
		const code = await command(parseArgs([...argv, '--endpoint-url', endpoint, '--region', 'us-east-1'], '0.0.0'));
		return {code, out: output.out(), err: output.err()};
	} finally {
		vi.restoreAllMocks();
		vi.unstubAllEnvs();
	}
}

/** What an in-process command writes to stdout and stderr, until vi.restoreAllMocks(). */
export function captureOutput(): {out(): string; err(): string} {
	let out = '';
	let err = '';
	const into = (append: (chunk: string) => void) =>
		((chunk: string, cb?: () => void) => {
			append(chunk);
			cb?.();
			return true;
		}) as never;
	vi.spyOn(process.stdout, 'write').mockImplementation(into(chunk => (out += chunk)));
	vi.spyOn(process.stderr, 'write').mockImplementation(into(chunk => (err += chunk)));
	return {out: () => out, err: () => err};
}
