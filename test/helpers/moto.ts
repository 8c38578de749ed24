// moto (github.com/getmoto/moto) as a second, independent ECS emulator for cross-checks.
// `python3 -m moto.server` runs on a free loopback port; tests skip when moto is not installed.
import {type ChildProcess, spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';

export interface MotoRequest {
	method: string;
	url: string;
	/** The ECS operation from `X-Amz-Target`, or '' for other requests. */
	operation: string;
	headers: Record<string, string>;
	/** The request body parsed as JSON (undefined when empty or not JSON). */
	body: unknown;
}

export interface Moto {
	endpoint: string;
	close(): Promise<void>;
	/** Starts moto's request recorder (off at start); `recordedRequests` then returns what was sent. */
	startRecording(): Promise<void>;
	stopRecording(): Promise<void>;
	/** Erases what the recorder has kept so far. */
	resetRecording(): Promise<void>;
	recordedRequests(): Promise<MotoRequest[]>;
}

let availability: {ok: boolean; reason: string} | undefined;

/** Whether `python3 -m moto.server` can run here, and why not. Cached. */
export function motoAvailable(): {ok: boolean; reason: string} {
	if (!availability) {
		const probe = spawnSync('python3', ['-c', 'import moto, moto.server, flask; print(moto.__version__)'], {encoding: 'utf8', timeout: 20_000});
		availability = probe.status === 0
			? {ok: true, reason: `moto ${probe.stdout.trim()}`}
			: {ok: false, reason: `moto is not installed (python3 -c "import moto.server" failed: ${(probe.error?.message ?? probe.stderr.trim().split('\n').at(-1)) ?? 'unknown'}); pip install 'moto[server]' to run the cross-check`};
	}

	return availability;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as net.AddressInfo;
			server.close(() => {
				resolve(port);
			});
		});
	});
}

async function post(url: string, body?: unknown): Promise<string> {
	const res = await fetch(url, {method: 'POST', body: body === undefined ? undefined : JSON.stringify(body)});
	const text = await res.text();
	if (!res.ok) throw new Error(`moto ${url}: HTTP ${res.status} ${text.slice(0, 200)}`);
	return text;
}

async function exited(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	await new Promise<void>(resolve => {
		child.once('exit', () => {
			resolve();
		});
	});
}

export async function startMoto(options: {timeoutMs?: number} = {}): Promise<Moto> {
	const dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-moto-'));
	let lastError: unknown;
	// A port picked then released can be taken by someone else before moto binds it: retry.
	for (let attempt = 0; attempt < 3; attempt++) {
		const port = await freePort();
		const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
			cwd: dir,
			env: {...process.env, MOTO_RECORDER_FILEPATH: path.join(dir, 'recording.jsonl')},
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		let stderr = '';
		child.stderr!.on('data', (chunk: Buffer) => {
			stderr = (stderr + chunk.toString()).slice(-4000);
		});
		const endpoint = `http://127.0.0.1:${port}`;
		try {
			await waitReady(endpoint, child, () => stderr, options.timeoutMs ?? 30_000);
			// Tasks would otherwise move on each time they are described; keep them where RunTask put them.
			await post(`${endpoint}/moto-api/state-manager/set-transition`, {model_name: 'ecs::task', transition: {progression: 'manual', times: 999_999}});
			return handle(endpoint, child, dir);
		} catch (error) {
			lastError = error;
			child.kill('SIGKILL');
			await exited(child);
		}
	}

	rmSync(dir, {recursive: true, force: true});
	throw lastError;
}

async function waitReady(endpoint: string, child: ChildProcess, stderr: () => string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode}: ${stderr().trim().split('\n').at(-1) ?? ''}`);
		try {
			const res = await fetch(`${endpoint}/moto-api/data.json`);
			await res.arrayBuffer();
			if (res.ok) return;
		} catch {
			// Not listening yet.
		}

		await new Promise(resolve => {
			setTimeout(resolve, 100);
		});
	}

	throw new Error(`moto did not answer on ${endpoint} within ${timeoutMs} ms: ${stderr().trim().split('\n').at(-1) ?? ''}`);
}

function handle(endpoint: string, child: ChildProcess, dir: string): Moto {
	return {
		endpoint,
		async close() {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
			await exited(child);
			clearTimeout(timer);
			rmSync(dir, {recursive: true, force: true});
		},
		async startRecording() {
			await post(`${endpoint}/moto-api/recorder/start-recording`);
		},
		async stopRecording() {
			await post(`${endpoint}/moto-api/recorder/stop-recording`);
		},
		async resetRecording() {
			await post(`${endpoint}/moto-api/recorder/reset-recording`);
		},
		async recordedRequests() {
			return motoRecordedRequests(endpoint);
		},
	};
}

/** The requests moto recorded since `startRecording` (GET /moto-api/recorder/download-recording). */
export async function motoRecordedRequests(endpoint: string): Promise<MotoRequest[]> {
	const res = await fetch(`${endpoint}/moto-api/recorder/download-recording`);
	const text = await res.text();
	if (!res.ok) throw new Error(`moto download-recording: HTTP ${res.status}`);
	return text.split('\n').filter(line => line.trim() !== '').map(line => parseEntry(JSON.parse(line) as RawEntry));
}

interface RawEntry {
	method?: string;
	url?: string;
	headers?: Record<string, string>;
	body?: string | null;
	body_encoded?: boolean;
}

function parseEntry(entry: RawEntry): MotoRequest {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(entry.headers ?? {})) headers[name.toLowerCase()] = value;
	const raw = entry.body_encoded && entry.body ? Buffer.from(entry.body, 'base64').toString('utf8') : entry.body ?? '';
	let body: unknown;
	try {
		body = raw === '' ? undefined : JSON.parse(raw);
	} catch {
		body = undefined;
	}

	return {
		method: entry.method ?? '',
		url: entry.url ?? '',
		operation: (headers['x-amz-target'] ?? '').split('.').pop() ?? '',
		headers,
		body,
	};
}

/** A raw EC2 Query call to moto (we ship no EC2 client); moto does not check signatures, but takes the region from the scope. */
async function ec2(endpoint: string, params: Record<string, string>, region = 'us-east-1'): Promise<string> {
	const res = await fetch(`${endpoint}/`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			Authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${region}/ec2/aws4_request, SignedHeaders=host, Signature=00`,
		},
		body: new URLSearchParams({Version: '2016-11-15', ...params}).toString(),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`moto EC2 ${params.Action}: HTTP ${res.status} ${text.slice(0, 300)}`);
	return text;
}

/** Launches a moto EC2 instance (moto refuses RegisterContainerInstance for unknown instance IDs); returns its ID. */
export async function motoRunInstance(endpoint: string, instanceType = 'm5.large', region = 'us-east-1'): Promise<string> {
	// aws ec2 run-instances --image-id ami-12c6146b --count 1 --instance-type m5.large --region R
	const xml = await ec2(endpoint, {Action: 'RunInstances', ImageId: 'ami-12c6146b', MinCount: '1', MaxCount: '1', InstanceType: instanceType}, region);
	const id = /<instanceId>(i-[\da-f]+)<\/instanceId>/.exec(xml)?.[1];
	if (!id) throw new Error('moto RunInstances: no instanceId in the answer');
	return id;
}

/** One of the default VPC's subnets (moto's Fargate RunTask creates an ENI in a real subnet). */
export async function motoDefaultSubnet(endpoint: string): Promise<string> {
	// aws ec2 describe-subnets
	const xml = await ec2(endpoint, {Action: 'DescribeSubnets'});
	const id = /<subnetId>(subnet-[\da-f]+)<\/subnetId>/.exec(xml)?.[1];
	if (!id) throw new Error('moto DescribeSubnets: no subnet');
	return id;
}

/** The instance identity document RegisterContainerInstance takes (what the ECS agent sends). */
export function instanceIdentityDocument(instanceId: string, instanceType = 'm5.large', availabilityZone = 'us-east-1a', region = 'us-east-1'): string {
	return JSON.stringify({
		accountId: '123456789012',
		architecture: 'x86_64',
		availabilityZone,
		imageId: 'ami-12c6146b',
		instanceId,
		instanceType,
		pendingTime: '2026-01-01T00:00:00Z',
		privateIp: '10.0.0.10',
		region,
		version: '2017-09-30',
	});
}
