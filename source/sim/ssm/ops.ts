// AWS Systems Manager Session Manager for ECS targets, in AWS JSON 1.1 (X-Amz-Target
// AmazonSSM.<Op>, as @aws-sdk/client-ssm sends it): StartSession, TerminateSession, ResumeSession
// and DescribeSessions. A target is an ECS Exec agent, `ecs:<cluster>_<task id>_<runtime id>`, the form
// the AWS CLI and e1s build from DescribeTasks; anything SSM cannot reach answers TargetNotConnected.
// SSM's error shapes carry `Message` (capital M) and names without "Exception" (TargetNotConnected,
// InvalidDocument, InvalidParameters); server.ts writes SSM errors that way.
//
// The stream URL a session returns points at the simulator's data channel (data-channel/).
import {execRefusal} from '../exec.js';
import {seconds, SimError, type Body} from '../protocol.js';
import {SIM_CALLER, type SessionRec} from '../sessions.js';
import {DEFAULT_DOCUMENT, sessionDocuments} from './documents.js';
import type {World} from '../world.js';

export const SSM_TARGET_PREFIX = 'AmazonSSM.';

type Handler = (world: World, body: Body) => unknown;

/** AWS's generic validation wording ("1 validation error detected: …"), which SSM sends for request-shape errors. */
const validation = (field: string, value: unknown, constraint: string) =>
	new SimError('ValidationException', `1 validation error detected: Value ${value === undefined || value === null ? 'null' : `'${String(value)}'`} at '${field}' failed to satisfy constraint: ${constraint}`);

function str(body: Body, key: string, field: string, required: boolean): string | undefined {
	const value = body[key];
	if (value === undefined || value === null) {
		if (required) throw validation(field, value, 'Member must not be null');
		return undefined;
	}
	if (typeof value !== 'string') throw new SimError('SerializationException', `${key} must be a string.`);
	if (value === '') throw validation(field, value, 'Member must have length greater than or equal to 1');
	return value;
}

/** `ecs:<cluster>_<task id>_<runtime id>`: cluster names may hold `_`, task and runtime IDs never do. */
function parseTarget(target: string): {cluster: string; taskId: string; runtimeId: string} | undefined {
	if (!target.startsWith('ecs:')) return undefined;
	const parts = target.slice(4).split('_');
	if (parts.length < 3) return undefined;
	const runtimeId = parts.pop()!;
	const taskId = parts.pop()!;
	return {cluster: parts.join('_'), taskId, runtimeId};
}

/** The document name from a name or an SSM document ARN (`arn:aws:ssm:<region>::document/<name>`). */
function documentName(ref: string): string {
	const at = ref.startsWith('arn:') ? ref.indexOf(':document/') : -1;
	return at === -1 ? ref : ref.slice(at + ':document/'.length);
}

/** Parameters against the document: known names only, string lists, allowed patterns, required ones present; defaults filled in. */
function checkParameters(name: string, given: unknown): Record<string, string[]> {
	const doc = sessionDocuments[name]!;
	if (given !== undefined && (typeof given !== 'object' || given === null || Array.isArray(given))) throw new SimError('SerializationException', 'Parameters must be a map of string lists.');
	const params = (given ?? {}) as Record<string, unknown>;
	const out: Record<string, string[]> = {};
	// SSM's answer to a parameter the document does not define, and (not confirmed) to a missing required one.
	const unsupported = () => new SimError('InvalidParameters', 'Parameters provided in document are invalid or not supported.');
	for (const [key, values] of Object.entries(params)) {
		const spec = Object.hasOwn(doc.parameters, key) ? doc.parameters[key] : undefined;
		if (!spec) throw unsupported();
		if (!Array.isArray(values) || values.some(v => typeof v !== 'string')) throw new SimError('SerializationException', `Parameters.${key} must be a list of strings.`);
		for (const value of values as string[]) {
			if (spec.allowedPattern && !new RegExp(spec.allowedPattern).test(value)) {
				throw new SimError('InvalidParameters', `Parameter "${key}" has value "${value}" not matching "${spec.allowedPattern}".`);
			}
		}
		out[key] = values as string[];
	}
	for (const [key, spec] of Object.entries(doc.parameters)) {
		if (out[key]?.length) continue;
		if (spec.required) throw unsupported();
		if (spec.default !== undefined) out[key] = [spec.default];
	}
	return out;
}

function sessionWire(s: SessionRec) {
	return {
		SessionId: s.id,
		Target: s.target,
		Status: s.status,
		StartDate: seconds(s.startedAt),
		EndDate: seconds(s.endedAt),
		DocumentName: s.documentName,
		Owner: s.owner,
		Reason: s.reason,
		AccessType: 'Standard',
	};
}

const FILTER_KEYS = ['InvokedAfter', 'InvokedBefore', 'Target', 'Owner', 'Status', 'SessionId', 'AccessType'];

function sessionFilter(filters: unknown): (s: SessionRec) => boolean {
	if (filters === undefined || filters === null) return () => true;
	if (!Array.isArray(filters) || filters.length > 6) throw validation('filters', undefined, 'Member must have length less than or equal to 6');
	const checks = filters.map((f: {key?: unknown; value?: unknown}) => {
		const key = f?.key;
		const value = f?.value;
		if (typeof key !== 'string' || !FILTER_KEYS.includes(key)) throw validation('filters.member.key', key, `Member must satisfy enum value set: [${FILTER_KEYS.join(', ')}]`);
		if (typeof value !== 'string' || value === '') throw validation('filters.member.value', value, 'Member must have length greater than or equal to 1');
		const time = Date.parse(value);
		switch (key) {
			case 'InvokedAfter': return (s: SessionRec) => s.startedAt >= time;
			case 'InvokedBefore': return (s: SessionRec) => s.startedAt <= time;
			case 'Target': return (s: SessionRec) => s.target === value;
			case 'Owner': return (s: SessionRec) => s.owner === value;
			case 'Status': return (s: SessionRec) => s.status === value;
			case 'SessionId': return (s: SessionRec) => s.id === value;
			default: return () => value === 'Standard';
		}
	});
	return s => checks.every(check => check(s));
}

export const ssmOperations: Record<string, Handler> = {
	StartSession(world, body) {
		const target = str(body, 'Target', 'target', true)!;
		const ref = str(body, 'DocumentName', 'documentName', false);
		const reason = str(body, 'Reason', 'reason', false);
		const name = ref === undefined ? DEFAULT_DOCUMENT : documentName(ref);
		// The document and its parameters first, then the target: the simulator's order (SSM's is not documented).
		if (!Object.hasOwn(sessionDocuments, name)) throw new SimError('InvalidDocument', `Document with name ${name} does not exist.`);
		const parameters = checkParameters(name, body.Parameters);
		// SSM's TargetNotConnected wording ("<target> is not connected.") for every target it cannot reach.
		const notConnected = () => new SimError('TargetNotConnected', `${target} is not connected.`);
		const parsed = parseTarget(target);
		const cluster = parsed && world.findCluster(parsed.cluster);
		const task = parsed && cluster && !parsed.cluster.startsWith('arn:') ? cluster.tasks.get(parsed.taskId) : undefined;
		const container = task?.everRunning ? task.containers.find(c => c.runtimeId === parsed!.runtimeId) : undefined;
		if (!task || !container || execRefusal(task, container)) throw notConnected();
		const session = world.sessions.start({
			kind: 'ssm',
			target,
			task,
			containerName: container.name,
			documentName: name,
			parameters,
			reason,
			owner: `arn:aws:iam::${world.accountId}:user/${SIM_CALLER}`,
			startedAt: world.now(),
			region: world.region,
			caller: SIM_CALLER,
		});
		return {SessionId: session.id, TokenValue: session.tokenValue, StreamUrl: session.streamUrl};
	},

	TerminateSession(world, body) {
		const id = str(body, 'SessionId', 'sessionId', true)!;
		// An unknown or already ended session is no error: SSM answers with the id either way.
		world.sessions.terminate(id, world.now());
		return {SessionId: id};
	},

	// session-manager-plugin calls it after its data channel broke, then reconnects with the new token
	// (sessionhandler.go ResumeSessionHandler); an ended session answers without a token, which the
	// plugin reports as timed out. Not confirmed against SSM: DoesNotExistException for an unknown id.
	ResumeSession(world, body) {
		const id = str(body, 'SessionId', 'sessionId', true)!;
		const open = world.sessions.resume(id);
		if (open) return {SessionId: id, TokenValue: open.tokenValue, StreamUrl: open.streamUrl};
		if (world.sessions.find(id)) return {SessionId: id};
		throw new SimError('DoesNotExistException', `Session ${id} does not exist.`);
	},

	DescribeSessions(world, body) {
		const state = body.State;
		if (state !== 'Active' && state !== 'History') throw validation('state', state, 'Member must satisfy enum value set: [Active, History]');
		const max = body.MaxResults ?? 20;
		if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 200) throw validation('maxResults', max, 'Member must have value less than or equal to 200');
		const keep = sessionFilter(body.Filters);
		const pool = state === 'Active' ? [...world.sessions.open.values()] : [...world.sessions.history].reverse();
		const matching = pool.filter(keep);
		const token = body.NextToken;
		const offset = token === undefined || token === null ? 0 : Number.parseInt(Buffer.from(String(token), 'base64').toString('utf8'), 10);
		if (!Number.isInteger(offset) || offset < 0 || offset > matching.length) throw new SimError('InvalidNextToken', 'The specified token isn\'t valid.');
		const page = matching.slice(offset, offset + max);
		const next = offset + max < matching.length ? Buffer.from(String(offset + max)).toString('base64') : undefined;
		return {Sessions: page.map(sessionWire), NextToken: next};
	},
};
