// Fault injection for the simulator: latency, 500s (JSON or an HTML page as some emulators and
// proxies send), extra throttling, connection resets and auth errors on chosen operations.
// Configured by the `sim` flags (--latency, --jitter) and by `POST /_sim/faults` (README, "Built-in simulator").
//
// Choices: `{}` clears everything, the start-up latency and jitter included, so a test can always
// return to a clean endpoint; `deny` replaces the whole deny map when given (`"deny": {}` clears it);
// a request gets its latency first and then at most one fault, so fault rates are exact shares of
// the calls (one random draw split into reset | error | throttle ranges; rates must sum to <= 1).
import type http from 'node:http';
import {CLOUDWATCH_CONTENT_TYPE, queryErrorHeader} from './cloudwatch/protocol.js';

export type FaultOutcome = 'error' | 'throttled' | 'reset' | 'denied';

export interface FaultsOptions {
	latencyMs?: number;
	jitterMs?: number;
	random?: () => number;
	sleep?: (ms: number) => Promise<void>;
}

export interface FaultState {
	latencyMs: number;
	jitterMs: number;
	errorRate: number;
	htmlErrors: boolean;
	throttleRate: number;
	resetRate: number;
	deny: Record<string, string>;
}

/** A bad `POST /_sim/faults` body; the server answers 400 with its message. */
export class FaultConfigError extends Error {
	override name = 'FaultConfigError';
}

/** Small deterministic PRNG (mulberry32) so runs with the same seed fail the same calls. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6D_2B_79_F5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const denyMessages: Record<string, (operation: string) => string> = {
	AccessDeniedException: action =>
		`User: arn:aws:iam::123456789012:user/ecs-top-sim is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
	ExpiredTokenException: () => 'The security token included in the request is expired',
	UnrecognizedClientException: () => 'The security token included in the request is invalid.',
	InvalidSignatureException: () =>
		'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
	// ECS ExecuteCommand's answer when the exec agent cannot be reached (AWS CLI transcripts), e.g. `deny: {ExecuteCommand: 'TargetNotConnectedException'}`.
	TargetNotConnectedException: () => 'The execute command failed due to an internal error. Try again later.',
};

const htmlPage = '<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>\n'
	+ '<body><h1>Internal Server Error</h1><p>The server encountered an internal error.</p></body></html>\n';

let requestCounter = 0;

/** An error as the service speaks it: ECS and Logs in JSON 1.1, SSM too but with `Message`, CloudWatch in JSON 1.0 with its query error code. */
export function writeServiceError(res: http.ServerResponse, status: number, type: string, message: string, service = 'ecs'): void {
	const body = JSON.stringify(service === 'ssm' ? {__type: type, Message: message} : {__type: type, message});
	const cloudwatch = service === 'cloudwatch';
	res.writeHead(status, {
		'Content-Type': cloudwatch ? CLOUDWATCH_CONTENT_TYPE : 'application/x-amz-json-1.1',
		...(cloudwatch ? {'x-amzn-query-error': queryErrorHeader(type, status)} : {}),
		'Content-Length': Buffer.byteLength(body),
		'x-amzn-RequestId': `00000000-0000-4000-8000-${(++requestCounter).toString(16).padStart(12, '0')}`,
	});
	res.end(body);
}

const zero = (): FaultState => ({latencyMs: 0, jitterMs: 0, errorRate: 0, htmlErrors: false, throttleRate: 0, resetRate: 0, deny: {}});

function rate(body: Record<string, unknown>, key: string): number | undefined {
	const value = body[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
		throw new FaultConfigError(`${key} must be a number between 0 and 1`);
	}

	return value;
}

function milliseconds(body: Record<string, unknown>, key: string): number | undefined {
	const value = body[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 600_000) {
		throw new FaultConfigError(`${key} must be a number of milliseconds between 0 and 600000`);
	}

	return value;
}

export class Faults {
	/** What the last `before` did; the server counts 'error'/'reset'/'denied' as errors and 'throttled' as throttles. */
	lastOutcome: FaultOutcome | undefined;
	private state: FaultState;
	private readonly random: () => number;
	private readonly sleep: (ms: number) => Promise<void>;

	constructor(options: FaultsOptions = {}) {
		this.random = options.random ?? Math.random;
		this.sleep = options.sleep ?? (async ms => new Promise(resolve => {
			setTimeout(resolve, ms);
		}));
		this.state = {...zero(), latencyMs: options.latencyMs ?? 0, jitterMs: options.jitterMs ?? 0};
	}

	/** The current settings (a copy), e.g. for a `GET /_sim/faults`. */
	get settings(): FaultState {
		return {...this.state, deny: {...this.state.deny}};
	}

	/** Applies a `POST /_sim/faults` body; throws FaultConfigError (nothing changed) on a bad value. */
	configure(body: Record<string, unknown>): void {
		if (Object.keys(body).length === 0) {
			this.state = zero();
			return;
		}

		const next = this.settings;
		next.latencyMs = milliseconds(body, 'latencyMs') ?? next.latencyMs;
		next.jitterMs = milliseconds(body, 'jitterMs') ?? next.jitterMs;
		next.errorRate = rate(body, 'errorRate') ?? next.errorRate;
		next.throttleRate = rate(body, 'throttleRate') ?? next.throttleRate;
		next.resetRate = rate(body, 'resetRate') ?? next.resetRate;
		if (body.htmlErrors !== undefined) {
			if (typeof body.htmlErrors !== 'boolean') throw new FaultConfigError('htmlErrors must be true or false');
			next.htmlErrors = body.htmlErrors;
		}

		if (body.deny !== undefined) next.deny = parseDeny(body.deny);
		if (next.errorRate + next.throttleRate + next.resetRate > 1) {
			throw new FaultConfigError('errorRate + throttleRate + resetRate must not exceed 1');
		}

		this.state = next;
	}

	/** Latency, then at most one fault; true when the response has been written (or the socket destroyed). */
	async before(operation: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
		return (await this.apply(operation, req, res)) !== undefined;
	}

	/** As `before`, returning the outcome itself (safe with concurrent requests, unlike `lastOutcome`). */
	async apply(operation: string, req: http.IncomingMessage, res: http.ServerResponse, service = 'ecs'): Promise<FaultOutcome | undefined> {
		const {latencyMs, jitterMs} = this.state;
		const delay = latencyMs + (jitterMs > 0 ? this.random() * jitterMs : 0);
		if (delay > 0) await this.sleep(delay);
		const outcome = this.inject(operation, req, res, service);
		this.lastOutcome = outcome;
		return outcome;
	}

	private inject(operation: string, req: http.IncomingMessage, res: http.ServerResponse, service: string): FaultOutcome | undefined {
		const s = this.state;
		const denied = Object.hasOwn(s.deny, operation) ? s.deny[operation] : undefined;
		if (denied !== undefined) {
			writeServiceError(res, 400, denied, denyMessages[denied]?.(`${service}:${operation}`) ?? `${denied} for ${service}:${operation}`, service);
			return 'denied';
		}

		if (s.resetRate + s.errorRate + s.throttleRate === 0) return undefined;
		const draw = this.random();
		if (draw < s.resetRate) {
			// As a dropped connection looks to a client: no status line, just a closed socket.
			req.socket.destroy();
			return 'reset';
		}

		if (draw < s.resetRate + s.errorRate) {
			if (s.htmlErrors) {
				res.writeHead(500, {'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(htmlPage)});
				res.end(htmlPage);
			} else {
				writeServiceError(res, 500, service === 'ssm' ? 'InternalServerError' : 'ServerException', 'Service Unavailable. Please try again later.', service);
			}

			return 'error';
		}

		if (draw < s.resetRate + s.errorRate + s.throttleRate) {
			writeServiceError(res, 400, 'ThrottlingException', 'Rate exceeded', service);
			return 'throttled';
		}

		return undefined;
	}
}

function parseDeny(value: unknown): Record<string, string> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new FaultConfigError('deny must be an object of operation → error name');
	}

	const deny: Record<string, string> = {};
	for (const [operation, error] of Object.entries(value)) {
		if (typeof error !== 'string' || !/^[A-Z][A-Za-z]*(Exception|Error)$/.test(error)) {
			throw new FaultConfigError(`deny.${operation} must be an error name such as AccessDeniedException`);
		}

		deny[operation] = error;
	}

	return deny;
}
