// The AWS JSON 1.1 wire protocol as ECS speaks it: errors are HTTP 400 with `__type` and
// `message`, dates are epoch seconds, and request fields are validated the way ECS validates them.

/** An error ECS would send back; the server turns it into the JSON error body. */
export class SimError extends Error {
	constructor(
		readonly type: string,
		message: string,
		readonly status = 400,
	) {
		super(message);
	}
}

export const invalid = (message: string) => new SimError('InvalidParameterException', message);
export const clusterNotFound = () => new SimError('ClusterNotFoundException', 'Cluster not found.');
export const serviceNotFound = () => new SimError('ServiceNotFoundException', 'Service not found.');

/** Epoch milliseconds → the epoch seconds ECS sends (fractional, like the real service). */
export function seconds(ms: number | undefined): number | undefined {
	return ms === undefined ? undefined : Math.round(ms) / 1000;
}

export type Body = Record<string, unknown>;

export function optString(body: Body, key: string): string | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw invalid(`${key} must be a string.`);
	return value;
}

export function reqString(body: Body, key: string): string {
	const value = optString(body, key);
	if (value === undefined || value === '') throw invalid(`${key} can not be blank.`);
	return value;
}

export function optInt(body: Body, key: string): number | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(`${key} must be an integer.`);
	return value;
}

export function optBool(body: Body, key: string): boolean | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'boolean') throw invalid(`${key} must be a boolean.`);
	return value;
}

export function optStrings(body: Body, key: string): string[] | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) throw invalid(`${key} must be a list of strings.`);
	return value as string[];
}

/** A Describe call's list: present, not empty, within the batch limit (ECS's own wording). */
export function batch(body: Body, key: string, label: string, limit: number): string[] {
	const list = optStrings(body, key);
	if (!list || list.length === 0) throw invalid(`${label} cannot be empty.`);
	if (list.length > limit) throw invalid(`${label} cannot have more than ${limit} items.`);
	return list;
}

/** maxResults between 1 and 100, else the operation's default. */
export function pageSize(body: Body, fallback: number): number {
	const max = optInt(body, 'maxResults');
	if (max === undefined) return fallback;
	if (max < 1 || max > 100) throw invalid('maxResults must be between 1 and 100.');
	return max;
}
