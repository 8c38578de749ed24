// The built ecs-top with no session-manager-plugin on PATH (so `auto` takes the built-in client)
// against the simulator's ECS, SSM and data channel, through the real SDK: a command's output and
// status, a port forward answered over HTTP, a forward through the task to a host (echo), a dropped
// connection and a KMS-encrypted session each ended with one line and exit 1.
import {ListTasksCommand} from '@aws-sdk/client-ecs';
import net from 'node:net';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {emptyPathDir} from '../helpers/fake-plugin.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import type {SessionRow} from '../helpers/ssm-channel.js';
import {cliHome, runCli, startCli, type CliHome} from './run-cli.js';

let sim: TestSim;
let home: CliHome;
let none: {dir: string; remove(): void};
let taskId: string;

beforeEach(async () => {
	sim = await startTestSim({seed: 1, startTime: Date.UTC(2026, 2, 1)});
	home = cliHome();
	none = emptyPathDir();
	const arns = (await sim.client.send(new ListTasksCommand({cluster: 'production', serviceName: 'web'}))).taskArns!;
	taskId = arns[0]!.split('/').at(-1)!;
});
afterEach(async () => {
	await sim.close();
	home.remove();
	none.remove();
});

const options = () => ({home, pathEnv: none.dir, endpoint: sim.endpoint});
/** The newest session's data channel, as GET /_sim/sessions reports it. */
const lastChannel = async () => ((await sim.control('/_sim/sessions')).sessions as SessionRow[]).at(-1)!.channel!;

/** Connects to 127.0.0.1:port, writes `data` (the connection left open), resolves with what comes back once `until` holds. */
function exchange(port: number, data: string, until: (text: string) => boolean): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1', () => socket.write(data));
		let text = '';
		socket.on('data', chunk => {
			text += chunk.toString();
			if (until(text)) {
				socket.destroy();
				resolve(text);
			}
		});
		socket.on('error', reject);
		socket.on('close', () => resolve(text));
	});
}

describe('the built-in session client against the simulator (no plugin on PATH)', () => {
	it('exec -- hostname prints the task id and exits 0', async () => {
		const result = await runCli(['exec', '--cluster', 'production', '--task', taskId, '--', 'hostname'], options());
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(result.stdout.trim()).toBe(taskId);
		// Audited as before: ExecuteCommand's intent and result.
		expect(home.audit().map(l => [l.operation ?? l.call, l.phase])).toEqual([['ExecuteCommand', 'intent'], ['ExecuteCommand', 'result']]);
		expect(await lastChannel()).toMatchObject({handshake: 'complete'});
	});

	it('port-forward 0:80: an HTTP GET to the local port answers the task id; Ctrl-C ends it with 0 and TerminateSession', async () => {
		const run = startCli(['port-forward', '--cluster', 'production', '--task', taskId, '0:80'], options());
		const line = await run.line(/^forwarding /);
		const port = Number(/^forwarding 127\.0\.0\.1:(\d+) -> [0-9a-f]{12}\/web:80$/.exec(line)![1]);
		const answer = await exchange(port, 'GET / HTTP/1.0\r\nHost: x\r\n\r\n', t => t.includes(`task ${taskId}`));
		expect(answer).toMatch(/^HTTP\/1\.[01] 200/);
		expect(answer).toContain(`task ${taskId}`);
		// The connection closed: the next one is served too (its own smux stream).
		await vi.waitFor(async () => expect((await lastChannel()).portConnections).toBeGreaterThanOrEqual(1), {timeout: 10_000});
		const again = await exchange(port, 'GET / HTTP/1.0\r\nHost: x\r\n\r\n', t => t.includes(`task ${taskId}`));
		expect(again).toContain(`task ${taskId}`);
		run.child.kill('SIGINT');
		expect((await run.exit).code).toBe(0);
		expect((await sim.stats()).ssmSessions).toMatchObject({open: 0, terminated: 1});
	});

	it('port-forward --host: through the task to the remote host (the simulator echoes)', async () => {
		const run = startCli(['port-forward', '--cluster', 'production', '--task', taskId, '--host', 'db.internal', '0:5432'], options());
		const line = await run.line(/^forwarding /);
		expect(line).toMatch(/^forwarding 127\.0\.0\.1:\d+ -> db\.internal:5432 via [0-9a-f]{12}\/web$/);
		const port = Number(/127\.0\.0\.1:(\d+)/.exec(line)![1]);
		expect(await exchange(port, 'ping\n', t => t.includes('ping\n'))).toBe('ping\n');
		run.child.kill('SIGTERM');
		expect((await run.exit).code).toBe(143);
	});

	it('a dropped data channel ends exec with one line and exit 1', async () => {
		const run = startCli(['exec', '--cluster', 'production', '--task', taskId], options());
		// The sandboxed shell's prompt: the session is up.
		await vi.waitFor(() => expect(run.stdout()).toContain('# '), {timeout: 15_000});
		// Its size went first (not a terminal here: the plugin's 300×100).
		await vi.waitFor(async () => expect((await lastChannel()).resizes).toEqual([{cols: 300, rows: 100}]), {timeout: 10_000});
		await sim.faults({dataChannel: 'drop'});
		const {code} = await run.exit;
		expect(code).toBe(1);
		expect(run.stderr()).toMatch(/^ecs-top: the session's connection dropped \(WebSocket closed, code \d+\)\n$/);
	});

	it('a session that requires KMS encryption is refused with the one-line reason, exit 1', async () => {
		sim.sim.world.findCluster('production')!.execKmsKeyId = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
		const result = await runCli(['exec', '--cluster', 'production', '--task', taskId, '--', 'hostname'], options());
		expect(result).toEqual({
			code: 1,
			stdout: '',
			stderr: "ecs-top: this session requires KMS encryption, which ecs-top's built-in client does not do; install session-manager-plugin (https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html) or use --transport plugin\n",
		});
		expect(await lastChannel()).toMatchObject({handshake: 'failed', kmsRequested: true});
	});
});

describe('the built-in forward, one connection at a time', () => {
	it('a second connection while one is open is closed, and stderr says why (the cluster\'s agent is 3.0.100.0)', async () => {
		// An agent before 3.0.196.0, so the agent is what limits the forward (not this client's version).
		sim.sim.world.findCluster('production')!.ssmAgentVersion = '3.0.100.0';
		const run = startCli(['port-forward', '--cluster', 'production', '--task', taskId, '0:80'], options());
		const port = Number(/127\.0\.0\.1:(\d+)/.exec(await run.line(/^forwarding /))![1]);
		const first = net.connect(port, '127.0.0.1');
		await new Promise(resolve => first.on('connect', resolve));
		const second = net.connect(port, '127.0.0.1');
		await new Promise(resolve => second.on('close', resolve));
		await vi.waitFor(() => expect(run.stderr()).toBe('ecs-top: one connection at a time: the agent does not multiplex (agent < 3.0.196.0)\n'), {timeout: 10_000});
		// The first still works.
		first.write('GET / HTTP/1.0\r\n\r\n');
		const text = await new Promise<string>(resolve => {
			let got = '';
			first.on('data', c => {
				got += c.toString();
				if (got.includes(`task ${taskId}`)) resolve(got);
			});
		});
		expect(text).toContain(`task ${taskId}`);
		first.destroy();
		run.child.kill('SIGINT');
		expect((await run.exit).code).toBe(0);
	});
});

describe('the built-in forward, multiplexed (the simulated agent is 3.3.2299.0)', () => {
	it('six HTTP connections open at once are each answered, on a stream of their own', async () => {
		const run = startCli(['port-forward', '--cluster', 'production', '--task', taskId, '0:80'], options());
		const port = Number(/127\.0\.0\.1:(\d+)/.exec(await run.line(/^forwarding /))![1]);
		// Every connection is open before any request is written, so none is over before the next starts.
		const sockets = await Promise.all(Array.from({length: 6}, () => new Promise<net.Socket>((resolve, reject) => {
			const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
			socket.on('error', reject);
		})));
		const answers = sockets.map(socket => new Promise<string>(resolve => {
			let text = '';
			socket.on('data', chunk => (text += chunk.toString()));
			socket.on('close', () => resolve(text));
		}));
		for (const [i, socket] of sockets.entries()) socket.write(`GET /${i} HTTP/1.0\r\nHost: x\r\n\r\n`);
		for (const text of await Promise.all(answers)) {
			expect(text).toMatch(/^HTTP\/1\.[01] 200/);
			expect(text).toContain(`task ${taskId}`);
		}
		expect(run.stderr()).toBe('');
		expect(await lastChannel()).toMatchObject({portMode: 'mux', muxStreams: 6, nopsIn: 0});
		run.child.kill('SIGINT');
		expect((await run.exit).code).toBe(0);
	});

	it('--host: four connections echo 200 KiB each at once, every byte back to its own connection', async () => {
		const run = startCli(['port-forward', '--cluster', 'production', '--task', taskId, '--host', 'db.internal', '0:5432'], options());
		const port = Number(/127\.0\.0\.1:(\d+)/.exec(await run.line(/^forwarding /))![1]);
		const size = 200 * 1024;
		const echoes = Array.from({length: 4}, (_, i) => new Promise<Buffer>((resolve, reject) => {
			// Each connection its own byte pattern, so a byte on the wrong stream shows.
			const payload = Buffer.alloc(size, (i * 61 + 7) % 256);
			payload.writeUInt32BE(i, 0);
			const socket = net.connect(port, '127.0.0.1', () => socket.write(payload));
			const chunks: Buffer[] = [];
			let got = 0;
			socket.on('data', chunk => {
				chunks.push(chunk);
				got += chunk.length;
				if (got >= size) {
					socket.destroy();
					resolve(Buffer.concat(chunks));
				}
			});
			socket.on('error', reject);
		}).then(back => ({i, back})));
		for (const {i, back} of await Promise.all(echoes)) {
			const expected = Buffer.alloc(size, (i * 61 + 7) % 256);
			expected.writeUInt32BE(i, 0);
			expect(back.equals(expected)).toBe(true);
		}
		expect(await lastChannel()).toMatchObject({portMode: 'mux', muxStreams: 4});
		run.child.kill('SIGINT');
		expect((await run.exit).code).toBe(0);
	});
});

