// CloudWatch's wire protocol as @aws-sdk/client-cloudwatch 3.x speaks it: AWS JSON 1.0 on `POST /`
// with `X-Amz-Target: GraniteServiceVersion20100801.<Op>`, dates as epoch seconds (fractions
// allowed), and `awsQueryCompatible`: the SDK takes an error's code from the `x-amzn-query-error`
// header (`Code;Sender`) before the body's `__type`, and names the exception after the modelled
// error whose query code that is (InvalidParameterValue → InvalidParameterValueException,
// ValidationError → ValidationException); an unmodelled code (Throttling) becomes the name itself,
// as it does against CloudWatch. Bodies above 10 KiB (PutMetricData) arrive gzipped; server.ts inflates them.
import {SimError, type Body} from '../protocol.js';

export const CLOUDWATCH_TARGET_PREFIX = 'GraniteServiceVersion20100801.';
export const CLOUDWATCH_CONTENT_TYPE = 'application/x-amz-json-1.0';

/** JSON `__type` → CloudWatch's query error code (what the SDK reads from the header). */
const queryCodes: Record<string, string> = {
	InvalidParameterValueException: 'InvalidParameterValue',
	InvalidParameterCombinationException: 'InvalidParameterCombination',
	MissingRequiredParameterException: 'MissingParameter',
	ValidationException: 'ValidationError',
	InvalidNextToken: 'InvalidNextToken',
	ThrottlingException: 'Throttling',
	ServerException: 'InternalServiceError',
	InternalServiceFault: 'InternalServiceError',
	AccessDeniedException: 'AccessDenied',
	ExpiredTokenException: 'ExpiredToken',
	UnrecognizedClientException: 'InvalidClientTokenId',
	InvalidSignatureException: 'SignatureDoesNotMatch',
};

/** The `x-amzn-query-error` header for an error the simulator sends as `type`. */
export function queryErrorHeader(type: string, status: number): string {
	return `${queryCodes[type] ?? type};${status >= 500 ? 'Receiver' : 'Sender'}`;
}

export const invalidValue = (message: string) => new SimError('InvalidParameterValueException', message);
export const invalidCombination = (message: string) => new SimError('InvalidParameterCombinationException', message);
export const validation = (message: string) => new SimError('ValidationException', message);
export const missing = (message: string) => new SimError('MissingRequiredParameterException', message);

export function object(value: unknown, path: string): Body {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidValue(`The parameter ${path} must be a structure.`);
	return value as Body;
}

export function list(value: unknown, path: string): unknown[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) throw invalidValue(`The parameter ${path} must be a list.`);
	return value;
}

export function text(value: unknown, path: string, max: number, required = true): string | undefined {
	if (value === undefined || value === null || value === '') {
		if (required) throw missing(`The parameter ${path} is required.`);
		return undefined;
	}
	if (typeof value !== 'string') throw invalidValue(`The parameter ${path} must be a string.`);
	if (value.length > max) throw invalidValue(`The parameter ${path} must be at most ${max} characters long.`);
	return value;
}

export function finite(value: unknown, path: string): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidValue(`The value ${String(value)} for parameter ${path} is invalid.`);
	return value;
}

/** A timestamp as the SDK sends it (epoch seconds); the control endpoint also takes ISO 8601. Epoch ms. */
export function time(value: unknown, path: string): number {
	if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * 1000);
	if (typeof value === 'string') {
		const ms = Date.parse(value);
		if (Number.isFinite(ms)) return ms;
	}
	throw invalidValue(`The value ${String(value)} for parameter ${path} is invalid.`);
}

/** Epoch ms → the epoch seconds CloudWatch sends. */
export const epochSeconds = (ms: number) => ms / 1000;

export interface Dimension {
	Name: string;
	Value: string;
}

/** Dimensions as CloudWatch checks them: at most 30, names unique, names and values not empty. */
export function dimensions(value: unknown, path: string): Dimension[] {
	const raw = list(value, path);
	if (raw.length > 30) throw invalidValue(`The collection ${path} must not have a size greater than 30.`);
	const seen = new Set<string>();
	return raw.map((d, i) => {
		const dim = object(d, `${path}.member.${i + 1}`);
		const name = text(dim.Name, `${path}.member.${i + 1}.Name`, 255)!;
		const val = text(dim.Value, `${path}.member.${i + 1}.Value`, 1024)!;
		if (seen.has(name)) throw invalidValue(`No metric may have duplicate dimension names (${name}).`);
		seen.add(name);
		return {Name: name, Value: val};
	});
}

/** A metric's identity: namespace, name and its dimensions sorted by name. */
export function seriesKey(namespace: string, name: string, dims: Dimension[]): string {
	const sorted = [...dims].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
	return JSON.stringify([namespace, name, sorted.map(d => [d.Name, d.Value])]);
}

export const UNITS = new Set([
	'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes', 'Bits', 'Kilobits',
	'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second', 'Kilobytes/Second', 'Megabytes/Second',
	'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second', 'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second',
	'Terabits/Second', 'Count/Second', 'None',
]);

export function unit(value: unknown, path: string): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string' || !UNITS.has(value)) throw invalidValue(`The value ${String(value)} for parameter ${path} is invalid.`);
	return value;
}
