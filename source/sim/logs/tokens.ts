// Pagination tokens of the Logs operations. GetLogEvents' are CloudWatch-shaped `f/<digits>` and
// `b/<digits>` (a line's key: timestamp then a 6-digit tie-breaker); the others are opaque
// base64url JSON, checked on the way back in.
import {invalid} from '../protocol.js';
import type {Key} from './streams.js';

export function lineToken(direction: 'f' | 'b', key: Key): string {
	return `${direction}/${Math.max(0, Math.floor(key.ts))}${String(Math.max(0, Math.min(key.j, 999_999))).padStart(6, '0')}`;
}

export function parseLineToken(token: string): {direction: 'f' | 'b'; key: Key} {
	const m = /^([fb])\/(\d{1,16})(\d{6})$/.exec(token);
	if (!m) throw invalid('The specified nextToken is invalid.');
	return {direction: m[1] as 'f' | 'b', key: {ts: Number(m[2]), j: Number(m[3])}};
}

export function encodeOpaque(value: Record<string, unknown>): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeOpaque(token: string | undefined): Record<string, unknown> | undefined {
	if (token === undefined || token === '') return undefined;
	try {
		const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
		if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
	} catch {}
	throw invalid('The specified nextToken is invalid.');
}
