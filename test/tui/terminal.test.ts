// terminal.ts in a child process: crashes end in one line on stderr and exit 1, signals in
// 128+n, after cleanup (the tmux end-to-end tests check the screen itself is restored).
import {spawn} from 'node:child_process';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {oneLine} from '../../source/commands/terminal.js';

const terminal = path.resolve(import.meta.dirname, '..', '..', 'source', 'commands', 'terminal.ts');

function run(body: string, onStart?: (pid: number) => void): Promise<{code: number | null; stderr: string; stdout: string}> {
	const script = `import {guardTerminal} from ${JSON.stringify(terminal)};\nguardTerminal({cleanup: () => process.stdout.write('cleanup\\n')});\nprocess.stdout.write('ready\\n');\n${body}`;
	const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (d: Buffer) => {
		stdout += d.toString();
		if (stdout.includes('ready') && onStart) {
			onStart(child.pid!);
			onStart = undefined;
		}
	});
	child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
	return new Promise(resolve => child.on('close', code => resolve({code, stderr, stdout})));
}

describe('terminal restore', () => {
	it('an uncaught exception: one line, cleanup, exit 1', async () => {
		const result = await run(`setTimeout(() => { throw new Error('boom\\nat somewhere'); }, 0);`);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe('ecs-top: boom\n');
		expect(result.stdout).toContain('cleanup');
	});

	it('an unhandled rejection: one line, exit 1', async () => {
		const result = await run(`Promise.reject(new Error('nope'));`);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe('ecs-top: nope\n');
	});

	it('SIGTERM exits 143 and SIGHUP 129, after cleanup', async () => {
		for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
			const result = await run(`setInterval(() => {}, 1000);`, pid => process.kill(pid, signal));
			expect(result.code).toBe(code);
			expect(result.stdout).toContain('cleanup');
		}
	});

	it('keeps messages to one clean line', () => {
		expect(oneLine(new Error('a\u001B[31mb\nc'))).toBe('a[31mb');
	});
});
