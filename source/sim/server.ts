// The HTTP front: AWS JSON 1.1 on `POST /` for ECS (X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Op>),
// CloudWatch Logs (Logs_20140328.<Op>) and SSM (AmazonSSM.<Op>), AWS JSON 1.0 for CloudWatch
// (GraniteServiceVersion20100801.<Op>), on one port, told apart by the target's prefix, and the
// loopback-only control endpoints under /_sim/. Each request is counted, then passes the fault
// injector, then the throttle, then its handler; nothing a client sends can crash it. Gzipped
// bodies (the SDK compresses PutMetricData above 10 KiB) are inflated first. Several accounts and
// regions: the world a request reads is its SigV4 scope's (accounts.ts); STS GetCallerIdentity (query
// protocol, a form body) answers with the key's account.
import http from 'node:http';
import {promisify} from 'node:util';
import zlib from 'node:zlib';
import {contextName, contextOfRequest} from './accounts.js';
import {CLOUDWATCH_CONTENT_TYPE, CLOUDWATCH_TARGET_PREFIX, queryErrorHeader} from './cloudwatch/protocol.js';
import {cloudwatchOperations, type CloudWatchSim} from './cloudwatch/service.js';
import {FaultConfigError, type Faults} from './faults.js';
import {LOGS_TARGET_PREFIX, logsOperations} from './logs/ops.js';
import {parseLiveTailBreak, type LiveTail} from './logs/live-tail.js';
import {execOps} from './ops-exec.js';
import {SSM_TARGET_PREFIX, ssmOperations} from './ssm/ops.js';
import type {SessionCounts, SessionRec} from './sessions.js';
import type {DataChannelServer, DataChannelStats} from './ssm/data-channel/server.js';
import type {LogStore} from './logs/store.js';
import {readOps} from './ops-read.js';
import {taskDefOps} from './ops-taskdefs.js';
import {writeOps} from './ops-write.js';
import {SimError, type Body} from './protocol.js';
import {Samples} from './timing.js';
import type {SimClock} from './clock.js';
import type {Throttle} from './throttle.js';
import type {World} from './world.js';

const TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113.';
const MAX_BODY = 4 * 1024 * 1024;
const gunzip = promisify(zlib.gunzip);

type Service = 'ecs' | 'logs' | 'cloudwatch' | 'ssm';
const targetPrefixes: Array<[Service, string]> = [['ecs', TARGET_PREFIX], ['logs', LOGS_TARGET_PREFIX], ['cloudwatch', CLOUDWATCH_TARGET_PREFIX], ['ssm', SSM_TARGET_PREFIX]];
const contentType = (service: Service | undefined) => (service === 'cloudwatch' ? CLOUDWATCH_CONTENT_TYPE : 'application/x-amz-json-1.1');

export const operations: Record<string, (world: World, body: Body) => unknown> = {...readOps, ...taskDefOps, ...writeOps, ...execOps};

export interface Stats {
	calls: Record<string, number>;
	throttled: Record<string, number>;
	errors: Record<string, number>;
	/** Extension: scheduler steps (each catch-up with the clock that had work), measured inside the simulator. */
	scheduler?: {count: number; medianMs: number; p95Ms: number; maxMs: number; timers: number};
	/** Extension: handler time per operation (parse → JSON ready), without network or injected latency. */
	timing?: Record<string, {count: number; medianMs: number; p95Ms: number; maxMs: number}>;
	/** Extension: Live Tail sessions open now and started since the simulator started. */
	liveTailSessions?: {open: number; started: number};
	/** Extension: MetricDataQueries with ReturnData not false over every GetMetricData answered (what AWS bills by). */
	metricsRequested?: number;
	/** Extension: ECS ExecuteCommand sessions open now, and started, terminated (TerminateSession) and ended (task stopped, or the shell exited on the data channel) since the start or the last reset. */
	execSessions?: SessionCounts;
	/** Extension: SSM StartSession sessions, counted the same way. */
	ssmSessions?: SessionCounts;
	/** Extension: calls and throttles per `<account>/<region>` (the top-level counts are the default world's). */
	byContext?: ContextStats;
	/** Extension: the SSM data channel's WebSockets (all worlds): open now, accepted, refused, dropped by the fault. */
	dataChannels?: DataChannelStats;
}

/** One (account, region)'s world and what serves it: its own throttle buckets, logs and metrics. */
export interface WorldDeps {
	world: World;
	throttle: Throttle;
	/** Brings the world up to the clock (real-time mode) before a request reads it. */
	catchUp(): void;
	logs: {store: LogStore; liveTail: LiveTail};
	cloudwatch: CloudWatchSim;
}

export interface ServerDeps extends WorldDeps {
	clock: SimClock;
	faults: Faults;
	advance(seconds: number): void;
	/** The SSM data-channel server (absent: stream URLs lead nowhere and its fault is refused). */
	dataChannels?: DataChannelServer;
	/** The world of another (account, region), made on first use; absent: every request reads the default world. */
	contextFor?(accountId: string, region: string): WorldDeps;
	/** The other worlds made so far (a stats reset refills their buckets too). */
	otherContexts?(): WorldDeps[];
}

/** Extension of /_sim/stats: calls and throttles per `<account>/<region>`, the default world's included. */
export type ContextStats = Record<string, {calls: number; throttled: number}>;

let requestIds = 0;

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/x-amz-json-1.1'): void {
	sendText(res, status, JSON.stringify(body), type);
}

const nextRequestId = () => `5e1d0000-0000-4000-8000-${(++requestIds).toString(16).padStart(12, '0')}`;

function sendText(res: http.ServerResponse, status: number, text: string, type = 'application/x-amz-json-1.1'): void {
	if (res.headersSent || res.destroyed) return;
	res.writeHead(status, {
		'Content-Type': type,
		'Content-Length': Buffer.byteLength(text),
		'x-amzn-RequestId': nextRequestId(),
	});
	res.end(text);
}

function sendError(res: http.ServerResponse, error: SimError, service?: Service): void {
	if (service === 'cloudwatch' && !res.headersSent) res.setHeader('x-amzn-query-error', queryErrorHeader(error.type, error.status));
	// SSM's error shapes name the member `Message`; ECS, Logs and CloudWatch send `message`.
	send(res, error.status, service === 'ssm' ? {__type: error.type, Message: error.message} : {__type: error.type, message: error.message}, contentType(service));
}

async function readBody(req: http.IncomingMessage): Promise<string> {
	const raw = await readRaw(req);
	if (String(req.headers['content-encoding'] ?? '').toLowerCase() !== 'gzip') return raw.toString('utf8');
	try {
		return (await gunzip(raw, {maxOutputLength: MAX_BODY})).toString('utf8');
	} catch (error) {
		throw (error as {code?: string}).code === 'ERR_BUFFER_TOO_LARGE'
			? new SimError('SerializationException', 'Request body too large.', 413)
			: new SimError('SerializationException', 'The request body is not valid gzip.');
	}
}

function readRaw(req: http.IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY) {
				reject(new SimError('SerializationException', 'Request body too large.', 413));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function parseObject(text: string): Body {
	if (text.trim() === '') return {};
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new SimError('SerializationException', 'Start of structure or map found where not expected.');
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new SimError('SerializationException', 'Start of structure or map found where not expected.');
	}
	return value as Body;
}

/** `{"<account>/<region>": "AccessDeniedException", …}`: every call of those contexts fails with that error ({} clears). */
function parseDenyContexts(value: unknown): Map<string, string> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SimError('InvalidParameterException', 'denyContexts must be an object of "<account>/<region>": error type.');
	const out = new Map<string, string>();
	for (const [name, type] of Object.entries(value)) {
		if (!/^\d{12}\/[a-z0-9-]+$/.test(name) || typeof type !== 'string' || !/^[A-Za-z]+$/.test(type)) {
			throw new SimError('InvalidParameterException', `denyContexts: "${name}" must be "<12-digit account>/<region>" with an error type like "AccessDeniedException".`);
		}
		out.set(name, type);
	}
	return out;
}

const xmlEscape = (text: string) => text.replace(/[<>&"']/g, c => `&#${c.charCodeAt(0)};`);

/** STS GetCallerIdentity's answer (query protocol, XML) for the account an access key maps to. */
function callerIdentity(accountId: string, accessKeyId: string | undefined): string {
	const user = xmlEscape((accessKeyId ?? 'sim').replace(/[^A-Za-z0-9+=,.@_-]/g, '') || 'sim');
	return `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::${accountId}:user/${user}</Arn>
    <UserId>AIDASIM${accountId}</UserId>
    <Account>${accountId}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>${nextRequestId()}</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>
`;
}

function sendQueryError(res: http.ServerResponse, type: string, message: string): void {
	const text = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>${xmlEscape(type)}</Code><Message>${xmlEscape(message)}</Message></Error>
  <RequestId>${nextRequestId()}</RequestId>
</ErrorResponse>
`;
	sendText(res, 403, text, 'text/xml');
}

function isLoopback(address: string | undefined): boolean {
	return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export function createSimServer(deps: ServerDeps): {server: http.Server; stats: () => Stats; resetStats: () => void} {
	let stats: Stats = {calls: {}, throttled: {}, errors: {}};
	let byContext: ContextStats = {};
	let timing = new Map<string, Samples>();
	/** `<account>/<region>` → the error type every request of it gets (POST /_sim/faults `denyContexts`). */
	let deniedContexts = new Map<string, string>();
	const defaults = () => ({accountId: deps.world.accountId, region: deps.world.region});
	const report = (): Stats => ({
		...stats,
		scheduler: deps.world.scheduler.stepStats(),
		timing: Object.fromEntries([...timing].map(([op, samples]) => [op, samples.summary()])),
		liveTailSessions: deps.logs.liveTail.stats(),
		metricsRequested: deps.cloudwatch.metricsRequested,
		execSessions: deps.world.sessions.stats('exec'),
		ssmSessions: deps.world.sessions.stats('ssm'),
		byContext: structuredClone(byContext),
		...(deps.dataChannels ? {dataChannels: deps.dataChannels.stats()} : {}),
	});
	const bump = (map: Record<string, number>, op: string) => {
		map[op] = (map[op] ?? 0) + 1;
	};

	async function api(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const target = String(req.headers['x-amz-target'] ?? '');
		const [service, prefix] = targetPrefixes.find(([, p]) => target.startsWith(p)) ?? [];
		const op = prefix ? target.slice(prefix.length) : '';
		let text: string;
		try {
			text = await readBody(req);
		} catch (error) {
			sendError(res, error instanceof SimError ? error : new SimError('SerializationException', 'The request body could not be read.'), service);
			return;
		}
		const key = contextOfRequest(req, defaults());
		const isDefault = key.accountId === deps.world.accountId && key.region === deps.world.region;
		const name = contextName(key);
		const counts = (byContext[name] ??= {calls: 0, throttled: 0});
		if (!op && req.method === 'POST' && (key.service === 'sts' || /(?:^|&)Action=GetCallerIdentity(?:&|$)/.test(text))) {
			counts.calls++;
			if (isDefault) bump(stats.calls, 'GetCallerIdentity');
			const denied = deniedContexts.get(name);
			if (denied) return sendQueryError(res, denied, `User is not authorized in ${name} (simulated).`);
			return sendText(res, 200, callerIdentity(key.accountId, key.accessKeyId), 'text/xml');
		}
		if (req.method !== 'POST' || !op) {
			sendError(res, new SimError('UnknownOperationException', target ? `Unknown operation ${target}.` : 'Missing X-Amz-Target header.'), service);
			return;
		}
		counts.calls++;
		// The top-level counts stay the default world's, as they were before there were several.
		const top: Stats = isDefault ? stats : {calls: {}, throttled: {}, errors: {}};
		bump(top.calls, op);
		const denied = deniedContexts.get(name);
		if (denied) {
			bump(top.errors, op);
			sendError(res, new SimError(denied, `User is not authorized to perform ${op} in ${name} (simulated).`), service);
			return;
		}
		const w: WorldDeps = isDefault || !deps.contextFor ? deps : deps.contextFor(key.accountId, key.region);
		const outcome = await deps.faults.apply(op, req, res, service);
		if (outcome) {
			if (outcome === 'throttled') counts.throttled++;
			bump(outcome === 'throttled' ? top.throttled : top.errors, op);
			return;
		}
		if (!w.throttle.take(op)) {
			counts.throttled++;
			bump(top.throttled, op);
			sendError(res, new SimError('ThrottlingException', 'Rate exceeded'), service);
			return;
		}
		try {
			const started = performance.now();
			const body = parseObject(text);
			w.catchUp();
			if (service === 'logs' && op === 'StartLiveTail') {
				// Validation errors are plain JSON errors; after that the answer is a stream.
				const scope = w.logs.liveTail.validate(body);
				w.logs.liveTail.start(scope, res, nextRequestId());
				return;
			}
			const json = JSON.stringify(handle(w, service!, op, body));
			let samples = timing.get(op);
			if (!samples) timing.set(op, (samples = new Samples(200)));
			samples.add(performance.now() - started);
			sendText(res, 200, json, contentType(service));
		} catch (error) {
			bump(top.errors, op);
			sendError(res, error instanceof SimError ? error : new SimError(service === 'ssm' ? 'InternalServerError' : 'ServerException', 'Internal error in the simulator.', 500), service);
		}
	}

	function handle(w: WorldDeps, service: Service, op: string, body: Body): unknown {
		const call = <T>(table: Record<string, (target: T, body: Body) => unknown>, target: T) => {
			const handler = Object.hasOwn(table, op) ? table[op] : undefined;
			if (!handler) throw new SimError('UnknownOperationException', `The simulator does not implement ${op}.`);
			return handler(target, body);
		};
		if (service === 'logs') return call(logsOperations, w.logs.store);
		if (service === 'cloudwatch') return call(cloudwatchOperations, w.cloudwatch);
		if (service === 'ssm') return call(ssmOperations, w.world);
		return call(operations, w.world);
	}

	async function control(req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<void> {
		const body = parseObject(await readBody(req));
		const key = `${req.method} ${path}`;
		switch (key) {
			case 'GET /_sim/stats':
				return send(res, 200, report(), 'application/json');
			case 'POST /_sim/stats/reset':
				stats = {calls: {}, throttled: {}, errors: {}};
				byContext = {};
				timing = new Map();
				deps.cloudwatch.metricsRequested = 0;
				deps.world.sessions.resetCounts();
				deps.dataChannels?.resetCounts();
				deps.throttle.reset();
				for (const other of deps.otherContexts?.() ?? []) other.throttle.reset();
				return send(res, 200, {ok: true}, 'application/json');
			case 'GET /_sim/sessions':
				return send(res, 200, {sessions: sessionsReport()}, 'application/json');
			case 'POST /_sim/faults':
				return send(res, 200, faults(body), 'application/json');
			case 'GET /_sim/clock':
				deps.catchUp();
				return send(res, 200, clockState(), 'application/json');
			case 'POST /_sim/clock': {
				const advance = body.advanceSeconds;
				if (typeof advance !== 'number' || !Number.isFinite(advance) || advance < 0) throw new SimError('InvalidParameterException', 'advanceSeconds must be a non-negative number.');
				deps.advance(advance);
				return send(res, 200, clockState(), 'application/json');
			}
			case 'POST /_sim/events':
				return send(res, 200, syntheticEvents(body), 'application/json');
			case 'POST /_sim/metrics':
				deps.catchUp();
				return send(res, 200, deps.cloudwatch.inject(body), 'application/json');
			default:
				throw new SimError('NotFound', `No control endpoint ${key}.`, 404);
		}
	}

	/** Every session of the default world, open then ended, with what its data channel carried. */
	function sessionsReport() {
		const {sessions} = deps.world;
		const row = (s: SessionRec) => ({
			sessionId: s.id,
			kind: s.kind,
			target: s.target,
			documentName: s.documentName,
			status: s.status,
			taskId: s.task.id,
			containerName: s.containerName,
			startedAt: new Date(s.startedAt).toISOString(),
			...(s.endedAt === undefined ? {} : {endedAt: new Date(s.endedAt).toISOString()}),
			channel: s.channel ?? null,
		});
		return [...[...sessions.open.values()].map(row), ...sessions.history.map(row)];
	}

	function clockState() {
		const now = deps.world.now();
		return {now: new Date(now).toISOString(), nowMs: now, mode: deps.clock.mode, speed: deps.clock.speed};
	}

	function faults(body: Body) {
		const {deleteCluster, deleteService, throttle, liveTail, denyContexts, dataChannel, ...rest} = body;
		const scheduler = deps.world.scheduler;
		// Checked before anything changes: a bad body changes nothing.
		const liveTailBreak = liveTail === undefined ? undefined : parseLiveTailBreak(liveTail);
		const denials = denyContexts === undefined ? undefined : parseDenyContexts(denyContexts);
		if (dataChannel !== undefined && (dataChannel !== 'drop' || !deps.dataChannels)) throw new SimError('InvalidParameterException', 'dataChannel must be "drop".');
		if (deleteService !== undefined) {
			const ref = deleteService as {cluster?: unknown; service?: unknown};
			const cluster = deps.world.findCluster(typeof ref.cluster === 'string' ? ref.cluster : undefined);
			const svc = cluster && typeof ref.service === 'string' ? deps.world.findService(cluster, ref.service) : undefined;
			if (!svc) throw new SimError('InvalidParameterException', 'deleteService: no such cluster/service.');
			scheduler.deleteService(svc);
		}
		if (deleteCluster !== undefined) {
			const cluster = typeof deleteCluster === 'string' ? deps.world.findCluster(deleteCluster) : undefined;
			if (!cluster) throw new SimError('InvalidParameterException', 'deleteCluster: no such cluster.');
			scheduler.deleteCluster(cluster);
		}
		if (typeof throttle === 'boolean') deps.throttle.configure({enabled: throttle});
		if (denials) deniedContexts = denials;
		if (Object.keys(body).length === 0) {
			deniedContexts = new Map();
			deps.dataChannels?.clearFaults();
		}
		if (Object.keys(body).length === 0 || Object.keys(rest).length > 0) deps.faults.configure(rest);
		// Once, on the sessions open now (later sessions run normally).
		const broken = liveTailBreak ? deps.logs.liveTail.breakAll(liveTailBreak) : undefined;
		const dropped = dataChannel === undefined ? undefined : deps.dataChannels!.drop();
		return {
			ok: true,
			faults: deps.faults.settings,
			...(deniedContexts.size > 0 ? {denyContexts: Object.fromEntries(deniedContexts)} : {}),
			...(broken === undefined ? {} : {liveTailSessionsBroken: broken}),
			...(dropped === undefined ? {} : {dataChannelsDropped: dropped}),
		};
	}

	function syntheticEvents(body: Body) {
		const cluster = deps.world.cluster(typeof body.cluster === 'string' ? body.cluster : undefined);
		const svc = typeof body.service === 'string' ? deps.world.findService(cluster, body.service) : undefined;
		if (!svc) throw new SimError('ServiceNotFoundException', 'Service not found.');
		const count = body.count === undefined ? 1 : body.count;
		if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 10_000) throw new SimError('InvalidParameterException', 'count must be an integer between 1 and 10000.');
		deps.catchUp();
		const ids: string[] = [];
		for (let i = 1; i <= count; i++) {
			const message = typeof body.message === 'string' ? body.message : `(service ${svc.name}) synthetic event ${i} of ${count}.`;
			ids.push(deps.world.addEvent(svc, message).id);
		}
		return {ok: true, ids};
	}

	const server = http.createServer((req, res) => {
		const path = (req.url ?? '/').split('?')[0]!;
		const handle = path.startsWith('/_sim/') || path === '/_sim'
			? isLoopback(req.socket.remoteAddress)
				? control(req, res, path)
				: Promise.reject(new SimError('AccessDeniedException', 'Control endpoints answer only on loopback.', 403))
			: api(req, res);
		handle.catch((error: unknown) => {
			if (error instanceof FaultConfigError) sendError(res, new SimError('InvalidParameterException', error.message));
			else sendError(res, error instanceof SimError ? error : new SimError('ServerException', 'Internal error in the simulator.', 500));
		});
	});
	server.keepAliveTimeout = 5000;
	return {
		server,
		stats: report,
		resetStats: () => {
			stats = {calls: {}, throttled: {}, errors: {}};
			byContext = {};
			timing = new Map();
			deps.cloudwatch.metricsRequested = 0;
			deps.world.sessions.resetCounts();
			deps.dataChannels?.resetCounts();
		},
	};
}
